// The local sandbox: `npm start` with no WEBEX_TOKEN. It starts the Webex emulator, the bot pointed
// at it (embedded PGlite in <dataDir>/pglite unless DATABASE_URL is set), Redis (REDIS_URL, or a
// redis-server child), a test clock, demo data on first start, and a page at one URL that looks and
// works like a Webex space, in which you act as any of the demo personas.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import type { Logger } from "pino";
import { ManualClock } from "../app/clock.ts";
import type { Config } from "../app/config.ts";
import { holdsDatabase, holdsSandboxData, SANDBOX_MARKER } from "../app/data-dir.ts";
import { TestClock } from "../app/test-clock.ts";
import { portInUse, type RunningBot, startBot } from "../boot/start-bot.ts";
import { BOT, PERSONAS, SANDBOX_BOT_ADMINS, SPACES } from "./cast.ts";
import { restoreConversation, saveConversation } from "./conversation.ts";
import { attachWorld, buildWorld, type SandboxWorld } from "./emulated-world.ts";
import { type PageServer, startPageServer } from "./page-server.ts";
import { resolveRedis, type SandboxRedis } from "./redis.ts";
import { needsSeed, seedDemoData } from "./seed.ts";

export { RedisUnavailableError } from "./redis.ts";

export { SANDBOX_MARKER };
/** The test clock's time, kept across restarts (time never goes back for the stored trials). */
export const CLOCK_FILE = "test-clock.json";

export interface SandboxOptions {
  config: Config;
  logger: Logger;
  /** Where the sandbox keeps its data: pglite/, redis/, the test clock. */
  dataDir: string;
  /** The page's port (default config.port; 0 = any free port). */
  port?: number;
}

export interface RunningSandbox {
  /** The page: open it in a browser. */
  url: string;
  /** The Redis the sandbox resolved (REDIS_URL, or its own redis-server child). */
  redisUrl: string;
  /** "external": REDIS_URL answered; "child": the sandbox started redis-server. */
  redisSource: "external" | "child";
  /** Where its data is kept (absolute). */
  dataDir: string;
  /** The emulator's REST API (…/v1). */
  emulatorUrl: string;
  bot: RunningBot;
  testClock: TestClock;
  /** True when this start created the demo data. */
  seeded: boolean;
  stop(): Promise<void>;
}

export class SandboxStartError extends Error {}

