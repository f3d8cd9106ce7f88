// Outbox delivery: the rows a commit wrote are sent at once by the process that committed them
// (`sendNow`), and BullMQ serves only what that first attempt could not settle: one job per
// outbox row (jobId = the row id, which is also the message's idempotency key) for a retry that
// backs off (honouring Webex's Retry-After on 429/5xx), a row claimed by another worker (it comes
// back when that claim's lease ends), and the rows the periodic sweep and the start-up reconcile
// find undelivered (this process stopped before sending them, or a row written outside a commit).
// Both paths run the same delivery use case (app/delivery/deliver-outbox.ts: claim, render,
// post, record), so the claim keeps a row from going out twice whichever path reaches it first.
// Sending at once instead of through a job saves each message three Redis scripts and a worker
// wake-up, and lets the sends of a burst share their statements (prisma/batched-statements.ts).
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
import pLimit, { type LimitFunction } from "p-limit";
import type { Logger } from "pino";
import type { DeliverOutbox, OutboxClaimant, PostTurn } from "../app/delivery/deliver-outbox.ts";
import type { Recipient } from "../domain/effects.ts";

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
  /** Retries and swept rows one at a time keep each space's messages in order. Default 1. */
  concurrency?: number;
  /**
   * Rows sent at once after their commit, at most this many at a time (messages to one
   * recipient still go one after the other, in commit order). Default 4.
   */
  sendNowConcurrency?: number;
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
  private readonly limit: LimitFunction;
  /** Per recipient, the post of the last row sent now: the next row's post to the same recipient waits for it. */
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly deps: DeliveryJobsDeps) {
    this.options = {
      leaseMs: 120_000,
      lockDurationMs: 30_000,
      concurrency: 1,
      sendNowConcurrency: 4,
      attempts: 20,
      baseBackoffMs: 1_000,
      maxBackoffMs: 5 * 60_000,
      ...deps.options,
    };
    const instance = deps.options?.instanceId ?? `${hostname()}:${deps.prefix}`;
    this.claimant = { instance, id: `${instance}/${Date.now().toString(36)}-${randomBytes(4).toString("hex")}` };
    this.limit = pLimit(this.options.sendNowConcurrency);
    this.queue = new Queue<DeliveryJobData, DeliveryResult>(DELIVERY_QUEUE, {
      connection: deps.connection,
      prefix: deps.prefix,
      streams: { events: { maxLen: 100 } },
    });
  }

  /**
   * One job per row; a row that already has a job is not enqueued twice (same job id). `delayMs`:
   * the job waits that long first (a retry of a send that was just tried).
   */
  async enqueue(outboxIds: readonly string[], delayMs = 0): Promise<void> {
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
            ...(delayMs > 0 ? { delay: delayMs } : {}),
          },
        })),
      );
    }
  }

  /**
   * Sends the rows a commit just wrote, in the background. One recipient's posts go in commit
   * order (each waits for the previous row's post, not for its record), and at most
   * sendNowConcurrency posts at a time; the claims, reads and marks around them run side by side,
   * so a burst of rows to one space shares its statements instead of taking three each in turn.
   * What one attempt cannot settle becomes a job (a retry after Webex's Retry-After or the
   * backoff; a row another worker holds); what cannot even be enqueued is the sweep's. Never throws.
   */
  sendNow(rows: readonly { outboxId: string; to: Recipient }[]): void {
    for (const { outboxId, to } of rows) {
      const lane = laneOf(to);
      const previous = this.lanes.get(lane) ?? Promise.resolve();
      let release = () => {};
      const posted = new Promise<void>((resolve) => {
        release = resolve;
      });
      this.lanes.set(lane, posted);
      const turn: PostTurn = async (post) => {
        await previous;
        try {
          return await this.limit(post);
        } finally {
          release();
        }
      };
      // A row that ends without posting (claimed elsewhere, already sent) lets the next one go.
      const run = this.sendOnce(outboxId, turn).finally(release);
      this.sending.add(run);
      void run.finally(() => {
        this.sending.delete(run);
        if (this.lanes.get(lane) === posted) this.lanes.delete(lane);
      });
    }
  }

  private async sendOnce(outboxId: string, turn: PostTurn): Promise<void> {
    const { logger } = this.deps;
    try {
      await this.process({ data: { outboxId } }, turn);
    } catch (err) {
      const delayMs = err instanceof RetryLater || err instanceof ClaimedElsewhere ? this.backoff(1, err) : 0;
      if (!(err instanceof ClaimedElsewhere))
        logger.warn({ err, outboxId, retryInMs: delayMs }, "outbox delivery will be retried");
      await this.enqueue([outboxId], delayMs).catch((error: unknown) =>
        logger.warn({ err: error, outboxId }, "outbox retry not enqueued; the sweep will"),
      );
    }
  }

  /** Resolves once every send started by sendNow so far (and any started meanwhile) has settled. */
  async settled(): Promise<void> {
    while (this.sending.size > 0) await Promise.allSettled([...this.sending]);
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

  async process(job: Pick<Job<DeliveryJobData>, "data">, turn?: PostTurn): Promise<DeliveryResult> {
    const id = job.data.outboxId;
    const result = await this.deps.delivery.deliver(
      id,
      { leaseMs: this.options.leaseMs, claimant: this.claimant },
      turn,
    );
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
    return this.sending.size + (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + retrying;
  }

  async close(): Promise<void> {
    // A send under way finishes (and may enqueue its retry) before the queue closes.
    await this.settled();
    await this.worker?.close();
    await this.queue.close();
  }
}

/** Messages to one recipient go one after the other; the language of an e-mail recipient is not who. */
function laneOf(to: Recipient): string {
  switch (to.kind) {
    case "email":
      return `email:${to.email.toLowerCase()}`;
    case "partner_space":
      return `partner:${to.partnerId}`;
    case "ops_space":
      return `ops:${to.partnerId ?? ""}`;
    case "room":
      return `room:${to.roomId}`;
  }
}
