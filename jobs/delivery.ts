// Outbox delivery on BullMQ: one job per outbox row (jobId = the row id, which is also the
// message's idempotency key), enqueued after the commit that wrote the row; a periodic sweep and
// the start-up reconcile enqueue rows whose job was lost. Each job runs the delivery use case
// (app/delivery/deliver-outbox.ts: claim, render, post, record) and turns its outcome into
// BullMQ's terms: a retry backs off, honouring Webex's Retry-After on 429/5xx; a row claimed by
// another worker comes back when that claim's lease ends.
//
// Exactly once, as far as Webex allows (the use case's claim): a row sent or failed is never sent
// again; a worker killed between Webex accepting the message and recording it leaves the row
// `sending`, and after the lease the next worker looks for the message in Webex before posting.
// Residual risk (documented in jobs/README.md): a message Webex accepted but does not list within
// the last 100 messages of that room/person, a recipient language changed between the attempts
// (the content no longer matches), the later parts of a message split in several, and retries
// inside WebexClient of a POST whose response was lost (Webex may have created it).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { DeliverOutbox, OutboxClaimant } from "../app/delivery/deliver-outbox.ts";

export const DELIVERY_QUEUE = "outbox";

export interface DeliveryJobData {
  outboxId: string;
}

export interface DeliveryResult {
  outcome: "sent" | "recovered" | "failed" | "already_sent" | "already_failed" | "missing";
  webexMessageId?: string;
}

/** A send Webex asked us to retry (429/5xx), with its Retry-After. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}

/** Another worker holds a fresh claim on the row. */
export class ClaimedElsewhere extends Error {
  constructor(
    readonly outboxId: string,
    readonly retryInMs: number,
  ) {
    super(`outbox row ${outboxId} is being sent by another worker`);
    this.name = "ClaimedElsewhere";
  }
}

export interface DeliveryJobsOptions {
  /** How long a claim protects a row being sent. Longer than the slowest send (WebexClient retries). Default 120 s. */
  leaseMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** One at a time keeps each space's messages in order. Default 1. */
  concurrency?: number;
  /** Job attempts (a row also counts its own attempts and fails after MAX_ATTEMPTS). Default 20. */
  attempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Names this bot across restarts (default: the host name and the queue prefix). Claims carry it
   * and a boot id, so a restarted bot knows the claims of its previous boot are dead.
   */
  instanceId?: string;
}

export interface DeliveryJobsDeps {
  /** The delivery use case (app/delivery/deliver-outbox.ts). */
  delivery: Pick<DeliverOutbox, "deliver" | "unsentIds" | "deadClaims">;
  logger: Logger;
  connection: Redis;
  prefix: string;
  options?: DeliveryJobsOptions;
}

export class DeliveryJobs {
  readonly queue: Queue<DeliveryJobData, DeliveryResult>;
  private worker: Worker<DeliveryJobData, DeliveryResult> | null = null;
  readonly options: Required<Omit<DeliveryJobsOptions, "stalledIntervalMs" | "instanceId">> & {
    stalledIntervalMs?: number;
  };
  /** This process's claims: `<instance>/<boot id>`. */
  readonly claimant: OutboxClaimant;

  constructor(private readonly deps: DeliveryJobsDeps) {
    this.options = {
      leaseMs: 120_000,
      lockDurationMs: 30_000,
      concurrency: 1,
      attempts: 20,
      baseBackoffMs: 1_000,
      maxBackoffMs: 5 * 60_000,
      ...deps.options,
    };
    const instance = deps.options?.instanceId ?? `${hostname()}:${deps.prefix}`;
    this.claimant = { instance, id: `${instance}/${Date.now().toString(36)}-${randomBytes(4).toString("hex")}` };
    this.queue = new Queue<DeliveryJobData, DeliveryResult>(DELIVERY_QUEUE, {
      connection: deps.connection,
      prefix: deps.prefix,
      streams: { events: { maxLen: 100 } },
    });
  }

