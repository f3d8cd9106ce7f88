// The PGlite directory lock: a second process (and a second open in this one) is refused.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DirectoryLockedError, openDatabase } from "../../prisma/database.ts";
import { tmpRoot } from "./migrations-suite.ts";

const HERE = dirname(fileURLToPath(import.meta.url));

describe("PGlite directory lock", () => {
  const require = createRequire(import.meta.url);
  const tsxCli = require.resolve("tsx/cli");

  function openInChild(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [tsxCli, join(HERE, "fixtures", "open-db.ts"), dir], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("refuses a second process, naming the directory and the holder's pid", async () => {
    const dataDir = join(mkdtempSync(join(tmpRoot, "lock-")), "pglite");
    const db = await openDatabase({ kind: "pglite", dataDir });
    try {
      const second = await openInChild(dataDir);
      expect(second.code).toBe(3);
      expect(second.stderr).toContain("DirectoryLockedError");
      expect(second.stderr).toContain(dataDir);
      expect(second.stderr).toContain(`pid ${process.pid}`);
      // In this process too.
      const err = await openDatabase({ kind: "pglite", dataDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DirectoryLockedError);
      expect((err as DirectoryLockedError).holderPid).toBe(process.pid);
    } finally {
      await db.close();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const later = await openInChild(dataDir);
    expect(later.stderr).toBe("");
    expect(later.code).toBe(0);
    expect(later.stdout).toContain(`opened pglite ${dataDir}`);
  });

  it("takes over the lock of a process that is gone", async () => {
    const dataDir = join(mkdtempSync(join(tmpRoot, "lock-")), "pglite");
    const dead = spawn(process.execPath, ["-e", ""]);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.on("close", r));
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: deadPid, host: hostname(), since: "then" }));
    const db = await openDatabase({ kind: "pglite", dataDir });
    try {
      expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8")).pid).toBe(process.pid);
    } finally {
      await db.close();
    }
  });
});

describe("PGlite directory lock, stale cases", () => {
  function writeLock(dataDir: string, info: object, ageMs = 0) {
    writeFileSync(`${dataDir}.lock`, JSON.stringify(info));
    const t = new Date(Date.now() - ageMs);
    utimesSync(`${dataDir}.lock`, t, t);
  }

  it("takes over a lock with this process's pid that this process does not hold (restarted container)", async () => {
    const dataDir = join(mkdtempSync(join(tmpRoot, "lock-")), "pglite");
    writeLock(dataDir, { pid: process.pid, host: hostname(), since: "earlier life" });
    const db = await openDatabase({ kind: "pglite", dataDir });
    await db.close();
  });

  it("refuses a fresh lock from another host, takes over one untouched for minutes", async () => {
    const dataDir = join(mkdtempSync(join(tmpRoot, "lock-")), "pglite");
    writeLock(dataDir, { pid: 4242, host: "other-host", since: "now" });
    const err = await openDatabase({ kind: "pglite", dataDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DirectoryLockedError);
    expect((err as Error).message).toContain("pid 4242 on other-host");
    writeLock(dataDir, { pid: 4242, host: "other-host", since: "long ago" }, 10 * 60_000);
    const db = await openDatabase({ kind: "pglite", dataDir });
    await db.close();
  });
});
