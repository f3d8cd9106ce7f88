// Lifecycle timers on BullMQ: consent window end (R-CONSENT-6), reminders (R-EXP-1), expiry and
// grace (R-EXP-2), user notice (R-EXP-3), lapse (R-EXP-4), Calling number release (R-EXP-5),
// device return due/overdue (R-DEV-1).
//
// The store is the source of truth: its timers table holds every pending deadline, replaced in
// the same transaction as the change that moved them. Redis only holds the schedule, and only
// each trial's NEXT deadline: one delayed job per trial with a pending timer, id = the trial's
// id (timerJobId), data = that deadline's instant in epoch ms, name = its kind. Firing does not
// depend on the kind, but a job is only right when it holds both: what Redis shows is the next
// deadline.
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
//    A sync that runs between its reads and its writes wins: reconcile only removes a job that
//    is still the one it read, and never adds over an existing job.
//    With nothing to do (issue 13: ≤ 1 s for 100,000 trials) it reads the delayed set's
//    scores, which name each job's deadline and kind (timer-scripts.ts), not every job's hash.
// Delays come from the injected clock (dueAt − clock.now()): on a wall clock a job runs at its
// deadline; a job Redis runs before the injected clock reaches its instant is put back
// (moveToDelayed).
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
import DataLoader from "dataloader";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../app/clock.ts";
import type { TimerSchedule } from "../app/timer-schedule.ts";
import type { Outcome } from "../app/trial-commands.ts";
import type { TimerKind, TimerSpec } from "../domain/effects.ts";
import {
  deadlineScore,
  kindBits,
  namesDeadline,
  type RemoveOutcome,
  type TimerScripts,
  timerScripts,
} from "./timer-scripts.ts";

export const TIMER_QUEUE = "timers";

const UNSAFE_ID = /[:|~]|^\d+$/;

/**
 * The job id of a trial's next deadline: the trial id itself. BullMQ refuses ids containing ':'
 * and integer-like ids, and '|' marked the per-deadline jobs of earlier versions: such trial ids
 * (none are made today) are escaped as '~' + base64url.
 */
export function timerJobId(trialId: string): string {
  return UNSAFE_ID.test(trialId) ? `~${Buffer.from(trialId).toString("base64url")}` : trialId;
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
  /** Right jobs whose score did not name their deadline (written by earlier versions): re-scored. */
  restamped: number;
  /** Jobs that could not be removed because a worker is running them (they will be skipped). */
  busy: number;
  /**
   * Jobs to remove (moved, or without a deadline) that were no longer the job read when the
   * removal came (a sync replaced or removed them meanwhile, or they fell due and left the
   * delayed set): left alone. The add skips a trial whose job is there, so the store read's
   * deadline is not written over a sync's newer job.
   */
  changed: number;
  ms: number;
  /** Of ms: reading Redis's jobs, reading the store, writing Redis. */
  phasesMs: { redis: number; store: number; write: number };
}

/** Jobs per script call: a call blocks Redis for a few ms at most. */
const CHUNK = 2000;
/** A removal runs about four times the commands of an add (its states, keys and event). */
const REMOVE_CHUNK = CHUNK / 4;

/** What Redis holds for a trial: its deadline (epoch ms; NaN when unreadable) and kind. */
interface HeldJob {
  due: number;
  kind: string;
  /** As read from its hash (with its name): a job added again since differs in timestamp at least. */
  data: string;
  timestamp: string;
  /** Its score in the delayed set, when that did not name the deadline (its hash was read). */
  score?: string;
}

/** A job reconcile removes, as it read it: its score (named its deadline) or its hash. */
type ReadJob = { id: string; score: number } | { id: string; job: HeldJob };

/** The live timer jobs as reconcile reads them. */
interface Schedule {
  /** Delayed jobs whose score names their deadline and kind (timer-scripts.ts): id → score. */
  scored: Map<string, number>;
  /** The others, from their hashes. */
  read: Map<string, HeldJob>;
}

const ranKey = (t: Pick<TimerSpec, "kind" | "dueAt">) => `${t.kind}@${t.dueAt.toISOString()}`;

interface SyncRequest {
  trialId: string;
  justRan?: { ran?: readonly string[]; upTo?: number };
}

/** What a sync did to the trial's job: nothing to do, replaced (or added, or removed), or held by a worker. */
export type SyncOutcome = "unchanged" | "replaced" | "busy";

