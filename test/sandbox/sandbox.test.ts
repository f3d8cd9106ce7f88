// The sandbox without a browser: demo data made through the use cases on first start, kept on
// restart (with the emulator's people and spaces re-attached and the test clock's time kept),
// Redis found or started, and the reset script's refusals.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../app/config.ts";
import { createLogger } from "../../app/logger.ts";
import { type RunningSandbox, SandboxStartError, startSandbox } from "../../sandbox/index.ts";
import { freePort, RedisUnavailableError, redisAnswers, resolveRedis } from "../../sandbox/redis.ts";
import { resetSandbox } from "../../sandbox/reset.ts";

const DAY = 86_400_000;
const temp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "trials-sandbox-test-"));
  temp.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

const config = readConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent" });
const logger = createLogger(config);

interface Info {
  bot: { id: string; displayName: string };
  personas: { key: string; token: string; id: string }[];
  spaces: { key: string; roomId: string }[];
}

async function info(sandbox: RunningSandbox): Promise<Info> {
  return (await fetch(`${sandbox.url}api/sandbox`)).json() as Promise<Info>;
}

/** As a persona, through the page's proxy: @mention the bot in a space and wait for its reply in the thread. */
async function ask(sandbox: RunningSandbox, persona: string, space: string, command: string): Promise<string> {
  const i = await info(sandbox);
  const token = i.personas.find((p) => p.key === persona)!.token;
  const roomId = i.spaces.find((s) => s.key === space)!.roomId;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.url}webex/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const sent = await api("/messages", {
    method: "POST",
    body: JSON.stringify({
      roomId,
      text: `${i.bot.displayName} ${command}`,
      markdown: `<@personId:${i.bot.id}|${i.bot.displayName}> ${command}`,
    }),
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const list = (
      await api(`/messages?roomId=${encodeURIComponent(roomId)}&parentId=${encodeURIComponent(sent.id as string)}`)
    ).items as { markdown?: string; text?: string }[];
    if (list.length) return list[0]!.markdown ?? list[0]!.text ?? "";
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no reply to ${command}`);
}

/** The texts of a space's messages, oldest first, as a persona sees them through the page's proxy. */
async function messagesIn(sandbox: RunningSandbox, persona: string, space: string): Promise<string[]> {
  const i = await info(sandbox);
  const token = i.personas.find((p) => p.key === persona)!.token;
  const roomId = i.spaces.find((s) => s.key === space)!.roomId;
  const list = (await (
    await fetch(`${sandbox.url}webex/v1/messages?roomId=${encodeURIComponent(roomId)}&max=1000`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { items: { markdown?: string; text?: string }[] };
  return list.items.map((m) => m.markdown ?? m.text ?? "").reverse();
}

describe("sandbox start and restart", () => {
  it("seeds demo data through the use cases on first start, and keeps it, the people and the clock on restart", async () => {
    const dataDir = tempDir();
    let sandbox = await startSandbox({ config, logger, dataDir, port: 0 });
    let conversation: string[] = [];
    try {
      expect(sandbox.seeded).toBe(true);
      const statuses = (await sandbox.bot.store.listTrials({})).map((t) => t.status).sort();
      expect(statuses).toEqual(["active", "active", "converted", "expired", "pending_consent"]);
      expect((await sandbox.bot.store.listPartners()).map((p) => [p.name, p.tier]).sort()).toEqual([
        ["Bright Partners", "tier1"],
        ["Northwind Resellers", "tier2"],
      ]);
      expect(await ask(sandbox, "partnerAdmin", "bright", "whoami")).toContain("full admin");
      // The demo history's reminders speak of dates now past: none reaches ops or the partner.
      const history = [
        ...(await messagesIn(sandbox, "ops", "ops")),
        ...(await messagesIn(sandbox, "partnerAdmin", "bright")),
      ];
      expect(history.some((m) => m.includes("Trial expired"))).toBe(true);
      expect(history.filter((m) => /Expiry reminder sent|ends in \d+ days?|ends today/.test(m))).toEqual([]);
      // The page only acts as a persona: the bot's token is refused by the proxy.
      const asBot = await fetch(`${sandbox.url}webex/v1/rooms`, {
        headers: { authorization: "Bearer sandbox-bot-token" },
      });
      expect(asBot.status).toBe(401);
      // R-EXP-6: the daily digest follows the test clock (the cron follows the wall clock only).
      const digestsBefore = (await messagesIn(sandbox, "ops", "ops")).filter((m) =>
        m.includes("Daily trials digest"),
      ).length;
      await sandbox.testClock.advance(2 * DAY);
      const digests = (await messagesIn(sandbox, "ops", "ops")).filter((m) => m.includes("Daily trials digest"));
      expect(digests.length).toBe(digestsBefore + 1);
      expect(digests.at(-1)).toContain("Trials by status:");
      conversation = await messagesIn(sandbox, "partnerAdmin", "bright");
    } finally {
      await sandbox.stop();
    }
    const before = (JSON.parse(readFileSync(join(dataDir, "test-clock.json"), "utf8")) as { now: string }).now;

    sandbox = await startSandbox({ config, logger, dataDir, port: 0 });
    try {
      expect(sandbox.seeded).toBe(false);
      expect(await sandbox.bot.store.countTrials()).toBe(5);
      // A restart does not empty the spaces: the conversation so far is there, in order.
      expect(conversation.length).toBeGreaterThan(2);
      expect(await messagesIn(sandbox, "partnerAdmin", "bright")).toEqual(conversation);
      expect(sandbox.testClock.show().getTime()).toBeGreaterThanOrEqual(Date.parse(before));
      // New emulator ids, same people: the bot still knows who is who, in every space.
      expect(await ask(sandbox, "partnerAdmin", "bright", "whoami")).toContain("full admin");
      expect(await ask(sandbox, "ops", "ops", "clock show")).toContain("Test clock:");
      expect(await ask(sandbox, "readOnly", "bright", "trial list")).toContain("Acme Corp");
    } finally {
      await sandbox.stop();
    }
    expect(await resetSandbox({ dataDir, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix })).toMatchObject({
      ok: true,
      deleted: true,
    });
  }, 120_000);
});

describe("sandbox start refusals", () => {
  it("a taken port is found first: no demo data, no database, no redis-server, no queue keys", async () => {
    const { createServer } = await import("node:net");
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
    const port = (taken.address() as { port: number }).port;
    const dataDir = join(tempDir(), "data");
    try {
      const error = await startSandbox({ config, logger, dataDir, port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SandboxStartError);
      expect((error as Error).message).toContain(`port ${port} is in use`);
      // Nothing was written: not even the directory.
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("refuses a data directory with a database it did not create (a real bot's)", async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, "pglite"));
    const error = await startSandbox({ config, logger, dataDir, port: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxStartError);
    expect((error as Error).message).toMatch(/holds a database the sandbox did not create/);
    expect(existsSync(join(dataDir, "sandbox.json"))).toBe(false);
  });
});

describe("sandbox Redis", () => {
  it("uses REDIS_URL when it answers", async () => {
    const redis = await resolveRedis({ url: "redis://127.0.0.1:6379", dataDir: tempDir() });
    expect(redis).toMatchObject({ source: "external", url: "redis://127.0.0.1:6379" });
    await redis.stop();
  });

  it("starts a redis-server child with its data under <dataDir>/redis when nothing answers, and stops it", async () => {
    const dataDir = tempDir();
    const redis = await resolveRedis({ url: `redis://127.0.0.1:${await freePort()}`, dataDir });
    try {
      expect(redis.source).toBe("child");
      expect(await redisAnswers(redis.url)).toBe(true);
      expect(existsSync(join(dataDir, "redis"))).toBe(true);
    } finally {
      await redis.stop();
    }
    expect(await redisAnswers(redis.url)).toBe(false);
  });

  it("says how to install Redis when there is none", async () => {
    const error = await resolveRedis({
      url: `redis://127.0.0.1:${await freePort()}`,
      dataDir: tempDir(),
      redisServer: "/nonexistent/redis-server",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).message).toMatch(/redis-server is not installed/);
    expect((error as Error).message).toContain("apt-get install redis-server");
    expect((error as Error).message).toContain("brew install redis");
  });
});

describe("npm run sandbox:reset", () => {
  it("refuses while the sandbox runs, and deletes the directory once it stopped", async () => {
    const dataDir = tempDir();
    const sandbox = await startSandbox({ config, logger, dataDir, port: 0 });
    try {
      const refused = await resetSandbox({ dataDir });
      expect(refused.ok).toBe(false);
      expect(refused.message).toMatch(/the sandbox is running .*stop it first/);
      expect(existsSync(join(dataDir, "pglite"))).toBe(true);
    } finally {
      await sandbox.stop();
    }
    const done = await resetSandbox({ dataDir, redisUrl: config.redisUrl, queuePrefix: config.queuePrefix });
    expect(done).toMatchObject({ ok: true, deleted: true });
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it("leaves alone a directory the sandbox did not create", async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, "pglite"));
    writeFileSync(join(dataDir, "precious.txt"), "real data");
    const refused = await resetSandbox({ dataDir });
    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/not a sandbox data directory/);
    expect(existsSync(join(dataDir, "precious.txt"))).toBe(true);
    expect(await resetSandbox({ dataDir: join(dataDir, "missing") })).toMatchObject({ ok: true, deleted: false });
  });
});
