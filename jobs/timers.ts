// Lifecycle timers on BullMQ: consent window end (R-CONSENT-6), reminders (R-EXP-1), expiry and
// grace (R-EXP-2), user notice (R-EXP-3), lapse (R-EXP-4), Calling number release (R-EXP-5),
// device return due/overdue (R-DEV-1).
//
// The store is the source of truth: its timers table holds every pending deadline, replaced in
// the same transaction as the change that moved them. Redis only holds the schedule, and only
// each trial's NEXT deadline: one delayed job per trial with a pending timer, id = the trial's
// id (timerJobId), data = that deadline's instant in epoch ms, name = its kind (for logs).
//  - After a commit, syncTrial re-reads the trial's timers from the store and replaces the job
//    when the earliest deadline moved (or removes it when none is left).
//  - A job that fires reads the trial's pending timers from the store and calls
//    TrialCommands.fireTimer for each one due by clock.now(), earliest first; the domain re-reads
//    the trial and skips a deadline that moved, was handled, or no longer applies (R-DEL-1:
//    deleted trials have none). Firing twice is harmless.
//  - When the job finishes (the worker's completed/failed handlers), the trial is synced again:
//    that schedules the following deadline (or the one the firing itself set: the next device
//    unit, the grace timers), without re-adding what the run just handled or skipped.
//  - A job cannot be removed while it runs (its lock): a change meanwhile is mirrored by that
//    re-sync when the job finishes.
//  - reconcile() at start (and periodically) makes Redis match the store: every trial's next
//    deadline has its job, every other timer job is removed. Losing Redis loses no deadline.
// Delays come from the injected clock (dueAt − clock.now()); a job Redis runs before the
// injected clock reaches its instant is put back (moveToDelayed).
//
// Memory (issue 13: ≤ 1 KB per active trial): one job per trial instead of one per deadline,
// and a job hash small enough for Redis's compact encoding (listpack: every value ≤ 64 bytes,
// `hash-max-listpack-value`). BullMQ's own add stores the job id inside `opts`, which a UUID
// pushes past 64 bytes (a hash table: ~600 B instead of ~150 B), so timer jobs are added by a
// script of ours that writes the same fields BullMQ's addDelayedJob writes (name, data, opts,
// timestamp, delay, priority; the delayed set's score; the delay marker) without the id in
// opts, many jobs per call: that also makes reconciling 100,000 trials a few dozen round trips.
// Retries (attempts, backoff) stay in opts; removeOnComplete/removeOnFail are the worker's.
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../app/clock.ts";
import type { TimerSchedule } from "../app/timer-schedule.ts";
import type { Outcome } from "../app/trial-commands.ts";
import type { TimerKind, TimerSpec } from "../domain/effects.ts";

export const TIMER_QUEUE = "timers";

/**
 * The job id of a trial's next deadline: the trial id itself. BullMQ refuses ids containing ':'
 * and integer-like ids, and '|' marked the per-deadline jobs of earlier versions: such trial ids
 * (none are made today) are escaped as '~' + base64url.
 */
export function timerJobId(trialId: string): string {
  return /[:|~]/.test(trialId) || /^\d+$/.test(trialId) ? `~${Buffer.from(trialId).toString("base64url")}` : trialId;
}

/** The trial of a timer job id (also of the `${trialId}|${kind}` jobs of earlier versions). */
export function trialIdOfJob(jobId: string): string {
  if (jobId.startsWith("~")) return Buffer.from(jobId.slice(1), "base64url").toString();
  const bar = jobId.indexOf("|");
  return bar >= 0 ? jobId.slice(0, bar) : jobId;
}

/** Epoch ms of the deadline; earlier versions stored { trialId, kind, dueAt (ISO) }. */
export type TimerJobData = number | { trialId: string; kind: TimerKind; dueAt: string };