/** The BullMQ key prefix of the sandbox kept in dataDir: its own, whatever else uses that Redis. */
export function sandboxQueuePrefix(queuePrefix: string, dataDir: string): string {
  return `${queuePrefix}-sandbox-${createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 8)}`;
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const { logger } = options;
  const dataDir = resolve(options.dataDir);
  const pagePort = options.port ?? options.config.port;
  await refuseToStart(pagePort, dataDir);
  mkdirSync(dataDir, { recursive: true });
  const stops: Stop[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => logger.warn({ err }, "sandbox: stopping a part failed"));
    stops.length = 0;
  };
  try {
    const redis: SandboxRedis = await resolveRedis({ url: options.config.redisUrl, dataDir });
    stops.push(() => redis.stop());
    logger.info({ redis: redis.url, source: redis.source }, "sandbox: Redis ready");

    const clock = new ManualClock(new Date(Math.max(Date.now(), savedClock(dataDir) ?? 0)));
    const testClock = new SandboxTestClock(clock, undefined, {
      onMoved: (at) => saveClock(dataDir, at),
      audience: "everyone",
    });

    const world: SandboxWorld = await buildWorld();
    stops.push(() => world.emulator.close());
    stops.push(keepConversation(dataDir, world, logger));

    const config: Config = {
      ...options.config,
      dataDir,
      redisUrl: redis.url,
      testClock: true,
      // Queues of their own: a sandbox never takes the jobs of a bot (or another sandbox) on the same Redis.
      queuePrefix: sandboxQueuePrefix(options.config.queuePrefix, dataDir),
      // The bot's webhook receiver only serves the emulator: any free port on loopback.
      port: 0,
      botAdmins: [...new Set([...options.config.botAdmins, ...SANDBOX_BOT_ADMINS])],
    };
    const bot = await startBot({
      config,
      logger,
      clock,
      testClock,
      webex: { token: BOT.token, baseUrl: world.emulator.url, secret: randomBytes(24).toString("hex") },
      host: "127.0.0.1",
      allowSandboxData: true,
    });
    stops.push(() => bot.stop());
    const deliver = () => deliverAll(bot);
    // R-EXP-6: the daily digest is a wall-clock cron job, which a test clock never reaches: when
    // an advance passes DIGEST_HOUR, the ops space gets the digest of the last day passed.
    testClock.onAdvanced = async (from, to) => {
      const at = lastDigestTime(from, to, config.digestHour, config.defaultTimeZone);
      if (!at) return;
      await bot.jobs.sendDigest(at);
      await deliver();
    };

    const seeded = await seedOnce(bot, dataDir, clock.now(), config.defaultTimeZone, logger);
    await attachWorld(bot.store, world);
    // The demo history's messages (and anything left from the last run) go out now.
    await deliver();

    const page = await servePage(world, testClock, logger, pagePort);
    stops.push(() => page.close());
    logger.info(
      { url: page.url, emulator: world.emulator.url, data: dataDir, testClock: clock.now().toISOString() },
      "sandbox: open the page in a browser",
    );

    let stopped: Promise<void> | null = null;
    return {
      url: page.url,
      redisUrl: redis.url,
      redisSource: redis.source,
      dataDir,
      emulatorUrl: world.emulator.url,
      bot,
      testClock,
      seeded,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

type Stop = () => Promise<void>;

/** Refusals first, before anything is written (demo data, Redis keys, a redis-server). */
async function refuseToStart(pagePort: number, dataDir: string): Promise<void> {
  if (await portInUse(pagePort, "127.0.0.1"))
    throw new SandboxStartError(
      `port ${pagePort} is in use (another sandbox or bot?): stop what runs there, or set PORT to another port`,
    );
  if (holdsDatabase(dataDir) && !holdsSandboxData(dataDir)) {
    throw new SandboxStartError(
      `${dataDir} holds a database the sandbox did not create (a real bot's data?): the sandbox leaves it alone. Set DATA_DIR to another directory (the sandbox's default is ./sandbox-data).`,
    );
  }
}

/** The spaces keep their conversation across restarts: saved every few seconds and at stop (the Stop returned). */
function keepConversation(dataDir: string, world: SandboxWorld, logger: Logger): Stop {
  const restored = restoreConversation(dataDir, world);
  if (restored > 0) logger.info({ messages: restored }, "sandbox: conversation restored");
  let savedCount = restored;
  const save = () => {
    if (world.emulator.world.messages.size === savedCount) return;
    savedCount = saveConversation(dataDir, world);
  };
  const saver = setInterval(() => {
    try {
      save();
    } catch (err) {
      logger.warn({ err }, "sandbox: saving the conversation failed");
    }
  }, 3_000);
  saver.unref();
  return async () => {
    clearInterval(saver);
    savedCount = -1;
    save();
  };
}

/** The demo data, on the first start only; true when this start created it. */
async function seedOnce(bot: RunningBot, dataDir: string, now: Date, zone: string, logger: Logger): Promise<boolean> {
  if (!(await needsSeed(bot.store))) return false;
  // Marked first: a seed that fails half-way can still be reset.
  writeFileSync(
    join(dataDir, SANDBOX_MARKER),
    JSON.stringify(
      {
        createdAt: new Date().toISOString(),
        note: "trials-bot sandbox data; npm run sandbox:reset deletes this directory",
      },
      null,
      2,
    ),
  );
  const summary = await seedDemoData(bot.store, now, zone);
  logger.info(summary, "sandbox: demo data created");
  return true;
}

async function servePage(world: SandboxWorld, clock: TestClock, logger: Logger, port: number): Promise<PageServer> {
  try {
    return await startPageServer({
      emulatorUrl: world.emulator.url,
      allowedTokens: new Set(world.personaTokens.keys()),
      describe: () => describeSandbox(world),
      clock,
      logger,
      port,
    });
  } catch (error) {
    // Taken meanwhile (the check before the start ran before its slow part).
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
      throw new SandboxStartError(`port ${port} is in use: stop what runs there, or set PORT to another port`);
    throw error;
  }
}

/** The sandbox's test clock: after each advance, what the wall clock's schedules would have done. */
class SandboxTestClock extends TestClock {
  onAdvanced: ((from: Date, to: Date) => Promise<void>) | null = null;

  override async advanceWithDetails(ms: number) {
    const from = this.show();
    const fired = await super.advanceWithDetails(ms);
    await this.onAdvanced?.(from, this.show());
    return fired;
  }
}

/**
 * The latest daily digest time (hour in zone) in (from, to], or null when none was passed. One
 * digest, not one per day passed: `clock advance 31d` shows where things stand, not a month of them.
 */
export function lastDigestTime(from: Date, to: Date, hour: number, zone: string): Date | null {
  let at = DateTime.fromJSDate(to, { zone }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() > to.getTime()) at = at.minus({ days: 1 }).set({ hour });
  return at.toMillis() > from.getTime() ? at.toJSDate() : null;
}

/**
 * Sends what the outbox holds and waits (bounded) until the delivery worker has it out, so a
 * `clock advance` reply comes after the alerts it caused.
 */
async function deliverAll(bot: RunningBot): Promise<void> {
  await bot.outbox.deliverPending();
}

/** What the page needs to know: the bot, the personas (with their tokens), the spaces. */
function describeSandbox(world: SandboxWorld) {
  return {
    bot: { id: world.bot.id, displayName: world.bot.displayName },
    personas: PERSONAS.map((p) => ({
      key: p.key,
      label: p.label,
      displayName: p.displayName,
      email: p.email,
      token: p.token,
      id: world.personas[p.key].id,
    })),
    spaces: SPACES.map((s) => ({ key: s.key, title: s.title, kind: s.kind, roomId: world.rooms[s.key].id })),
    people: Object.fromEntries(
      [...world.emulator.world.people.values()].map((p) => [
        p.id,
        { displayName: p.displayName, email: p.emails[0], type: p.type },
      ]),
    ),
  };
}

function savedClock(dataDir: string): number | null {
  const path = join(dataDir, CLOCK_FILE);
  if (!existsSync(path)) return null;
  try {
    const at = Date.parse((JSON.parse(readFileSync(path, "utf8")) as { now?: string }).now ?? "");
    return Number.isFinite(at) ? at : null;
  } catch {
    return null;
  }
}

function saveClock(dataDir: string, at: Date): void {
  writeFileSync(join(dataDir, CLOCK_FILE), JSON.stringify({ now: at.toISOString() }));
}

/** What `npm start` prints in the sandbox: where to go, where the data is, which Redis; no JSON. */
export function sandboxBanner(
  s: Pick<RunningSandbox, "url" | "dataDir" | "redisUrl" | "redisSource" | "seeded"> & { now: Date },
): string {
  const redis =
    s.redisSource === "external"
      ? `${s.redisUrl} (REDIS_URL)`
      : `${s.redisUrl} (a redis-server the sandbox started; its data in ${join(s.dataDir, "redis")})`;
  return [
    "",
    "  trials-bot sandbox is running: a local Webex with demo partners, customers and trials.",
    "",
    `  Open        ${s.url}`,
    `  Data        ${s.dataDir} (${s.seeded ? "demo data created now" : "kept from the last run"}; npm run sandbox:reset deletes it)`,
    `  Redis       ${redis}`,
    `  Test clock  ${s.now.toISOString().slice(0, 16).replace("T", " ")} UTC; type "clock advance 7d" in a space to move it`,
    "",
    "  Ctrl+C stops it. Only warnings and errors are printed below (LOG_LEVEL=info for more, LOG_FORMAT=json for JSON lines).",
    "",
  ].join("\n");
}
