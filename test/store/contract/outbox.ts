// The store contract: the outbox and its claims.
import { beforeEach, expect, it } from "vitest";
import type { Store } from "../../../app/store.ts";
import type { Trial } from "../../../domain/model.ts";
import { customer, device, message, partner, trial } from "../fixtures.ts";
import { type ContractContext, emptyCommit, seedTrialIn } from "./helpers.ts";

export function outboxDelivery(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const seedTrial = (over: Partial<Trial> = {}) => seedTrialIn(store, over);
  it("keeps messages pending in order until sent, counting attempts", async () => {
    const t = await seedTrial();
    await store.commit(
      emptyCommit({
        trial: { next: t, expectedVersion: 1 },
        outbox: [
          message("partner.trial_active", { n: 1 }),
          message("customer.trial_started", { n: 2, when: "2026-03-01" }),
        ],
      }),
    );
    const [id3] = await store.enqueueMessages([
      { to: { kind: "email", email: "zed@globex.example", language: "ko" }, template: "ops.event", data: { n: 3 } },
    ]);
    const pending = await store.pendingOutbox(10);
    expect(pending.map((o) => o.message.data)).toEqual([{ n: 1 }, { n: 2, when: "2026-03-01" }, { n: 3 }]);
    expect(pending[2]).toMatchObject({
      id: id3,
      state: "pending",
      attempts: 0,
      sentAt: null,
      webexMessageId: null,
      lastError: null,
    });
    expect(pending[2]!.message).toEqual({
      to: { kind: "email", email: "zed@globex.example", language: "ko" },
      template: "ops.event",
      data: { n: 3 },
    });
    expect(pending[0]!.createdAt).toBeInstanceOf(Date);
    expect((await store.pendingOutbox(2)).map((o) => o.id)).toEqual(pending.slice(0, 2).map((o) => o.id));

    const [a, b, c] = pending.map((o) => o.id) as [string, string, string];
    await store.markOutboxAttempt(a, "timeout", false);
    expect(await store.getOutboxRow(a)).toMatchObject({ state: "pending", attempts: 1, lastError: "timeout" });
    const sentAt = new Date("2026-03-01T10:00:00.000Z");
    await store.markOutboxSent(a, "wx-msg-1", sentAt);
    expect(await store.getOutboxRow(a)).toMatchObject({
      state: "sent",
      attempts: 2,
      sentAt,
      webexMessageId: "wx-msg-1",
    });
    await store.markOutboxAttempt(b, "404 room not found", true);
    expect(await store.getOutboxRow(b)).toMatchObject({
      state: "failed",
      attempts: 1,
      lastError: "404 room not found",
    });
    expect((await store.pendingOutbox(10)).map((o) => o.id)).toEqual([c]);
    expect(await store.getOutboxRow("nope")).toBeNull();
    expect(await store.enqueueMessages([])).toEqual([]);
  });
}

