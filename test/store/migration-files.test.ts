// The migration files: in step with schema.prisma, and `diff` creates new ones.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, diffMigration } from "../../prisma/migrations-runner.ts";
import { migrationNames, tmpRoot } from "./migrations-suite.ts";

describe("migration files", () => {
  it("match the schema (diff finds nothing to do) and carry a lock file", async () => {
    const lock = readFileSync(join(DEFAULT_MIGRATIONS_DIR, "migration_lock.toml"), "utf8");
    expect(lock).toMatch(/provider = "postgresql"/);
    expect(migrationNames.length).toBeGreaterThan(0);
    for (const n of migrationNames) expect(n).toMatch(/^\d{14}_[a-z0-9_]+$/);
    const result = await diffMigration("check", { dryRun: true });
    expect(result).toMatchObject({ changed: false, directory: null });
  });

  it("diff creates a migration for a schema change", async () => {
    const dir = mkdtempSync(join(tmpRoot, "migrations-"));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    const schemaPath = join(dir, "schema.prisma");
    const schema = readFileSync(join(DEFAULT_MIGRATIONS_DIR, "..", "schema.prisma"), "utf8");
    writeFileSync(schemaPath, schema.replace("  cancelReason ", "  extraNote          String?\n  cancelReason "));
    const out = await diffMigration("add_note", {
      migrationsDir: dir,
      schemaPath,
      now: new Date("2030-01-02T03:04:05Z"),
    });
    expect(out).toMatchObject({ changed: true, directory: join(dir, "20300102030405_add_note") });
    expect(readFileSync(join(out.directory!, "migration.sql"), "utf8")).toMatch(
      /ALTER TABLE "trials" ADD COLUMN\s+"extraNote" TEXT/,
    );
  });
});
