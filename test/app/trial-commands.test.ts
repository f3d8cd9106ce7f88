// The application commands on the in-memory store (the contract suite holds it to the database's behaviour): state, audit, outbox and timers
// written together; concurrent edits of one trial give one success and one clear refusal.
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { TrialQueries } from "../../app/trial-queries.ts";
import type { Actor, Person } from "../../domain/model.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";

let store: Store;
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));

const fullAdmin: Person = {
  id: "pp1",
  email: "fa@bright.example",
  webexPersonId: "w-fa",
  partnerId: "p1",
  role: "full_admin",
  language: "en",
};
const salesAdmin: Person = {
  id: "pp2",
  email: "sa@bright.example",
  webexPersonId: "w-sa",
  partnerId: "p1",
  role: "sales_admin",
  language: "ko",
};
const readOnly: Person = {
  id: "pp3",
  email: "ro@bright.example",
  webexPersonId: "w-ro",
  partnerId: "p1",
  role: "read_only",
  language: "en",
};
const as = (person: Person): Actor => ({ kind: "person", person });

beforeEach(async () => {
  store = createMemoryStore();
  clock.set(new Date("2026-03-02T10:00:00Z"));
  await store.upsertPartner({
    id: "p1",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  for (const p of [fullAdmin, salesAdmin, readOnly]) await store.upsertPerson(p);
});

function commands() {
  return new TrialCommands({ store, clock });
}

async function startAcme() {
  const outcome = await commands().startNewCustomer(as(salesAdmin), {
    companyName: "Acme Corp",
    adminEmail: "boss@acme.example",
    vertical: "Manufacturing",
    country: "US",
    locationAcknowledged: true,
    setup: { services: ["messaging", "calling"] },
  });
  if (!outcome.ok) throw new Error(outcome.refusal.code);
  return outcome.trial!;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("application commands", () => {
  it("R-NEW-1: a new-customer trial is stored active with its customer, timers, audit entry and outbox messages", async () => {
    const trial = await startAcme();
    const stored = await store.getTrial(trial.id);
    expect(stored).toMatchObject({ status: "active", endDate: "2026-04-01", version: 1 });
    const customer = await store.findCustomerByHandle("acme-corp");
    expect(customer).toMatchObject({ name: "Acme Corp", region: "US" });
    expect((await store.pendingTimers(trial.id)).map((t) => t.kind).sort()).toEqual([
      "expiry",
      "reminder_before_end",
      "reminder_end_day",
    ]);
    expect((await store.auditOf({ trialId: trial.id })).map((a) => [a.action, a.actor])).toEqual([
      ["trial.started", "sa@bright.example"],
    ]);
    expect((await store.pendingOutbox(10)).map((r) => r.message.template).sort()).toEqual([
      "customer.welcome",
      "partner.trial_started",
    ]);
  });

  it("R-EXT-1: an extension moves the stored end and the stored timers in the same step", async () => {
    const trial = await startAcme();
    clock.set(new Date("2026-03-20T10:00:00Z"));
    const outcome = await commands().extend(as(fullAdmin), trial.id, 30);
    expect(outcome.ok).toBe(true);
    expect((await store.getTrial(trial.id))?.endDate).toBe("2026-04-19");
    const expiry = (await store.pendingTimers(trial.id)).find((t) => t.kind === "expiry");
    expect(expiry?.dueAt.toISOString()).toBe("2026-04-20T00:00:00.000Z");
  });

  it("R-ORG-2: a refused command changes nothing: no state, no audit, no message", async () => {
    const trial = await startAcme();
    const before = await store.pendingOutbox(10);
    const outcome = await commands().extend(as(readOnly), trial.id, 10);
    expect(outcome).toMatchObject({ ok: false, refusal: { code: "role_required" } });
    expect((await store.getTrial(trial.id))?.version).toBe(1);
    expect(await store.auditOf({ trialId: trial.id })).toHaveLength(1);
    expect(await store.pendingOutbox(10)).toHaveLength(before.length);
  });

  it("two partners editing the same trial at once: one succeeds, the other is told it changed meanwhile; nothing is lost", async () => {
    const trial = await startAcme();
    clock.set(new Date("2026-03-20T10:00:00Z"));
    // Both partners read version 1 before either writes: a barrier on the second read.
    let reads = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((r) => (release = r));
    const racing: Store = Object.create(store);
    racing.getTrial = async (id: string) => {
      const t = await store.getTrial(id);
      if (++reads === 2) release();
      await bothRead;
      return t;
    };
    const raced = () => new TrialCommands({ store: racing, clock });
    const [a, b] = await Promise.all([
      raced().extend(as(fullAdmin), trial.id, 20),
      raced().changeServices(as(salesAdmin), trial.id, { add: ["devices"], remove: [], devicesOrder: null }),
    ]);
    const outcomes = [a, b];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const losers = outcomes.filter((o) => !o.ok);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatchObject({
      ok: false,
      refusal: { code: "changed_meanwhile", messageKey: "refusal.changed_meanwhile" },
    });
    const stored = (await store.getTrial(trial.id))!;
    expect(stored.version).toBe(2);
    // Exactly the winner's change is stored and audited; the loser left no trace.
    const audit = (await store.auditOf({ trialId: trial.id })).map((e) => e.action);
    expect(audit).toHaveLength(2);
    if (a.ok)
      expect([stored.endDate, stored.services, audit]).toEqual([
        "2026-04-09",
        ["messaging", "calling"],
        ["trial.started", "trial.extended"],
      ]);
    else
      expect([stored.endDate, stored.services, audit]).toEqual([
        "2026-04-01",
        ["messaging", "calling", "devices"],
        ["trial.started", "trial.services_changed"],
      ]);
    // Trying again after re-reading works.
    const retry = a.ok
      ? await commands().changeServices(as(salesAdmin), trial.id, { add: ["devices"], remove: [], devicesOrder: null })
      : await commands().extend(as(fullAdmin), trial.id, 20);
    expect(retry.ok).toBe(true);
    expect((await store.getTrial(trial.id))?.version).toBe(3);
  });

  it("a card built from an older version of the trial acts on nothing", async () => {
    const trial = await startAcme();
    clock.set(new Date("2026-03-20T10:00:00Z"));
    expect((await commands().extend(as(fullAdmin), trial.id, 20)).ok).toBe(true);
    const stale = await commands().cancel(as(fullAdmin), trial.id, "stale card", 1);
    expect(stale).toMatchObject({ ok: false, refusal: { code: "changed_meanwhile" } });
    expect((await store.getTrial(trial.id))?.status).toBe("active");
  });

  it("R-EXP-2: a timer that fires re-reads the trial; firing twice acts once", async () => {
    const trial = await startAcme();
    const expiry = (await store.pendingTimers(trial.id)).find((t) => t.kind === "expiry")!;
    clock.set(expiry.dueAt);
    const first = await commands().fireTimer(trial.id, "expiry", expiry.dueAt);
    const second = await commands().fireTimer(trial.id, "expiry", expiry.dueAt);
    expect(first.ok && first.decision.skipped).toBeNull();
    expect(second.ok && second.decision.skipped).toMatch(/expiry/);
    expect((await store.getTrial(trial.id))?.status).toBe("expired");
    expect((await store.auditOf({ trialId: trial.id })).filter((e) => e.action === "trial.expired")).toHaveLength(1);
    expect((await store.pendingTimers(trial.id)).map((t) => t.kind).sort()).toEqual([
      "calling_release",
      "lapse",
      "user_notice",
    ]);
  });

  it("R-CONSENT-5: cancelling a pending consent request removes the customer from the partner's list", async () => {
    await store.upsertCustomer({
      id: "c-glob",
      handle: "globex",
      name: "Globex",
      vertical: "Retail",
      country: "DE",
      region: "EU",
      webexOrgId: null,
      admins: [{ email: "it@globex.example", role: "full_admin", language: "en" }],
      purchasedServices: ["messaging"],
      managingPartners: [],
    });
    const requested = await commands().requestConsent(as(salesAdmin), {
      customer: "globex",
      adminEmail: "it@globex.example",
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    });
    expect(requested.ok).toBe(true);
    const trialId = requested.ok ? requested.trial!.id : "";
    const accepted = await commands().acceptConsent(
      { kind: "customer_admin", email: "it@globex.example" },
      trialId,
      false,
    );
    expect(accepted.ok).toBe(true);
    expect((await store.getCustomer("c-glob"))?.managingPartners).toEqual([
      { partnerId: "p1", access: "provisioning_admin" },
    ]);
    const cancelled = await commands().cancel(as(fullAdmin), trialId);
    expect(cancelled.ok).toBe(true);
    expect((await store.getCustomer("c-glob"))?.managingPartners).toEqual([]);
  });

  it("R-ORG-2: read_only lists and shows its partner's trials", async () => {
    await startAcme();
    const queries = new TrialQueries(store, clock);
    const rows = await queries.list(readOnly);
    expect(Array.isArray(rows) && rows.map((r) => [r.customer.name, r.trial.status, r.daysLeft])).toEqual([
      ["Acme Corp", "active", 30],
    ]);
    const shown = await queries.show(readOnly, "Acme");
    expect("code" in shown ? shown.code : shown.trial.endDate).toBe("2026-04-01");
  });
});