export function outboxClaims(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("commit returns the ids of the outbox rows it inserted, in order", async () => {
    await store.upsertPartner(partner());
    const result = await store.commit({
      customer: customer(),
      trial: { next: trial(), expectedVersion: null },
      audit: [],
      outbox: [message("partner.trial_started", { n: 1 }), message("partner.trial_extended", { n: 2 })],
    });
    expect(result.outboxIds).toHaveLength(2);
    const rows = await Promise.all(result.outboxIds.map((id) => store.getOutboxRow(id)));
    expect(rows.map((r) => r?.message.data.n)).toEqual([1, 2]);
    expect((await store.commit({ audit: [], outbox: [] })).outboxIds).toEqual([]);
  });
  it("claimOutbox: a pending row once; a fresh claim blocks others; an expired claim is handed over as abandoned; sent/failed never", async () => {
    const [a, b] = await store.enqueueMessages([message(), message()]);
    const first = await store.claimOutbox(a!, 60_000);
    expect(first).toMatchObject({ row: { id: a, state: "sending", claimedBy: null }, abandonedClaimAt: null });
    expect(first!.row.claimedAt).toBeInstanceOf(Date);
    expect(await store.getOutboxRow(a!)).toEqual(first!.row);
    // Claimed less than the lease ago: nobody else gets it.
    expect(await store.claimOutbox(a!, 60_000)).toBeNull();
    expect((await store.unsentOutbox(10)).map((r) => r.id)).toEqual([a, b]);
    expect((await store.unsentOutbox(1)).map((r) => r.id)).toEqual([a]);
    expect((await store.pendingOutbox(10)).map((r) => r.id)).toEqual([b]);
    // Lease over (0 ms): handed over, saying when the lost claim was made.
    const again = await store.claimOutbox(a!, 0);
    expect(again?.abandonedClaimAt?.getTime()).toBe(first!.row.claimedAt!.getTime());
    await store.markOutboxSent(a!, "wx-1", new Date());
    expect(await store.claimOutbox(a!, 0)).toBeNull();
    await store.claimOutbox(b!, 60_000);
    await store.markOutboxAttempt(b!, "404", true);
    expect(await store.claimOutbox(b!, 0)).toBeNull();
    expect(await store.claimOutbox("nope", 0)).toBeNull();
    expect(await store.unsentOutbox(10)).toEqual([]);
  });
  it("claimOutbox: two workers claiming one row at once: exactly one wins", async () => {
    const [id] = await store.enqueueMessages([message()]);
    const results = await Promise.all([
      store.claimOutbox(id!, 60_000),
      store.claimOutbox(id!, 60_000),
      store.claimOutbox(id!, 60_000),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });
  it("a retry after a failed attempt makes the row pending again and claimable", async () => {
    const [id] = await store.enqueueMessages([message()]);
    await store.claimOutbox(id!, 60_000);
    await store.markOutboxAttempt(id!, "429", false);
    expect(await store.getOutboxRow(id!)).toMatchObject({ state: "pending", attempts: 1 });
    expect(await store.claimOutbox(id!, 60_000)).toMatchObject({ abandonedClaimAt: null });
  });
}

export function outboxOnceJsonAndDevices(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("outbox claims: a claim by an earlier boot of the same instance is dead at once; another instance's fresh claim is not", async () => {
    const [mine, theirs] = await store.enqueueMessages([message(), message()]);
    const oldBoot = { id: "host-a/boot-1", instance: "host-a" };
    const newBoot = { id: "host-a/boot-2", instance: "host-a" };
    const other = { id: "host-b/boot-9", instance: "host-b" };
    expect((await store.claimOutbox(mine!, 60_000, oldBoot))?.row.claimedBy).toBe("host-a/boot-1");
    expect(await store.claimOutbox(theirs!, 60_000, other)).not.toBeNull();
    // The same boot, or without saying who asks: the lease holds.
    expect(await store.claimOutbox(mine!, 60_000, oldBoot)).toBeNull();
    expect(await store.claimOutbox(mine!, 60_000)).toBeNull();
    // An instance whose name merely starts the same is another instance.
    expect(await store.claimOutbox(mine!, 60_000, { id: "host/boot-3", instance: "host" })).toBeNull();
    // The restarted instance takes its dead claim over, as abandoned (Webex may have the message).
    const taken = await store.claimOutbox(mine!, 60_000, newBoot);
    expect(taken?.abandonedClaimAt).toBeInstanceOf(Date);
    expect(taken?.row.claimedBy).toBe("host-a/boot-2");
    expect(await store.claimOutbox(theirs!, 60_000, newBoot)).toBeNull();
  });
  it("enqueueMessageOnce inserts a row under its id only once (R-EXP-6: one digest a day)", async () => {
    expect(
      await store.enqueueMessageOnce("digest-2026-03-02", message("ops.daily_digest", { date: "2026-03-02" })),
    ).toBe(true);
    expect(await store.enqueueMessageOnce("digest-2026-03-02", message("ops.daily_digest", { date: "again" }))).toBe(
      false,
    );
    expect(await store.getOutboxRow("digest-2026-03-02")).toMatchObject({
      id: "digest-2026-03-02",
      state: "pending",
      attempts: 0,
      message: { template: "ops.daily_digest", data: { date: "2026-03-02" } },
    });
    expect((await store.pendingOutbox(10)).map((r) => r.id)).toEqual(["digest-2026-03-02"]);
  });
  it("marking a row that does not exist is an error", async () => {
    await expect(store.markOutboxSent("nope", "wx-1", new Date())).rejects.toThrow();
    await expect(store.markOutboxAttempt("nope", "x", false)).rejects.toThrow();
  });
  it("messages are stored as JSON: what is read back is what JSON keeps", async () => {
    const when = new Date("2026-03-01T10:00:00.000Z");
    const [id] = await store.enqueueMessages([
      { ...message(), data: { when, gone: undefined, list: [1, "two", null] } as Record<string, unknown> },
    ]);
    expect((await store.getOutboxRow(id!))?.message.data).toEqual({
      when: "2026-03-01T10:00:00.000Z",
      list: [1, "two", null],
    });
  });
  it("listDevices: every trial's units, or only those in the given return statuses", async () => {
    await store.upsertPartner(partner());
    await store.commit({
      customer: customer(),
      trial: { next: trial(), expectedVersion: null },
      devices: [device({ id: "d-1" }), device({ id: "d-2", serialShipped: "FOC2", returnStatus: "missing" })],
      audit: [],
      outbox: [],
    });
    expect((await store.listDevices()).map((d) => d.id)).toEqual(["d-1", "d-2"]);
    expect((await store.listDevices({ returnStatuses: ["missing", "mismatch"] })).map((d) => d.id)).toEqual(["d-2"]);
    expect(await store.listDevices({ returnStatuses: [] })).toEqual([]);
  });
}
