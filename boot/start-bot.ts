// The composition root: the only place that knows every adapter. It opens the store
// (persistence: prisma/), builds the use cases (app/), the Webex client and the bot that
// translates Webex events into them (bot/), starts the BullMQ timers, outbox delivery and digest
// (queue: jobs/) and the webhook receiver. One way to run: tests start exactly this, on Redis.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { type Clock, systemClock } from "../app/clock.ts";
import type { Config } from "../app/config.ts";
import { queueDailyDigest } from "../app/daily-digest.ts";
import type { DeliverOutbox } from "../app/delivery/deliver-outbox.ts";
import type { Store } from "../app/store.ts";
import { savedTestClock, TEST_CLOCK_SETTING, type TestClock } from "../app/test-clock.ts";
import { createBot } from "../bot/bot.ts";
import { cardSigningSecret } from "../bot/cards/secret.ts";
import { CardService } from "../bot/cards/service.ts";
import type { UseCases } from "../bot/handlers/context.ts";
import { createReceiver, type WebexReceiver } from "../bot/http/receiver.ts";
import { WebexClient } from "../bot/webex/client.ts";
import { registerWebhooks } from "../bot/webex/webhooks.ts";
import { CardSigner } from "../cards/reference.ts";
import { type JobsOptions, type RunningJobs, startJobs } from "../jobs/index.ts";
import { type DatabaseConfig, databaseConfigFor } from "../prisma/database.ts";
import type { ReplicaStore } from "../prisma/replica-store.ts";
import { outboxDelivery } from "./delivery.ts";
import { enqueueOnWrite } from "./enqueue-on-write.ts";
import { openStores } from "./open-store.ts";
import { refuseDoomedStart, StartupError } from "./preflight.ts";
import { createInboxClaims, type InboxClaims } from "./replicas/inbox-claims.ts";
import { type SharedTestClock, shareTestClock } from "./replicas/shared-test-clock.ts";
import { createUseCases } from "./use-cases.ts";
import { startWebhookRetries } from "./webhook-retries.ts";

export { portInUse, StartupError } from "./preflight.ts";

export interface RunningBot {
  /** Where the webhook receiver listens. */
  url: string;
  store: Store;
  outbox: {
    /**
     * Enqueues every undelivered outbox row for the delivery worker and waits (bounded) until no
     * job can run now: what can go out is out when it resolves (rows backing off before a retry
     * are not waited for). Resolves with how many were enqueued.
     */
    deliverPending(): Promise<number>;
  };
  /** The BullMQ timers, delivery and digest. */
  jobs: RunningJobs;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Overrides for tests and the local emulator. */
  webex?: { token: string; baseUrl: string; secret: string; publicUrl?: string };
  database?: DatabaseConfig;
  host?: string;
  /** Tuning of the BullMQ timers and delivery (Redis at config.redisUrl, keys under config.queuePrefix). */
  jobs?: JobsOptions;
  /** The sandbox's test clock (TRIALS_TEST_CLOCK): enables the `clock show` / `clock advance` commands. */
  testClock?: TestClock;
  /** Every how often webhooks recorded but not handled (their handling failed) are handled again. Default 5 s; 0 = never. */
  webhookRetryEveryMs?: number;
  /** Only the sandbox runs on the demo data it seeded; a bot on real Webex refuses it. */
  allowSandboxData?: boolean;
}

/** How long deliverPending (and a `clock advance`) waits for the delivery worker. */
const DELIVER_WAIT_MS = 15_000;

