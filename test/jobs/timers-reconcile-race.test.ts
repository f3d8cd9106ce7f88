// TimerJobs.reconcile against a sync that runs between its reads and its writes, on the real
// Redis (a queue prefix of its own), deterministically: the stub store's nextTimers() takes its
// snapshot, then lets the test commit a new deadline and run syncTrial before it answers. The
// sync's job is newer than the snapshot: reconcile must neither remove it nor add the
// snapshot's deadline over it.
import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Clock, ManualClock, systemClock } from "../../app/clock.ts";
import type { TimerKind, TimerSpec } from "../../domain/effects.ts";
import { createRedis, deleteKeysWithPrefix } from "../../jobs/redis.ts";
import { decodeScore } from "../../jobs/timer-scripts.ts";
import { TimerJobs, timerJobId } from "../../jobs/timers.ts";
import { REDIS_URL } from "./harness.ts";

const HOUR = 3600_000;
const redis = createRedis(REDIS_URL);
const prefixes: string[] = [];
/** The store's timers now. */
let live: TimerSpec[] = [];
/** Runs after nextTimers() took its snapshot, before it answers. */
let meanwhile: (() => Promise<void>) | null = null;
let timers: TimerJobs;

const spec = (trialId: string, kind: TimerKind, dueAt: number): TimerSpec => ({
  trialId,
  kind,
  dueAt: new Date(dueAt),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function open(clock: Clock = systemClock): TimerJobs {
  const prefix = `test-reconcile-race-${randomBytes(4).toString("hex")}`;
  prefixes.push(prefix);
  return new TimerJobs({
    store: {
      pendingTimers: async (id) => live.filter((t) => t.trialId === id),
      nextTimers: async () => {
        const snapshot = live.map((t) => ({ ...t }));
        const run = meanwhile;
        meanwhile = null;
        await run?.();
        return snapshot;
      },
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

/** A commit that sets the trial's timers, and its sync. */
async function commit(trialId: string, timersOfTrial: TimerSpec[]) {
  live = [...live.filter((t) => t.trialId !== trialId), ...timersOfTrial];
  await timers.syncTrial(trialId);
}

beforeAll(() => {
  timers = open();
});
afterEach(async () => {
  meanwhile = null;
  live = [];
  await timers.close();
  timers = open();
});
afterAll(async () => {
  await timers.close();
  for (const p of prefixes) await deleteKeysWithPrefix(redis, p);
  await redis.quit();
});

describe("timers reconcile racing a sync", () => {
  it("a deadline moved earlier after the store read keeps the sync's job (the stale one is neither removed over it nor added)", async () => {
    const d0 = Date.now() + 5 * 24 * HOUR;
    const d1 = d0 + 2 * 24 * HOUR;
    const d2 = d0 + 24 * HOUR;
    // Redis holds D0 (scored: its score names it); the store says D1 when reconcile reads it; a
    // commit then moves the deadline to D2, earlier than D1, and its sync writes D2's job.
    await commit("t-1", [spec("t-1", "expiry", d0)]);
    live = [spec("t-1", "expiry", d1)];
    meanwhile = () => commit("t-1", [spec("t-1", "reminder_end_day", d2)]);
    const report = await timers.reconcile();
    expect(await timers.jobOf("t-1")).toEqual({ kind: "reminder_end_day", dueAt: new Date(d2) });
    expect(report).toMatchObject({ moved: 1, removed: 0, changed: 1, added: 0, busy: 0 });
    // The next reconcile finds the store and Redis agreeing.
    expect(await timers.reconcile()).toMatchObject({ moved: 0, removed: 0, changed: 0, added: 0 });
  });

  it("a trial without a deadline in the store read that gets one meanwhile keeps its new job", async () => {
    const d0 = Date.now() + 3 * 24 * HOUR;
    await commit("t-2", [spec("t-2", "expiry", d0)]);
    live = [];
    meanwhile = () => commit("t-2", [spec("t-2", "lapse", d0 - HOUR)]);
    const report = await timers.reconcile();
    expect(await timers.jobOf("t-2")).toEqual({ kind: "lapse", dueAt: new Date(d0 - HOUR) });
    expect(report).toMatchObject({ deadlines: 0, removed: 0, changed: 1 });
  });

  it("under a test clock (jobs read by hash) a job added again meanwhile, even with the same deadline, is kept", async () => {
    await timers.close();
    const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
    timers = open(clock);
    const d0 = clock.now().getTime() + 24 * HOUR;
    await commit("t-3", [spec("t-3", "expiry", d0)]);
    expect(decodeScore(Number(await redis.zscore(timers.queue.keys.delayed!, timerJobId("t-3"))))).toBeNull();
    live = [spec("t-3", "expiry", d0 + 24 * HOUR)];
    // Moved away and back: the job holds D0 again, but it is a new job (its timestamp).
    meanwhile = async () => {
      await sleep(2);
      await commit("t-3", [spec("t-3", "expiry", d0 - HOUR)]);
      await sleep(2);
      await commit("t-3", [spec("t-3", "expiry", d0)]);
    };
    const report = await timers.reconcile();
    expect(await timers.jobOf("t-3")).toEqual({ kind: "expiry", dueAt: new Date(d0) });
    expect(report).toMatchObject({ moved: 1, removed: 0, changed: 1, added: 0 });
  });

  it("a removal is BullMQ's: the job leaves its state and its keys, a 'removed' event is written; a job a worker holds stays", async () => {
    const d0 = Date.now() + 2 * 24 * HOUR;
    await commit("t-4", [spec("t-4", "expiry", d0)]);
    await commit("t-5", [spec("t-5", "expiry", d0)]);
    await redis.set(`${timers.queue.qualifiedName}:${timerJobId("t-5")}:lock`, "a-worker", "PX", 60_000);
    live = [];
    expect(await timers.reconcile()).toMatchObject({ removed: 1, busy: 1, changed: 0 });
    const id = timerJobId("t-4");
    expect(await redis.zscore(timers.queue.keys.delayed!, id)).toBeNull();
    expect(await redis.exists(`${timers.queue.qualifiedName}:${id}`)).toBe(0);
    const [[, fields] = ["", []]] = await redis.xrevrange(timers.queue.keys.events!, "+", "-", "COUNT", 1);
    expect(fields).toEqual(["event", "removed", "jobId", id, "prev", "delayed"]);
    expect(await timers.jobOf("t-5")).toEqual({ kind: "expiry", dueAt: new Date(d0) });
  });
});

describe("two replicas syncing one trial", () => {
  it("a sync from an older store read does not undo the job another replica synced from a newer one", async () => {
    const prefix = `test-sync-race-${randomBytes(4).toString("hex")}`;
    prefixes.push(prefix);
    const d0 = Date.now() + 5 * 24 * HOUR;
    const d1 = d0 + 2 * 24 * HOUR;
    const d2 = d0 + 24 * HOUR;
    let store: TimerSpec[] = [spec("t-6", "expiry", d0)];
    /** Replica A reads the store, then (once) waits while replica B commits and syncs. */
    let aMeanwhile: (() => Promise<void>) | null = null;
    const replica = (pendingTimers: (id: string) => Promise<TimerSpec[]>) =>
      new TimerJobs({
        store: { pendingTimers, nextTimers: async () => store },
        clock: systemClock,
        logger: pino({ level: "silent" }),
        connection: redis,
        prefix,
        fireTimer: async () => {
          throw new Error("no firing here");
        },
      });
    const a = replica(async (id) => {
      const snapshot = store.filter((t) => t.trialId === id);
      const run = aMeanwhile;
      aMeanwhile = null;
      await run?.();
      return snapshot;
    });
    const b = replica(async (id) => store.filter((t) => t.trialId === id));
    try {
      await b.syncTrial("t-6");
      // A's commit (D1) is read by A's sync; before A writes, B commits D2 and syncs it.
      store = [spec("t-6", "expiry", d1)];
      aMeanwhile = async () => {
        store = [spec("t-6", "reminder_end_day", d2)];
        await b.syncTrial("t-6");
      };
      await a.syncTrial("t-6");
      expect(await a.jobOf("t-6")).toEqual({ kind: "reminder_end_day", dueAt: new Date(d2) });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("syncs of one moment", () => {
  it("go to Redis together: one read, one removal and one add for a burst of trials, each trial's job right", async () => {
    const at = Date.now() + 4 * 24 * HOUR;
    const trialIds = Array.from({ length: 12 }, (_, i) => `t-burst-${i}`);
    for (const id of trialIds) await commit(id, [spec(id, "expiry", at)]);
    // Every trial's deadline moves a day earlier, and all of them sync at once.
    live = trialIds.map((id, i) => spec(id, "reminder_end_day", at - 24 * HOUR + i));
    const sent: string[] = [];
    const sendCommand = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
      sent.push(command.name);
      return (sendCommand as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof redis.sendCommand;
    try {
      const outcomes = await Promise.all(trialIds.map((id) => timers.syncTrial(id)));
      expect(outcomes).toEqual(trialIds.map(() => "replaced"));
    } finally {
      redis.sendCommand = sendCommand;
    }
    expect(sent).toHaveLength(3);
    for (const [i, id] of trialIds.entries())
      expect(await timers.jobOf(id)).toEqual({ kind: "reminder_end_day", dueAt: new Date(at - 24 * HOUR + i) });
  });
});
