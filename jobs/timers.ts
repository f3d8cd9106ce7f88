// Lifecycle timers on BullMQ: consent window end (R-CONSENT-6), reminders (R-EXP-1), expiry and
// grace (R-EXP-2), user notice (R-EXP-3), lapse (R-EXP-4), Calling number release (R-EXP-5),
// device return due/overdue (R-DEV-1).
//
// The store is the source of truth: its timers table holds every pending deadline, replaced in
// the same transaction as the change that moved them. Redis only holds the schedule: one delayed
// job per pending (trial, kind), id `${trialId}|${kind}`, data { trialId, kind, dueAt }.
//  - After a commit, syncTrial mirrors the trial's timers from the store: jobs of kinds no longer
//    pending are removed, a moved deadline is removed and re-added with its new delay.
//  - A job that fires calls TrialCommands.fireTimer with its dueAt; the domain re-reads the trial
//    and skips a deadline that moved, was handled, or no longer applies (R-DEL-1: deleted trials
//    have none). Firing twice is harmless.
//  - A job cannot be removed while it runs (its lock): a deadline of the same kind re-set by the
//    firing itself (the next device unit) or by a concurrent change is mirrored again when the
//    job finishes (the worker's completed/failed handlers re-sync the trial).
//  - reconcile() at start (and periodically) makes Redis match the store: every pending deadline
//    has its job, every job without a live deadline is removed. Losing Redis loses no deadline.
// Delays come from the injected clock (dueAt − clock.now()); the worker passes the job's dueAt to
// fireTimer and the domain compares it with clock.now().
import { DelayedError, Queue, Worker, type Job, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../app/clock.ts";
import type { Store } from "../app/store.ts";
import type { Outcome } from "../app/trial-commands.ts";
import { TIMER_KINDS, type TimerKind, type TimerSpec } from "../domain/effects.ts";

export const TIMER_QUEUE = "timers";

/** BullMQ refuses custom ids containing ':' (and integer-like ids): '|' separates the parts. */
export const timerJobId = (trialId: string, kind: TimerKind): string => `${trialId}|${kind}`;

export interface TimerJobData {
  trialId: string;
  kind: TimerKind;
  /** ISO instant of the deadline the job was scheduled for. */
  dueAt: string;
}

export interface TimerJobResult {
  outcome: "fired" | "skipped" | "refused";
  detail: string | null;
}

export interface TimerJobsOptions {
  /** Job lock: a worker that stops renewing it for this long is presumed dead. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired. Default lockDuration / 2. */
  stalledIntervalMs?: number;
  concurrency?: number;
  /** Attempts of a firing that throws (a database outage, a concurrent edit). Default 8. */
  attempts?: number;
  backoffMs?: number;
}

export interface TimerJobsDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Producer connection (shared by the queues of this process). */
  connection: Redis;
  prefix: string;
  fireTimer: (trialId: string, kind: TimerKind, dueAt: Date) => Promise<Outcome>;
  options?: TimerJobsOptions;
}

export interface ReconcileReport {
  /** Pending deadlines in the store. */
  deadlines: number;
  /** Timer jobs found in Redis before reconciling. */
  jobsBefore: number;
  added: number;
  moved: number;
  removed: number;
  /** Jobs that could not be removed because a worker is running them (they will be skipped). */
  busy: number;
  ms: number;
}

const CHUNK = 1000;

/** The job states that still hold a job of a pending deadline (completed/failed jobs are removed). */
const LIVE_STATES = ["delayed", "waiting", "active", "prioritized"] as const;

export class TimerJobs {
  readonly queue: Queue<TimerJobData, TimerJobResult>;
  private worker: Worker<TimerJobData, TimerJobResult> | null = null;
  /** syncTrial runs one at a time per trial in this process. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly options: Required<Omit<TimerJobsOptions, "stalledIntervalMs">> & { stalledIntervalMs?: number };

  constructor(private readonly deps: TimerJobsDeps) {
    this.options = {
      lockDurationMs: 30_000,
      concurrency: 4,
      attempts: 8,
      backoffMs: 5_000,
      ...deps.options,
    };
    this.queue = new Queue<TimerJobData, TimerJobResult>(TIMER_QUEUE, {
      connection: deps.connection,
      prefix: deps.prefix,
      // The events stream is BullMQ's only per-queue overhead that grows with traffic.
      streams: { events: { maxLen: 100 } },
    });
  }

  /** The Redis key of a job's hash. */
  private jobKey(jobId: string): string {
    return `${this.queue.qualifiedName}:${jobId}`;
  }