export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const token = options.webex?.token ?? config.webexToken;
  const secret = options.webex?.secret ?? config.webhookSecret ?? randomBytes(24).toString("hex");
  if (!token) throw new StartupError("WEBEX_TOKEN is not set");
  const database = options.database ?? databaseConfigFor(config);
  const host = options.host ?? "0.0.0.0";
  await refuseDoomedStart(config, database, { host, allowSandboxData: options.allowSandboxData ?? false });

  const client = new WebexClient({ token, baseUrl: options.webex?.baseUrl ?? config.webexApiUrl, logger });
  // Webex (and the token) before the database: a wrong token or an unreachable API changes nothing.
  const me = await client.me();
  let jobs: RunningJobs | null = null;
  const opened = await openStores(database, { logger, requireMigrated: true });
  const shared = opened.shared;
  const store = enqueueOnWrite(opened.store, async (ids) => jobs?.delivery.enqueue(ids), logger);
  // What replicas share beyond the trials: inbox claims, pending questions, the test clock's time.
  const instance = options.jobs?.delivery?.instanceId ?? `${hostname()}:${config.queuePrefix}`;
  const inbox = createInboxClaims({ store: shared, instance, logger });
  const sharedClock = options.testClock
    ? shareTestClock({
        clock: options.testClock.clock,
        settingKey: TEST_CLOCK_SETTING,
        store: { ...shared, getSetting: (k) => store.getSetting(k) },
        logger,
      })
    : null;
  // Before the jobs start: their delays are counted from this clock.
  if (options.testClock && sharedClock) await resumeTestClock(store, options.testClock, sharedClock, logger);

  // The jobs start after the use cases exist (their timers fire through them).
  const core = wireCore({ options, clock, secret, store, shared, client, me, jobs: () => jobs });
  const running = await startQueues({ options, clock, store, core });
  jobs = running;
  const outbox = {
    async deliverPending() {
      const enqueued = await running.deliverPending();
      await running.drained(DELIVER_WAIT_MS).catch(() => undefined);
      return enqueued;
    },
  };
  // The test clock fires deadlines through the bot's own use cases; its messages are out before
  // `clock advance` answers.
  options.testClock?.bind({
    store,
    commands: core.app.commands,
    persist: (at) => sharedClock?.persist(at) ?? Promise.resolve(),
    deliver: () => outbox.deliverPending(),
  });
  const served = await serve({
    options,
    secret,
    store,
    client,
    jobs: running,
    bot: core.bot,
    me,
    clock,
    inbox,
    sharedClock,
  });
  logger.info(
    { url: served.url, publicUrl: served.publicUrl, bot: me.displayName, webhooks: served.webhooks },
    "trials-bot is listening",
  );
  inbox.startRenewing(() => [...served.receiver.inFlightKeys(), ...served.handledUnmarked]);
  const retries = startWebhookRetries(
    served.receiver,
    store,
    logger,
    options.webhookRetryEveryMs ?? 5_000,
    served.handledUnmarked,
    inbox,
  );
  return {
    url: served.url,
    store,
    outbox,
    jobs: running,
    async stop() {
      retries.stop();
      await served.receiver.close();
      inbox.stop();
      sharedClock?.stop();
      // Stop taking jobs, let running ones finish (they use the store), then close Redis.
      await running.close();
      await store.close();
    },
  };
}

/**
 * The test clock resumes where it stood before the restart (never behind wall time), so a
 * lifecycle run on it survives restarts as production deadlines do.
 */
async function resumeTestClock(
  store: Store,
  testClock: TestClock,
  shared: SharedTestClock,
  logger: Logger,
): Promise<void> {
  const saved = savedTestClock(await store.getSetting(TEST_CLOCK_SETTING).catch(() => null));
  const clock = testClock.clock;
  if (saved && saved.getTime() > clock.now().getTime()) clock.set(saved);
  await shared.persist(clock.now());
  logger.info({ testClock: clock.now().toISOString(), resumed: saved !== null }, "test clock");
}

interface CoreDeps {
  options: StartOptions;
  clock: Clock;
  secret: string;
  store: Store;
  shared: ReplicaStore;
  client: WebexClient;
  me: { id: string; displayName: string };
  /** The jobs, once started: commits mirror their timers and outbox rows into them. */
  jobs: () => RunningJobs | null;
}

interface Core {
  app: UseCases;
  bot: ReturnType<typeof createBot>;
  delivery: DeliverOutbox;
}

/** The use cases (delivery among them) and the bot that translates Webex events into them. */
function wireCore(deps: CoreDeps): Core {
  const { options, clock, store, client } = deps;
  const { config, logger } = options;
  const cards = new CardService(new CardSigner(cardSigningSecret(config.cardSigningSecret, deps.secret)), store, clock);
  const app = createUseCases({
    store,
    clock,
    defaultTimeZone: config.defaultTimeZone,
    afterCommit: (commit, result) => deps.jobs()?.afterCommit(commit, result) ?? Promise.resolve(),
    cards,
    testClock: options.testClock,
    confirmations: deps.shared,
  });
  const bot = createBot({
    client,
    app,
    me: { id: deps.me.id, displayName: deps.me.displayName },
    botAdmins: config.botAdmins,
    logger,
  });
  const delivery = outboxDelivery({ store, client, cards, clock, logger });
  return { app, bot, delivery };
}

