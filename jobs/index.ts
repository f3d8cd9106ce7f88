// The bot's background work on BullMQ, started by the composition root (boot/start-bot.ts):
//  - timers (jobs/timers.ts): one delayed job per pending deadline of a trial;
//  - delivery (jobs/delivery.ts): one job per outbox row;
//  - maintenance: Job Schedulers for the daily ops digest (R-EXP-6, at DIGEST_HOUR in
//    DEFAULT_TIME_ZONE), the outbox sweep and the periodic timer reconcile.
// At start: warn when Redis may lose or evict the schedule, reconcile timers with the store,
// enqueue undelivered outbox rows, upsert the schedulers, then take jobs.
// While running, a watch notices Redis losing our data (FLUSHALL, a restart without persistence,
// a failover to an empty replica): the schedulers live only in Redis, so without it the sweep,
// the reconcile and the digest would stop until the next start. It compares a sentinel key of
// ours and Redis's run id every few seconds and on every reconnect; on a change it re-creates the
// schedulers, reconciles the timers and enqueues the undelivered outbox at once.

import { randomBytes } from "node:crypto";
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../app/clock.ts";
import type { Config } from "../app/config.ts";
import type { QueuedDigest } from "../app/daily-digest.ts";
import type { DeliverOutbox } from "../app/delivery/deliver-outbox.ts";
import type { CommandDeps, Outcome } from "../app/trial-commands.ts";
import type { Recipient, TimerKind } from "../domain/effects.ts";
import { DeliveryJobs, type DeliveryJobsOptions } from "./delivery.ts";
import { checkRedisDurability, createRedis, type RedisDurability, redisRunId } from "./redis.ts";
import { type ReconcileReport, TimerJobs, type TimerJobsDeps, type TimerJobsOptions } from "./timers.ts";

export { DeliveryJobs } from "./delivery.ts";
export { TimerJobs, timerJobId } from "./timers.ts";

export const MAINTENANCE_QUEUE = "maintenance";

export interface JobsOptions {
  timers?: TimerJobsOptions;
  delivery?: DeliveryJobsOptions;
  /** false: queues only (enqueue, reconcile), no workers: for tools and tests. Default true. */
  workers?: boolean;
  /** Longest a command waits for its after-commit mirroring; the store stays the truth. Default 2 s. */
  afterCommitTimeoutMs?: number;
  /** Every how often undelivered outbox rows are enqueued again. Default 60 s. */
  sweepEveryMs?: number;
  /** Every how often timers are reconciled with the store. Default 1 h; 0 = only at start. */
  reconcileEveryMs?: number;
  /** How long start waits for Redis to answer. Default 10 s. */
  connectTimeoutMs?: number;
  /** Reconcile and sweep at start. Default true. */
  reconcileAtStart?: boolean;
  /** Every how often the watch checks that Redis still holds our data. Default 5 s; 0 = only on reconnects. */
  redisWatchEveryMs?: number;
}

/** What the Redis watch found: our data still there, or lost (flushed, restarted) and rebuilt. */
export type RedisWatchResult =
  | { kind: "unchanged" }
  | { kind: "recovered"; why: "sentinel_missing" | "restarted"; timers: ReconcileReport; outboxRows: number };

/** What the use cases call after each commit (TrialCommands' afterCommit). */
type AfterCommit = NonNullable<CommandDeps["afterCommit"]>;

export interface JobsDeps {
  config: Pick<Config, "redisUrl" | "queuePrefix" | "digestHour" | "defaultTimeZone">;
  /** What the timers read to mirror a trial's pending deadlines (jobs/timers.ts). */
  store: TimerJobsDeps["store"];
  clock: Clock;
  logger: Logger;
  /** The outbox delivery use case (app/delivery/deliver-outbox.ts). */
  delivery: Pick<DeliverOutbox, "deliver" | "unsentIds" | "deadClaims">;
  /** The daily digest use case (app/daily-digest.ts): queues the digest of `now`'s date. */
  digest: (now: Date) => Promise<QueuedDigest>;
  fireTimer: (trialId: string, kind: TimerKind, dueAt: Date) => Promise<Outcome>;
  options?: JobsOptions;
}

