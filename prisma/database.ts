// Opens the database the bot runs on: PostgreSQL (DATABASE_URL) or an embedded PGlite directory
// (DATA_DIR/pglite), or an in-memory PGlite for tests. Prisma code stays in prisma/.
import { join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { createPgPool, pgliteMigrationFactory, pgMigrationFactory } from "./adapters.ts";
import { lockDirectory } from "./dir-lock.ts";
import { PrismaClient } from "./generated/client.ts";
import { pgliteSql, pgSql, type Sql } from "./sql.ts";

export { DirectoryLockedError } from "./dir-lock.ts";
export type { PrismaClient };

export type DatabaseConfig =
  | { kind: "postgres"; url: string; poolSize?: number }
  /** Embedded PGlite in a directory, locked against a second process. */
  | { kind: "pglite"; dataDir: string }
  /** Embedded PGlite in memory (tests). */
  | { kind: "memory" };

export interface Database {
  readonly kind: DatabaseConfig["kind"];
  /** Where the data lives, for logs (no password). */
  readonly description: string;
  readonly prisma: PrismaClient;
  /** Plain SQL on the same connections, for every webhook's statements and the unit of work (sql.ts). */
  readonly sql: Sql;
  /**
   * PGlite runs one interactive transaction at a time; PostgreSQL runs many. Callers that wait
   * for a transaction should allow for that.
   */
  readonly serialTransactions: boolean;
  /** A driver-adapter factory for the schema engine (see migrations-runner.ts). */
  migrationFactory(): SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/** A PostgreSQL URL → PostgreSQL; otherwise PGlite in <dataDir>/pglite. */
export function databaseConfigFor(settings: {
  databaseUrl: string | null | undefined;
  dataDir: string;
}): DatabaseConfig {
  const url = settings.databaseUrl?.trim();
  if (url) return { kind: "postgres", url };
  return { kind: "pglite", dataDir: join(resolve(settings.dataDir), "pglite") };
}

/** DATABASE_URL → PostgreSQL; otherwise PGlite in DATA_DIR/pglite (DATA_DIR defaults to ./data). */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return databaseConfigFor({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR?.trim() || "./data" });
}

export function describeConfig(config: DatabaseConfig): string {
  switch (config.kind) {
    case "postgres":
      return `postgresql ${redact(config.url)}`;
    case "pglite":
      return `pglite ${resolve(config.dataDir)}`;
    case "memory":
      return "pglite in memory";
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const description = describeConfig(config);
  if (config.kind === "postgres") {
    const pool = createPgPool(config.url, config.poolSize);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    let closed = false;
    return {
      kind: "postgres",
      description,
      prisma,
      sql: pgSql(pool),
      serialTransactions: false,
      migrationFactory: () => pgMigrationFactory(pool),
      async close() {
        if (closed) return;
        closed = true;
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  // Loaded only for PGlite: a bot on PostgreSQL starts sooner and smaller without it.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
  ]);
  const lock = config.kind === "pglite" ? lockDirectory(config.dataDir) : null;
  let client: PGlite;
  try {
    client = config.kind === "pglite" ? await PGlite.create(resolve(config.dataDir)) : await PGlite.create();
  } catch (e) {
    lock?.release();
    throw e;
  }
  // pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils; the
  // interface it implements is the same.
  const adapter = new PrismaPGlite(client) as unknown as SqlDriverAdapterFactory;
  const prisma = new PrismaClient({ adapter });
  let closed = false;
  return {
    kind: config.kind,
    description,
    prisma,
    sql: pgliteSql(client),
    serialTransactions: true,
    migrationFactory: () => pgliteMigrationFactory(client),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await prisma.$disconnect();
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
