// The store contract: the constraints of the tables, literal matching, copies.
import { beforeEach, expect, it } from "vitest";
import { ConcurrentChangeError, type Store } from "../../../app/store.ts";
import type { Trial } from "../../../domain/model.ts";
import { audit, customer, message, partner, person, timer, trial } from "../fixtures.ts";
import { type ContractContext, emptyCommit, seedTrialIn } from "./helpers.ts";

export function constraintsAndLiterals(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const seedTrial = (over: Partial<Trial> = {}) => seedTrialIn(store, over);
  it("a person, space or managing partner naming a partner that does not exist is refused", async () => {
    await expect(store.upsertPerson(person({ partnerId: "p-none" }))).rejects.toThrow();
    await expect(store.linkSpace({ roomId: "r", kind: "partner", partnerId: "p-none" })).rejects.toThrow();
    await expect(store.upsertCustomer(customer())).rejects.toThrow();
    expect(await store.findPersonByEmail(person().email)).toBeNull();
    expect(await store.findSpace("r")).toBeNull();
    expect(await store.getCustomer("c-globex")).toBeNull();
  });
  it("two people may not share a Webex id; two customers may not share a handle", async () => {
    await store.upsertPartner(partner());
    await store.upsertPerson(person());
    await expect(store.upsertPerson(person({ id: "u-bob", email: "bob@acme-net.example" }))).rejects.toThrow();
    await store.upsertCustomer(customer());
    await expect(store.upsertCustomer(customer({ id: "c-other", name: "Other" }))).rejects.toThrow();
    expect((await store.listCustomers()).map((c) => c.id)).toEqual(["c-globex"]);
    expect(await store.listPartnerPeople("p-acme")).toEqual([person()]);
  });
  it("a commit for a customer or trial that does not exist writes nothing", async () => {
    await store.upsertPartner(partner());
    await expect(
      store.commit(emptyCommit({ trial: { next: trial(), expectedVersion: null }, audit: [audit("x")] })),
    ).rejects.toThrow();
    await expect(
      store.commit(emptyCommit({ timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-01T00:00:00Z")] } })),
    ).rejects.toThrow();
    expect(await store.countTrials()).toBe(0);
    expect(await store.auditOf({})).toEqual([]);
    expect(await store.pendingTimers()).toEqual([]);
  });
  it("a trial that was never created cannot be updated (a concurrent change)", async () => {
    await store.upsertPartner(partner());
    await store.upsertCustomer(customer());
    await expect(store.commit(emptyCommit({ trial: { next: trial(), expectedVersion: 1 } }))).rejects.toBeInstanceOf(
      ConcurrentChangeError,
    );
    expect(await store.getTrial("t-1")).toBeNull();
  });
  it("a timer of another trial in a commit is refused, and nothing is written", async () => {
    const t = await seedTrial();
    await expect(
      store.commit({
        trial: { next: t, expectedVersion: 1 },
        timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-01T00:00:00Z", "t-2")] },
        audit: [audit("x")],
        outbox: [message()],
      }),
    ).rejects.toThrow();
    expect((await store.getTrial("t-1"))?.version).toBe(1);
    expect(await store.auditOf({})).toEqual([]);
    expect(await store.unsentOutbox(10)).toEqual([]);
  });
  it("names are not patterns: partner names and site URLs match LIKE wildcards literally", async () => {
    await seedTrial();
    for (const name of ["%", "_", "Acme_Networks", "Acme%", "acme networks%"]) {
      expect(await store.findPartnerByName(name), name).toBeNull();
    }
    expect((await store.findPartnerByName("  ACME NETWORKS "))?.id).toBe("p-acme");
    for (const url of ["%", "globex_webex.com", "globex.webex.%"]) {
      expect(await store.isSiteUrlTaken(url), url).toBe(false);
    }
    expect(await store.isSiteUrlTaken(" globex.webex.com ")).toBe(true);
  });
}

export function copiesAndEdgeCases(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("what a caller does with a value it read or wrote does not change the store", async () => {
    await store.upsertPartner(partner());
    const c = customer();
    await store.upsertCustomer(c);
    c.admins.push({ email: "late@globex.example", role: "other", language: "en" });
    const read = (await store.getCustomer("c-globex"))!;
    read.managingPartners.length = 0;
    expect(await store.getCustomer("c-globex")).toEqual(customer());
  });
  it("setting the language of nobody changes nothing; the audit of a limit of 0 is empty", async () => {
    await store.setPersonLanguage("nobody@x.example", "ko");
    expect(await store.findPersonByEmail("nobody@x.example")).toBeNull();
    await store.appendAudit([audit("a1")]);
    await store.appendAudit([]);
    expect(await store.auditOf({ limit: 0 })).toEqual([]);
    expect((await store.auditOf({ limit: 5 })).map((a) => a.action)).toEqual(["a1"]);
  });
}
