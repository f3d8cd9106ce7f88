// TimerJobs.reconcile on the real Redis (a queue prefix of its own) against a scripted schedule:
// on a wall clock the steady state trusts the delayed set's scores (no job hash read), and a
// job is only trusted when it names the trial's next deadline, instant and kind.
import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Clock, ManualClock, systemClock } from "../../app/clock.ts";
import type { TimerKind, TimerSpec } from "../../domain/effects.ts";
import { createRedis, deleteKeysWithPrefix } from "../../jobs/redis.ts";
import { deadlineScore, decodeScore } from "../../jobs/timer-scripts.ts";
import { TimerJobs, timerJobId } from "../../jobs/timers.ts";
import { REDIS_URL } from "./harness.ts";

const HOUR = 3600_000;
const redis = createRedis(REDIS_URL);
const prefixes: string[] = [];
let next: TimerSpec[] = [];
let timers: TimerJobs;

const spec = (trialId: string, kind: TimerKind, dueAt: number): TimerSpec => ({
  trialId,
  kind,
  dueAt: new Date(dueAt),
});

function open(clock: Clock = systemClock): TimerJobs {
  const prefix = `test-reconcile-${randomBytes(4).toString("hex")}`;
  prefixes.push(prefix);
  return new TimerJobs({
    store: {
      pendingTimers: async (id) => next.filter((t) => t.trialId === id),
      nextTimers: async () => next.map((t) => ({ ...t })),
    },
    clock,
    logger: pino({ level: "silent" }),
    connection: redis,
    prefix,
    fireTimer: async () => {
      throw new Error("no firing here");
    },
  });
}

/** Reconciles, counting the job hashes read. */
async function reconcile() {
  const read = vi.spyOn(redis as unknown as { trialsReadTimerJobs: () => unknown }, "trialsReadTimerJobs");
  try {
    const report = await timers.reconcile();
    const hashesRead = read.mock.calls.reduce((n, args) => n + args.length - 1, 0);
    return { ...report, hashesRead };
  } finally {
    read.mockRestore();
  }
}

const scoreOf = async (trialId: string) => Number(await redis.zscore(timers.queue.keys.delayed!, timerJobId(trialId)));

