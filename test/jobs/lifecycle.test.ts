// Trial lifecycles on the real BullMQ queues (Redis) and PostgreSQL, with a ManualClock whose due
// jobs are promoted: start → reminders → expiry → grace → lapse → Calling number release, and
// conversion, extension and deletion at each stage; devices; the consent window; the digest.
// Messages are asserted as outbox rows (template → recipient) delivered exactly once to the
// Webex emulator through the real delivery use case (app/delivery/deliver-outbox.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TimerKind } from "../../domain/effects.ts";
import { timerJobId } from "../../jobs/timers.ts";
import { as, DAY, FIONA, type JobsHarness, lines, PARTNER, SAM, startJobsHarness } from "./harness.ts";

let h: JobsHarness;
const HANGUL = /[\uAC00-\uD7A3]/u;

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

/** The trial's one timer job in Redis (its next deadline): kind → dueAt, or {}. */
async function jobsOf(trialId: string): Promise<Record<string, string>> {
  const job = await h.jobs.timers.jobOf(trialId);
  return job ? { [job.kind]: job.dueAt.toISOString() } : {};
}

async function storeTimers(trialId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await h.store.pendingTimers(trialId)).map((t) => [t.kind, t.dueAt.toISOString()]));
}

/** The store's earliest pending deadline of the trial (ties: the first kind by name), as jobsOf. */
async function storeNext(trialId: string): Promise<Record<string, string>> {
  const [first] = (await h.store.pendingTimers(trialId)).sort(
    (a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind),
  );
  return first ? { [first.kind]: first.dueAt.toISOString() } : {};
}

/** The trial's pending deadlines in the store, once checked that Redis holds the earliest as the trial's job. */
async function scheduled(trialId: string): Promise<Record<string, string>> {
  expect(await jobsOf(trialId)).toEqual(await storeNext(trialId));
  return storeTimers(trialId);
}

/**
 * The rows of these trials written since the last call, each delivered exactly once: sent, with
 * its own Webex message. Also checks globally that Webex got one message per sent row.
 */
async function delivered(...trialIds: string[]) {
  const all = await h.takeOutbox();
  h.takeWebex();
  const rows = trialIds.length ? all.filter((r) => trialIds.includes(String(r.message.data.trialId))) : all;
  const byId = new Map(h.emulator.messagesSentBy(h.botId).map((m) => [m.id, m]));
  for (const r of rows) {
    expect(r, `${r.message.template} → ${r.recipient}`).toMatchObject({ state: "sent" });
    expect(byId.has(r.webexMessageId!)).toBe(true);
  }
  const sent = (await h.allOutbox()).filter((r) => r.state === "sent");
  expect(
    h.emulator
      .messagesSentBy(h.botId)
      .map((m) => m.id)
      .sort(),
  ).toEqual(sent.map((r) => r.webexMessageId).sort());
  return rows;
}

