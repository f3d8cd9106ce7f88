// Who the chat may open a card for, decided by the use cases on the in-memory store: starting
// trials (`trial start`, `trial start existing`, `trial add`), the paying customer `trial add`
// names (R-PAID-1), the menu under `trial show` (R-ORG-2), the trial `trial provision` names
// (R-CONSENT-4); who may submit a partner's card and the customer its existing-customer lookup
// names (R-CONSENT-1); and whose trial a command reaches by a customer's name (R-ORG-2). The chat
// and card adapters only render what these answer.
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { TrialQueries } from "../../app/trial-queries.ts";
import type { Actor, Customer, Person } from "../../domain/model.ts";
import { refuse } from "../../domain/refusals.ts";
import type { PersonRole } from "../../domain/roles.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";

const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
let store: Store;
let n = 0;
const commands = () => new TrialCommands({ store, clock, newId: () => `id-${++n}` });
const queries = () => new TrialQueries(store, clock);

const person = (id: string, role: PersonRole, partnerId: string | null): Person => ({
  id,
  email: `${id}@${partnerId ?? "ops"}.example`,
  webexPersonId: `w-${id}`,
  partnerId,
  role,
  language: "en",
});
const fullAdmin = person("fa", "full_admin", "p1");
const salesAdmin = person("sa", "sales_admin", "p1");
const readOnly = person("ro", "read_only", "p1");
const ops = person("op", "ops", null);
/** A managing role with no partner: nothing to start trials for. */
const partnerless = person("np", "full_admin", null);
const otherAdmin = person("oa", "full_admin", "p2");
const as = (p: Person): Actor => ({ kind: "person", person: p });

const MANAGING = { code: "role_required", params: { roles: ["full_admin", "sales_full_admin", "sales_admin"] } };

function customer(id: string, handle: string, name: string, managedBy: string[]): Customer {
  return {
    id,
    handle,
    name,
    vertical: "Retail",
    country: "US",
    region: "AMER",
    webexOrgId: null,
    admins: [{ email: `it@${handle}.example`, role: "full_admin", language: "en" }],
    purchasedServices: ["messaging"],
    managingPartners: managedBy.map((partnerId) => ({ partnerId, access: "full_admin" as const })),
  };
}

beforeEach(async () => {
  store = createMemoryStore();
  n = 0;
  for (const [id, name] of [
    ["p1", "Bright Partners"],
    ["p2", "Other Partners"],
  ] as const) {
    await store.upsertPartner({
      id,
      name,
      tier: "tier1",
      timeZone: "UTC",
      emailDomains: [`${id}.example`],
      webexOrgId: null,
    });
  }
  for (const p of [fullAdmin, salesAdmin, readOnly, ops, partnerless, otherAdmin]) await store.upsertPerson(p);
  await store.upsertCustomer(customer("c-paid", "paid-co", "Paid Co", ["p1"]));
  await store.upsertCustomer(customer("c-rival", "rival-co", "Rival Co", ["p2"]));
  await store.upsertCustomer(customer("c-shared", "shared-co", "Shared Co", ["p1", "p2"]));
  await store.upsertCustomer(customer("c-new", "prospect", "Prospect Inc", []));
});

