// The rows a commit wrote are sent at once by the committing process, without a BullMQ job; a
// job serves only what that first attempt could not settle (Webex's 429 with Retry-After), and
// messages to one recipient keep their commit order while others go alongside.
import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "../../app/delivery/deliver-outbox.ts";
import { DeliveryJobs } from "../../jobs/delivery.ts";
import { createRedis, deleteKeysWithPrefix } from "../../jobs/redis.ts";
import { waitFor } from "../support/wait-for.ts";
import { type JobsHarness, REDIS_URL, startJobsHarness } from "./harness.ts";

let h: JobsHarness;
beforeAll(async () => {
  h = await startJobsHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Counts the delivery jobs asked for, by row id, from now on. */
function watchEnqueues(): Map<string, number[]> {
  const asked = new Map<string, number[]>();
  const delivery = h.jobs.delivery;
  const enqueue = delivery.enqueue.bind(delivery);
  delivery.enqueue = async (ids, delayMs = 0) => {
    for (const id of ids) asked.set(id, [...(asked.get(id) ?? []), delayMs]);
    return enqueue(ids, delayMs);
  };
  return asked;
}

describe("rows sent at once after their commit", () => {
  it("a started trial's messages go out without a delivery job, each once", async () => {
    const asked = watchEnqueues();
    const before = new Set((await h.allOutbox()).map((r) => r.id));
    await h.startTrial("Quebec", ["messaging"]);
    await h.settle();
    const rows = (await h.allOutbox()).filter((r) => !before.has(r.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === "sent" && r.attempts === 1)).toBe(true);
    for (const r of rows) expect(asked.has(r.id)).toBe(false);
    const posted = new Set(h.emulator.messagesSentBy(h.botId).map((m) => m.id));
    for (const r of rows) expect(posted.has(r.webexMessageId!)).toBe(true);
  });

  it("a 429 past the client's own retries becomes a job that waits out Retry-After; sent once", async () => {
    const asked = watchEnqueues();
    const before = new Set((await h.allOutbox()).map((r) => r.id));
    // Every POST of the first attempts of the trial's two messages, sent side by side (the
    // client tries each four times before giving up).
    h.emulator.injectFaults({ status: 429, retryAfter: 1, count: 8, method: "POST", path: "/messages" });
    const t0 = Date.now();
    await h.startTrial("Romeo", ["messaging"]);
    const id = await waitFor(async () => {
      const rows = (await h.allOutbox()).filter((r) => !before.has(r.id));
      return rows.find((r) => asked.has(r.id))?.id ?? null;
    }, "a row whose first attempt was refused to become a job");
    expect(asked.get(id)).toEqual([1000]);
    await h.settle();
    h.emulator.clearFaults();
    const row = await h.store.getOutboxRow(id);
    expect(row).toMatchObject({ state: "sent", attempts: 2 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const copies = h.emulator.messagesSentBy(h.botId).filter((m) => m.id === row!.webexMessageId);
    expect(copies).toHaveLength(1);
  });
});

describe("sendNow's order", () => {
  /** Delivery jobs whose fake use case claims (records "claim:<id>"), then posts in its turn after delayMs. */
  const withJobs = async (
    delayMs: Record<string, number>,
    body: (jobs: DeliveryJobs, log: string[]) => Promise<void>,
  ): Promise<void> => {
    const prefix = `send-now-${randomBytes(4).toString("hex")}`;
    const connection = createRedis(REDIS_URL);
    const log: string[] = [];
    const jobs = new DeliveryJobs({
      delivery: {
        async deliver(id, _lease, turn = (post) => post()): Promise<DeliveryOutcome> {
          log.push(`claim:${id}`);
          await turn(async () => {
            await new Promise((r) => setTimeout(r, delayMs[id] ?? 5));
            log.push(id);
          });
          return { outcome: "sent", webexMessageId: `m-${id}` };
        },
        unsentIds: async () => [],
        deadClaims: async () => [],
      },
      logger: pino({ level: "silent" }),
      connection,
      prefix,
    });
    try {
      await body(jobs, log);
    } finally {
      await jobs.close();
      await deleteKeysWithPrefix(connection, prefix);
      await connection.quit();
    }
  };
  const partner = { kind: "partner_space", partnerId: "p1" } as const;
  const other = { kind: "partner_space", partnerId: "p2" } as const;

  it("one recipient's messages go in commit order; another recipient's do not wait for them", async () => {
    await withJobs({ a1: 200, b1: 80, a2: 5 }, async (jobs, log) => {
      jobs.sendNow([
        { outboxId: "a1", to: partner },
        { outboxId: "b1", to: other },
      ]);
      jobs.sendNow([{ outboxId: "a2", to: partner }]);
      expect(await jobs.busyCount()).toBe(3);
      await jobs.settled();
      expect(log.filter((e) => !e.startsWith("claim:"))).toEqual(["b1", "a1", "a2"]);
      expect(await jobs.busyCount()).toBe(0);
    });
  });

  it("only the post waits its turn: a burst to one space is claimed side by side (its statements shared)", async () => {
    await withJobs({ a1: 100, a2: 5, a3: 5 }, async (jobs, log) => {
      jobs.sendNow(["a1", "a2", "a3"].map((outboxId) => ({ outboxId, to: partner })));
      await jobs.settled();
      expect(log).toEqual(["claim:a1", "claim:a2", "claim:a3", "a1", "a2", "a3"]);
    });
  });
});
