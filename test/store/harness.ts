// Test targets for the store suite: a fresh PostgreSQL database per test file, or an in-memory
// PGlite, each migrated with the real migration runner.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../prisma/database.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { truncateAll } from "../../prisma/testing.ts";
import type { StoreTarget } from "./store-suite.ts";

/** Server for the PostgreSQL tests; the test creates and drops its own databases on it. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createPgDatabase(
  prefix = "trials_test",
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      admin(async (c) => {
        // Closed pools hang up asynchronously; dropping WITH (FORCE) while they do makes the
        // server send those clients a FATAL error mid-close. Wait for them to go (bounded).
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
            [name],
          );
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }).then(() => undefined),
  };
}

export interface TestTarget {
  name: "postgres" | "pglite";
  db: Database;
  migrateMs: number;
  dispose(): Promise<void>;
}

export async function postgresTarget(): Promise<TestTarget> {
  const created = await createPgDatabase();
  const db = await openDatabase({ kind: "postgres", url: created.url });
  try {
    const { ms } = await applyMigrations(db);
    return {
      name: "postgres",
      db,
      migrateMs: ms,
      async dispose() {
        await db.close();
        await created.drop();
      },
    };
  } catch (e) {
    await db.close();
    await created.drop();
    throw e;
  }
}

export async function pgliteTarget(): Promise<TestTarget> {
  const db = await openDatabase({ kind: "memory" });
  const { ms } = await applyMigrations(db);
  return { name: "pglite", db, migrateMs: ms, dispose: () => db.close() };
}

/** A Prisma store on a migrated test database, emptied before each test (the contract suite's target). */
export async function prismaStoreTarget(make: () => Promise<TestTarget>): Promise<StoreTarget & { db: Database }> {
  const target = await make();
  const store = createPrismaStore(target.db);
  return {
    name: target.name,
    db: target.db,
    async reset() {
      await truncateAll(target.db);
      return store;
    },
    dispose: () => target.dispose(),
  };
}
