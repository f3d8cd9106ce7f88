// `npm start` (main.ts) as the operator sees it, as a child process: every failed start ends in
// one "cannot start" line with what to check (no stack); a bot on Webex refuses the sandbox's demo
// data; the sandbox prints a short banner instead of JSON lines.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SANDBOX_MARKER } from "../../app/data-dir.ts";
import { freePort } from "../../sandbox/redis.ts";
import { resetSandbox } from "../../sandbox/reset.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const temp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "trials-main-"));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

/** The environment of `npm start` without anything inherited that would change the mode. */
function envOf(vars: Record<string, string>): NodeJS.ProcessEnv {
  const { WEBEX_TOKEN: _t, DATA_DIR: _d, LOG_FORMAT: _f, LOG_LEVEL: _l, DATABASE_URL: _u, ...rest } = process.env;
  return { ...rest, ...vars };
}

const LIVE = {
  WEBEX_TOKEN: "a-bot-token",
  WEBEX_WEBHOOK_SECRET: "0123456789abcdef0123",
  PUBLIC_URL: "https://bot.example.com",
};
const STACK = /\n\s+at /;

describe("npm start with WEBEX_TOKEN", () => {
  it("Webex unreachable: one clean 'cannot start' line naming what to check, exit 1, the data directory untouched", async () => {
    const dataDir = tempDir();
    const api = `http://127.0.0.1:${await freePort()}/v1`;
    const run = spawnSync(TSX, ["main.ts"], {
      cwd: ROOT,
      env: envOf({ ...LIVE, WEBEX_API_URL: api, DATA_DIR: dataDir, PORT: String(await freePort()) }),
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      new RegExp(
        `^trials-bot cannot start: Webex is unreachable at ${api.replace(/[.]/g, "\\.")} .*Check the network, any proxy or firewall, and WEBEX_API_URL\\.$`,
      ),
    );
    expect(run.stderr).not.toMatch(STACK);
    expect(run.stderr).not.toContain("WebexApiError");
    expect(existsSync(join(dataDir, "pglite"))).toBe(false);
  }, 120_000);

  it("refuses a data directory that holds the sandbox's demo data, and says how to get out of it", async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, "pglite"));
    writeFileSync(join(dataDir, SANDBOX_MARKER), "{}");
    const run = spawnSync(TSX, ["main.ts"], {
      cwd: ROOT,
      env: envOf({
        ...LIVE,
        WEBEX_API_URL: `http://127.0.0.1:${await freePort()}/v1`,
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
      }),
      encoding: "utf8",
      timeout: 90_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`trials-bot cannot start: ${dataDir} holds the sandbox's demo data`);
    expect(run.stderr).toContain("npm run sandbox:reset");
    expect(run.stderr).not.toMatch(STACK);
  }, 120_000);
});

describe("npm start without WEBEX_TOKEN (the sandbox)", () => {
  it("prints a short human banner (URL, data directory, Redis), no JSON lines; stops on SIGTERM", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const child = spawn(TSX, ["main.ts"], {
      cwd: ROOT,
      env: envOf({ DATA_DIR: dataDir, PORT: String(port) }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 100_000;
      while (!out.includes("Test clock") && Date.now() < deadline && child.exitCode === null)
        await new Promise((r) => setTimeout(r, 200));
      // Warnings (e.g. about the Redis it found) are short human lines too.
      for (const line of err.split("\n").filter(Boolean)) expect(line).toMatch(/^\d\d:\d\d:\d\d (WARN|ERROR) [^{]/);
      expect(out).toContain("trials-bot sandbox is running");
      expect(out).toContain(`Open        http://127.0.0.1:${port}/`);
      expect(out).toContain(`Data        ${dataDir} (demo data created now`);
      expect(out).toMatch(/Redis {7}redis:\/\/\S+/);
      expect(out.split("\n").filter((l) => l.trim().startsWith("{"))).toEqual([]);
    } finally {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await resetSandbox({ dataDir, redisUrl: "redis://127.0.0.1:6379", queuePrefix: "trials" });
    }
  }, 150_000);
});
