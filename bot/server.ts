// The composition root: database, store, use cases, Webex client, webhook receiver, outbox,
// and the BullMQ jobs (timers, delivery, digest: jobs/) unless started with jobs: false.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { dirname } from "node:path";
import type { Logger } from "pino";
import { systemClock, type Clock } from "../app/clock.ts";
import type { Config } from "../app/config.ts";
import { holdsSandboxData } from "../app/data-dir.ts";
import type { Store } from "../app/store.ts";
import { databaseConfigFor, openDatabase, type DatabaseConfig } from "../prisma/database.ts";
import { migrationsUpToDate } from "../prisma/migration-check.ts";
import { applyMigrations, migrationStatus } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { startJobs, type JobsOptions, type RunningJobs } from "../jobs/index.ts";
import { createBot } from "./bot.ts";
import { createUseCases } from "./use-cases.ts";
import { savedTestClock, TEST_CLOCK_SETTING, type TestClock } from "../app/test-clock.ts";
import { createReceiver, type WebexReceiver } from "./http/receiver.ts";
import { parseEnvelope } from "./http/envelope.ts";
import { OutboxDelivery } from "./outbox-delivery.ts";
import { OutboxSender } from "./outbox-sender.ts";
import { CardSigner } from "../cards/reference.ts";
import { CardService } from "./cards/service.ts";
import { cardSigningSecret } from "./cards/secret.ts";
import { outgoingCards } from "./outgoing-cards.ts";
import { WebexClient } from "./webex/client.ts";
import { registerWebhooks } from "./webex/webhooks.ts";

export interface RunningBot {
  /** Where the webhook receiver listens. */
  url: string;
  store: Store;
  /** deliverPending(): with jobs, enqueues undelivered rows for the delivery worker; without, sends them in-process. */
  outbox: Pick<OutboxDelivery, "deliverPending">;
  /** The BullMQ timers, delivery and digest; null when started with jobs: false. */
  jobs: RunningJobs | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Overrides for tests and the local emulator. */
  webex?: { token: string; baseUrl: string; secret: string; publicUrl?: string };
  database?: DatabaseConfig;
  /** How often the outbox is delivered (ms); 0 = only when asked (tests). */
  outboxIntervalMs?: number;
  host?: string;
  /**
   * BullMQ timers and delivery (Redis at config.redisUrl, keys under config.queuePrefix). false:
   * no Redis, no timers; the outbox is delivered by the in-process loop (e2e tests). Default on.
   */
  jobs?: false | JobsOptions;
  /** The sandbox's test clock (TRIALS_TEST_CLOCK): enables the `clock show` / `clock advance` commands. */
  testClock?: TestClock;
  /** Every how often webhooks recorded but not handled (their handling failed) are handled again. Default 5 s; 0 = never. */
  webhookRetryEveryMs?: number;
  /** Only the sandbox runs on the demo data it seeded; a bot on real Webex refuses it. */
  allowSandboxData?: boolean;
}

export class StartupError extends Error {}

