// The migration runner (WASM schema engine) suite, run on PostgreSQL and on a PGlite directory.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type DatabaseConfig, openDatabase } from "../../prisma/database.ts";
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  migrationStatus,
  readMigrations,
} from "../../prisma/migrations-runner.ts";
import { queryRaw } from "../../prisma/testing.ts";

export const tmpRoot = mkdtempSync(join(tmpdir(), "trials-store-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

export const migrationNames = readMigrations().migrationDirectories.map((d) => d.path);

/** A copy of the migrations plus one that fails half-way. */
function migrationsWithBrokenOne(): { dir: string; broken: string } {
  const dir = mkdtempSync(join(tmpRoot, "migrations-"));
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  const broken = "29990101000000_broken";
  mkdirSync(join(dir, broken));
  writeFileSync(join(dir, broken, "migration.sql"), `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1/0;\n`);
  return { dir, broken };
}

async function tableExists(config: DatabaseConfig, table: string): Promise<boolean> {
  const db = await openDatabase(config);
  try {
    const rows = await queryRaw<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = '${table}'`,
    );
    return rows[0]!.n === 1;
  } finally {
    await db.close();
  }
}

export function migrationSuite(
  name: string,
  makeConfig: () => Promise<{ config: DatabaseConfig; dispose(): Promise<void> }>,
) {
  describe(`migrations on ${name}`, () => {
    it("reports, applies once, and is clean afterwards", async () => {
      const { config, dispose } = await makeConfig();
      try {
        const before = await migrationStatus(config);
        expect(before).toMatchObject({ upToDate: false, hasMigrationsTable: false, failed: [], edited: [] });
        expect(before.pending).toEqual(migrationNames);

        const first = await applyMigrations(config);
        expect(first.applied).toEqual(migrationNames);
        const again = await applyMigrations(config);
        expect(again.applied).toEqual([]);
        console.log(`[migrations ${name}] first deploy ${first.ms} ms, second ${again.ms} ms`);

        expect(await migrationStatus(config)).toEqual({
          pending: [],
          failed: [],
          edited: [],
          unknown: [],
          hasMigrationsTable: true,
          upToDate: true,
        });
        expect(await tableExists(config, "trials")).toBe(true);
      } finally {
        await dispose();
      }
    });

    it("fails on a broken migration, rolls its script back and reports it as failed", async () => {
      const { config, dispose } = await makeConfig();
      try {
        const { dir, broken } = migrationsWithBrokenOne();
        await expect(applyMigrations(config, { migrationsDir: dir })).rejects.toThrow(/division by zero/);
        const status = await migrationStatus(config, { migrationsDir: dir });
        expect(status.failed).toEqual([broken]);
        expect(status.upToDate).toBe(false);
        expect(await tableExists(config, "trials")).toBe(true);
        expect(await tableExists(config, "half_done")).toBe(false);
        // The good migrations stay applied; a later deploy refuses until the failure is resolved.
        await expect(applyMigrations(config, { migrationsDir: dir })).rejects.toThrow();
      } finally {
        await dispose();
      }
    });
  });
}