/** The instant a timer job was scheduled for (NaN when unreadable). */
export function timerJobDue(data: unknown): number {
  if (typeof data === "number") return data;
  if (typeof data === "string") return /^\d+$/.test(data) ? Number(data) : timerJobDue(safeParse(data));
  if (data && typeof data === "object" && "dueAt" in data) return Date.parse(String(data.dueAt));
  return Number.NaN;
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export interface TimerJobResult {
  outcome: "fired" | "skipped" | "refused" | "nothing_due";
  detail: string | null;
  /** The deadlines this run handled or skipped (`kind@ISO`): the re-sync does not schedule them again. */
  ran: string[];
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
  /** The pending deadlines the store holds (app/timer-schedule.ts). */
  store: TimerSchedule;
  clock: Clock;
  logger: Logger;
  /** Producer connection (shared by the queues of this process). */
  connection: Redis;
  prefix: string;
  fireTimer: (trialId: string, kind: TimerKind, dueAt: Date) => Promise<Outcome>;
  options?: TimerJobsOptions;
}

export interface ReconcileReport {
  /** Trials with a pending deadline in the store (each should have one job). */
  deadlines: number;
  /** Timer jobs found in Redis before reconciling. */
  jobsBefore: number;
  added: number;
  moved: number;
  removed: number;
  /** Jobs that could not be removed because a worker is running them (they will be skipped). */
  busy: number;
  ms: number;
  /** Of ms: reading Redis's jobs, reading the store, writing Redis. */
  phasesMs: { redis: number; store: number; write: number };
}

/** Jobs per script call: a call blocks Redis for a few ms at most. */
const CHUNK = 2000;

/** The job states that still hold a job of a pending deadline (completed/failed jobs are removed). */
const LIVE_STATES = ["delayed", "waiting", "active", "prioritized"] as const;

const ranKey = (t: Pick<TimerSpec, "kind" | "dueAt">) => `${t.kind}@${t.dueAt.toISOString()}`;

// KEYS[1] the delayed set, KEYS[2] the marker. ARGV[1] the job key prefix, ARGV[2] timestamp
// (ms), ARGV[3] opts (JSON); then per job: id, name, data, delay (ms). A job whose key exists is
// left alone (as BullMQ's add does with a duplicate id). The fields, the score and the marker are
// those of BullMQ 6.7's addDelayedJob (storeJob.lua, getDelayedScore.lua,
// addDelayMarkerIfNeeded.lua), except that the score's low 12 bits (BullMQ's order among jobs
// due in the same millisecond) stay 0: deadlines of one instant have no order to keep. Its
// 'delayed' event is not emitted (nothing here listens).
const ADD_SCRIPT = `
local rcall = redis.call
local prefix, ts, opts = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local added = 0
for i = 4, #ARGV, 4 do
  local id, delay = ARGV[i], tonumber(ARGV[i + 3])
  local key = prefix .. id
  if rcall("EXISTS", key) == 0 then
    rcall("HSET", key, "name", ARGV[i + 1], "data", ARGV[i + 2], "opts", opts, "timestamp", ts, "delay", delay, "priority", 0)
    rcall("ZADD", KEYS[1], (ts + delay) * 0x1000, id)
    added = added + 1
  end
end
local first = rcall("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
if first[2] then rcall("ZADD", KEYS[2], tonumber(first[2]) / 0x1000, "1") end
return added
`;

// ARGV[1] the job key prefix, then job ids: each job's data (false when gone).
const READ_SCRIPT = `
local out = {}
for i = 2, #ARGV do out[i - 1] = redis.call("HGET", ARGV[1] .. ARGV[i], "data") end
return out
`;

interface TimerScripts {
  trialsAddTimerJobs(delayedKey: string, markerKey: string, ...args: (string | number)[]): Promise<number>;
  trialsReadTimerJobs(...args: string[]): Promise<(string | null)[]>;
}

function scripts(connection: Redis): TimerScripts {
  const c = connection as Redis & Partial<TimerScripts>;
  if (!c.trialsAddTimerJobs) connection.defineCommand("trialsAddTimerJobs", { numberOfKeys: 2, lua: ADD_SCRIPT });
  if (!c.trialsReadTimerJobs) connection.defineCommand("trialsReadTimerJobs", { numberOfKeys: 0, lua: READ_SCRIPT });
  return connection as unknown as TimerScripts;
}

export class TimerJobs {
  readonly queue: Queue<TimerJobData, TimerJobResult>;
  private worker: Worker<TimerJobData, TimerJobResult> | null = null;
  /** syncTrial runs one at a time per trial in this process. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly options: Required<Omit<TimerJobsOptions, "stalledIntervalMs">> & { stalledIntervalMs?: number };
  private readonly scripts: TimerScripts;
  /** opts of every timer job: under 64 bytes (see the top of this file). */
  private readonly optsJson: string;

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
    this.scripts = scripts(deps.connection);
    this.optsJson = JSON.stringify({
      attempts: this.options.attempts,
      backoff: { type: "exponential", delay: this.options.backoffMs },
    });
  }

  /** The Redis key of a job's hash, without the id. */
  private get jobKeyPrefix(): string {
    return `${this.queue.qualifiedName}:`;
  }

  /** Adds jobs for these deadlines (one per trial); an existing job of a trial is left alone. */
  private async addJobs(timers: readonly TimerSpec[]): Promise<number> {
    let added = 0;
    const { delayed, marker } = this.queue.keys;
    // BullMQ always defines both keys; a missing one means an incompatible BullMQ version.
    if (delayed === undefined || marker === undefined) throw new Error("BullMQ queue keys lack delayed/marker");
    for (let i = 0; i < timers.length; i += CHUNK) {
      const now = this.deps.clock.now().getTime();
      const args: (string | number)[] = [this.jobKeyPrefix, Date.now(), this.optsJson];
      for (const t of timers.slice(i, i + CHUNK)) {
        const due = t.dueAt.getTime();
        // Delay 0 would still go through the delayed set: 1 ms keeps BullMQ's invariants simple.
        args.push(timerJobId(t.trialId), t.kind, due, Math.max(1, due - now));
      }
      added += await this.scripts.trialsAddTimerJobs(delayed, marker, ...args);
    }
    return added;
  }

  /** The scheduled instant (epoch ms) of each job id: NaN when unreadable, absent when gone. */
  private async readJobs(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < ids.length; i += CHUNK * 5) {
      const chunk = ids.slice(i, i + CHUNK * 5);
      const data = await this.scripts.trialsReadTimerJobs(this.jobKeyPrefix, ...chunk);
      chunk.forEach((id, j) => {
        const d = data[j];
        if (typeof d === "string") out.set(id, timerJobDue(d));
      });
    }
    return out;
  }

  /** The trial's job: its deadline's instant and kind, or null (tests, tools). */
  async jobOf(trialId: string): Promise<{ dueAt: Date; kind: string } | null> {
    const [name, data] = await this.deps.connection.hmget(this.jobKeyPrefix + timerJobId(trialId), "name", "data");
    return data === null ? null : { dueAt: new Date(timerJobDue(data)), kind: name ?? "" };
  }

  /**
   * Makes the trial's job match its next pending deadline in the store. `ran`: deadlines the
   * job that just finished handled or skipped; they are not scheduled again even if the store
   * still lists them (a reminder skipped because the trial ended stays in the store until the
   * expiry replaces the timers). `upTo`: after a job failed for good, nothing due at or before
   * it is scheduled again (the periodic reconcile does).
   */
  syncTrial(
    trialId: string,
    justRan?: { ran?: readonly string[]; upTo?: number },
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

  private async doSyncTrial(trialId: string, justRan?: { ran?: readonly string[]; upTo?: number }) {
    const id = timerJobId(trialId);
    const [pending, existing] = await Promise.all([this.deps.store.pendingTimers(trialId), this.readJobs([id])]);
    const ran = new Set(justRan?.ran ?? []);
    const upTo = justRan?.upTo ?? Number.NEGATIVE_INFINITY;
    let next: TimerSpec | undefined;
    for (const t of pending) {
      if (ran.has(ranKey(t)) || t.dueAt.getTime() <= upTo) continue;
      if (!next || t.dueAt.getTime() < next.dueAt.getTime()) next = t;
    }
    const have = existing.get(id);
    if (next && have === next.dueAt.getTime()) return { added: 0, removed: 0, busy: 0 };
    let removed = 0;
    if (have !== undefined) {
      // 0 when a worker holds the job: it runs, fires what is due by then, and when it
      // finishes the trial is synced again and the new deadline scheduled.
      if ((await this.queue.remove(id)) === 0) return { added: 0, removed: 0, busy: 1 };
      removed = 1;
    }
    const added = next ? await this.addJobs([next]) : 0;
    return { added, removed, busy: 0 };
  }

  /**
   * Redis ← store for every trial. Redis is read before the store: a deadline committed meanwhile
   * is in the store read or its job in the Redis read, so a live job is never removed.
   */
  async reconcile(): Promise<ReconcileReport> {
    const t0 = performance.now();
    const ids = [...new Set(await this.queue.getRanges([...LIVE_STATES], 0, -1))];
    const existing = await this.readJobs(ids);
    const t1 = performance.now();
    const deadlines = await this.deps.store.nextTimers();
    const t2 = performance.now();
    const toAdd: TimerSpec[] = [];
    const toRemove: string[] = [];
    const wantedIds = new Set<string>();
    let moved = 0;
    for (const t of deadlines) {
      const id = timerJobId(t.trialId);
      wantedIds.add(id);
      const have = existing.get(id);
      if (have === t.dueAt.getTime()) continue;
      if (have !== undefined) {
        toRemove.push(id);
        moved += 1;
      }
      toAdd.push(t);
    }
    // Jobs of trials without a deadline, and the per-deadline jobs of earlier versions.
    for (const id of existing.keys()) if (!wantedIds.has(id)) toRemove.push(id);
    let removed = 0;
    let busy = 0;
    for (let i = 0; i < toRemove.length; i += 500) {
      const results = await Promise.all(toRemove.slice(i, i + 500).map((id) => this.queue.remove(id)));
      for (const r of results) {
        if (r === 0) busy += 1;
        else removed += 1;
      }
    }
    // A busy job's trial keeps its running job (the add skips it); its re-sync follows.
    const added = await this.addJobs(toAdd);
    const report = {
      deadlines: deadlines.length,
      jobsBefore: ids.length,
      added,
      moved,
      removed,
      busy,
      ms: Math.round(performance.now() - t0),
      phasesMs: { redis: Math.round(t1 - t0), store: Math.round(t2 - t1), write: Math.round(performance.now() - t2) },
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
      if (!(timerJobDue(job.data) <= now)) continue;
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
      // Finished jobs leave Redis at once: a trial holds only its next deadline's job.
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    const resync = (job: Job<TimerJobData> | undefined, justRan: { ran?: readonly string[]; upTo?: number }) => {
      if (!job?.id) return;
      const trialId = trialIdOfJob(job.id);
      void this.syncTrial(trialId, justRan).catch((err) =>
        logger.error({ err, trialId }, "timer: re-sync after the job finished"),
      );
    };
    worker.on("completed", (job, result) => resync(job, { ran: result?.ran ?? [] }));
    worker.on("failed", (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      logger[final ? "error" : "warn"](
        { err, jobId: job.id, attemptsMade: job.attemptsMade, now: clock.now() },
        final ? "timer job failed for good (the periodic reconcile schedules it again)" : "timer job failed; retrying",
      );
      if (final) resync(job, { upTo: timerJobDue(job.data) });
    });
    worker.on("error", (err) => logger.error({ err }, "timer worker error"));
    this.worker = worker;
  }

  private async process(job: Job<TimerJobData, TimerJobResult>, token?: string): Promise<TimerJobResult> {
    const trialId = trialIdOfJob(job.id ?? "");
    const early = timerJobDue(job.data) - this.deps.clock.now().getTime();
    if (early > 0) {
      // Redis's time ran ahead of the bot's clock (skew, or a test clock): wait for the deadline.
      await job.moveToDelayed(Date.now() + early, token);
      throw new DelayedError();
    }
    const now = this.deps.clock.now().getTime();
    const due = (await this.deps.store.pendingTimers(trialId))
      .filter((t) => t.dueAt.getTime() <= now)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    const result: TimerJobResult = { outcome: "nothing_due", detail: null, ran: [] };
    for (const t of due) {
      const outcome = await this.deps.fireTimer(trialId, t.kind, t.dueAt);
      const log = { jobId: job.id, kind: t.kind, dueAt: t.dueAt };
      if (!outcome.ok) {
        // Someone changed the trial while it fired: run again (the domain re-decides on fresh
        // state; what fired already has left the store).
        if (outcome.refusal.code === "changed_meanwhile")
          throw new Error(`timer ${job.id}: the trial changed meanwhile`);
        this.deps.logger.info({ ...log, refusal: outcome.refusal.code }, "timer: nothing to do");
        Object.assign(result, { outcome: "refused", detail: outcome.refusal.code });
      } else if (outcome.decision.skipped) {
        this.deps.logger.info({ ...log, reason: outcome.decision.skipped }, "timer: skipped");
        Object.assign(result, { outcome: "skipped", detail: outcome.decision.skipped });
      } else {
        this.deps.logger.info({ ...log, status: outcome.trial?.status }, "timer fired");
        Object.assign(result, { outcome: "fired", detail: outcome.trial?.status ?? null });
      }
      result.ran.push(ranKey(t));
    }
    return result;
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