export interface RunningJobs {
  timers: TimerJobs;
  delivery: DeliveryJobs;
  maintenance: Queue;
  durability: RedisDurability;
  /** For TrialCommands: mirror the commit's timers and enqueue its outbox rows. Never throws. */
  afterCommit: AfterCommit;
  /** Enqueues every undelivered outbox row; resolves with how many (delivery is asynchronous). */
  deliverPending(): Promise<number>;
  reconcile(): Promise<ReconcileReport>;
  /**
   * Checks now that Redis still holds our data (the sentinel key and Redis's run id); when not,
   * re-creates the schedulers, reconciles the timers and enqueues the undelivered outbox.
   */
  checkRedis(): Promise<RedisWatchResult>;
  /** The producer connection is up (readiness). */
  redisReady(): boolean;
  /**
   * Builds the daily digest now and queues it for the ops space (once per digest date). `at`: the
   * digest's own time, when a test clock passed it (the sandbox) rather than the cron.
   */
  sendDigest(at?: Date): Promise<{ date: string; queued: boolean }>;
  /** Promotes delayed timer jobs due by the injected clock (test clock). */
  promoteDue(): Promise<number>;
  /** Resolves once no timer or delivery job is waiting, running or backing off before a retry (tests). */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * Resolves once no timer or delivery job can run now: what can go out is out. Deliveries backing
   * off before a retry (a space not linked yet, Webex's Retry-After) are not waited for.
   */
  drained(timeoutMs?: number): Promise<void>;
  /** Graceful: stop taking jobs, let running ones finish, close queues and Redis. */
  close(): Promise<void>;
}

const withTimeout = async <T>(p: Promise<T>, ms: number): Promise<T | "timeout"> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** The producer connection, once Redis answered a PING within the connect timeout. */
async function connectProducer(deps: JobsDeps): Promise<Redis> {
  const { config, logger } = deps;
  const connection = createRedis(config.redisUrl, { connectionName: `${config.queuePrefix}-producer` });
  connection.on("error", (err) => logger.warn({ err }, "redis connection error"));
  try {
    // Commands wait through reconnects (maxRetriesPerRequest null): bound the first contact.
    if ((await withTimeout(connection.ping(), deps.options?.connectTimeoutMs ?? 10_000)) === "timeout")
      throw new Error("no answer to PING");
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  return connection;
}

interface JobQueues {
  timers: TimerJobs;
  delivery: DeliveryJobs;
  maintenance: Queue;
}

function createQueues(deps: JobsDeps, connection: Redis): JobQueues {
  const { store, clock, logger } = deps;
  const options = deps.options ?? {};
  const prefix = deps.config.queuePrefix;
  const timers = new TimerJobs({
    store,
    clock,
    logger,
    connection,
    prefix,
    fireTimer: deps.fireTimer,
    ...(options.timers ? { options: options.timers } : {}),
  });
  const delivery = new DeliveryJobs({
    delivery: deps.delivery,
    logger,
    connection,
    prefix,
    ...(options.delivery ? { options: options.delivery } : {}),
  });
  const maintenance = new Queue(MAINTENANCE_QUEUE, { connection, prefix, streams: { events: { maxLen: 100 } } });
  // Queues re-emit their connection's errors (already logged above); unheard, BullMQ prints them.
  for (const q of [timers.queue, delivery.queue, maintenance] as Queue[])
    q.on("error", (err) => logger.debug({ err, queue: q.name }, "queue error"));
  return { timers, delivery, maintenance };
}

// R-EXP-6 and the periodic sweep/reconcile: Job Schedulers live only in Redis, so they are
// upserted at start and again whenever the watch finds Redis lost them.
async function upsertSchedulers(maintenance: Queue, deps: JobsDeps): Promise<void> {
  const { config } = deps;
  const options = deps.options ?? {};
  await maintenance.upsertJobScheduler(
    "daily-digest",
    { pattern: `0 ${config.digestHour} * * *`, tz: config.defaultTimeZone },
    { name: "daily-digest", opts: { removeOnComplete: true, removeOnFail: true } },
  );
  await maintenance.upsertJobScheduler(
    "outbox-sweep",
    { every: options.sweepEveryMs ?? 60_000 },
    { name: "outbox-sweep", opts: { removeOnComplete: true, removeOnFail: true } },
  );
  const reconcileEvery = options.reconcileEveryMs ?? 3_600_000;
  if (reconcileEvery > 0) {
    await maintenance.upsertJobScheduler(
      "timers-reconcile",
      { every: reconcileEvery },
      { name: "timers-reconcile", opts: { removeOnComplete: true, removeOnFail: true } },
    );
  } else {
    await maintenance.removeJobScheduler("timers-reconcile");
  }
}

interface RedisWatch {
  checkRedis(): Promise<RedisWatchResult>;
  /** Stops the periodic and on-reconnect checks; resolves once a running check has ended. */
  stop(): Promise<void>;
}

/**
 * Claims the sentinel and starts watching it. The sentinel is a key of ours that only a loss of
 * Redis's data removes; the run id also catches a restart from an RDB snapshot, which keeps the
 * sentinel but loses the jobs added since the snapshot. Instances sharing a prefix share the
 * sentinel (SET NX, then read). Rejects, watching nothing, when the first claim fails.
 */
async function startRedisWatch(deps: JobsDeps, connection: Redis, queues: JobQueues): Promise<RedisWatch> {
  const { logger } = deps;
  const { timers, delivery, maintenance } = queues;
  const sentinelKey = `${deps.config.queuePrefix}:redis-sentinel`;
  const claimSentinel = async () => {
    await connection.set(sentinelKey, `${Date.now()}-${randomBytes(6).toString("hex")}`, "NX");
    return connection.get(sentinelKey);
  };
  let known: { sentinel: string | null; runId: string | null } = {
    sentinel: await claimSentinel(),
    runId: await redisRunId(connection),
  };
  let checking: Promise<RedisWatchResult> | null = null;
  let closed = false;
  const doCheck = async (): Promise<RedisWatchResult> => {
    const [sentinel, runId] = [await connection.get(sentinelKey), await redisRunId(connection)];
    if (
      sentinel !== null &&
      sentinel === known.sentinel &&
      (runId === null || known.runId === null || runId === known.runId)
    )
      return { kind: "unchanged" };
    const why = sentinel === null || sentinel !== known.sentinel ? "sentinel_missing" : "restarted";
    logger.warn(
      { why, runId, previousRunId: known.runId },
      "Redis lost the schedule: re-creating the schedulers, reconciling timers and outbox now",
    );
    // The sentinel first: a loss during the rebuild is seen by the next check.
    known = { sentinel: await claimSentinel(), runId };
    await upsertSchedulers(maintenance, deps);
    const timersReport = await timers.reconcile();
    const outboxRows = await delivery.sweep();
    logger.info({ timers: timersReport, outboxRows }, "Redis: schedule rebuilt from the store");
    return { kind: "recovered", why, timers: timersReport, outboxRows };
  };
  const checkRedis = (): Promise<RedisWatchResult> => {
    // One check at a time: while Redis is away, commands wait for the reconnect.
    checking ??= doCheck().finally(() => {
      checking = null;
    });
    return checking;
  };
  const watch = () => {
    if (closed) return;
    checkRedis().catch((err: unknown) =>
      logger.error({ err }, "Redis watch: the check or the rebuild failed; next check retries"),
    );
  };
  const watchEvery = deps.options?.redisWatchEveryMs ?? 5_000;
  const watchTimer = watchEvery > 0 ? setInterval(watch, watchEvery) : null;
  watchTimer?.unref();
  // A reconnect is when a restarted Redis shows up: check at once, not at the next tick.
  connection.on("ready", watch);
  return {
    checkRedis,
    async stop() {
      closed = true;
      if (watchTimer) clearInterval(watchTimer);
      connection.off("ready", watch);
      await checking?.catch(() => undefined);
    },
  };
}

function startMaintenanceWorker(
  deps: JobsDeps,
  queues: JobQueues,
  connection: Redis,
  sendDigest: () => Promise<unknown>,
): Worker {
  const { logger } = deps;
  const { timers, delivery } = queues;
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === "daily-digest") return sendDigest();
      if (job.name === "outbox-sweep") return { enqueued: await delivery.sweep() };
      if (job.name === "timers-reconcile") return timers.reconcile();
      return null;
    },
    { connection, prefix: deps.config.queuePrefix, concurrency: 1 },
  );
  worker.on("failed", (job, err) => logger.error({ err, job: job?.name }, "maintenance job failed"));
  worker.on("error", (err) => logger.error({ err }, "maintenance worker error"));
  return worker;
}

