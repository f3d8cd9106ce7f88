// Plain SQL on the same connections Prisma uses, for the statements on the hot paths. Measured on
// this project's PostgreSQL: a Prisma 7 model query costs 0.58 ms of CPU in the bot process and
// `$queryRawUnsafe` 0.52 ms, against 0.09 ms for the same SELECT as a pg prepared statement —
// most of a webhook's CPU went into Prisma's request pipeline, not into the database.
// What runs here: the statements every webhook runs (record the event, mark it handled, who sent
// it, their partner) and every write of the unit of work, `commit` (store/commit.ts: the claim,
// the trial, customer, devices, timers, audit and outbox, in one transaction), with the writes
// it shares (upsertCustomer, appendAudit, enqueueMessages). Rows are mapped to columns in
// sql-rows.ts. The reads most commands make (a trial, a trial with everything a decision reads,
// a customer with its lists) are one statement each (store/sql-reads.ts, read back through
// sql-json.ts). Reads other than those stay on Prisma.
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

/** The limits of Prisma's interactive transactions (`maxWait`, `timeout`), kept for these. */
export interface TransactionLimits {
  /** Longest wait for the transaction to start: for a pooled connection, or PGlite's one transaction at a time. */
  maxWait: number;
  /** Longest it may run: a statement or the COMMIT after that fails, and the transaction is rolled back. */
  timeout: number;
}

export class TransactionTimeoutError extends Error {
  override name = "TransactionTimeoutError";
}

export interface Sql extends SqlQuery {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlQuery) => Promise<T>, limits?: TransactionLimits): Promise<T>;
}

type Begin = <T>(body: (tx: SqlQuery) => Promise<T>) => Promise<T>;

/**
 * `begin`'s transaction within the limits. A transaction that starts after its wait ran out
 * rolls back at once (neither pg's pool nor PGlite can take back a waiting request); one past its
 * time fails at its next statement or its COMMIT, as Prisma's did.
 */
function limited<T>(begin: Begin, fn: (tx: SqlQuery) => Promise<T>, limits: TransactionLimits | undefined): Promise<T> {
  if (!limits) return begin(fn);
  let started = false;
  let abandoned = false;
  const run = begin(async (tx) => {
    started = true;
    if (abandoned) throw new TransactionTimeoutError(`transaction not started within ${limits.maxWait} ms`);
    const deadline = Date.now() + limits.timeout;
    const inTime = () => {
      if (Date.now() > deadline) throw new TransactionTimeoutError(`transaction ran past ${limits.timeout} ms`);
    };
    const result = await fn({
      query: async <R>(name: string, text: string, values: readonly unknown[]) => {
        inTime();
        return tx.query<R>(name, text, values);
      },
    });
    inTime();
    return result;
  });
  return new Promise<T>((resolve, reject) => {
    const wait = setTimeout(() => {
      if (started) return;
      abandoned = true;
      run.catch(() => {});
      reject(new TransactionTimeoutError(`transaction not started within ${limits.maxWait} ms`));
    }, limits.maxWait);
    run.then(resolve, reject).finally(() => clearTimeout(wait));
  });
}

/** PostgreSQL cuts longer names (NAMEDATALEN): two names cut alike would be one statement. */
const MAX_NAME_BYTES = 63;

function pgQuery(client: pg.Pool | pg.PoolClient): SqlQuery["query"] {
  return async <R>(name: string, text: string, values: readonly unknown[]) => {
    if (Buffer.byteLength(name) > MAX_NAME_BYTES)
      throw new Error(`prepared statement name longer than ${MAX_NAME_BYTES} bytes: ${name}`);
    const result = await client.query({ name, text, values: values as unknown[] });
    return { rows: result.rows as R[], count: result.rowCount ?? 0 };
  };
}

export function pgSql(pool: pg.Pool): Sql {
  const begin: Begin = async (fn) => {
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
  };
  return { query: pgQuery(pool), transaction: (fn, limits) => limited(begin, fn, limits) };
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
    transaction: (fn, limits) => limited((body) => client.transaction((tx) => body({ query: on(tx) })), fn, limits),
  };
}
