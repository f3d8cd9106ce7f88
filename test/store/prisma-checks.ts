// What only the Prisma store has, beside the contract suite: its SQL plumbing and its source.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Database } from "../../prisma/database.ts";
import { queryRaw } from "../../prisma/testing.ts";

const PRISMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../prisma");

/** The .ts files of prisma/ and its subfolders, except the generated client and migrations. */
function prismaSources(dir = PRISMA_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" || e.name === "migrations" ? [] : prismaSources(path);
    return e.name.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
  });
}

export function definePrismaChecks(current: () => { db: Database }): void {
  describe("database plumbing", () => {
    it('reads "char" (OID 18) catalog columns, which the schema engine introspects', async () => {
      expect(await queryRaw(current().db, `SELECT relkind FROM pg_class WHERE relname = 'trials'`)).toEqual([
        { relkind: "r" },
      ]);
    });
  });

  it("has no code path that changes or removes audit rows", () => {
    const sources = prismaSources();
    expect(sources.join("\n")).toContain("insertRowsSql(AUDIT_LOG)");
    for (const src of sources) {
      expect(src).not.toMatch(/auditEntry\.(update|updateMany|upsert|delete|deleteMany)\b/);
      expect(src).not.toMatch(/\b(UPDATE|DELETE FROM|TRUNCATE)\s+(TABLE\s+)?"?audit_log\b/i);
      expect(src).not.toMatch(/(onConflictUpdate|updateRowSql)\(AUDIT_LOG\b/);
    }
  });
}
