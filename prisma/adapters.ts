// Driver-adapter plumbing shared by the Prisma client and the migration tooling, with the fixes
// the pinned adapter versions need (see /work/shared/notes/prisma-offline.md):
// - @prisma/adapter-pg 7.10 cannot describe columns of the catalog type "char" (OID 18), which
//   the schema engine's introspection returns: report them as text.
// - @prisma/adapter-pg's executeScript splits a script on ";" and runs the pieces one by one
//   outside a transaction; a migration should run as one script, all or nothing.
// - pglite-prisma-adapter 0.7.2's executeScript does not await `exec`: a failing migration would
//   be recorded as applied. Await it and rethrow.
// - Neither adapter may serve as the engine's shadow database (adapter-pg's shadow connects to
//   the main database): the shadow is always an in-memory PGlite.
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

const OID_CHAR = 18;
const OID_TEXT = 25;

function charAsText<T>(result: T): T {
  const results = Array.isArray(result) ? result : [result];
  for (const r of results as Array<{ fields?: Array<{ dataTypeID: number }> } | undefined>) {
    for (const field of r?.fields ?? []) if (field.dataTypeID === OID_CHAR) field.dataTypeID = OID_TEXT;
  }
  return result;
}

/**
 * pg.Client's query() that reports "char" (OID 18) result columns as text. query() has many
 * overloads (promise, callback, config object, Submittable): patch the result on each path and
 * leave everything else to pg.
 */
function queryCharAsText(this: pg.Client, ...args: unknown[]): unknown {
  const last = args[args.length - 1];
  if (typeof last === "function") {
    args[args.length - 1] = (err: unknown, res: unknown) =>
      (last as (e: unknown, r: unknown) => void)(err, err ? res : charAsText(res));
  } else if (
    args[0] &&
    typeof args[0] === "object" &&
    typeof (args[0] as { callback?: unknown }).callback === "function"
  ) {
    const config = args[0] as { callback: (e: unknown, r: unknown) => void };
    const cb = config.callback;
    config.callback = (err, res) => cb(err, err ? res : charAsText(res));
  }
  const ret = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
  if (ret && typeof (ret as Promise<unknown>).then === "function" && typeof last !== "function") {
    return (ret as Promise<unknown>).then(charAsText);
  }
  return ret;
}

/** A pg.Client that reports "char" (OID 18) result columns as text. */
export class CharAsTextClient extends pg.Client {}
// A rest-arguments wrapper cannot restate pg's overloads in a class method's signature; it keeps
// each overload's contract (same arguments, same kind of result), which this cast asserts.
CharAsTextClient.prototype.query = queryCharAsText as pg.Client["query"];

/**
 * An idle pooled connection that the server ends (a restart, a failover, an administrator)
 * emits "error" on the pool; without a listener that is an uncaught exception that stops the
 * process. The pool drops that client and the next query opens a new connection.
 */
export function createPgPool(url: string, max = 10, onIdleError: (error: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, Client: CharAsTextClient });
  pool.on("error", onIdleError);
  return pool;
}

/** Runs a whole migration script as one simple-protocol query: PostgreSQL makes it atomic. */
function pgScriptRunner(pool: pg.Pool): (script: string) => Promise<void> {
  return async (script) => {
    await pool.query(script);
  };
}

/** pglite-prisma-adapter's executeScript, but awaited. */
function pgliteScriptRunner(client: PGlite): (script: string) => Promise<void> {
  return async (script) => {
    await client.exec(script);
  };
}

function withScriptRunner(
  adapter: SqlDriverAdapter,
  run: (script: string) => Promise<void>,
  toDriverError: (e: unknown) => never,
): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (e) {
      toDriverError(e);
    }
  };
  return adapter;
}

/** Rethrows through the adapter's own error mapping so the engine reports database errors well. */
function rethrowVia(adapter: SqlDriverAdapter): (e: unknown) => never {
  const onError = (adapter as unknown as { onError?: (e: unknown) => never }).onError;
  return (e) => {
    if (onError) onError.call(adapter, e);
    throw e;
  };
}

// PGlite is loaded only when used: a bot on PostgreSQL does not pay for it at start.
async function connectPGliteForMigrations(client: PGlite): Promise<SqlDriverAdapter> {
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const adapter = (await new PrismaPGlite(client).connect()) as unknown as SqlDriverAdapter;
  return withScriptRunner(adapter, pgliteScriptRunner(client), rethrowVia(adapter));
}

/** A throw-away in-memory PGlite for the engine's shadow database, closed on dispose. */
async function inMemoryShadow(): Promise<SqlDriverAdapter> {
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create();
  const adapter = await connectPGliteForMigrations(client);
  adapter.dispose = async () => {
    await client.close();
  };
  return adapter;
}

/** Migration adapter factory for a PostgreSQL pool (created with createPgPool). */
export function pgMigrationFactory(pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaPg(pool);
  return {
    provider: "postgres",
    adapterName: base.adapterName,
    async connect() {
      const adapter = (await base.connect()) as SqlDriverAdapter;
      return withScriptRunner(adapter, pgScriptRunner(pool), rethrowVia(adapter));
    },
    connectToShadowDb: inMemoryShadow,
  };
}

/** Migration adapter factory for a PGlite database (file or in-memory). */
export function pgliteMigrationFactory(client: PGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pglite",
    connect: () => connectPGliteForMigrations(client),
    connectToShadowDb: inMemoryShadow,
  };
}

/** A factory whose main database and shadow are both throw-away in-memory PGlites (for diffs). */
export function scratchMigrationFactory(): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pglite",
    connect: inMemoryShadow,
    connectToShadowDb: inMemoryShadow,
  };
}
