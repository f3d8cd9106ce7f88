// The store's one-read lookups for the per-event call budget (issue 9), on PostgreSQL and PGlite:
// a trial with everything a decision reads; customers matching a name with their trials; a
// commit that records its event claim in the same transaction.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AlreadyClaimedError, type Store } from "../../app/store.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { customer, device, partner, person, trial } from "./fixtures.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";

for (const [name, makeTarget] of [
  ["PostgreSQL", postgresTarget],
  ["PGlite", pgliteTarget],
] as const) {
  describe(`one-read lookups and claimed commits (${name})`, () => {
    let target: TestTarget;
    let store: Store;
    beforeAll(async () => {
      target = await makeTarget();
      store = createPrismaStore(target.db);
    });
    afterAll(async () => {
      await target?.dispose();
    });
    beforeEach(async () => {
      await truncateAll(target.db);
      await store.upsertPartner(partner());
      await store.upsertPerson(person({ id: "u-bob", email: "bob@acme-net.example", webexPersonId: null }));
      await store.upsertPerson(person());
      await store.commit({
        customer: customer(),
        trial: { next: trial(), expectedVersion: null },
        devices: [device()],
        audit: [],
        outbox: [],
      });
    });

    it("trialFacts reads what getTrial, getCustomer, getPartner, listPartnerPeople and devicesOfTrial read", async () => {
      const facts = await store.trialFacts("t-1");
      expect(facts).toEqual({
        trial: await store.getTrial("t-1"),
        customer: await store.getCustomer("c-globex"),
        partner: await store.getPartner("p-acme"),
        partnerPeople: await store.listPartnerPeople("p-acme"),
        devices: await store.devicesOfTrial("t-1"),
      });
      expect(facts!.partnerPeople.map((p) => p.email)).toEqual(["alice@acme-net.example", "bob@acme-net.example"]);
      expect(await store.trialFacts("t-missing")).toBeNull();
    });

    it("searchCustomersWithTrials finds as searchCustomers does, each customer with its trials", async () => {
      const found = await store.searchCustomersWithTrials("GLOB");
      expect(found.map((f) => f.customer)).toEqual(await store.searchCustomers("GLOB"));
      expect(found[0]!.trials).toEqual(await store.listTrials({ customerId: "c-globex" }));
      expect(await store.searchCustomersWithTrials("nobody")).toEqual([]);
      // Not a pattern: a wildcard matches only itself.
      expect(await store.searchCustomersWithTrials("%")).toEqual([]);
    });

    it("a commit with a claim writes once; the second with the same claim writes nothing", async () => {
      const current = (await store.getTrial("t-1"))!;
      const change = (endDate: string) => ({
        claim: "card:n-1",
        trial: { next: { ...current, endDate }, expectedVersion: current.version },
        audit: [],
        outbox: [],
      });
      await store.commit(change("2026-05-01"));
      await expect(store.commit({ ...change("2026-06-01"), trial: undefined })).rejects.toBeInstanceOf(
        AlreadyClaimedError,
      );
      expect((await store.getTrial("t-1"))!.endDate).toBe("2026-05-01");
      // The claim is the event key markEventProcessed knows.
      expect(await store.markEventProcessed("card:n-1", new Date())).toBe(false);
      // Concurrent commits of one claim: exactly one is applied.
      const again = (await store.getTrial("t-1"))!;
      const results = await Promise.allSettled(
        ["2026-07-01", "2026-08-01"].map((endDate) =>
          store.commit({
            claim: "card:n-2",
            trial: { next: { ...again, endDate }, expectedVersion: again.version },
            audit: [],
            outbox: [],
          }),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(failed.reason).toBeInstanceOf(AlreadyClaimedError);
    });
  });
}