  jobOptions(timer: TimerSpec): JobsOptions {
    return {
      jobId: timerJobId(timer.trialId, timer.kind),
      delay: Math.max(0, timer.dueAt.getTime() - this.deps.clock.now().getTime()),
      // Finished jobs leave Redis at once: a trial holds only its pending deadlines' jobs.
      removeOnComplete: true,
      removeOnFail: true,
      attempts: this.options.attempts,
      backoff: { type: "exponential", delay: this.options.backoffMs },
    };
  }

  private jobFor(timer: TimerSpec) {
    return {
      name: timer.kind,
      data: { trialId: timer.trialId, kind: timer.kind, dueAt: timer.dueAt.toISOString() },
      opts: this.jobOptions(timer),
    };
  }

  /** The dueAt (ISO) of each kind's job of this trial, read in one round trip. */
  private async jobsOfTrial(trialId: string): Promise<Map<TimerKind, string>> {
    const pipeline = this.deps.connection.pipeline();
    for (const kind of TIMER_KINDS) pipeline.hget(this.jobKey(timerJobId(trialId, kind)), "data");
    const replies = (await pipeline.exec()) ?? [];
    const out = new Map<TimerKind, string>();
    TIMER_KINDS.forEach((kind, i) => {
      const [err, data] = replies[i] ?? [null, null];
      if (err || typeof data !== "string") return;
      out.set(kind, (JSON.parse(data) as TimerJobData).dueAt);
    });
    return out;
  }

  /**
   * Makes the trial's jobs match its pending deadlines in the store. `justRan` is a deadline whose
   * job just finished: it is not scheduled again even if the store still lists it (a reminder
   * skipped because the trial ended stays in the store until the expiry replaces the timers).
   */
  syncTrial(
    trialId: string,
    justRan?: { kind: TimerKind; dueAt: string },
  ): Promise<{ added: number; removed: number; busy: number }> {
    const previous = this.chains.get(trialId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.doSyncTrial(trialId, justRan));
    this.chains.set(trialId, run);
    void run
      .finally(() => {
        if (this.chains.get(trialId) === run) this.chains.delete(trialId);
      })
      .catch(() => undefined);
    return run;
  }

  private async doSyncTrial(trialId: string, justRan?: { kind: TimerKind; dueAt: string }) {
    const [wanted, existing] = await Promise.all([this.deps.store.pendingTimers(trialId), this.jobsOfTrial(trialId)]);
    const byKind = new Map(wanted.map((t) => [t.kind, t]));
    let added = 0;
    let removed = 0;
    let busy = 0;
    for (const kind of TIMER_KINDS) {
      const want = byKind.get(kind);
      const have = existing.get(kind);
      const id = timerJobId(trialId, kind);
      if (want && have === want.dueAt.toISOString()) continue;
      if (want && justRan && justRan.kind === kind && justRan.dueAt === want.dueAt.toISOString()) continue;
      if (have !== undefined) {
        // 0 when a worker holds the job: it runs, finds its deadline gone or moved and does
        // nothing; when it finishes, the trial is synced again and the new deadline scheduled.
        if ((await this.queue.remove(id)) === 0) {
          busy += 1;
          continue;
        }
        removed += 1;
      }
      if (want) {
        await this.queue.add(kind, { trialId, kind, dueAt: want.dueAt.toISOString() }, this.jobOptions(want));
        added += 1;
      }
    }
    return { added, removed, busy };
  }

