// The test clock on a real PostgreSQL store: moving it fires every deadline that falls due, in
// order, once each, through the same use case the queue's jobs call (R-EXP-1, R-EXP-2, R-EXP-4).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TestClock } from "../../app/test-clock.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import type { Person } from "../../domain/model.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { postgresTarget, type TestTarget } from "../store/harness.ts";

const DAY = 86_400_000;
const START = new Date("2026-03-02T10:00:00Z");
const salesAdmin: Person = {
  id: "pp1",
  email: "sam@bright.example",
  webexPersonId: null,
  partnerId: "p1",
  role: "sales_admin",
  language: "en",
};

let target: TestTarget;
let store: Store;
let clock: ManualClock;
let commands: TrialCommands;

beforeAll(async () => {
  target = await postgresTarget();
  store = createPrismaStore(target.db);
});
afterAll(async () => {
  await store?.close();
  await target?.dispose();
});
beforeEach(async () => {
  await truncateAll(target.db);
  clock = new ManualClock(START);
  commands = new TrialCommands({ store, clock });
  await store.upsertPartner({
    id: "p1",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  await store.upsertPerson(salesAdmin);
});

async function startTrial(companyName = "Acme Corp") {
  const outcome = await commands.startNewCustomer(
    { kind: "person", person: salesAdmin },
    {
      companyName,
      adminEmail: "boss@acme.example",
      vertical: "Manufacturing",
      country: "US",
      locationAcknowledged: true,
      setup: { services: ["messaging", "calling"] },
    },
  );
  if (!outcome.ok) throw new Error(outcome.refusal.code);
  return outcome.trial!;
}

describe("test clock", () => {
  it("R-EXP-1, R-EXP-2: 31 days from a fresh 30-day trial fire the 7-day reminder, the end-day reminder and the expiry, in order, once each", async () => {
    const trial = await startTrial();
    let delivered = 0;
    const testClock = new TestClock(clock, { store, commands, deliver: async () => delivered++ });

    const fired = await testClock.advanceWithDetails(31 * DAY);

    expect(fired.map((f) => f.kind)).toEqual(["reminder_before_end", "reminder_end_day", "expiry"]);
    expect(fired.every((f) => f.trialId === trial.id)).toBe(true);
    // Each fired at its own instant, earliest first.
    const times = fired.map((f) => f.dueAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(testClock.show().toISOString()).toBe(new Date(START.getTime() + 31 * DAY).toISOString());
    expect((await store.getTrial(trial.id))?.status).toBe("expired");
    const audit = (await store.auditOf({ trialId: trial.id })).map((a) => [a.action, a.actor]);
    expect(audit.filter(([, actor]) => actor!.startsWith("system:"))).toEqual([
      ["trial.reminder_sent", "system:reminder_before_end"],
      ["trial.reminder_sent", "system:reminder_end_day"],
      ["trial.expired", "system:expiry"],
    ]);
    // The outbox was delivered once, after the firings.
    expect(delivered).toBe(1);

    // Nothing more is due: a second advance of a minute fires nothing (and delivers nothing).
    expect(await testClock.advance(60_000)).toBe(0);
    expect(delivered).toBe(1);
  });

  it("R-EXP-4: advancing 30 more days ends the grace period: the trial lapses, once", async () => {
    const trial = await startTrial();
    const testClock = new TestClock(clock, { store, commands });
    await testClock.advance(31 * DAY);

    const fired = await testClock.advanceWithDetails(30 * DAY);

    // Grace ends 30 days after the end: users are told (R-EXP-3) and the trial lapses; the Calling
    // numbers are kept 15 days more (R-EXP-5), so their release is not due yet.
    expect(fired.map((f) => f.kind).sort()).toEqual(["lapse", "user_notice"]);
    expect((await store.getTrial(trial.id))?.status).toBe("lapsed");
    expect(await testClock.advance(DAY)).toBe(0);
    expect((await testClock.advanceWithDetails(15 * DAY)).map((f) => f.kind)).toEqual(["calling_release"]);
  });

  it("fires the deadlines of several trials in time order", async () => {
    const first = await startTrial("Acme Corp");
    clock.advance(10 * DAY);
    const second = await startTrial("Globex");
    const testClock = new TestClock(clock, { store, commands });

    const fired = await testClock.advanceWithDetails(45 * DAY);

    const expiries = fired.filter((f) => f.kind === "expiry").map((f) => f.trialId);
    expect(expiries).toEqual([first.id, second.id]);
    const times = fired.map((f) => f.dueAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("moves only forward, and needs its store before it moves", async () => {
    const unbound = new TestClock(clock);
    await expect(unbound.advance(DAY)).rejects.toThrow(/not bound/);
    const testClock = new TestClock(clock, { store, commands });
    await expect(testClock.advance(-1)).rejects.toThrow(/only moves forward/);
    expect(testClock.show().toISOString()).toBe(START.toISOString());
  });

  it("reports every move, so a sandbox can keep its time across restarts", async () => {
    await startTrial();
    const moves: string[] = [];
    const testClock = new TestClock(clock, { store, commands }, { onMoved: (at) => moves.push(at.toISOString()) });
    await testClock.advance(31 * DAY);
    expect(moves.at(-1)).toBe(new Date(START.getTime() + 31 * DAY).toISOString());
    expect(moves.length).toBe(4); // three deadlines, then the target
  });
});
