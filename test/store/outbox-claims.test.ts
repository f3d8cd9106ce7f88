// The store's additions for the BullMQ delivery worker and the jobs, on PostgreSQL and PGlite:
// commit returns the outbox ids it inserted; claims of outbox rows (state sending, a lease timed
// by the database clock); rows inserted once under a chosen id (the daily digest); device units
// across trials.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../app/store.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";
import { customer, device, message, partner, trial } from "./fixtures.ts";

for (const [name, makeTarget] of [
  ["PostgreSQL", postgresTarget],
  ["PGlite", pgliteTarget],
] as const) {
  describe(`store additions for the jobs (${name})`, () => {
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
      expect(first).toMatchObject({ row: { id: a, state: "sending" }, abandonedClaimAt: null });
      expect(first!.row.claimedAt).toBeInstanceOf(Date);
      // Claimed less than the lease ago: nobody else gets it.
      expect(await store.claimOutbox(a!, 60_000)).toBeNull();
      expect((await store.unsentOutbox(10)).map((r) => r.id)).toEqual([a, b]);
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

    it("enqueueMessageOnce inserts a row under its id only once (R-EXP-6: one digest a day)", async () => {
      expect(
        await store.enqueueMessageOnce("digest-2026-03-02", message("ops.daily_digest", { date: "2026-03-02" })),
      ).toBe(true);
      expect(await store.enqueueMessageOnce("digest-2026-03-02", message("ops.daily_digest", { date: "again" }))).toBe(
        false,
      );
      expect((await store.getOutboxRow("digest-2026-03-02"))?.message.data.date).toBe("2026-03-02");
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
    });
  });
}
