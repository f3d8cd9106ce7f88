// Plain SQL on the same connections Prisma uses, for the statements on the hot paths. Measured on
// this project's PostgreSQL: a Prisma 7 model query costs 0.58 ms of CPU in the bot process and
// `$queryRawUnsafe` 0.52 ms, against 0.09 ms for the same SELECT as a pg prepared statement —
// most of a webhook's CPU went into Prisma's request pipeline, not into the database.
// What runs here: the statements every webhook runs (record the event, mark it handled, who sent
// it, their partner) and every write of the unit of work, `commit` (store/commit.ts: the claim,
// the trial, customer, devices, timers, audit and outbox, in one transaction), with the writes
// it shares (upsertCustomer, appendAudit, enqueueMessages). Rows are mapped to columns in
// sql-rows.ts. Reads other than those stay on Prisma.
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

export interface SqlResult<R> {
  rows: R[];
  /** Rows inserted, updated or deleted (0 for a SELECT on PGlite). */
  count: number;
}

export interface SqlQuery {
  /**
   * Runs one statement with $1… parameters. `name` names it as a prepared statement on
   * PostgreSQL (parsed once per connection); keep one text per name.
   */
  query<R = Record<string, unknown>>(name: string, text: string, values: readonly unknown[]): Promise<SqlResult<R>>;
}

export interface Sql extends SqlQuery {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>): Promise<T>;
}

function pgQuery(client: pg.Pool | pg.PoolClient): SqlQuery["query"] {
  return async <R>(name: string, text: string, values: readonly unknown[]) => {
    const result = await client.query({ name, text, values: values as unknown[] });
    return { rows: result.rows as R[], count: result.rowCount ?? 0 };
  };
}

export function pgSql(pool: pg.Pool): Sql {
  return {
    query: pgQuery(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn({ query: pgQuery(client) });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped from the pool, not handed out again.
        await client.query("ROLLBACK").catch((e: Error) => {
          broken = e;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

/**
 * PGlite runs one statement at a time and Prisma's transactions hold it exclusively
 * (`PGlite.transaction`), so a statement here never lands inside someone else's transaction.
 */
export function pgliteSql(client: PGlite): Sql {
  const on =
    (c: Pick<PGlite, "query">): SqlQuery["query"] =>
    async <R>(_name: string, text: string, values: readonly unknown[]) => {
      const result = await c.query<R>(text, values as unknown[]);
      return { rows: result.rows, count: result.affectedRows ?? 0 };
    };
  return {
    query: on(client),
    transaction: (fn) => client.transaction((tx) => fn({ query: on(tx) })),
  };
}
