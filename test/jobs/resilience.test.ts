// What Redis and workers may lose, and what the store keeps: Redis flushed mid-lifecycle (only
// this test's prefix), reconcile on restart, Retry-After, a worker killed between Webex accepting
// a message and the row being marked sent.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebexClient } from "../../bot/webex/client.ts";
import type { TimerKind } from "../../domain/effects.ts";
import { deleteKeysWithPrefix } from "../../jobs/redis.ts";
import { timerJobId } from "../../jobs/timers.ts";
import { waitFor } from "../support/wait-for.ts";
import { as, DAY, FAST, FIONA, type JobsHarness, REDIS_URL, startJobsHarness } from "./harness.ts";

let h: JobsHarness;

beforeAll(async () => {
  h = await startJobsHarness();
});
afterAll(async () => {
  await h?.close();
});

async function due(trialId: string, kind: TimerKind): Promise<Date> {
  const t = (await h.store.pendingTimers(trialId)).find((x) => x.kind === kind);
  if (!t) throw new Error(`${trialId} has no pending ${kind}`);
  return t.dueAt;
}

const opsEventsOf = async (trialId: string) =>
  (await h.allOutbox())
    .filter((r) => r.message.template === "ops.event" && r.message.data.trialId === trialId)
    .map((r) => r.message.data.event);

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("Redis lost, workers restarted, workers killed", () => {
  it("R-EXP-1..5: Redis flushed (this prefix) twice mid-lifecycle: the restart reconciles and every deadline still fires exactly once", async () => {
    const trial = await h.startTrial("Kilo", ["messaging", "calling"]);
    await h.settle();
    await h.runUntil(await due(trial.id, "reminder_before_end"));
    expect(await opsEventsOf(trial.id)).toEqual(["reminder_before_end"]);

    // Redis loses everything of ours (never FLUSHALL/FLUSHDB: other tests share the server).
    await h.stopJobs();
    expect(await deleteKeysWithPrefix(h.redis, h.prefix)).toBeGreaterThan(0);
    expect(await h.redis.keys(`${h.prefix}:*`)).toEqual([]);
    const jobs = await h.restartJobs();
    // One job for the trial: its next deadline, the end-day reminder (the expiry follows it).
    expect(await h.timerJobIds()).toEqual([timerJobId(trial.id)]);
    expect(await h.jobs.timers.jobOf(trial.id)).toEqual({
      kind: "reminder_end_day",
      dueAt: await due(trial.id, "reminder_end_day"),
    });
    expect(jobs.durability.problems.length).toBeGreaterThanOrEqual(0);

    await h.runUntil(await due(trial.id, "expiry"));
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "expired" });

    // And again in grace.
    await h.stopJobs();
    await deleteKeysWithPrefix(h.redis, h.prefix);
    await h.restartJobs();
    expect(await h.timerJobIds()).toEqual([timerJobId(trial.id)]);
    // The lapse and the user notice share the instant: the job names the first kind by name.
    expect(await h.jobs.timers.jobOf(trial.id)).toEqual({ kind: "lapse", dueAt: await due(trial.id, "user_notice") });
    await h.runUntil(new Date((await due(trial.id, "calling_release")).getTime() + DAY));

    // The user notice and the lapse fall due at the same instant: either order.
    expect((await opsEventsOf(trial.id)).sort()).toEqual([
      "calling_numbers_released",
      "expired",
      "lapsed",
      "reminder_before_end",
      "reminder_end_day",
      "users_notified",
    ]);
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "lapsed" });
    // Every row delivered once.
    const rows = await h.allOutbox();
    expect(rows.every((r) => r.state === "sent")).toBe(true);
    expect(h.emulator.messagesSentBy(h.botId)).toHaveLength(rows.length);
  });

  it("reconcile removes jobs without a live deadline and moves jobs whose deadline moved", async () => {
    const trial = await h.startTrial("Lima", ["messaging"]);
    await h.settle();
    const q = h.jobs.timers.queue;
    // A job of a trial that does not exist, one of an earlier version's shape (per deadline),
    // and the trial's own job moved a day early.
    await q.add("expiry", Date.now() + DAY, { jobId: timerJobId("no-such-trial"), delay: DAY });
    const reminder = await due(trial.id, "reminder_before_end");
    await q.add(
      "expiry",
      { trialId: trial.id, kind: "expiry", dueAt: (await due(trial.id, "expiry")).toISOString() },
      { jobId: `${trial.id}|expiry`, delay: DAY },
    );
    await q.remove(timerJobId(trial.id));
    await q.add("reminder_before_end", reminder.getTime() - DAY, { jobId: timerJobId(trial.id), delay: DAY });

    const report = await h.jobs.reconcile();
    expect(report).toMatchObject({ added: 1, moved: 1, removed: 3, busy: 0 });
    expect(await h.jobs.timers.jobOf(trial.id)).toEqual({ kind: "reminder_before_end", dueAt: reminder });
    expect(await q.getJob(timerJobId("no-such-trial"))).toBeUndefined();
    expect(await h.timerJobIds()).toEqual([timerJobId(trial.id)]);
    expect(await h.jobs.reconcile()).toMatchObject({ added: 0, moved: 0, removed: 0 });
    ok(await h.commands.delete(as(FIONA), trial.id, "Yes"));
    await h.settle();
  });

  it("a 429 past the client's own retries is retried by the job after Retry-After; sent once", async () => {
    h.emulator.injectFaults({ status: 429, retryAfter: 1, count: 4, method: "POST", path: "/messages" });
    const [id] = await h.store.enqueueMessages([
      {
        to: { kind: "room", roomId: h.partnerRoom.id },
        template: "bot.reply",
        data: { markdown: "rate limited once" },
      },
    ]);
    const t0 = Date.now();
    await h.jobs.delivery.enqueue([id!]);
    const row = await waitFor(async () => {
      const r = await h.store.getOutboxRow(id!);
      return r?.state === "sent" ? r : null;
    }, "the row to be sent");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // waited out Retry-After: 1
    expect(row.attempts).toBe(2);
    expect(h.emulator.messagesIn(h.partnerRoom.id).filter((m) => m.markdown === "rate limited once")).toHaveLength(1);
  });

  it("a row left `sending` by a worker that died before Webex got it is sent once after the lease", async () => {
    const [id] = await h.store.enqueueMessages([
      {
        to: { kind: "room", roomId: h.partnerRoom.id },
        template: "bot.reply",
        data: { markdown: "claimed, then the worker died" },
      },
    ]);
    await h.db.prisma.$executeRawUnsafe(
      `UPDATE outbox SET state = 'sending', claimed_at = now() - interval '1 hour' WHERE id = $1`,
      id,
    );
    await h.jobs.deliverPending();
    await waitFor(async () => (await h.store.getOutboxRow(id!))?.state === "sent", "the row to be sent");
    expect(
      h.emulator.messagesIn(h.partnerRoom.id).filter((m) => m.markdown === "claimed, then the worker died"),
    ).toHaveLength(1);
  });

  it("a row left `sending` in a group space whose message did reach Webex is sent again: Webex cannot say there, and a lost notice is worse than a repeated one", async () => {
    const text = "posted, then the worker died";
    const [id] = await h.store.enqueueMessages([
      { to: { kind: "room", roomId: h.partnerRoom.id }, template: "bot.reply", data: { markdown: text } },
    ]);
    // The dead worker's post reached Webex; the store still says `sending`.
    const client = new WebexClient({ token: h.botToken, baseUrl: h.emulator.url });
    await client.createMessage({ roomId: h.partnerRoom.id, markdown: text });
    await h.db.prisma.$executeRawUnsafe(
      `UPDATE outbox SET state = 'sending', claimed_at = now() - interval '1 hour' WHERE id = $1`,
      id,
    );
    const before = h.emulator.requests.length;
    await h.jobs.deliverPending();
    await waitFor(async () => (await h.store.getOutboxRow(id!))?.state === "sent", "the row to be sent");
    expect(h.emulator.messagesIn(h.partnerRoom.id).filter((m) => m.markdown === text)).toHaveLength(2);
    // It did not ask for the list Webex refuses a bot in a group space.
    const lists = h.emulator.requests
      .slice(before)
      .filter((r) => r.callerId === h.botId && r.method === "GET" && r.path.startsWith("/messages?"));
    expect(lists).toEqual([]);
  });

  it("a worker SIGKILLed after Webex accepted the message but before it was marked sent: the message is still sent exactly once", async () => {
    // The parent takes no jobs while the child works.
    await h.stopJobs();
    const producer = await h.restartJobs({ ...FAST, workers: false, reconcileAtStart: false });
    const text = "exactly once, whatever happens";
    const [id] = await h.store.enqueueMessages([
      { to: { kind: "email", email: FIONA.email }, template: "bot.reply", data: { markdown: text } },
    ]);

    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./fixtures/delivery-worker-child.ts", import.meta.url))],
      {
        env: {
          ...process.env,
          CHILD_DATABASE_URL: h.databaseUrl,
          CHILD_REDIS_URL: REDIS_URL,
          CHILD_PREFIX: h.prefix,
          CHILD_EMULATOR_URL: h.emulator.url,
          CHILD_BOT_TOKEN: h.botToken,
          CHILD_NOW: h.clock.now().toISOString(),
          // A 1 s lock lapsed under CPU load before the kill (the child's own stalled check then
          // took the job back): 5 s keeps the window this test is about.
          CHILD_LOCK_MS: "5000",
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    try {
      await waitFor(async () => out.includes("READY"), "the child worker", 30_000);
      await producer.delivery.enqueue([id!]);
      await waitFor(async () => out.includes("ACCEPTED"), "Webex to accept the message");
    } finally {
      child.kill("SIGKILL");
    }
    expect(await exited).toBe("SIGKILL");
    // Webex has the message; the store does not know it.
    const direct = () =>
      h.emulator.messagesSentBy(h.botId).filter((m) => m.toPersonEmail === FIONA.email && m.markdown === text);
    expect(direct()).toHaveLength(1);
    expect(await h.store.getOutboxRow(id!)).toMatchObject({ state: "sending" });
    // The job is still "active" under the dead worker's lock.
    expect(await (await producer.delivery.queue.getJob(id!))?.getState()).toBe("active");

    // A new worker: the stalled job comes back after the lock expires; after the lease, the
    // worker finds the message in Webex and records it instead of posting it again.
    await h.stopJobs();
    await h.restartJobs({
      ...FAST,
      delivery: { ...FAST.delivery, leaseMs: 1_500, lockDurationMs: 1_000, stalledIntervalMs: 300 },
    });
    const row = await waitFor(
      async () => {
        const r = await h.store.getOutboxRow(id!);
        return r?.state === "sent" ? r : null;
      },
      "the row to be recorded sent",
      20_000,
    );
    expect(direct()).toHaveLength(1);
    expect(row.webexMessageId).toBe(direct()[0]!.id);
  });
});

function ok(outcome: { ok: boolean; refusal?: { code: string } }) {
  expect(outcome.ok ? "ok" : outcome.refusal?.code).toBe("ok");
}