beforeAll(() => {
  timers = open();
});
afterEach(async () => {
  await timers.close();
  timers = open();
});
afterAll(async () => {
  await timers.close();
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

describe("timers reconcile", () => {
  it("a score names its deadline and kind; other low bits (BullMQ's order in a millisecond) name none", () => {
    const due = Date.parse("2027-01-10T09:00:00Z");
    expect(decodeScore(deadlineScore(due, "reminder_end_day"))).toEqual({ due, kind: "reminder_end_day" });
    expect(decodeScore(deadlineScore(due, "device_return_overdue"))).toEqual({ due, kind: "device_return_overdue" });
    expect(decodeScore(due * 0x1000)).toBeNull();
    expect(decodeScore(deadlineScore(due, "expiry") + 1)).toBeNull();
  });

  it("steady state reads no job hash; a job of the right instant but another kind, or of another instant, is replaced", async () => {
    const t0 = Date.now() + 10 * 24 * HOUR;
    next = [spec("t-a", "expiry", t0), spec("t-b", "reminder_before_end", t0 + HOUR), spec("t-c", "lapse", t0)];
    expect(await reconcile()).toMatchObject({ added: 3, moved: 0, removed: 0 });
    expect(await reconcile()).toMatchObject({ jobsBefore: 3, added: 0, moved: 0, removed: 0, hashesRead: 0 });
    expect(await scoreOf("t-a")).toBe(deadlineScore(t0, "expiry"));

    // Same instant, another kind (the job's score names expiry); another instant, same kind.
    next = [spec("t-a", "reminder_end_day", t0), spec("t-b", "reminder_before_end", t0 + 2 * HOUR), next[2]!];
    expect(await reconcile()).toMatchObject({ added: 2, moved: 2, removed: 2, hashesRead: 0 });
    expect(await timers.jobOf("t-a")).toEqual({ kind: "reminder_end_day", dueAt: new Date(t0) });
    expect(await timers.jobOf("t-b")).toEqual({ kind: "reminder_before_end", dueAt: new Date(t0 + 2 * HOUR) });
    expect(await scoreOf("t-a")).toBe(deadlineScore(t0, "reminder_end_day"));
    expect(await reconcile()).toMatchObject({ added: 0, moved: 0, removed: 0, hashesRead: 0 });
  });

  it("jobs whose score names nothing (BullMQ's add, waiting) are judged by their hash, kind included", async () => {
    const t0 = Date.now() + 5 * 24 * HOUR;
    next = [spec("t-d", "expiry", t0), spec("t-e", "expiry", t0), spec("t-f", "lapse", t0)];
    const q = timers.queue;
    // BullMQ's own add: the score's low bits are its order, not a kind.
    await q.add("reminder_end_day", t0, { jobId: timerJobId("t-d"), delay: t0 - Date.now() });
    await q.add("expiry", t0 - HOUR, { jobId: timerJobId("t-e"), delay: t0 - Date.now() });
    // Waiting (not delayed): only its hash tells; right instant, wrong kind.
    await q.add("expiry", t0, { jobId: timerJobId("t-f") });
    expect(await reconcile()).toMatchObject({ jobsBefore: 3, added: 3, moved: 3, removed: 3, hashesRead: 3 });
    for (const t of next) expect(await timers.jobOf(t.trialId)).toEqual({ kind: t.kind, dueAt: t.dueAt });
    expect(await reconcile()).toMatchObject({ added: 0, moved: 0, hashesRead: 0 });
  });

  it("a right job scored by an earlier version is re-scored in place; a deadline already due keeps its score (a retry's backoff)", async () => {
    const later = Date.now() + 3 * 24 * HOUR;
    const past = Date.now() - HOUR;
    next = [spec("t-g", "expiry", later), spec("t-h", "expiry", past)];
    const q = timers.queue;
    await q.add("expiry", later, { jobId: timerJobId("t-g"), delay: later - Date.now() });
    await q.add("expiry", past, { jobId: timerJobId("t-h"), delay: 60_000 });
    const backoff = await scoreOf("t-h");
    expect(await reconcile()).toMatchObject({ added: 0, moved: 0, restamped: 1, hashesRead: 2 });
    expect(await scoreOf("t-g")).toBe(deadlineScore(later, "expiry"));
    expect(await scoreOf("t-h")).toBe(backoff);
    expect(await reconcile()).toMatchObject({ added: 0, moved: 0, restamped: 0, hashesRead: 1 });
  });

  it("removes jobs without a deadline; Redis emptied: every job comes back", async () => {
    const t0 = Date.now() + 2 * 24 * HOUR;
    next = [spec("t-i", "expiry", t0), spec("t-j", "expiry", t0)];
    await reconcile();
    next = [next[0]!];
    expect(await reconcile()).toMatchObject({ added: 0, removed: 1, hashesRead: 0 });
    await deleteKeysWithPrefix(redis, prefixes.at(-1)!);
    expect(await reconcile()).toMatchObject({ jobsBefore: 0, added: 1 });
    expect(await timers.jobOf("t-i")).toEqual({ kind: "expiry", dueAt: new Date(t0) });
    expect(await timers.jobOf("t-j")).toBeNull();
  });

  it("under a test clock (not wall time) scores name nothing: hashes decide, kind included", async () => {
    await timers.close();
    const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
    timers = open(clock);
    const t0 = clock.now().getTime() + 24 * HOUR;
    next = [spec("t-k", "expiry", t0)];
    expect(await reconcile()).toMatchObject({ added: 1 });
    expect(decodeScore(await scoreOf("t-k"))).toBeNull();
    expect(await reconcile()).toMatchObject({ added: 0, moved: 0, hashesRead: 1 });
    next = [spec("t-k", "reminder_end_day", t0)];
    expect(await reconcile()).toMatchObject({ added: 1, moved: 1 });
    expect(await timers.jobOf("t-k")).toEqual({ kind: "reminder_end_day", dueAt: new Date(t0) });
  });
});
