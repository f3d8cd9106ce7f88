// Helpers for tests of the store: not used by the bot.
import type { Database } from "./database.ts";

/** Empties every table (keeping the migration history), so one database serves many tests. */
export async function truncateAll(db: Database): Promise<void> {
  const rows = await db.prisma.$queryRawUnsafe<Array<{ tablename: string }>>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  const tables = rows.map((r) => `"${r.tablename.replace(/"/g, '""')}"`).join(", ");
  await db.prisma.$executeRawUnsafe(`TRUNCATE TABLE ${tables} RESTART IDENTITY CASCADE`);
}

/** Runs SQL outside Prisma's model API (for tests that inspect the schema). */
export async function queryRaw<T>(db: Database, sql: string): Promise<T[]> {
  return db.prisma.$queryRawUnsafe<T[]>(sql);
}
