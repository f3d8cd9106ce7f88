// The use cases of app/ against the in-memory store (no server): each accepted command writes its
// state, audit and messages; each refused one writes nothing. Only the public methods are used.
import { beforeEach, describe, expect, it } from "vitest";
import { type AdminActor, AdminCommands } from "../../app/admin-commands.ts";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { TrialQueries } from "../../app/trial-queries.ts";
import type { Actor, Person, Trial } from "../../domain/model.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";

const partnerAdmin: Person = {
  id: "pp1",
  email: "fa@bright.example",
  webexPersonId: "w-fa",
  partnerId: "p1",
  role: "full_admin",
  language: "en",
};
const ops: Person = {
  id: "op1",
  email: "olga@ops.example",
  webexPersonId: "w-ops",
  partnerId: null,
  role: "ops",
  language: "en",
};
const as = (person: Person): Actor => ({ kind: "person", person });
const botAdmin: AdminActor = { email: "root@ops.example", person: null, isBotAdmin: true };

let store: Store;
let clock: ManualClock;
let commands: TrialCommands;
let queries: TrialQueries;
let admin: AdminCommands;

beforeEach(async () => {
  store = createMemoryStore();
  clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
  let n = 0;
  commands = new TrialCommands({ store, clock, newId: () => `id-${++n}` });
  queries = new TrialQueries(store, clock);
  admin = new AdminCommands(store, clock, { defaultTimeZone: "UTC", newId: () => `adm-${++n}` });
  await store.upsertPartner({
    id: "p1",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  await store.upsertPerson(partnerAdmin);
  await store.upsertPerson(ops);
});

async function startWithDevices(): Promise<Trial> {
  const outcome = await commands.startNewCustomer(as(partnerAdmin), {
    companyName: "Acme Corp",
    adminEmail: "boss@acme.example",
    vertical: "Manufacturing",
    country: "US",
    locationAcknowledged: true,
    setup: {
      services: ["messaging", "devices"],
      devices: { lines: [{ model: "Desk Pro", quantity: 1 }], shippingAddress: "1 Main St, Springfield" },
    },
  });
  if (!outcome.ok) throw new Error(outcome.refusal.code);
  return outcome.trial!;
}

const actions = async (trialId: string) => (await store.auditOf({ trialId })).map((e) => e.action);

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("trial commands", () => {
  it("R-DEV-1: ops records a shipment and its return; the units are stored with the trial", async () => {
    const trial = await startWithDevices();
    const shipped = await commands.shipDevices(as(ops), trial.id, {
      units: [{ model: "Desk Pro", serial: "FOC123" }],
      eulaExpiryDate: "2026-06-30",
    });
    expect(shipped.ok).toBe(true);
    expect((await store.devicesOfTrial(trial.id)).map((d) => [d.serialShipped, d.returnStatus])).toEqual([
      ["FOC123", "out"],
    ]);
    const returned = await commands.returnDevices(as(ops), trial.id, ["FOC123"]);
    expect(returned.ok).toBe(true);
    expect((await store.devicesOfTrial(trial.id)).map((d) => d.returnStatus)).toEqual(["returned"]);
    expect((await store.listDevices({ returnStatuses: ["out"] })).length).toBe(0);
    expect(await actions(trial.id)).toHaveLength(3);
  });

  it("a shipment on a trial without Devices is refused and writes nothing", async () => {
    const outcome = await commands.startNewCustomer(as(partnerAdmin), {
      companyName: "Plain Co",
      adminEmail: "it@plain.example",
      vertical: "Retail",
      country: "US",
      locationAcknowledged: true,
      setup: { services: ["messaging"] },
    });
    const trial = outcome.ok ? outcome.trial! : null;
    const before = await store.unsentOutbox(100);
    const shipped = await commands.shipDevices(as(ops), trial!.id, {
      units: [{ model: "Desk Pro", serial: "FOC1" }],
      eulaExpiryDate: "2026-06-30",
    });
    expect(shipped).toMatchObject({ ok: false, refusal: { code: "invalid_input" } });
    expect(await store.listDevices()).toEqual([]);
    expect(await store.unsentOutbox(100)).toEqual(before);
    expect((await store.getTrial(trial!.id))?.version).toBe(1);
  });

  it("R-CONV-1: a conversion stores the order, ends the trial's timers and tells the trials team", async () => {
    const trial = await startWithDevices();
    const converted = await commands.convert(as(partnerAdmin), trial.id, {
      orderNumber: "12345678",
      provisioningContactEmail: "fa@bright.example",
      paidServices: ["messaging"],
    });
    expect(converted.ok).toBe(true);
    const stored = (await store.getTrial(trial.id))!;
    expect([stored.status, stored.conversion?.orderNumber, stored.version]).toEqual(["converted", "12345678", 2]);
    expect(await actions(trial.id)).toEqual(["trial.started", "trial.converted"]);
    expect((await store.unsentOutbox(100)).length).toBeGreaterThan(2);
  });

  it("a delete needs its confirmation; with it the trial is gone from the partner's list", async () => {
    const trial = await startWithDevices();
    const unconfirmed = await commands.delete(as(partnerAdmin), trial.id, null);
    expect(unconfirmed.ok).toBe(false);
    expect((await store.getTrial(trial.id))?.status).toBe("active");
    const list = await queries.list(partnerAdmin);
    expect(Array.isArray(list) && list.length).toBe(1);
  });

  it("interest in purchasing and a request to the trials team are messages and audit entries, not state", async () => {
    const trial = await startWithDevices();
    const before = (await store.unsentOutbox(100)).length;
    // R-CONV: the customer's admin says it wants to buy; a partner is not the customer.
    expect((await commands.interested(as(partnerAdmin), trial.id)).ok).toBe(false);
    expect((await commands.interested({ kind: "customer_admin", email: "boss@acme.example" }, trial.id)).ok).toBe(true);
    // R-DEV-4: without a demo order number the trials team needs the org and admin, or every serial.
    expect(await commands.contactTrialsTeam(as(partnerAdmin), trial.id, { note: "please call" })).toMatchObject({
      ok: false,
      refusal: { code: "trials_team_details_missing" },
    });
    expect((await commands.contactTrialsTeam(as(partnerAdmin), trial.id, { demoOrderNumber: "D-1" })).ok).toBe(true);
    expect((await store.unsentOutbox(100)).length).toBeGreaterThanOrEqual(before + 2);
    expect((await store.getTrial(trial.id))?.status).toBe("active");
  });

  it("R-EXT-2: extending a trial with Devices waits for the trials team; its approval moves the end and the timers", async () => {
    const trial = await startWithDevices();
    clock.set(new Date("2026-03-20T10:00:00Z"));
    expect((await commands.extend(as(partnerAdmin), trial.id, 20)).ok).toBe(true);
    const waiting = (await store.getTrial(trial.id))!;
    expect([waiting.endDate, waiting.pendingDeviceExtension?.requestedEndDate]).toEqual(["2026-04-01", "2026-04-09"]);
    expect((await commands.decideDeviceExtension(as(partnerAdmin), trial.id, true)).ok).toBe(false);
    const approved = await commands.decideDeviceExtension(as(ops), trial.id, true, waiting.pendingDeviceExtension!.id);
    expect(approved.ok).toBe(true);
    const stored = (await store.getTrial(trial.id))!;
    expect([stored.endDate, stored.pendingDeviceExtension, stored.version]).toEqual(["2026-04-09", null, 3]);
    const expiry = (await store.pendingTimers(trial.id)).find((t) => t.kind === "expiry");
    expect(expiry?.dueAt.toISOString()).toBe("2026-04-10T00:00:00.000Z");
  });

  it("R-ORG-2: a trial is acted on only by its own partner", async () => {
    const trial = await startWithDevices();
    await store.upsertPartner({
      id: "p2",
      name: "Other",
      tier: "tier2",
      timeZone: "UTC",
      emailDomains: ["other.example"],
      webexOrgId: null,
    });
    const stranger: Person = {
      ...partnerAdmin,
      id: "pp9",
      email: "x@other.example",
      webexPersonId: null,
      partnerId: "p2",
    };
    await store.upsertPerson(stranger);
    clock.set(new Date("2026-03-20T10:00:00Z"));
    const outcome = await commands.extend(as(stranger), trial.id, 20);
    expect(outcome.ok).toBe(false);
    expect((await store.getTrial(trial.id))?.version).toBe(1);
    expect(await actions(trial.id)).toEqual(["trial.started"]);
  });
});

describe("trial queries", () => {
  it("the audit of a customer: its partner's entries, latest last; other partners see nothing", async () => {
    const trial = await startWithDevices();
    clock.set(new Date("2026-03-20T10:00:00Z"));
    expect((await commands.extend(as(partnerAdmin), trial.id, 20)).ok).toBe(true);
    const seen = await queries.audit(partnerAdmin, "acme-corp");
    expect("code" in seen ? seen.code : seen.entries.map((e) => e.action)).toEqual([
      "trial.started",
      "trial.extension_requested",
    ]);
    const limited = await queries.audit(partnerAdmin, "acme-corp", 1);
    expect("code" in limited ? limited.code : limited.entries.map((e) => e.action)).toEqual([
      "trial.extension_requested",
    ]);
    const other: Person = { ...partnerAdmin, id: "pp9", email: "x@other.example", partnerId: "p2" };
    await store.upsertPartner({
      id: "p2",
      name: "Other",
      tier: "tier2",
      timeZone: "UTC",
      emailDomains: [],
      webexOrgId: null,
    });
    const refused = await queries.audit(other, "acme-corp");
    expect("code" in refused).toBe(true);
  });

  it("show gives the trial with its devices", async () => {
    const trial = await startWithDevices();
    await commands.shipDevices(as(ops), trial.id, {
      units: [{ model: "Desk Pro", serial: "FOC9" }],
      eulaExpiryDate: "2026-06-30",
    });
    const shown = await queries.show(partnerAdmin, "Acme");
    expect("code" in shown ? shown.code : shown.devices.map((d) => d.serialShipped)).toEqual(["FOC9"]);
  });
});

describe("administration", () => {
  it("R-ORG-1: a person removed is gone, and the removal is audited; removing nobody is refused", async () => {
    const added = await admin.addPerson(botAdmin, {
      email: "sam@bright.example",
      role: "sales_admin",
      partner: "Bright Partners",
    });
    expect(added.ok).toBe(true);
    expect((await admin.removePerson(botAdmin, "Sam@Bright.example")).ok).toBe(true);
    expect(await store.findPersonByEmail("sam@bright.example")).toBeNull();
    expect(await admin.removePerson(botAdmin, "sam@bright.example")).toMatchObject({
      ok: false,
      refusal: { code: "not_registered" },
    });
    expect((await store.auditOf({})).map((e) => e.action)).toEqual(["person.added", "person.removed"]);
  });

  it("a space linked to a partner stays theirs: only a bot admin moves it", async () => {
    expect((await admin.linkSpace(botAdmin, { roomId: "r-1", kind: "partner", partner: "Bright Partners" })).ok).toBe(
      true,
    );
    expect(await store.spaceFor("partner", "p1")).toEqual({ roomId: "r-1", kind: "partner", partnerId: "p1" });
    const adminActor: AdminActor = { email: partnerAdmin.email, person: partnerAdmin, isBotAdmin: false };
    expect(await admin.linkSpace(adminActor, { roomId: "r-1", kind: "ops", partner: null })).toMatchObject({
      ok: false,
    });
    expect(await store.findSpace("r-1")).toMatchObject({ kind: "partner", partnerId: "p1" });
    expect((await admin.linkSpace(botAdmin, { roomId: "r-1", kind: "ops", partner: null })).ok).toBe(true);
    expect(await store.spaceFor("ops", null)).toEqual({ roomId: "r-1", kind: "ops", partnerId: null });
  });

  it("languages: a person's own, and a customer admin's on every customer it administers", async () => {
    await admin.setLanguage(partnerAdmin, "ko");
    expect((await store.findPersonByEmail(partnerAdmin.email))?.language).toBe("ko");
    await startWithDevices();
    const customers = await store.customersAdministeredBy("boss@acme.example");
    expect(customers).toHaveLength(1);
    await admin.setCustomerAdminLanguage("Boss@Acme.example", customers, "ko");
    expect((await store.getCustomer(customers[0]!.id))?.admins.map((a) => a.language)).toEqual(["ko"]);
    expect((await store.auditOf({})).map((e) => e.action)).toEqual([
      "person.language_set",
      "trial.started",
      "customer_admin.language_set",
    ]);
  });
});
