// The store contract: the audit log, webhook events, settings and health.
import { beforeEach, expect, it } from "vitest";
import { ConcurrentChangeError, type Store } from "../../../app/store.ts";
import { audit, customer, partner, trial } from "../fixtures.ts";
import { type ContractContext, emptyCommit } from "./helpers.ts";

export function auditLog(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("appends entries and reads them back in order, latest `limit` on request", async () => {
    await store.appendAudit([audit("a1", { trialId: null }), audit("a2", { customerId: "c-other", trialId: null })]);
    await store.upsertPartner(partner());
    const t = trial();
    await store.commit(
      emptyCommit({
        customer: customer(),
        trial: { next: t, expectedVersion: null },
        audit: [audit("c1"), audit("c2")],
      }),
    );
    await store.appendAudit([audit("a3", { at: new Date("2020-01-01T00:00:00Z") })]);
    const all = await store.auditOf({});
    expect(all.map((a) => a.action)).toEqual(["a1", "a2", "c1", "c2", "a3"]);
    const ids = all.map((a) => BigInt(a.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(all.map((a) => a.id)).size).toBe(5);
    const { id: _id, ...first } = all[2]!;
    expect(first).toEqual(audit("c1"));
    expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual(["c1", "c2", "a3"]);
    expect((await store.auditOf({ customerId: "c-globex" })).map((a) => a.action)).toEqual(["a1", "c1", "c2", "a3"]);
    expect((await store.auditOf({ customerId: "c-globex", limit: 2 })).map((a) => a.action)).toEqual(["c2", "a3"]);
    expect(await store.auditOf({ trialId: "none" })).toEqual([]);
  });
}

export function webhookEvents(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("records an event key once", async () => {
    const at = new Date("2026-03-01T00:00:00Z");
    expect(await store.markEventProcessed("evt-1", at)).toBe(true);
    expect(await store.markEventProcessed("evt-1", at)).toBe(false);
    expect(await store.markEventProcessed("evt-2", at)).toBe(true);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.markEventProcessed("evt-3", at)));
    expect(concurrent.filter(Boolean)).toHaveLength(1);
  });
  it("forgets a key so the event can be handled again, and only that key", async () => {
    const at = new Date("2026-03-01T00:00:00Z");
    await store.markEventProcessed("card:n1", at);
    await store.markEventProcessed("card:n2", at);
    await store.forgetEvent("card:n1");
    expect(await store.markEventProcessed("card:n1", at)).toBe(true);
    expect(await store.markEventProcessed("card:n2", at)).toBe(false);
  });
}

export function webhookInboxSettingsHealth(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("webhook inbox: recorded once with its envelope, listed until handled, then only its key is kept", async () => {
    const at = new Date("2026-03-01T00:00:00Z");
    const envelope = { resource: "messages", event: "created", data: { id: "m-1", roomId: "r" } };
    expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(true);
    expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(false);
    expect(
      await store.recordWebhook(
        "messages:created:m-2",
        { ...envelope, data: { id: "m-2" } },
        new Date(at.getTime() + 1000),
      ),
    ).toBe(true);
    // A card nonce (no envelope) is never handed back.
    await store.markEventProcessed("card:n1", at);

    expect((await store.unhandledWebhooks(at, 10)).map((w) => [w.key, w.envelope, w.at])).toEqual([
      ["messages:created:m-1", envelope, at],
      ["messages:created:m-2", { ...envelope, data: { id: "m-2" } }, new Date(at.getTime() + 1000)],
    ]);
    expect((await store.unhandledWebhooks(at, 1)).map((w) => w.key)).toEqual(["messages:created:m-1"]);
    expect(await store.unhandledWebhooks(new Date(at.getTime() + 500), 10)).toHaveLength(1);
    // Received before a moment: the later one is left out.
    expect((await store.unhandledWebhooks(at, 10, new Date(at.getTime() + 1000))).map((w) => w.key)).toEqual([
      "messages:created:m-1",
    ]);
    await store.markWebhookHandled("messages:created:m-1", at);
    expect((await store.unhandledWebhooks(at, 10)).map((w) => w.key)).toEqual(["messages:created:m-2"]);
    // Still a known key: a repeat delivery is a duplicate.
    expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(false);
    expect(await store.markEventProcessed("messages:created:m-1", at)).toBe(false);
    // Forgotten, it may be recorded again.
    await store.forgetEvent("messages:created:m-1");
    expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(true);
  });
  it("settings survive as JSON and are replaced", async () => {
    expect(await store.getSetting("test_clock")).toBeNull();
    await store.putSetting("test_clock", { now: "2026-04-01T10:00:00.000Z" });
    await store.putSetting("test_clock", { now: "2026-05-01T10:00:00.000Z" });
    await store.putSetting("other", [1, { a: true }]);
    expect(await store.getSetting("test_clock")).toEqual({ now: "2026-05-01T10:00:00.000Z" });
    expect(await store.getSetting("other")).toEqual([1, { a: true }]);
  });
  it("ping answers while the store is reachable; an ordinary error is not unavailability", async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    expect(store.isUnavailable(new Error("boom"))).toBe(false);
    expect(store.isUnavailable(new ConcurrentChangeError("t-1"))).toBe(false);
  });
}
