// The partner's `trial list` on the in-memory store: what a consent request that ended
// leaves behind (R-CONSENT-5/6), how a converted trial shows, and one live trial per customer
// and partner (R-PAID-1).
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { TrialQueries, type TrialRow } from "../../app/trial-queries.ts";
import type { Actor, Person } from "../../domain/model.ts";
import type { Refusal } from "../../domain/refusals.ts";
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
const ops: Person = {
  id: "op1",
  email: "olga@ops.example",
  webexPersonId: null,
  partnerId: null,
  role: "ops",
  language: "en",
};
const as = (person: Person): Actor => ({ kind: "person", person });
const itAdmin: Actor = { kind: "customer_admin", email: "it@globex.example" };

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
  await store.upsertPerson(fullAdmin);
  await store.upsertPerson(ops);
  await store.upsertCustomer({
    id: "c-glob",
    handle: "globex",
    name: "Globex",
    vertical: "Retail",
    country: "DE",
    region: "EU",
    webexOrgId: null,
    admins: [{ email: "it@globex.example", role: "full_admin", language: "en" }],
    purchasedServices: [],
    managingPartners: [],
  });
});

const commands = () => new TrialCommands({ store, clock });
const queries = () => new TrialQueries(store, clock);

function rowsOf(rows: TrialRow[] | Refusal): [string, string][] {
  if (!Array.isArray(rows)) throw new Error(`refused: ${rows.code}`);
  return rows.map((r) => [r.customer.handle, r.trial.status]);
}

async function requestGlobex(): Promise<string> {
  const requested = await commands().requestConsent(as(fullAdmin), {
    customer: "globex",
    adminEmail: "it@globex.example",
    organisationConfirmed: true,
    setup: { services: ["calling"] },
  });
  if (!requested.ok) throw new Error(requested.refusal.code);
  return requested.trial!.id;
}

async function startAcme(companyName = "Acme Corp") {
  return commands().startNewCustomer(as(fullAdmin), {
    companyName,
    adminEmail: "boss@acme.example",
    vertical: "Manufacturing",
    country: "US",
    locationAcknowledged: true,
    setup: { services: ["messaging", "calling", "devices"], devices: null },
  });
}

describe("trial list after a consent request ends", () => {
  it("R-CONSENT-5: a cancelled request no longer shows in trial list; status cancelled still finds it; the audit trail stays", async () => {
    const id = await requestGlobex();
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([["globex", "pending_consent"]]);
    expect((await commands().cancel(as(fullAdmin), id)).ok).toBe(true);
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([]);
    expect(rowsOf(await queries().list(fullAdmin, { statuses: ["cancelled"] }))).toEqual([["globex", "cancelled"]]);
    expect((await store.auditOf({ trialId: id })).map((e) => e.action)).toEqual([
      "trial.consent_requested",
      "trial.cancelled",
    ]);
  });

  it("R-CONSENT-5: cancelled after acceptance, while awaiting provisioning, it leaves the list too", async () => {
    const id = await requestGlobex();
    expect((await commands().acceptConsent(itAdmin, id, true)).ok).toBe(true);
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([["globex", "awaiting_provisioning"]]);
    expect((await commands().cancel(as(fullAdmin), id)).ok).toBe(true);
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([]);
  });

  it("R-CONSENT-6: a declined request no longer shows in trial list", async () => {
    const id = await requestGlobex();
    expect((await commands().declineConsent(itAdmin, id)).ok).toBe(true);
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([]);
    expect(rowsOf(await queries().list(fullAdmin, { statuses: ["cancelled"] }))).toEqual([["globex", "cancelled"]]);
  });

  it("R-CONSENT-6: a request nobody answered in 10 days no longer shows in trial list", async () => {
    const id = await requestGlobex();
    const deadline = (await store.pendingTimers(id)).find((t) => t.kind === "consent_deadline")!.dueAt;
    clock.set(deadline);
    const fired = await commands().fireTimer(id, "consent_deadline", deadline);
    expect(fired.ok && fired.trial?.status).toBe("cancelled");
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([]);
    // Ops keep seeing every trial.
    expect(rowsOf(await queries().list(ops))).toEqual([["globex", "cancelled"]]);
  });

  it("R-CONSENT-5: a customer the partner keeps (its own trial cancelled while active) stays in the list", async () => {
    const started = await startAcme();
    expect(started.ok).toBe(true);
    expect((await commands().cancel(as(fullAdmin), started.ok ? started.trial!.id : "")).ok).toBe(true);
    expect(rowsOf(await queries().list(fullAdmin))).toEqual([["acme-corp", "cancelled"]]);
  });
});

describe("a converted trial in the list", () => {
  it("R-CONV-5: listed with no days left and only the services of the paid order (Devices goes back)", async () => {
    const started = await startAcme();
    const id = started.ok ? started.trial!.id : "";
    const converted = await commands().convert(as(fullAdmin), id, {
      orderNumber: "12345678",
      provisioningContactEmail: "fa@bright.example",
      paidServices: ["messaging"],
      confirmMissing: true,
    });
    expect(converted.ok).toBe(true);
    const rows = await queries().list(fullAdmin);
    if (!Array.isArray(rows)) throw new Error(rows.code);
    expect(rows.map((r) => [r.trial.status, r.daysLeft, r.trial.conversion?.paidServices])).toEqual([
      ["converted", null, ["messaging"]],
    ]);
    expect((await store.getCustomer(rows[0]!.customer.id))?.purchasedServices).toEqual(["messaging"]);
    const shown = await queries().show(fullAdmin, "acme-corp");
    expect("code" in shown ? shown.code : shown.daysLeft).toBeNull();
  });
});

describe("one live trial per customer and partner", () => {
  it("R-PAID-1: a new-customer card for a company that already is the partner's customer creates no duplicate", async () => {
    expect((await startAcme()).ok).toBe(true);
    const again = await startAcme("ACME corp.");
    expect(again).toMatchObject({
      ok: false,
      refusal: {
        code: "customer_exists",
        params: { customer: "Acme Corp", customerHandle: "acme-corp", liveTrial: "active" },
      },
    });
    expect((await store.listCustomers()).map((c) => c.handle).sort()).toEqual(["acme-corp", "globex"]);
    expect(await store.findCustomerByHandle("acme-corp-2")).toBeNull();
  });

  it("R-PAID-1: a second trial for the same customer is refused and the first stays reachable by name", async () => {
    const first = await startAcme();
    const second = await commands().startPayingCustomer(as(fullAdmin), "acme-corp", {
      services: ["meetings"],
      meetings: { siteUrl: "acme.webex.com", timeZone: "UTC" },
    });
    expect(second).toMatchObject({
      ok: false,
      refusal: { code: "live_trial_exists", params: { customerHandle: "acme-corp", status: "active" } },
    });
    expect(await store.listTrials({ partnerId: "p1", statuses: ["active"] })).toHaveLength(1);
    const shown = await queries().show(fullAdmin, "acme-corp");
    expect("code" in shown ? shown.code : shown.trial.id).toBe(first.ok ? first.trial!.id : "");
  });
});
