// The plain-SQL path (prisma/sql.ts) on both databases: statements, prepared names reused, and a
// transaction that is all or nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SqlQuery, TransactionTimeoutError } from "../../prisma/sql.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";

for (const make of [postgresTarget, pgliteTarget]) {
  // biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
  describe(`plain SQL on ${make === postgresTarget ? "PostgreSQL" : "PGlite"}`, () => {
    let target: TestTarget;
    beforeAll(async () => {
      target = await make();
    });
    afterAll(() => target?.dispose());

    const insert = (sql: SqlQuery, key: string) =>
      sql.query(
        "test_insert_event",
        "INSERT INTO processed_events (key, at) VALUES ($1, now()) ON CONFLICT DO NOTHING",
        [key],
      );
    const keys = async () =>
      (
        await target.db.sql.query<{ key: string }>(
          "test_keys",
          "SELECT key FROM processed_events WHERE key LIKE 'sql-test:%' ORDER BY key",
          [],
        )
      ).rows.map((r) => r.key);

    it("runs a named statement again and counts the rows it wrote", async () => {
      expect((await insert(target.db.sql, "sql-test:a")).count).toBe(1);
      expect((await insert(target.db.sql, "sql-test:a")).count).toBe(0);
      expect(await keys()).toEqual(["sql-test:a"]);
    });

    it.runIf(make === postgresTarget)(
      "refuses a statement name PostgreSQL would cut (two cut alike would be one statement)",
      async () => {
        const long = `t_${"x".repeat(62)}`;
        await expect(target.db.sql.query(long, "SELECT 1", [])).rejects.toThrow(/longer than 63 bytes/);
        expect((await target.db.sql.query(long.slice(0, 63), "SELECT 1 AS one", [])).rows).toEqual([{ one: 1 }]);
      },
    );

    it("commits a transaction that resolves", async () => {
      await target.db.sql.transaction(async (tx) => {
        await insert(tx, "sql-test:b");
        await insert(tx, "sql-test:c");
      });
      expect(await keys()).toEqual(["sql-test:a", "sql-test:b", "sql-test:c"]);
    });

    it("rolls back every statement of a transaction that throws, and the connection serves on", async () => {
      await expect(
        target.db.sql.transaction(async (tx) => {
          await insert(tx, "sql-test:d");
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      await expect(
        target.db.sql.transaction(async (tx) => {
          await insert(tx, "sql-test:e");
          await tx.query("test_bad", "SELECT * FROM no_such_table", []);
        }),
      ).rejects.toThrow();
      expect(await keys()).toEqual(["sql-test:a", "sql-test:b", "sql-test:c"]);
      for (let i = 0; i < 12; i++) await insert(target.db.sql, `sql-test:f${i}`);
      expect((await keys()).length).toBe(15);
    });

    it("rolls back a transaction that runs past its timeout, at its next statement", async () => {
      const before = await keys();
      await expect(
        target.db.sql.transaction(
          async (tx) => {
            await insert(tx, "sql-test:g");
            await new Promise((r) => setTimeout(r, 120));
            await insert(tx, "sql-test:h");
          },
          { maxWait: 5_000, timeout: 60 },
        ),
      ).rejects.toBeInstanceOf(TransactionTimeoutError);
      expect(await keys()).toEqual(before);
    });

    it("gives up on a transaction that cannot start within its wait; it never runs", async () => {
      const before = await keys();
      // Every connection busy: PGlite has one, the pool createPgPool makes ten.
      let release = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      const holders = Array.from({ length: target.db.serialTransactions ? 1 : 10 }, () =>
        target.db.sql.transaction(() => held),
      );
      await new Promise((r) => setTimeout(r, 50));
      let ran = false;
      const waiting = target.db.sql.transaction(
        async (tx) => {
          ran = true;
          await insert(tx, "sql-test:i");
        },
        { maxWait: 100, timeout: 5_000 },
      );
      await expect(waiting).rejects.toBeInstanceOf(TransactionTimeoutError);
      release();
      await Promise.all(holders);
      await new Promise((r) => setTimeout(r, 50));
      expect(ran).toBe(false);
      expect(await keys()).toEqual(before);
      await target.db.sql.transaction((tx) => insert(tx, "sql-test:j"), { maxWait: 1_000, timeout: 1_000 });
      expect(await keys()).toEqual([...before, "sql-test:j"]);
    });
  });
}
