// A start-up check that the database has every migration, read straight from _prisma_migrations
// (one query) instead of starting the WASM schema engine, which took most of a production start's
// time and memory. It only ever answers "up to date" when that is unambiguous: every migration
// directory applied once, finished, not rolled back, with the checksum (SHA-256 of migration.sql)
// the engine recorded, and nothing else recorded. Anything else → false, and the caller asks the
// schema engine (migrationStatus), which explains what is wrong.
import { createHash } from "node:crypto";
import type { Database } from "./database.ts";
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from "./migrations-runner.ts";

interface Row {
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
}

export async function migrationsUpToDate(db: Database, migrationsDir = DEFAULT_MIGRATIONS_DIR): Promise<boolean> {
  const [table] = await db.prisma.$queryRawUnsafe<{ exists: boolean }[]>(
    "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists",
  );
  if (!table?.exists) return false;
  const rows = await db.prisma.$queryRawUnsafe<Row[]>(
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM _prisma_migrations`,
  );
  const applied = new Map<string, string>();
  for (const r of rows) {
    if (r.rolled_back) continue;
    // A failed (unfinished) migration, or one recorded twice: the engine must look.
    if (!r.finished || applied.has(r.migration_name)) return false;
    applied.set(r.migration_name, r.checksum);
  }
  const dirs = readMigrations(migrationsDir).migrationDirectories;
  if (dirs.length !== applied.size) return false;
  for (const dir of dirs) {
    const file = dir.migrationFile.content;
    if (file.tag !== "ok") return false;
    const checksum = createHash("sha256").update(file.value).digest("hex");
    if (applied.get(dir.path) !== checksum) return false;
  }
  return true;
}