  /**
   * Redis ← store for every trial. Redis is read before the store: a deadline committed meanwhile
   * is in the store read or its job in the Redis read, so a live job is never removed.
   */
  async reconcile(): Promise<ReconcileReport> {
    const t0 = performance.now();
    const ids = [...new Set(await this.queue.getRanges([...LIVE_STATES], 0, -1))];
    const existing = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const pipeline = this.deps.connection.pipeline();
      for (const id of chunk) pipeline.hget(this.jobKey(id), "data");
      const replies = (await pipeline.exec()) ?? [];
      chunk.forEach((id, j) => {
        const data = replies[j]?.[1];
        if (typeof data === "string") existing.set(id, (JSON.parse(data) as TimerJobData).dueAt);
      });
    }
    const deadlines = await this.deps.store.pendingTimers();
    const toAdd: TimerSpec[] = [];
    const toRemove: string[] = [];
    const wantedIds = new Set<string>();
    let moved = 0;
    for (const t of deadlines) {
      const id = timerJobId(t.trialId, t.kind);
      wantedIds.add(id);
      const have = existing.get(id);
      if (have === t.dueAt.toISOString()) continue;
      if (have !== undefined) {
        toRemove.push(id);
        moved += 1;
      }
      toAdd.push(t);
    }
    for (const id of existing.keys()) if (!wantedIds.has(id)) toRemove.push(id);
    let removed = 0;
    let busy = 0;
    for (let i = 0; i < toRemove.length; i += CHUNK) {
      const results = await Promise.all(toRemove.slice(i, i + CHUNK).map((id) => this.queue.remove(id)));
      for (const r of results) r === 0 ? (busy += 1) : (removed += 1);
    }
    for (let i = 0; i < toAdd.length; i += CHUNK) {
      await this.queue.addBulk(toAdd.slice(i, i + CHUNK).map((t) => this.jobFor(t)));
    }
    const report = {
      deadlines: deadlines.length,
      jobsBefore: ids.length,
      added: toAdd.length,
      moved,
      removed,
      busy,
      ms: Math.round(performance.now() - t0),
    };
    this.deps.logger.info(report, "timers reconciled with the store");
    return report;
  }

  /**
   * Makes every delayed job whose deadline is due by the injected clock runnable now: for the
   * test clock (and tests), where clock.now() runs ahead of Redis's own time.
   */
  async promoteDue(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    let promoted = 0;
    for (const job of await this.queue.getDelayed(0, -1)) {
      if (Date.parse(job.data.dueAt) > now) continue;
      try {
        await job.promote();
        promoted += 1;
      } catch {
        // Moved or removed meanwhile.
      }
    }
    return promoted;
  }

  /** Starts taking timer jobs. */
  startWorker(connection: Redis): void {
    const { logger, clock } = this.deps;
    const worker = new Worker<TimerJobData, TimerJobResult>(TIMER_QUEUE, (job, token) => this.process(job, token), {
      connection,
      prefix: this.deps.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs,
      ...(this.options.stalledIntervalMs !== undefined ? { stalledInterval: this.options.stalledIntervalMs } : {}),
      maxStalledCount: 3,
    });
    const resync = (job: Job<TimerJobData> | undefined) => {
      if (!job) return;
      void this.syncTrial(job.data.trialId, { kind: job.data.kind, dueAt: job.data.dueAt }).catch((err) =>
        logger.error({ err, trialId: job.data.trialId }, "timer: re-sync after the job failed"),
      );
    };
    worker.on("completed", (job) => resync(job));
    worker.on("failed", (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      logger[final ? "error" : "warn"](
        { err, jobId: job.id, attemptsMade: job.attemptsMade, now: clock.now() },
        final ? "timer job failed for good (the periodic reconcile schedules it again)" : "timer job failed; retrying",
      );
      if (final) resync(job);
    });
    worker.on("error", (err) => logger.error({ err }, "timer worker error"));
    this.worker = worker;
  }

  private async process(job: Job<TimerJobData, TimerJobResult>, token?: string): Promise<TimerJobResult> {
    const { trialId, kind } = job.data;
    const dueAt = new Date(job.data.dueAt);
    const early = dueAt.getTime() - this.deps.clock.now().getTime();
    if (early > 0) {
      // Redis's time ran ahead of the bot's clock (skew, or a test clock): wait for the deadline.
      await job.moveToDelayed(Date.now() + early, token);
      throw new DelayedError();
    }
    const outcome = await this.deps.fireTimer(trialId, kind, dueAt);
    if (!outcome.ok) {
      // Someone changed the trial while it fired: run again (the domain re-decides on fresh state).
      if (outcome.refusal.code === "changed_meanwhile") throw new Error(`timer ${job.id}: the trial changed meanwhile`);
      this.deps.logger.info({ jobId: job.id, refusal: outcome.refusal.code }, "timer: nothing to do");
      return { outcome: "refused", detail: outcome.refusal.code };
    }
    if (outcome.decision.skipped) {
      this.deps.logger.info({ jobId: job.id, reason: outcome.decision.skipped }, "timer: skipped");
      return { outcome: "skipped", detail: outcome.decision.skipped };
    }
    this.deps.logger.info({ jobId: job.id, status: outcome.trial?.status }, "timer fired");
    return { outcome: "fired", detail: outcome.trial?.status ?? null };
  }

  /** Jobs waiting or running (not delayed). */
  async busyCount(): Promise<number> {
    const c = await this.queue.getJobCounts("waiting", "active", "prioritized");
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0);
  }

  /** Pending syncs of this process. */
  async settled(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** Stops taking jobs and waits for the running ones; then closes the queue. */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.settled();
    await this.queue.close();
  }
}