/** Whether something already listens on port (0: any free port, never in use). */
export function portInUse(port: number, host = "0.0.0.0"): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(true) : reject(error),
    );
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const token = options.webex?.token ?? config.webexToken;
  const secret = options.webex?.secret ?? config.webhookSecret ?? randomBytes(24).toString("hex");
  if (!token) throw new StartupError("WEBEX_TOKEN is not set");

  // Everything that can refuse a start without leaving a trace comes first: a second instance
  // must not seed, migrate, register webhooks or write Redis keys before finding its port taken.
  if (await portInUse(config.port, options.host ?? "0.0.0.0")) {
    throw new StartupError(
      `port ${config.port} is in use (another trials-bot, or another service): stop it, or set PORT to a free port`,
    );
  }
  const dbConfig: DatabaseConfig = options.database ?? databaseConfigFor(config);
  if (dbConfig.kind === "pglite" && !options.allowSandboxData && holdsSandboxData(dirname(dbConfig.dataDir))) {
    throw new StartupError(
      `${dirname(dbConfig.dataDir)} holds the sandbox's demo data (demo partners, trials and timers), which a bot on Webex would deliver to real people. ` +
        `Set DATA_DIR to the bot's own directory, or delete the demo data first: DATA_DIR=${dirname(dbConfig.dataDir)} npm run sandbox:reset`,
    );
  }
  const client = new WebexClient({ token, baseUrl: options.webex?.baseUrl ?? config.webexApiUrl, logger });
  // Webex (and the token) before the database: a wrong token or an unreachable API changes nothing.
  const me = await client.me();

  const db = await openDatabase(dbConfig);
  try {
    if (db.kind === "postgres") {
      // Production databases are migrated on purpose (npm run db:migrate), never by a start.
      // One query answers an up-to-date database; the schema engine explains any other.
      const status = (await migrationsUpToDate(db)) ? null : await migrationStatus(db);
      if (status && !status.upToDate)
        throw new StartupError(
          `the database is not up to date (pending: ${status.pending.join(", ") || "-"}; failed: ${status.failed.join(", ") || "-"}): run npm run db:migrate`,
        );
    } else {
      const applied = (await migrationsUpToDate(db)) ? { ms: 0 } : await applyMigrations(db);
      logger.info({ database: db.description, ms: applied.ms }, "embedded database ready");
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const store = createPrismaStore(db);
  if (options.testClock) {
    // The test clock resumes where it stood before the restart (never behind wall time), so a
    // lifecycle run on it survives restarts as production deadlines do.
    // Before the jobs start: their delays are counted from this clock.
    const saved = savedTestClock(await store.getSetting(TEST_CLOCK_SETTING).catch(() => null));
    const clockOf = options.testClock.clock;
    if (saved && saved.getTime() > clockOf.now().getTime()) clockOf.set(saved);
    await store.putSetting(TEST_CLOCK_SETTING, { now: clockOf.now().toISOString() });
    logger.info({ testClock: clockOf.now().toISOString(), resumed: saved !== null }, "test clock");
  }

  const cards = new CardService(new CardSigner(cardSigningSecret(config.cardSigningSecret, secret)), store, clock);
  const app = createUseCases({
    store,
    clock,
    defaultTimeZone: config.defaultTimeZone,
    // The jobs start after the use cases exist (their timers fire through them).
    afterCommit: (commit, result) => jobs?.afterCommit(commit, result) ?? Promise.resolve(),
    cards,
    testClock: options.testClock,
  });
  const bot = createBot({
    client,
    app,
    me: { id: me.id, displayName: me.displayName },
    botAdmins: config.botAdmins,
    logger,
  });
  const sender = new OutboxSender({ store, client, clock, logger, cardFor: outgoingCards({ store, cards }) });
  let jobs: RunningJobs | null = null;
  if (options.jobs !== false) {
    try {
      jobs = await startJobs({
        config,
        store,
        clock,
        logger,
        sender,
        fireTimer: (trialId, kind, dueAt) => app.commands.fireTimer(trialId, kind, dueAt),
        options: options.jobs ?? {},
      });
    } catch (error) {
      await store.close();
      throw new StartupError(
        `Redis at ${config.redisUrl.replace(/\/\/[^@]*@/, "//***@")} is not usable for the timers and outbox jobs: ${(error as Error).message}`,
      );
    }
  }
  const runningJobs = jobs;
  const inProcess = runningJobs ? null : new OutboxDelivery({ store, sender, logger });
  const outbox: Pick<OutboxDelivery, "deliverPending"> = runningJobs
    ? { deliverPending: () => runningJobs.deliverPending() }
    : inProcess!;
  // The test clock fires deadlines through the bot's own use cases, so the queue mirrors them.
  // Its messages are out before `clock advance` answers: with the jobs, wait for the worker.
  options.testClock?.bind({
    store,
    commands: app.commands,
    persist: (at) => store.putSetting(TEST_CLOCK_SETTING, { now: at.toISOString() }),
    deliver: async () => {
      await outbox.deliverPending();
      await runningJobs?.idle(5_000).catch(() => undefined);
    },
  });
  const handledUnmarked = new Set<string>();
  const receiver = createReceiver({
    secret,
    logger,
    // Recorded with its envelope before Webex is answered; a failed handling is retried below.
    // Wall time, not the injected clock: the retry window is about real time (a test clock
    // standing in the past must not hide an event from it).
    dedupe: (key, envelope) => store.recordWebhook(key, envelope, new Date()),
    onHandled: async (key) => {
      try {
        await store.markWebhookHandled(key, clock.now());
      } catch (error) {
        // Handled, not marked: the retry pass marks it later and never handles it again.
        handledUnmarked.add(key);
        throw error;
      }
    },
    // Not ready while the database (or the jobs' Redis) cannot be reached: webhooks would get 503s.
    isReady: async () => {
      await store.ping();
      return runningJobs ? runningJobs.redisReady() : true;
    },
    onEvent: async (event) => {
      await bot.onEvent(event);
      // With the jobs, every commit enqueues its own messages (afterCommit) and the sweep catches
      // the rest: no outbox scan per event. The in-process loop sends them at once instead.
      // Its failure is not the event's: the event is handled; the loop delivers the rest later.
      await inProcess
        ?.deliverPending()
        .catch((err: unknown) => logger.warn({ err }, "outbox delivery after an event failed; the loop retries"));
    },
  });
  let url: string;
  let hooks: Awaited<ReturnType<typeof registerWebhooks>>;
  const publicUrlOf = (listening: string) => options.webex?.publicUrl ?? config.publicUrl ?? listening;
  try {
    const address = await receiver.listen({ port: config.port, host: options.host ?? "0.0.0.0" });
    url = address.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1");
    hooks = await registerWebhooks(client, { publicUrl: publicUrlOf(url), secret, namePrefix: "trials-bot", logger });
  } catch (error) {
    // A start that fails half-way leaves nothing running: no port, no workers, no open database.
    await receiver.close().catch(() => undefined);
    await runningJobs?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  const publicUrl = publicUrlOf(url);
  logger.info(
    { url, publicUrl, bot: me.displayName, webhooks: { created: hooks.created.length, updated: hooks.updated.length } },
    "trials-bot is listening",
  );
  if (inProcess && options.outboxIntervalMs !== 0) inProcess.start(options.outboxIntervalMs ?? 1000);
  const retries = startWebhookRetries(receiver, store, logger, options.webhookRetryEveryMs ?? 5_000, handledUnmarked);

  return {
    url,
    store,
    outbox,
    jobs,
    async stop() {
      retries.stop();
      await receiver.close();
      // Stop taking jobs, let running ones finish (they use the store), then close Redis.
      await runningJobs?.close();
      await inProcess?.stop();
      await store.close();
    },
  };
}

/**
 * Hands back to the bot the webhooks that were recorded (and so acknowledged) but whose handling
 * failed: the database went away mid-handling, Webex could not be read, or the process stopped.
 * Backs off per event and gives up after MAX_WEBHOOK_ATTEMPTS, so a poison event cannot loop.
 * Events older than a day are left alone (Webex itself gives up long before).
 */
const MAX_WEBHOOK_ATTEMPTS = 6;
function startWebhookRetries(
  receiver: WebexReceiver,
  store: Store,
  logger: Logger,
  everyMs: number,
  handledUnmarked: Set<string>,
): { stop(): void; runOnce(): Promise<number> } {
  const attempts = new Map<string, { n: number; nextAt: number }>();
  let running: Promise<number> | null = null;
  const pass = async (): Promise<number> => {
    const now = Date.now();
    for (const key of [...handledUnmarked]) {
      await store.markWebhookHandled(key, new Date());
      handledUnmarked.delete(key);
    }
    const pending = await store.unhandledWebhooks(new Date(now - 86_400_000), 100);
    let handled = 0;
    for (const row of pending) {
      if (receiver.inFlightKeys().has(row.key)) continue;
      const a = attempts.get(row.key) ?? { n: 0, nextAt: 0 };
      if (a.nextAt > now) continue;
      const envelope = parseEnvelope(Buffer.from(JSON.stringify(row.envelope)));
      if (!envelope || a.n >= MAX_WEBHOOK_ATTEMPTS) {
        logger.error({ key: row.key, attempts: a.n }, "webhook given up: its handling kept failing");
        await store.markWebhookHandled(row.key, new Date());
        attempts.delete(row.key);
        continue;
      }
      if (await receiver.redeliver(envelope)) {
        handled += 1;
        attempts.delete(row.key);
      } else {
        attempts.set(row.key, { n: a.n + 1, nextAt: now + Math.min(60_000, everyMs * 2 ** a.n) });
      }
    }
    if (handled > 0) logger.info({ handled }, "webhooks whose handling had failed were handled");
    return handled;
  };
  const runOnce = () => (running ??= pass().finally(() => (running = null)));
  const timer =
    everyMs > 0
      ? setInterval(() => {
          // While the database is down this fails like the handling did: next tick.
          runOnce().catch((err: unknown) => logger.debug({ err }, "webhook retry pass failed"));
        }, everyMs)
      : null;
  timer?.unref();
  // Events a stopped (or killed) process recorded and never handled: at once, not after a tick.
  if (everyMs > 0) runOnce().catch((err: unknown) => logger.debug({ err }, "webhook retry pass failed"));
  return { stop: () => timer && clearInterval(timer), runOnce };
}