/** Resolves once timers and deliveries are quiet twice in a row; `retries`: also wait out back-offs. */
async function waitQuiet(queues: JobQueues, timeoutMs: number, retries: boolean): Promise<void> {
  const { timers, delivery } = queues;
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    await timers.settled();
    const busy = (await timers.busyCount()) + (await delivery.busyCount({ retries }));
    quiet = busy === 0 ? quiet + 1 : 0;
    // Twice in a row: a finished job's handlers (re-sync) may still add one.
    if (quiet >= 2) return;
    if (Date.now() > deadline)
      throw new Error(`jobs not idle after ${timeoutMs} ms (${busy} waiting/running${retries ? "/retrying" : ""})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function mirrorAfterCommit(queues: JobQueues, logger: Logger, timeoutMs: number, sendNow: boolean): AfterCommit {
  const { timers, delivery } = queues;
  return async (commit, result) => {
    // The commit's messages go out now, in the background: the command does not wait for Webex.
    // A process without workers (tools) leaves them to the bot's workers.
    const now: { outboxId: string; to: Recipient }[] = [];
    const later: string[] = [];
    for (const [i, outboxId] of result.outboxIds.entries()) {
      const to = commit.outbox[i]?.to;
      if (sendNow && to) now.push({ outboxId, to });
      else later.push(outboxId);
    }
    delivery.sendNow(now);
    const work = Promise.all([
      commit.timers ? timers.syncTrial(commit.timers.trialId) : null,
      later.length > 0 ? delivery.enqueue(later) : null,
    ]).then(
      () => undefined,
      // The commit stands; the sweep and the reconcile catch up with what was not mirrored.
      (err: unknown) =>
        logger.error({ err, trialId: commit.timers?.trialId }, "after commit: mirroring into Redis failed"),
    );
    if ((await withTimeout(work, timeoutMs)) === "timeout") {
      logger.warn(
        { trialId: commit.timers?.trialId, ms: timeoutMs },
        "after commit: Redis is slow; the command returns, mirroring continues",
      );
    }
  };
}

export async function startJobs(deps: JobsDeps): Promise<RunningJobs> {
  const { config, clock, logger } = deps;
  const options = deps.options ?? {};
  const prefix = config.queuePrefix;
  const connection = await connectProducer(deps);
  const workerConnections: Redis[] = [];
  const workerConnection = (name: string) => {
    const c = createRedis(config.redisUrl, { connectionName: `${prefix}-${name}` });
    // While Redis is away every connection reports each failed reconnect; unheard, ioredis prints them.
    c.on("error", (err) => logger.debug({ err, connection: name }, "redis connection error"));
    workerConnections.push(c);
    return c;
  };
  const durability = await checkRedisDurability(connection, logger);
  const queues = createQueues(deps, connection);
  const { timers, delivery, maintenance } = queues;
  let maintenanceWorker: Worker | null = null;

  const sendDigest = async (at?: Date) => {
    const digest = await deps.digest(at ?? clock.now());
    await delivery.enqueue([digest.outboxId]);
    logger.info({ date: digest.date, queued: digest.queued }, "daily digest");
    return { date: digest.date, queued: digest.queued };
  };
  const reconcile = async () => {
    const report = await timers.reconcile();
    const rows = await delivery.sweep();
    if (rows > 0) logger.info({ rows }, "outbox: undelivered rows enqueued");
    return report;
  };

  let watch: RedisWatch;
  try {
    watch = await startRedisWatch(deps, connection, queues);
  } catch (error) {
    // Nothing else is open yet but the queues on this connection.
    await Promise.all([timers.queue.close(), delivery.queue.close(), maintenance.close()]).catch(() => undefined);
    connection.disconnect();
    throw error;
  }

  const closeAll = async () => {
    await watch.stop();
    await maintenanceWorker?.close();
    await timers.close();
    await delivery.close();
    await maintenance.close();
    for (const c of workerConnections) await c.quit().catch(() => c.disconnect());
    await connection.quit().catch(() => connection.disconnect());
  };

  try {
    if (options.reconcileAtStart !== false) {
      await delivery.reclaimDeadClaims();
      await reconcile();
    }
    await upsertSchedulers(maintenance, deps);
    if (options.workers !== false) {
      timers.startWorker(workerConnection("timers"));
      delivery.startWorker(workerConnection("outbox"));
      maintenanceWorker = startMaintenanceWorker(deps, queues, workerConnection("maintenance"), sendDigest);
    }
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }

  return {
    timers,
    delivery,
    maintenance,
    durability,
    afterCommit: mirrorAfterCommit(queues, logger, options.afterCommitTimeoutMs ?? 2_000, options.workers !== false),
    deliverPending: () => delivery.sweep(),
    reconcile,
    checkRedis: watch.checkRedis,
    redisReady: () => connection.status === "ready",
    sendDigest,
    promoteDue: () => timers.promoteDue(),
    idle: (timeoutMs = 20_000) => waitQuiet(queues, timeoutMs, true),
    drained: (timeoutMs = 20_000) => waitQuiet(queues, timeoutMs, false),
    close: closeAll,
  };
}