/** The earliest pending deadline, but those the job that just ran handled (see syncTrial). */
function nextDeadline(pending: readonly TimerSpec[], justRan: SyncRequest["justRan"]): TimerSpec | undefined {
  const ran = new Set(justRan?.ran ?? []);
  const upTo = justRan?.upTo ?? Number.NEGATIVE_INFINITY;
  let next: TimerSpec | undefined;
  for (const t of pending) {
    if (ran.has(ranKey(t)) || t.dueAt.getTime() <= upTo) continue;
    if (!next || t.dueAt.getTime() < next.dueAt.getTime()) next = t;
  }
  return next;
}

export class TimerJobs {
  readonly queue: Queue<TimerJobData, TimerJobResult>;
  private worker: Worker<TimerJobData, TimerJobResult> | null = null;
  /** syncTrial runs one at a time per trial in this process. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly syncs = new DataLoader<SyncRequest, SyncOutcome>((requests) => this.syncTrials(requests), {
    cache: false,
    batchScheduleFn: (flush) => setImmediate(flush),
    maxBatchSize: 500,
  });
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
    this.scripts = timerScripts(deps.connection);
    this.optsJson = JSON.stringify({
      attempts: this.options.attempts,
      backoff: { type: "exponential", delay: this.options.backoffMs },
    });
  }

  /** The Redis key of a job's hash, without the id. */
  private get jobKeyPrefix(): string {
    return `${this.queue.qualifiedName}:`;
  }

  private get keys(): { delayed: string; marker: string } {
    const { delayed, marker } = this.queue.keys;
    // BullMQ always defines both keys; a missing one means an incompatible BullMQ version.
    if (delayed === undefined || marker === undefined) throw new Error("BullMQ queue keys lack delayed/marker");
    return { delayed, marker };
  }

  /**
   * How far the injected clock lags Date.now(), which times Redis's schedule: 0 for a wall
   * clock (within a second), so a job runs at its deadline and its score can name it.
   */
  private clockLag(ts: number): number {
    const lag = ts - this.deps.clock.now().getTime();
    return Math.abs(lag) < 1000 ? 0 : lag;
  }

  /** Adds jobs for these deadlines (one per trial); an existing job of a trial is left alone. */
  private async addJobs(timers: readonly TimerSpec[]): Promise<number> {
    let added = 0;
    const { delayed, marker } = this.keys;
    for (let i = 0; i < timers.length; i += CHUNK) {
      const ts = Date.now();
      const lag = this.clockLag(ts);
      const args: (string | number)[] = [this.jobKeyPrefix, ts, this.optsJson];
      for (const t of timers.slice(i, i + CHUNK)) {
        const due = t.dueAt.getTime();
        // Delay 0 would still go through the delayed set: 1 ms keeps BullMQ's invariants simple.
        const runAt = Math.max(ts + 1, due + lag);
        args.push(timerJobId(t.trialId), t.kind, due, runAt - ts, runAt === due ? kindBits(t.kind) : 0);
      }
      added += await this.scripts.trialsAddTimerJobs(delayed, marker, ...args);
    }
    return added;
  }

  /** Each job's deadline and kind from its hash (absent when gone). */
  private async readJobs(ids: readonly string[]): Promise<Map<string, HeldJob>> {
    const out = new Map<string, HeldJob>();
    for (let i = 0; i < ids.length; i += CHUNK * 5) {
      const chunk = ids.slice(i, i + CHUNK * 5);
      const jobs = await this.scripts.trialsReadTimerJobs(this.jobKeyPrefix, ...chunk);
      chunk.forEach((id, j) => {
        const [name, data, timestamp] = jobs[j] ?? [null, null, null];
        if (typeof data === "string")
          out.set(id, { due: timerJobDue(data), kind: name ?? "", data, timestamp: timestamp ?? "" });
      });
    }
    return out;
  }