  /** One job per row; a row that already has a job is not enqueued twice (same job id). */
  async enqueue(outboxIds: readonly string[]): Promise<void> {
    for (let i = 0; i < outboxIds.length; i += 1000) {
      await this.queue.addBulk(
        outboxIds.slice(i, i + 1000).map((id) => ({
          name: "deliver",
          data: { outboxId: id },
          opts: {
            jobId: id,
            attempts: this.options.attempts,
            backoff: { type: "webex" },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
  }

  /** Enqueues every undelivered row (after a restart, a lost Redis, or a commit outside the use cases). */
  async sweep(limit = 10_000): Promise<number> {
    const ids = await this.deps.delivery.unsentIds(limit);
    await this.enqueue(ids);
    return ids.length;
  }

  /** Retry delay: Webex's Retry-After when it gave one, else exponential with jitter. */
  backoff(attemptsMade: number, err?: Error): number {
    if (err instanceof RetryLater && err.retryAfterMs !== undefined) return err.retryAfterMs;
    if (err instanceof ClaimedElsewhere) return err.retryInMs;
    const exp = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  startWorker(connection: Redis): void {
    const { logger } = this.deps;
    const worker = new Worker<DeliveryJobData, DeliveryResult>(DELIVERY_QUEUE, (job) => this.process(job), {
      connection,
      prefix: this.deps.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs,
      ...(this.options.stalledIntervalMs !== undefined ? { stalledInterval: this.options.stalledIntervalMs } : {}),
      maxStalledCount: 5,
      settings: { backoffStrategy: (attemptsMade, _type, err) => this.backoff(attemptsMade, err) },
    });
    worker.on("failed", (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
      if (err instanceof ClaimedElsewhere) logger.debug({ outboxId: job.id }, err.message);
      else
        logger[final ? "error" : "warn"](
          { err, outboxId: job.id, attemptsMade: job.attemptsMade },
          final ? "outbox job gave up (the sweep enqueues the row again)" : "outbox delivery will be retried",
        );
    });
    worker.on("error", (err) => logger.error({ err }, "outbox worker error"));
    this.worker = worker;
  }

  async process(job: Pick<Job<DeliveryJobData>, "data">): Promise<DeliveryResult> {
    const id = job.data.outboxId;
    const result = await this.deps.delivery.deliver(id, { leaseMs: this.options.leaseMs, claimant: this.claimant });
    if (result.outcome === "retry") throw new RetryLater(result.error, result.retryAfterMs);
    if (result.outcome === "claimed_elsewhere") throw new ClaimedElsewhere(id, result.retryInMs);
    return result;
  }

  /**
   * At start: rows an earlier boot of this instance claimed and never recorded (it was killed
   * mid-send) are this process's to finish now, not after the lease: the claim knows they are
   * dead, and the abandoned-claim check keeps a message Webex already has from going out twice.
   * Their BullMQ jobs, still under the dead worker's lock, come back later and find them sent.
   */
  async reclaimDeadClaims(): Promise<number> {
    const dead = await this.deps.delivery.deadClaims(this.claimant);
    let finished = 0;
    for (const row of dead) {
      try {
        const result = await this.process({ data: { outboxId: row.id } });
        this.deps.logger.warn(
          { outboxId: row.id, outcome: result.outcome, deadClaim: row.claimedBy },
          "outbox: finished a send the previous boot left claimed",
        );
        finished += 1;
      } catch (err) {
        // A 429/5xx: the row is pending again; its job or the sweep sends it.
        this.deps.logger.warn(
          { err, outboxId: row.id },
          "outbox: a send the previous boot left claimed will be retried",
        );
      }
    }
    return finished;
  }

  /** Jobs waiting or running, and (unless `retries` is false) those backing off before a retry. */
  async busyCount(options: { retries?: boolean } = {}): Promise<number> {
    const c = await this.queue.getJobCounts("waiting", "active", "prioritized", "delayed");
    const retrying = options.retries === false ? 0 : (c.delayed ?? 0);
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + retrying;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
