// Opens the persistence adapter for every entry point (the bot, the admin CLI): the database,
// its migrations, the store on it. The embedded database migrates itself; a PostgreSQL database
// is migrated on purpose (npm run db:migrate), never by a start.
import type { Logger } from "pino";
import type { Store } from "../app/store.ts";
import { type DatabaseConfig, openDatabase } from "../prisma/database.ts";
import { migrationsUpToDate } from "../prisma/migration-check.ts";
import { applyMigrations, migrationStatus } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createReplicaStore, type ReplicaStore } from "../prisma/replica-store.ts";
import { StartupError } from "./preflight.ts";

export interface OpenStoreOptions {
  logger?: Logger;
  /** Refuse a PostgreSQL database with pending or failed migrations (the bot); the admin CLI does not ask. */
  requireMigrated?: boolean;
}

export async function openStore(config: DatabaseConfig, options: OpenStoreOptions = {}): Promise<Store> {
  return (await openStores(config, options)).store;
}

/** The store, and what replicas share beyond it (inbox claims, pending questions, the test clock). */
export async function openStores(
  config: DatabaseConfig,
  options: OpenStoreOptions = {},
): Promise<{ store: Store; shared: ReplicaStore }> {
  const db = await openDatabase(config);
  try {
    if (db.kind !== "postgres") {
      // One query answers an up-to-date database; the schema engine (slow to load) only runs when needed.
      const applied = (await migrationsUpToDate(db)) ? { ms: 0 } : await applyMigrations(db);
      options.logger?.info({ database: db.description, ms: applied.ms }, "embedded database ready");
    } else if (options.requireMigrated) {
      const status = (await migrationsUpToDate(db)) ? null : await migrationStatus(db);
      if (status && !status.upToDate)
        throw new StartupError(
          `the database is not up to date (pending: ${status.pending.join(", ") || "-"}; failed: ${status.failed.join(", ") || "-"}): run npm run db:migrate`,
        );
    }
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return { store: createPrismaStore(db), shared: createReplicaStore(db) };
}
