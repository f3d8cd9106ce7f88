// The unit of work's round trips, on PostgreSQL and PGlite: a decision that touches no customer
// (an extend: its claim, the trial, its timers, audit and message) is one statement without
// BEGIN/COMMIT; what it wrote is all there, and a stale version or a taken claim fails the
// statement itself, so none of it is written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AlreadyClaimedError, ConcurrentChangeError, type Store } from "../../app/store.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import type { Sql, SqlQuery } from "../../prisma/sql.ts";
import { composeStatements } from "../../prisma/sql-compose.ts";
import { prismaCommit } from "../../prisma/store/commit.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { audit, customer, message, partner, timer, trial } from "./fixtures.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";

describe("composeStatements", () => {
  it("makes each part a WITH clause, numbers the parameters on, and refuses on the parts that must write, in order", () => {
    const s = composeStatements([
      {
        tag: "a",
        text: "INSERT INTO x (k) VALUES ($1::text) ON CONFLICT DO NOTHING",
        values: ["k"],
        mustWrite: "first",
      },
      { tag: "b", text: "DELETE FROM y WHERE id = $1::text AND v = $2::int", values: ["i", 2] },
      { tag: "c", text: "UPDATE z SET v = $2::int WHERE id = $1::text", values: ["j", 3], mustWrite: "second" },
    ]);
    expect(s.name).toMatch(/^trials_with_[0-9a-f]{16}$/);
    // Within PostgreSQL's 63 bytes however many parts, and one name per set of parts.
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ tag: `part_number_${i}`, text: "DELETE FROM x", values: [] }));
    expect(composeStatements(many(12)).name).not.toBe(composeStatements(many(11)).name);
    expect(composeStatements(many(12)).name.length).toBeLessThanOrEqual(63);
    // The same tags with other parameter counts are another shape: other numbers, other name.
    const other = composeStatements([
      {
        tag: "a",
        text: "INSERT INTO x (k) VALUES ($1::text) ON CONFLICT DO NOTHING",
        values: ["k"],
        mustWrite: "first",
      },
      { tag: "b", text: "DELETE FROM y WHERE id = $1::text", values: ["i"] },
      { tag: "c", text: "UPDATE z SET v = $2::int WHERE id = $1::text", values: ["j", 3], mustWrite: "second" },
    ]);
    expect(other.name).not.toBe(s.name);
    expect(other.text).toContain("p2 AS (UPDATE z SET v = $4::int WHERE id = $3::text RETURNING 1)");
    expect(s.text).toBe(
      "WITH p0 AS (INSERT INTO x (k) VALUES ($1::text) ON CONFLICT DO NOTHING RETURNING 1), " +
        "p1 AS (DELETE FROM y WHERE id = $2::text AND v = $3::int), " +
        "p2 AS (UPDATE z SET v = $5::int WHERE id = $4::text RETURNING 1) " +
        "SELECT CASE WHEN NOT EXISTS (SELECT FROM p0) THEN trials_refuse('first') " +
        "WHEN NOT EXISTS (SELECT FROM p2) THEN trials_refuse('second') ELSE 1 END AS done",
    );
    expect(s.values).toEqual(["k", "i", 2, "j", 3]);
    // The name goes into the statement's text: only a plain word.
    expect(() => composeStatements([{ tag: "a", text: "DELETE FROM x", values: [], mustWrite: "x'); DROP" }])).toThrow(
      /not a plain word/,
    );
  });
});

for (const [name, makeTarget] of [
  ["PostgreSQL", postgresTarget],
  ["PGlite", pgliteTarget],
] as const) {
  describe(`a commit's round trips (${name})`, () => {
    let target: TestTarget;
    let store: Store;
    let statements: string[];
    let commit: ReturnType<typeof prismaCommit>["commit"];
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
      await store.commit({
        customer: customer(),
        trial: { next: trial(), expectedVersion: null },
        audit: [],
        outbox: [],
      });
      statements = [];
      const sql = target.db.sql;
      const counted = (q: SqlQuery): SqlQuery => ({
        query(n, text, values) {
          statements.push(n);
          return q.query(n, text, values);
        },
      });
      const countedSql: Sql = {
        ...counted(sql),
        transaction: (fn, limits) => {
          statements.push("BEGIN");
          return sql.transaction((tx) => fn(counted(tx)), limits);
        },
      };
      commit = prismaCommit({
        prisma: target.db.prisma,
        sql: countedSql,
        txOptions: { maxWait: 10_000, timeout: 20_000 },
      }).commit;
    });

    const extend = (version: number, claim: string) => ({
      claim,
      trial: { next: { ...trial(), lengthDays: 60, version }, expectedVersion: version },
      timers: {
        trialId: "t-1",
        pending: [timer("expiry", "2026-06-01T00:00:00Z"), timer("lapse", "2026-07-01T00:00:00Z")],
      },
      audit: [audit("trial.extended")],
      outbox: [message("partner.trial_extended")],
    });

    it("an extend is one statement without BEGIN/COMMIT, and everything it wrote is there", async () => {
      const { outboxIds } = await commit(extend(1, "card:x-1"));
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^trials_with_/);
      expect(await store.getTrial("t-1")).toMatchObject({ lengthDays: 60, version: 2 });
      expect(await store.pendingTimers("t-1")).toEqual([
        timer("expiry", "2026-06-01T00:00:00Z"),
        timer("lapse", "2026-07-01T00:00:00Z"),
      ]);
      expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual(["trial.extended"]);
      expect((await store.pendingOutbox(10)).map((o) => o.id)).toEqual(outboxIds);
      expect(await store.markEventProcessed("card:x-1", new Date())).toBe(false);
    });

    it("a stale version or a taken claim writes nothing of the statement", async () => {
      await commit(extend(1, "card:x-1"));
      await expect(commit(extend(1, "card:x-2"))).rejects.toBeInstanceOf(ConcurrentChangeError);
      await expect(commit(extend(2, "card:x-1"))).rejects.toBeInstanceOf(AlreadyClaimedError);
      expect(await store.getTrial("t-1")).toMatchObject({ version: 2 });
      expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual(["trial.extended"]);
      expect(await store.pendingOutbox(10)).toHaveLength(1);
      // The stale commit's claim went with it: the same event may still be applied.
      expect(await store.markEventProcessed("card:x-2", new Date())).toBe(true);
    });

    it("of concurrent commits of one claim and version exactly one writes; the others write nothing", async () => {
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => commit(extend(1, "card:same"))));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results)
        if (r.status === "rejected")
          expect([AlreadyClaimedError, ConcurrentChangeError]).toContain(r.reason.constructor);
      expect(await store.getTrial("t-1")).toMatchObject({ version: 2 });
      expect(await store.pendingOutbox(10)).toHaveLength(1);
      expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual(["trial.extended"]);
    });

    it("a commit with a customer goes one statement at a time, in a transaction", async () => {
      await commit({ customer: customer({ name: "Globex Two" }), audit: [audit("customer.changed")], outbox: [] });
      expect(statements[0]).toBe("BEGIN");
      expect(statements.length).toBeGreaterThan(2);
      expect((await store.getCustomer("c-globex"))?.name).toBe("Globex Two");
    });
  });
}