const ok = (outcome: { ok: boolean; refusal?: { code: string } }) =>
  expect(outcome.ok ? "ok" : outcome.refusal?.code).toBe("ok");

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("lifecycle timers on BullMQ (real Redis + PostgreSQL)", () => {
  it("R-EXP-1..6: start → reminders (each in their language) → expiry → grace → user notice and lapse → Calling numbers released", async () => {
    const trial = await h.startTrial("Acme", ["messaging", "calling"], { koAdmin: true });
    await h.settle();
    expect(lines(await delivered())).toEqual([
      "customer.welcome → boss@acme.example",
      "partner.trial_started → partner",
    ]);
    // One job per trial, id = the trial's id, holding the store's next deadline.
    expect(await jobsOf(trial.id)).toEqual(await storeNext(trial.id));
    expect(await jobsOf(trial.id)).toEqual({
      reminder_before_end: (await due(trial.id, "reminder_before_end")).toISOString(),
    });
    expect(Object.keys(await scheduled(trial.id)).sort()).toEqual([
      "expiry",
      "reminder_before_end",
      "reminder_end_day",
    ]);
    expect(await h.timerJobIds()).toContain(timerJobId(trial.id));

    // R-EXP-1: 7 days before the end.
    await h.runUntil(await due(trial.id, "reminder_before_end"));
    const before = await delivered();
    expect(lines(before)).toEqual([
      "customer.expiry_reminder → boss@acme.example",
      "customer.expiry_reminder → jimin@acme.example",
      "ops.event → ops",
      `partner.expiry_reminder → ${FIONA.email}`,
      `partner.expiry_reminder → ${SAM.email}`,
    ]);
    expect(before.find((r) => r.message.template === "customer.expiry_reminder")?.message.data).toMatchObject({
      daysLeft: 7,
    });
    // Each in the recipient's language: Jimin and Sam read Korean, Boss and Fiona English.
    const textTo = (email: string) =>
      h.emulator
        .messagesSentBy(h.botId)
        .filter((m) => m.toPersonEmail === email)
        .at(-1)?.markdown ?? "";
    expect(textTo("jimin@acme.example")).toMatch(HANGUL);
    expect(textTo(SAM.email)).toMatch(HANGUL);
    expect(textTo("boss@acme.example")).not.toMatch(HANGUL);
    expect(textTo(FIONA.email)).not.toMatch(HANGUL);
    expect(textTo("boss@acme.example")).toContain("https://admin.webex.com/subscriptions");
    expect(Object.keys(await scheduled(trial.id)).sort()).toEqual(["expiry", "reminder_end_day"]);

    // R-EXP-1: on the end day.
    await h.runUntil(await due(trial.id, "reminder_end_day"));
    const endDay = await delivered();
    expect(lines(endDay)).toEqual(lines(before));
    expect(endDay.find((r) => r.message.template === "customer.expiry_reminder")?.message.data).toMatchObject({
      daysLeft: 0,
    });

    // R-EXP-2: expiry, grace starts; R-EXP-6: ops hear of it.
    await h.runUntil(await due(trial.id, "expiry"));
    expect(lines(await delivered())).toEqual(["ops.event → ops", "partner.trial_expired → partner"]);
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "expired" });
    expect(Object.keys(await scheduled(trial.id)).sort()).toEqual(["calling_release", "lapse", "user_notice"]);
    expect(await jobsOf(trial.id)).toEqual(await storeNext(trial.id));

    // R-EXP-3 + R-EXP-4: 30 days after the end: users told; the trial lapses.
    await h.runUntil(await due(trial.id, "lapse"));
    expect(lines(await delivered())).toEqual([
      "customer.users_access_ended → boss@acme.example",
      "customer.users_access_ended → jimin@acme.example",
      "ops.event → ops",
      "ops.event → ops",
      "partner.trial_lapsed → partner",
    ]);
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "lapsed" });
    expect(Object.keys(await scheduled(trial.id))).toEqual(["calling_release"]);

    // R-EXP-5: Calling numbers released at end + 45 days.
    const release = await due(trial.id, "calling_release");
    expect(release.getTime() - (await h.store.getTrial(trial.id))!.createdAt.getTime()).toBeGreaterThan(70 * DAY);
    await h.runUntil(release);
    expect(lines(await delivered())).toEqual(["ops.event → ops", "partner.calling_numbers_released → partner"]);
    expect(await jobsOf(trial.id)).toEqual({});
    expect(await h.store.pendingTimers(trial.id)).toEqual([]);
    const opsEvents = (await h.allOutbox())
      .filter((r) => r.message.template === "ops.event" && r.message.data.trialId === trial.id)
      .map((r) => r.message.data.event);
    // Each expiry event once, in order (the user notice and the lapse share their instant).
    expect(opsEvents.slice(0, 3)).toEqual(["reminder_before_end", "reminder_end_day", "expired"]);
    expect(opsEvents.slice(3, 5).sort()).toEqual(["lapsed", "users_notified"]);
    expect(opsEvents.slice(5)).toEqual(["calling_numbers_released"]);
  });

  it("R-EXT-1: extending before the reminders moves the jobs; nothing fires at the old times, everything at the new", async () => {
    const t0 = h.clock.now();
    const trial = await h.startTrial("Bolt", ["messaging"]);
    await h.settle();
    await delivered(trial.id);
    const oldReminder = await due(trial.id, "reminder_before_end");
    const oldExpiry = await due(trial.id, "expiry");
    await h.runUntil(new Date(t0.getTime() + 10 * DAY));
    const ext = await h.commands.extend(as(FIONA), trial.id, 30);
    ok(ext);
    await h.settle();
    expect(lines(await delivered(trial.id))).toEqual(["partner.trial_extended → partner"]);
    const moved = await scheduled(trial.id);
    expect(Date.parse(moved.expiry!)).toBeGreaterThan(oldExpiry.getTime());

    // The old deadlines pass: nothing.
    await h.runUntil(new Date(oldExpiry.getTime() + 1000));
    expect(await delivered(trial.id)).toEqual([]);
    expect(oldReminder.getTime()).toBeLessThan(oldExpiry.getTime());
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "active" });

    await h.runUntil(await due(trial.id, "expiry"));
    const rows = await delivered(trial.id);
    expect(rows.filter((r) => r.message.template === "partner.expiry_reminder")).toHaveLength(4); // 2 admins × 2 reminders
    expect(rows.filter((r) => r.message.template === "partner.trial_expired")).toHaveLength(1);
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "expired" });

    // Extending in grace is refused by the domain or reactivates: either way Redis matches the store.
    await h.commands.extend(as(FIONA), trial.id, 10);
    await h.settle();
    await delivered(trial.id);
    expect(await jobsOf(trial.id)).toEqual(await storeNext(trial.id));
    await h.commands.delete(as(FIONA), trial.id, "Yes");
    await h.settle();
    await delivered(trial.id);
  });

  it("R-CONV-1/R-CONV-4: converting while active, and in grace, removes every job; no reminder, lapse or release follows", async () => {
    const active = await h.startTrial("Cobalt", ["messaging", "calling"]);
    const grace = await h.startTrial("Delta", ["messaging", "calling"]);
    await h.settle();
    await delivered(active.id, grace.id);
    const order = (n: string) => ({
      orderNumber: n,
      provisioningContactEmail: FIONA.email,
      paidServices: ["messaging", "calling"] as ("messaging" | "calling")[],
    });
    const c1 = await h.commands.convert(as(FIONA), active.id, order("100001"));
    ok(c1);
    await h.settle();
    expect(await jobsOf(active.id)).toEqual({});
    expect(
      lines((await delivered(active.id, grace.id)).filter((r) => r.message.template.startsWith("partner."))),
    ).toEqual(["partner.trial_converted → partner"]);

    await h.runUntil(await due(grace.id, "expiry"));
    await delivered(active.id, grace.id);
    expect(await h.store.getTrial(grace.id)).toMatchObject({ status: "expired" });
    const lapseAt = await due(grace.id, "lapse");
    const c2 = await h.commands.convert(as(FIONA), grace.id, order("100002"));
    ok(c2);
    await h.settle();
    expect(await jobsOf(grace.id)).toEqual({});
    await delivered(active.id, grace.id);
    await h.runUntil(new Date(lapseAt.getTime() + 20 * DAY));
    expect(await delivered(active.id, grace.id)).toEqual([]);
    expect(await h.store.getTrial(active.id)).toMatchObject({ status: "converted" });
    expect(await h.store.getTrial(grace.id)).toMatchObject({ status: "converted" });
  });

  it("R-DEL-1: deleting an active trial after its first reminder, and one in grace, cancels every job", async () => {
    const a = await h.startTrial("Echo", ["messaging"]);
    const b = await h.startTrial("Foxtrot", ["messaging", "calling"]);
    await h.settle();
    await delivered(a.id, b.id);
    await h.runUntil(await due(a.id, "reminder_before_end"));
    await delivered(a.id, b.id);
    const expiryA = await due(a.id, "expiry");
    ok(await h.commands.delete(as(FIONA), a.id, "Yes"));
    await h.settle();
    expect(await jobsOf(a.id)).toEqual({});
    expect(lines(await delivered(a.id, b.id))).toEqual(["partner.trial_deleted → partner"]);

    await h.runUntil(new Date(expiryA.getTime() + 1000));
    // Only Foxtrot (same dates) expires.
    const rows = await delivered(a.id, b.id);
    expect(rows.every((r) => r.message.data.trialId === b.id)).toBe(true);
    expect(await h.store.getTrial(b.id)).toMatchObject({ status: "expired" });
    const release = await due(b.id, "calling_release");
    ok(await h.commands.delete(as(FIONA), b.id, "Yes"));
    await h.settle();
    expect(await jobsOf(b.id)).toEqual({});
    await delivered(a.id, b.id);
    await h.runUntil(new Date(release.getTime() + DAY));
    expect(await delivered(a.id, b.id)).toEqual([]);
  });

  it("R-DEV-1: device return due, then overdue: the unit not back is flagged missing, ops told", async () => {
    const trial = await h.startTrial("Golf", ["messaging", "devices"], { lengthDays: 90 });
    await h.settle();
    await delivered(trial.id);
    const today = h.clock.now().toISOString().slice(0, 10);
    const plus = (d: number) => new Date(Date.parse(`${today}T00:00:00Z`) + d * DAY).toISOString().slice(0, 10);
    ok(
      await h.commands.shipDevices(as(FIONA), trial.id, {
        units: [{ model: "Desk Pro", serial: "FOC111" }],
        eulaExpiryDate: plus(10),
        country: "US",
      }),
    );
    ok(
      await h.commands.shipDevices(as(FIONA), trial.id, {
        units: [{ model: "Room Kit", serial: "FOC222" }],
        eulaExpiryDate: plus(20),
        country: "US",
      }),
    );
    await h.settle();
    await delivered(trial.id);
    expect(Object.keys(await scheduled(trial.id)).sort()).toEqual([
      "device_return_due",
      "device_return_overdue",
      "expiry",
      "reminder_before_end",
      "reminder_end_day",
    ]);
    const firstDue = await due(trial.id, "device_return_due");

    await h.runUntil(firstDue);
    const dueRows = await delivered(trial.id);
    expect(lines(dueRows)).toEqual([
      "customer.device_return_due → boss@golf.example",
      "partner.device_return_due → partner",
    ]);
    expect(dueRows[0]!.message.data.units).toMatchObject([{ serial: "FOC111" }]);

    // FOC222 comes back; FOC111 does not: flagged missing at the end of its deadline day.
    ok(await h.commands.returnDevices(as(FIONA), trial.id, ["FOC222"]));
    await h.settle();
    await delivered(trial.id);
    await h.runUntil(await due(trial.id, "device_return_overdue"));
    const overdue = await delivered(trial.id);
    expect(lines(overdue)).toEqual([
      "customer.device_return_overdue → boss@golf.example",
      "ops.event → ops",
      "partner.device_return_overdue → partner",
    ]);
    expect((await h.store.devicesOfTrial(trial.id)).map((d) => [d.serialShipped, d.returnStatus]).sort()).toEqual([
      ["FOC111", "missing"],
      ["FOC222", "returned"],
    ]);
    expect(await jobsOf(trial.id)).toEqual(await storeNext(trial.id));
    await h.commands.delete(as(FIONA), trial.id, "Yes");
    await h.settle();
    await delivered(trial.id);
  });

  it("R-DEV-1: two units out with different EULA dates: each deadline fires once, the next unit's deadline re-scheduled under the same job id while the firing job held it", async () => {
    const trial = await h.startTrial("Hotel", ["messaging", "devices"], { lengthDays: 90 });
    await h.settle();
    await delivered(trial.id);
    const today = h.clock.now().toISOString().slice(0, 10);
    const plus = (d: number) => new Date(Date.parse(`${today}T00:00:00Z`) + d * DAY).toISOString().slice(0, 10);
    ok(
      await h.commands.shipDevices(as(FIONA), trial.id, {
        units: [{ model: "Desk Pro", serial: "HOT1" }],
        eulaExpiryDate: plus(5),
        country: "US",
      }),
    );
    ok(
      await h.commands.shipDevices(as(FIONA), trial.id, {
        units: [{ model: "Desk Pro", serial: "HOT2" }],
        eulaExpiryDate: plus(8),
        country: "US",
      }),
    );
    await h.settle();
    await delivered(trial.id);
    const firstOverdue = await due(trial.id, "device_return_overdue");
    await h.runUntil(firstOverdue);
    // HOT1 is flagged missing by the overdue job, which re-sets the device deadlines for HOT2 while
    // that job still held the trial's job id: the re-sync after it finished scheduled the next
    // deadline under the same id.
    const secondOverdue = await due(trial.id, "device_return_overdue");
    expect(secondOverdue.getTime()).toBeGreaterThan(firstOverdue.getTime());
    expect(await jobsOf(trial.id)).toEqual(await storeNext(trial.id));
    expect((await scheduled(trial.id)).device_return_overdue).toBe(secondOverdue.toISOString());
    await h.runUntil(new Date(secondOverdue.getTime() + DAY));
    const rows = (await delivered(trial.id)).concat();
    const dueSerials = (await h.allOutbox())
      .filter((r) => r.message.template === "partner.device_return_due" && r.message.data.trialId === trial.id)
      .map((r) => (r.message.data.units as { serial: string }[]).map((u) => u.serial).join(","));
    expect(dueSerials).toEqual(["HOT1", "HOT2"]);
    expect(
      rows
        .filter((r) => r.message.template === "partner.device_return_overdue")
        .map((r) => (r.message.data.units as { serial: string }[])[0]!.serial),
    ).toEqual(["HOT1", "HOT2"]);
    await h.commands.delete(as(FIONA), trial.id, "Yes");
    await h.settle();
    await delivered(trial.id);
  });

  it("R-CONSENT-6: no full admin acts within 10 days: cancelled, the partner told, the job gone", async () => {
    const customer = {
      id: "c-india",
      handle: "india",
      name: "India Inc",
      vertical: "Retail",
      country: "US",
      region: "US",
      webexOrgId: null,
      admins: [{ email: "it@india.example", role: "full_admin" as const, language: "en" as const }],
      purchasedServices: [],
      managingPartners: [],
    };
    await h.store.upsertCustomer(customer);
    h.emulator.addPerson({ displayName: "India IT", email: "it@india.example" });
    const request = await h.commands.requestConsent(as(FIONA), {
      customer: "india",
      adminEmail: "it@india.example",
      organisationConfirmed: true,
      setup: { services: ["messaging"] },
    });
    expect(request.ok).toBe(true);
    const trialId = request.ok ? request.trial!.id : "";
    await h.settle();
    await delivered(trialId);
    expect(Object.keys(await scheduled(trialId))).toEqual(["consent_deadline"]);
    await h.runUntil(await due(trialId, "consent_deadline"));
    expect(lines(await delivered(trialId))).toEqual(["partner.consent_expired → partner"]);
    expect(await h.store.getTrial(trialId)).toMatchObject({ status: "cancelled" });
    expect(await jobsOf(trialId)).toEqual({});
  });

  it("R-EXP-6: the daily digest is a Job Scheduler at DIGEST_HOUR in DEFAULT_TIME_ZONE and reaches the ops space once per day", async () => {
    const schedulers = await h.jobs.maintenance.getJobSchedulers();
    expect(schedulers.find((s) => s.key === "daily-digest")).toMatchObject({ pattern: "0 8 * * *", tz: "UTC" });
    // The scheduler's next job, run now (as the worker does at 08:00).
    const next = (await h.jobs.maintenance.getDelayed()).find((j) => j.name === "daily-digest");
    expect(next).toBeDefined();
    await next!.promote();
    for (let i = 0; i < 200 && !(await h.allOutbox()).some((r) => r.message.template === "ops.daily_digest"); i++)
      await new Promise((r) => setTimeout(r, 25));
    await h.settle();
    // Twice the same day: still one digest.
    expect(await h.jobs.sendDigest()).toMatchObject({ queued: false });
    await h.settle();
    const rows = await delivered();
    expect(lines(rows)).toEqual(["ops.daily_digest → ops"]);
    expect(rows[0]!.message.data).toMatchObject({
      date: h.clock.now().toISOString().slice(0, 10),
      counts: expect.objectContaining({ lapsed: 1, converted: 2 }),
    });
    const text = h.emulator.messagesIn(h.opsRoom.id).at(-1)?.markdown ?? "";
    expect(text.length).toBeGreaterThan(0);
    expect(PARTNER.name.length).toBeGreaterThan(0);
  });
});