async function startPaying(actor: Person, handle: string) {
  const outcome = await commands().startPayingCustomer(as(actor), handle, { services: ["calling"] });
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.code}`);
  return outcome.trial!;
}

describe("who may start trials", () => {
  it("R-NEW-1, R-ORG-2: each managing role starts trials for its own partner", () => {
    expect(queries().startingPartner(fullAdmin)).toEqual({ partnerId: "p1" });
    expect(queries().startingPartner(salesAdmin)).toEqual({ partnerId: "p1" });
    expect(queries().startingPartner(otherAdmin)).toEqual({ partnerId: "p2" });
  });

  it("R-ORG-2: read_only, ops and a person of no partner are refused with role_required and the managing roles", () => {
    for (const p of [readOnly, ops, partnerless]) expect(queries().startingPartner(p)).toMatchObject(MANAGING);
  });
});

describe("the paying customer trial add opens a card for", () => {
  it("R-PAID-1: a customer the partner manages, with no live trial, for the actor's partner", async () => {
    const paying = await queries().payingCustomer(salesAdmin, "paid-co");
    expect(paying).toMatchObject({ partnerId: "p1", customer: { id: "c-paid", handle: "paid-co" } });
    // Another partner's live trial of a shared customer is not this partner's second.
    await startPaying(otherAdmin, "shared-co");
    expect(await queries().payingCustomer(fullAdmin, "shared-co")).toMatchObject({
      partnerId: "p1",
      customer: { id: "c-shared" },
    });
  });

  it("R-ORG-2: read_only and ops are refused with role_required, before the customer is looked up", async () => {
    expect(await queries().payingCustomer(readOnly, "paid-co")).toMatchObject(MANAGING);
    expect(await queries().payingCustomer(ops, "paid-co")).toMatchObject(MANAGING);
    expect(await queries().payingCustomer(readOnly, "no-such-customer")).toMatchObject(MANAGING);
  });

  it("R-PAID-1: a customer another partner manages is not found; one the partner only asked consent of is not its to add", async () => {
    expect(await queries().payingCustomer(fullAdmin, "rival-co")).toMatchObject({
      code: "customer_not_found",
      params: { customer: "rival-co" },
    });
    // R-CONSENT-1: a consent request makes the customer known to the partner, not managed by it.
    const requested = await commands().requestConsent(as(fullAdmin), {
      customer: "prospect",
      adminEmail: "it@prospect.example",
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    });
    expect(requested.ok).toBe(true);
    expect(await queries().payingCustomer(fullAdmin, "prospect")).toMatchObject({
      code: "invalid_input",
      params: {
        field: "customer",
        value: "Prospect Inc",
        expected: "a customer you manage (use trial start existing to ask for consent)",
      },
    });
  });

  it("R-PAID-1: a second live trial of the same customer and partner is refused", async () => {
    const first = await startPaying(fullAdmin, "paid-co");
    expect(await queries().payingCustomer(salesAdmin, "paid-co")).toMatchObject({
      code: "live_trial_exists",
      params: {
        customer: "Paid Co",
        customerHandle: "paid-co",
        status: first.status,
        services: ["calling"],
        ...(first.endDate ? { endDate: first.endDate } : {}),
      },
    });
    // Once it is over, a new trial may be started.
    expect((await commands().cancel(as(fullAdmin), first.id)).ok).toBe(true);
    expect(await queries().payingCustomer(salesAdmin, "paid-co")).toMatchObject({ customer: { id: "c-paid" } });
  });
});

describe("the trial show menu", () => {
  it("R-ORG-2: a managing person of the trial's partner gets the trial and its customer", async () => {
    const trial = await startPaying(fullAdmin, "paid-co");
    const found = await queries().manageableTrial(salesAdmin, "paid-co");
    expect(found).toMatchObject({ trial: { id: trial.id, partnerId: "p1" }, customer: { id: "c-paid" } });
  });

  it("R-ORG-2: read_only and ops, who may show the trial, get no menu", async () => {
    await startPaying(fullAdmin, "paid-co");
    expect("trial" in (await queries().show(readOnly, "paid-co"))).toBe(true);
    expect("trial" in (await queries().show(ops, "paid-co"))).toBe(true);
    expect(await queries().manageableTrial(readOnly, "paid-co")).toMatchObject(MANAGING);
    expect(await queries().manageableTrial(ops, "paid-co")).toMatchObject(MANAGING);
    expect(await queries().manageableTrial(partnerless, "paid-co")).toMatchObject(MANAGING);
  });

  it("R-ORG-2: another partner's trial gets no menu, not even for a customer both partners manage", async () => {
    await startPaying(otherAdmin, "rival-co");
    await startPaying(otherAdmin, "shared-co");
    expect(await queries().manageableTrial(fullAdmin, "rival-co")).toMatchObject({ code: "customer_not_found" });
    expect(await queries().manageableTrial(fullAdmin, "shared-co")).toMatchObject({
      code: "no_trial",
      params: { customer: "Shared Co" },
    });
    expect(await queries().manageableTrial(otherAdmin, "shared-co")).toMatchObject({ trial: { partnerId: "p2" } });
  });
});

describe("who may submit a partner's card", () => {
  it("R-ORG-2: a managing person of the partner the card was made for, with that partner", () => {
    expect(queries().partnerManager(as(fullAdmin), "p1")).toMatchObject({ id: "fa", partnerId: "p1" });
    expect(queries().partnerManager(as(salesAdmin), "p1")).toMatchObject({ id: "sa", partnerId: "p1" });
  });

  it("R-ORG-2: another partner's person, or a card naming no partner, is not_your_trial", () => {
    expect(queries().partnerManager(as(otherAdmin), "p1")).toEqual(refuse("not_your_trial", {}));
    expect(queries().partnerManager(as(fullAdmin), undefined)).toEqual(refuse("not_your_trial", {}));
    expect(queries().partnerManager(as(partnerless), undefined)).toEqual(refuse("not_your_trial", {}));
  });

  it("R-ORG-2: read_only and ops are refused with role_required; a customer admin is not registered", () => {
    expect(queries().partnerManager(as(readOnly), "p1")).toMatchObject(MANAGING);
    expect(queries().partnerManager(as(ops), "p1")).toMatchObject(MANAGING);
    expect(queries().partnerManager({ kind: "customer_admin", email: "it@paid-co.example" }, "p1")).toEqual(
      refuse("not_registered", { email: "it@paid-co.example" }),
    );
  });
});

describe("the customer the existing-customer lookup card asks consent of", () => {
  it("R-CONSENT-1: any customer the partner does not manage yet, another partner's too", async () => {
    expect(await queries().consentCustomer(as(fullAdmin), "p1", "prospect")).toMatchObject({ id: "c-new" });
    expect(await queries().consentCustomer(as(salesAdmin), "p1", "Rival Co")).toMatchObject({ id: "c-rival" });
  });

  it("R-CONSENT-1: a customer the partner manages already is for trial add; an unknown one is not found", async () => {
    for (const ref of ["paid-co", "shared-co"])
      expect(await queries().consentCustomer(as(fullAdmin), "p1", ref)).toMatchObject({
        code: "invalid_input",
        params: {
          field: "customer",
          expected: "a customer you do not manage yet (use trial add for your own customers)",
        },
      });
    expect(await queries().consentCustomer(as(fullAdmin), "p1", "no-such-co")).toMatchObject({
      code: "customer_not_found",
    });
  });

  it("R-ORG-2: a person who may not manage the card's partner is refused before any lookup", async () => {
    expect(await queries().consentCustomer(as(readOnly), "p1", "no-such-co")).toMatchObject(MANAGING);
    expect(await queries().consentCustomer(as(otherAdmin), "p1", "prospect")).toMatchObject({ code: "not_your_trial" });
  });
});

describe("the trial a command names by its customer", () => {
  it("R-ORG-2: a partner person's own partner's trial; ops reach any partner's", async () => {
    const paid = await startPaying(fullAdmin, "paid-co");
    const rival = await startPaying(otherAdmin, "rival-co");
    expect(await queries().trialFor(readOnly, "paid-co", "change")).toMatchObject({ trial: { id: paid.id } });
    expect(await queries().trialFor(ops, "rival-co", "change")).toMatchObject({ trial: { id: rival.id } });
    // The role decides, not the record's partner: an ops person's reaches every partner's trials.
    const opsWithPartner = person("op1", "ops", "p1");
    expect(await queries().trialFor(opsWithPartner, "rival-co", "change")).toMatchObject({ trial: { id: rival.id } });
    expect(await queries().trialFor(fullAdmin, "rival-co", "change")).toMatchObject({ code: "customer_not_found" });
  });

  it("R-ORG-2: another partner's trial of a shared customer is not the partner's; ops see it", async () => {
    const theirs = await startPaying(otherAdmin, "shared-co");
    expect(await queries().trialFor(fullAdmin, "shared-co", "view")).toMatchObject({
      code: "no_trial",
      params: { customer: "Shared Co" },
    });
    expect(await queries().trialFor(ops, "shared-co", "view")).toMatchObject({ trial: { id: theirs.id } });
  });

  it("a state-changing command does not act on a guessed name; a viewing one may", async () => {
    await startPaying(fullAdmin, "paid-co");
    expect(await queries().trialFor(fullAdmin, "Paid", "change")).toMatchObject({ code: "customer_guess" });
    expect(await queries().trialFor(fullAdmin, "Paid", "view")).toMatchObject({ customer: { id: "c-paid" } });
  });
});

describe("the trial trial provision opens the card for", () => {
  it("R-CONSENT-4: a trial the customer consented to, waiting for its provisioning details", async () => {
    const requested = await commands().requestConsent(as(fullAdmin), {
      customer: "prospect",
      adminEmail: "it@prospect.example",
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    });
    if (!requested.ok) throw new Error(requested.refusal.code);
    const pending = requested.trial!;
    expect(await queries().provisionableTrial(fullAdmin, "prospect")).toMatchObject({
      code: "invalid_transition",
      params: { action: "provision", status: "pending_consent", allowed: ["awaiting_provisioning"] },
    });
    const admin: Actor = { kind: "customer_admin", email: "it@prospect.example" };
    expect((await commands().acceptConsent(admin, pending.id, true)).ok).toBe(true);
    expect(await queries().provisionableTrial(salesAdmin, "prospect")).toMatchObject({
      trial: { id: pending.id, status: "awaiting_provisioning" },
      customer: { id: "c-new", name: "Prospect Inc" },
    });
    expect(await queries().provisionableTrial(otherAdmin, "prospect")).toMatchObject({ code: "customer_not_found" });
  });

  it("R-CONSENT-4: an active trial has nothing to provision; a guessed name is asked about", async () => {
    await startPaying(fullAdmin, "paid-co");
    expect(await queries().provisionableTrial(fullAdmin, "paid-co")).toMatchObject({
      code: "invalid_transition",
      params: { status: "active" },
    });
    expect(await queries().provisionableTrial(fullAdmin, "Paid")).toMatchObject({ code: "customer_guess" });
  });
});