async function startQueues(deps: {
  options: StartOptions;
  clock: Clock;
  store: Store;
  core: Core;
}): Promise<RunningJobs> {
  const { options, clock, store, core } = deps;
  const { config, logger } = options;
  try {
    return await startJobs({
      config,
      store,
      clock,
      logger,
      delivery: core.delivery,
      digest: (now) => queueDailyDigest({ store, timeZone: config.defaultTimeZone }, now),
      fireTimer: async (trialId, kind, dueAt) => {
        const outcome = await core.app.commands.fireTimer(trialId, kind, dueAt);
        // A deadline a job fires while the test clock advances is part of that advance's report.
        if (outcome.ok && !outcome.decision.skipped) options.testClock?.noteFired({ trialId, kind, dueAt });
        return outcome;
      },
      options: options.jobs ?? {},
    });
  } catch (error) {
    await store.close();
    throw new StartupError(
      `Redis at ${config.redisUrl.replace(/\/\/[^@]*@/, "//***@")} is not usable for the timers and outbox jobs: ${(error as Error).message}`,
    );
  }
}

interface Served {
  url: string;
  publicUrl: string;
  receiver: WebexReceiver;
  webhooks: { created: number; updated: number };
  /** Webhooks handled whose handled mark failed: the retry pass marks them, never handles them again. */
  handledUnmarked: Set<string>;
}

/** The webhook receiver, listening, and the webhooks registered with Webex to reach it. */
async function serve(deps: {
  options: StartOptions;
  secret: string;
  store: Store;
  client: WebexClient;
  jobs: RunningJobs;
  bot: Core["bot"];
  me: { id: string };
  clock: Clock;
  inbox: InboxClaims;
  sharedClock: SharedTestClock | null;
}): Promise<Served> {
  const { options, store, jobs } = deps;
  const { config, logger } = options;
  const handledUnmarked = new Set<string>();
  const receiver = createReceiver({
    secret: deps.secret,
    selfId: deps.me.id,
    logger,
    // Recorded with its envelope before Webex is answered; a failed handling is retried
    // (webhook-retries.ts). Wall time, not the injected clock: the retry window is about real
    // time (a test clock standing in the past must not hide an event from it).
    // Claimed by this replica in the same statement: it handles the event at once.
    dedupe: (key, envelope) => deps.inbox.record(key, envelope, new Date()),
    onHandled: async (key) => {
      try {
        await store.markWebhookHandled(key, deps.clock.now());
      } catch (error) {
        handledUnmarked.add(key);
        throw error;
      }
    },
    // A message's reads (the message, its sender) start while its event is being recorded.
    prefetch: deps.bot.prefetch,
    // Not ready while the database or the jobs' Redis cannot be reached: webhooks would get 503s.
    isReady: async () => {
      await store.ping();
      return jobs.redisReady();
    },
    // Every commit enqueues its own messages (afterCommit); the sweep catches the rest.
    // Another replica may have moved the test clock: follow it before deciding anything.
    onEvent: async (event) => {
      await deps.sharedClock?.sync();
      await deps.bot.onEvent(event);
    },
  });
  const publicUrlOf = (listening: string) => options.webex?.publicUrl ?? config.publicUrl ?? listening;
  try {
    const address = await receiver.listen({ port: config.port, host: options.host ?? "0.0.0.0" });
    const url = address.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1");
    const hooks = await registerWebhooks(deps.client, {
      publicUrl: publicUrlOf(url),
      secret: deps.secret,
      namePrefix: "trials-bot",
      logger,
    });
    const webhooks = { created: hooks.created.length, updated: hooks.updated.length };
    return { url, publicUrl: publicUrlOf(url), receiver, webhooks, handledUnmarked };
  } catch (error) {
    // A start that fails half-way leaves nothing running: no port, no workers, no open database.
    await receiver.close().catch(() => undefined);
    await jobs.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
