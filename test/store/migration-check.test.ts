// The start-up's quick migration check (prisma/migration-check.ts) says "up to date" only when
// the schema engine would; anything else sends the start to the engine.
import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../prisma/database.ts";
import { migrationsUpToDate } from "../../prisma/migration-check.ts";
import { applyMigrations, migrationStatus } from "../../prisma/migrations-runner.ts";
import { createPgDatabase } from "./harness.ts";

describe("migrationsUpToDate (PostgreSQL)", () => {
  let db: Database | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await db?.close();
    await drop?.();
    db = null;
    drop = null;
  });

  async function fresh(migrated: boolean): Promise<Database> {
    const created = await createPgDatabase("trials_test_migcheck");
    drop = created.drop;
    if (migrated) await applyMigrations({ kind: "postgres", url: created.url });
    db = await openDatabase({ kind: "postgres", url: created.url });
    return db;
  }

  it("is true for a database with every migration, as the schema engine says", async () => {
    const d = await fresh(true);
    expect(await migrationsUpToDate(d)).toBe(true);
    expect((await migrationStatus(d)).upToDate).toBe(true);
  });

  it("is false for an empty database", async () => {
    expect(await migrationsUpToDate(await fresh(false))).toBe(false);
  });

  it("is false when a migration is missing, was edited, or failed", async () => {
    const d = await fresh(true);
    const [last] = await d.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1",
    );
    const name = last!.migration_name;
    await d.prisma.$executeRawUnsafe(
      "UPDATE _prisma_migrations SET checksum = 'edited' WHERE migration_name = $1",
      name,
    );
    expect(await migrationsUpToDate(d)).toBe(false);
    await d.prisma.$executeRawUnsafe(
      "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1",
      name,
    );
    expect(await migrationsUpToDate(d)).toBe(false);
    await d.prisma.$executeRawUnsafe("DELETE FROM _prisma_migrations WHERE migration_name = $1", name);
    expect(await migrationsUpToDate(d)).toBe(false);
    expect((await migrationStatus(d)).upToDate).toBe(false);
  });
});