  /**
   * Every live timer job: a delayed job whose score names its deadline (our add script's, see
   * timer-scripts.ts) by its score alone; the others (scored by BullMQ or an earlier version,
   * waiting, running) by their hashes. One script reads every state: no job is missed moving
   * from one to another meanwhile.
   */
  private async readSchedule(): Promise<Schedule> {
    const { delayed, wait, paused, active, prioritized } = this.queue.keys;
    if (!delayed || !wait || !paused || !active || !prioritized) throw new Error("BullMQ queue keys lack a state");
    const [flat, ...others] = await this.scripts.trialsReadTimerSchedule(delayed, wait, paused, active, prioritized);
    const scored = new Map<string, number>();
    const unread = new Map<string, string | undefined>();
    const parts = flat === "" ? [] : flat.split("\0");
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const id = parts[i] as string;
      const score = Number(parts[i + 1]);
      if (namesDeadline(score)) scored.set(id, score);
      else unread.set(id, parts[i + 1]);
    }
    for (const ids of others) for (const id of ids) if (!scored.has(id) && !unread.has(id)) unread.set(id, undefined);
    const read = await this.readJobs([...unread.keys()]);
    for (const [id, job] of read) {
      const score = unread.get(id);
      if (score !== undefined) job.score = score;
    }
    return { scored, read };
  }

  /**
   * Gives right delayed jobs whose score does not name their deadline (added by an earlier
   * version, or put back by BullMQ after running early) the score that does, so the next
   * reconcile need not read their hashes. Not a deadline already due (a retry waits out its
   * backoff), not under a test clock (the job runs at deadline + the clock's lag).
   */
  private async restamp(jobs: readonly { id: string; job: HeldJob }[]): Promise<number> {
    const ts = Date.now();
    if (this.clockLag(ts) !== 0) return 0;
    const args: (string | number)[] = [];
    for (const { id, job } of jobs)
      if (job.score !== undefined && job.due > ts && kindBits(job.kind) > 0)
        args.push(id, job.score, job.kind, String(job.due), deadlineScore(job.due, job.kind));
    let moved = 0;
    const { delayed, marker } = this.keys;
    for (let i = 0; i < args.length; i += CHUNK * 5)
      moved += await this.scripts.trialsRestampTimerJobs(
        delayed,
        marker,
        this.jobKeyPrefix,
        ...args.slice(i, i + CHUNK * 5),
      );
    return moved;
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
  syncTrial(trialId: string, justRan?: SyncRequest["justRan"]): Promise<SyncOutcome> {
    const previous = this.chains.get(trialId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => this.syncs.load({ trialId, ...(justRan ? { justRan } : {}) }));
    this.chains.set(trialId, run);
    void run
      .finally(() => {
        if (this.chains.get(trialId) === run) this.chains.delete(trialId);
      })
      .catch(() => undefined);
    return run;
  }

  /**
   * The syncs of one moment together (a burst of commits, each moving a trial's deadline): one
   * read of the store (its own grouping), one of Redis, one removal and one add for all of them.
   * A trial appears once: its syncs are chained.
   */
  private async syncTrials(requests: readonly SyncRequest[], attempt = 1): Promise<SyncOutcome[]> {
    const ids = requests.map((r) => timerJobId(r.trialId));
    const [pendings, existing] = await Promise.all([
      Promise.all(requests.map((r) => this.deps.store.pendingTimers(r.trialId))),
      this.readJobs(ids),
    ]);
    const outcomes: SyncOutcome[] = requests.map(() => "unchanged");
    const wanted = requests.map((r, i) => nextDeadline(pendings[i] ?? [], r.justRan));
    const toRemove: { i: number; job: ReadJob }[] = [];
    const toAdd = new Set<number>();
    for (const [i, id] of ids.entries()) {
      const next = wanted[i];
      const have = existing.get(id);
      if (next && have?.due === next.dueAt.getTime() && have.kind === next.kind) continue;
      if (have) toRemove.push({ i, job: { id, job: have } });
      else if (next) toAdd.add(i);
    }
    // Only the job read: another replica's sync may have replaced it meanwhile, from a store
    // read newer than ours, and must not be undone; that trial is read again.
    const again: number[] = [];
    const removal = await this.removeJobs(toRemove.map((r) => r.job));
    for (const [k, { i }] of toRemove.entries()) {
      const outcome = removal[k];
      // A worker holds the job: it runs, fires what is due by then, and when it finishes the
      // trial is synced again and the new deadline scheduled.
      if (outcome === "busy") outcomes[i] = "busy";
      else if (outcome === "changed") {
        // Three times changed under us: the hourly reconcile settles it.
        if (attempt < 3) again.push(i);
      } else {
        outcomes[i] = "replaced";
        if (wanted[i]) toAdd.add(i);
      }
    }
    await this.addJobs([...toAdd].map((i) => wanted[i] as TimerSpec));
    for (const i of toAdd) outcomes[i] = "replaced";
    if (again.length > 0) {
      const retried = await this.syncTrials(
        again.map((i) => requests[i] as SyncRequest),
        attempt + 1,
      );
      for (const [k, i] of again.entries()) outcomes[i] = retried[k] as SyncOutcome;
    }
    return outcomes;
  }

  /**
   * Redis ← store for every trial. A job is right when it holds the trial's next deadline,
   * instant and kind. Redis is read before the store, so a deadline committed before the store
   * read is in that read, or its sync's job in the Redis read. A commit after the store read
   * (its sync writing its job before reconcile writes) is seen by neither: the job reconcile
   * would replace is no longer the one it read. So a job is only removed while it is still the
   * job read (removeJobs), and the add skips a trial whose job is there: the sync's job stays,
   * and the store's older deadline is not written over it. Left open: a deadline that moves
   * away and back to the instant and kind Redis showed, between the reads and the writes. Its
   * job passes for the one read when no sync rewrote it, or when one did but only its score was
   * read: it is replaced by the store read's deadline, whose job's run re-syncs the trial.
   */
  async reconcile(): Promise<ReconcileReport> {
    const t0 = performance.now();
    const { scored, read } = await this.readSchedule();
    const t1 = performance.now();
    const deadlines = await this.deps.store.nextTimers();
    const t2 = performance.now();
    const toAdd: TimerSpec[] = [];
    const toRemove: ReadJob[] = [];
    const toRestamp: { id: string; job: HeldJob }[] = [];
    let moved = 0;
    let seen = 0;
    for (const t of deadlines) {
      const id = timerJobId(t.trialId);
      const due = t.dueAt.getTime();
      const score = scored.get(id);
      const have = score === undefined ? read.get(id) : undefined;
      if (score !== undefined || have !== undefined) seen += 1;
      if (score === deadlineScore(due, t.kind)) continue;
      if (have?.due === due && have.kind === t.kind) {
        if (have.score !== undefined) toRestamp.push({ id, job: have });
        continue;
      }
      if (score !== undefined) toRemove.push({ id, score });
      else if (have !== undefined) toRemove.push({ id, job: have });
      if (score !== undefined || have !== undefined) moved += 1;
      toAdd.push(t);
    }
    // Jobs of trials without a deadline, and the per-deadline jobs of earlier versions.
    if (seen < scored.size + read.size) {
      const wanted = new Set(deadlines.map((t) => timerJobId(t.trialId)));
      for (const [id, score] of scored) if (!wanted.has(id)) toRemove.push({ id, score });
      for (const [id, job] of read) if (!wanted.has(id)) toRemove.push({ id, job });
    }
    const removal = await this.removeJobs(toRemove);
    const counted = (outcome: RemoveOutcome) => removal.filter((o) => o === outcome).length;
    const [removed, busy, changed] = [counted("removed"), counted("busy"), counted("changed")];
    // A busy or changed job stays, so the add skips its trial: a running job's re-sync follows;
    // a changed job is a sync's, newer than what this reconcile read from the store.
    const added = await this.addJobs(toAdd);
    const restamped = await this.restamp(toRestamp);
    const report = {
      deadlines: deadlines.length,
      jobsBefore: scored.size + read.size,
      added,
      moved,
      removed,
      restamped,
      busy,
      changed,
      ms: Math.round(performance.now() - t0),
      phasesMs: { redis: Math.round(t1 - t0), store: Math.round(t2 - t1), write: Math.round(performance.now() - t2) },
    };
    this.deps.logger.info(report, "timers reconciled with the store");
    return report;
  }

  /**
   * Removes these jobs, each only while it is still the job read: same score in the delayed set
   * when its score was read, else same name, data and timestamp (timer-scripts.ts). Busy: a
   * worker holds it; changed: it is another job now, or gone. Each job's outcome, in order.
   */
  private async removeJobs(jobs: readonly ReadJob[]): Promise<RemoveOutcome[]> {
    const outcomes: RemoveOutcome[] = [];
    for (let i = 0; i < jobs.length; i += REMOVE_CHUNK) {
      const args = [this.jobKeyPrefix];
      for (const r of jobs.slice(i, i + REMOVE_CHUNK))
        if ("score" in r) args.push(r.id, String(r.score), "", "", "");
        else args.push(r.id, "", r.job.kind, r.job.data, r.job.timestamp);
      outcomes.push(...(await this.scripts.trialsRemoveTimerJobs(...args)));
    }
    return outcomes;
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
