// Redis losing its data while the bot runs: a FLUSHALL, and a restart of a Redis that keeps
// nothing on disk. On the test's own redis-server (never the shared one). The bot is not
// restarted: its Redis watch notices the loss, re-creates the schedulers, reconciles the timers
// and enqueues the outbox, so queued messages go out and an untouched trial's deadline fires on
// time, within one sweep interval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TimerKind } from "../../domain/effects.ts";
import { type OwnRedis, startOwnRedis } from "../fault/servers.ts";
import { waitFor } from "../support/wait-for.ts";
import { FAST, type JobsHarness, START, startJobsHarness, TickingClock } from "./harness.ts";

const SWEEP_EVERY_MS = 6_000;

let redis: OwnRedis;
let h: JobsHarness;

beforeAll(async () => {
  redis = await startOwnRedis();
  h = await startJobsHarness(
    { ...FAST, sweepEveryMs: SWEEP_EVERY_MS, redisWatchEveryMs: 500 },
    { redisUrl: redis.url, clock: new TickingClock(START) },
  );
});
afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

async function due(trialId: string, kind: TimerKind): Promise<Date> {
  const t = (await h.store.pendingTimers(trialId)).find((x) => x.kind === kind);
  if (!t) throw new Error(`${trialId} has no pending ${kind}`);
  return t.dueAt;
}

/** When (by the bot's clock) the deadline of this kind fired for the trial, from its audit entry; null before. */
async function firedAt(trialId: string, kind: TimerKind): Promise<Date | null> {
  const entry = (await h.store.auditOf({ trialId })).find((a) => a.actor === `system:${kind}`);
  return entry?.at ?? null;
}

/** Queues messages whose delivery jobs sit in Redis (Webex answers 429 with Retry-After). */
async function queueStuckMessages(tag: string, n: number): Promise<string[]> {
  h.emulator.injectFaults({ status: 429, retryAfter: 30, count: 100_000, method: "POST", path: "/messages" });
  const ids = await h.store.enqueueMessages(
    Array.from({ length: n }, (_, i) => ({
      to: { kind: "room" as const, roomId: h.partnerRoom.id },
      template: "bot.reply",
      data: { markdown: `${tag} ${i + 1}` },
    })),
  );
  await h.jobs.delivery.enqueue(ids);
  // Every row tried once and its job waiting out Retry-After in Redis.
  await waitFor(
    async () => (await h.jobs.delivery.queue.getDelayedCount()) === n,
    `${n} delayed delivery jobs`,
    15_000,
  );
  h.emulator.clearFaults();
  return ids;
}

const sentOnce = (tag: string, n: number) => {
  for (let i = 1; i <= n; i++)
    expect(
      h.emulator.messagesIn(h.partnerRoom.id).filter((m) => m.markdown === `${tag} ${i}`),
      `${tag} ${i}`,
    ).toHaveLength(1);
};

describe("Redis loses its data while the bot runs (no restart)", () => {
  it("R-EXP-1: after a FLUSHALL with 15 messages queued, every message goes out once and an untouched trial's reminder fires on time, within one sweep interval", async () => {
    const trial = await h.startTrial("Quebec", ["messaging"]);
    await h.settle();
    // Nobody touches the trial again; its 7-day reminder falls due 3 s from now.
    const reminder = await due(trial.id, "reminder_before_end");
    h.clock.set(new Date(reminder.getTime() - 3_000));
    const ids = await queueStuckMessages("queued before the flush", 15);

    await redis.flushAll();
    const flushedAt = Date.now();

    await waitFor(
      async () => (await Promise.all(ids.map((id) => h.store.getOutboxRow(id)))).every((r) => r?.state === "sent"),
      "every queued message sent",
      SWEEP_EVERY_MS,
    );
    const fired = await waitFor(
      () => firedAt(trial.id, "reminder_before_end"),
      "the reminder to fire",
      SWEEP_EVERY_MS - (Date.now() - flushedAt),
    );
    // On time: not before its deadline (by the bot's clock), and soon after it.
    expect(fired.getTime()).toBeGreaterThanOrEqual(reminder.getTime());
    expect(fired.getTime() - reminder.getTime()).toBeLessThan(2_000);
    expect(Date.now() - flushedAt).toBeLessThan(SWEEP_EVERY_MS);
    sentOnce("queued before the flush", 15);

    // The schedulers are back (sweep, digest), and the rest of the trial's schedule.
    const schedulers = (await h.jobs.maintenance.getJobSchedulers()).map((s) => s.key).sort();
    expect(schedulers).toEqual(["daily-digest", "outbox-sweep"]);
    // Once the fired reminder's job returns (a moment after its audit entry), the trial's job
    // holds its next deadline.
    const next = { kind: "reminder_end_day", dueAt: await due(trial.id, "reminder_end_day") };
    const mine = async () => JSON.stringify(await h.jobs.timers.jobOf(trial.id));
    await waitFor(async () => (await mine()) === JSON.stringify(next), "the rest of the schedule", 5_000).catch(
      () => undefined,
    );
    expect(await h.jobs.timers.jobOf(trial.id)).toEqual(next);
    expect(await h.timerJobIds()).toContain(trial.id);
  });

  it("R-EXP-2: a restart of a Redis that keeps nothing on disk: the queued messages go out once and the expiry fires on time, within one sweep interval", async () => {
    const trial = await h.startTrial("Romeo", ["messaging"]);
    await h.settle();
    const expiry = await due(trial.id, "expiry");
    h.clock.set(new Date(expiry.getTime() - 3_000));
    const ids = await queueStuckMessages("queued before the restart", 15);

    await redis.restart();
    const restartedAt = Date.now();

    await waitFor(
      async () => (await Promise.all(ids.map((id) => h.store.getOutboxRow(id)))).every((r) => r?.state === "sent"),
      "every queued message sent",
      SWEEP_EVERY_MS,
    );
    const fired = await waitFor(
      () => firedAt(trial.id, "expiry"),
      "the expiry to fire",
      SWEEP_EVERY_MS - (Date.now() - restartedAt),
    );
    expect(fired.getTime()).toBeGreaterThanOrEqual(expiry.getTime());
    expect(fired.getTime() - expiry.getTime()).toBeLessThan(2_000);
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "expired" });
    sentOnce("queued before the restart", 15);
    expect((await h.jobs.maintenance.getJobSchedulers()).map((s) => s.key).sort()).toEqual([
      "daily-digest",
      "outbox-sweep",
    ]);
    expect((await h.store.auditOf({ trialId: trial.id })).filter((a) => a.actor === "system:expiry")).toHaveLength(1);
  });

  it("the watch finds nothing to do while Redis keeps its data", async () => {
    expect(await h.jobs.checkRedis()).toEqual({ kind: "unchanged" });
  });
});
