// The cards others than the partner answer, decided by the use cases on the in-memory store: the
// customer's consent card and who may answer it (R-CONSENT-3/6/7; `requests` and `whoami` show
// it too), the reminder's "interested in purchasing" (R-INT-1) and the trials team's
// device-extension card (R-EXT-2). The adapters only render what these answer.
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { TrialQueries } from "../../app/trial-queries.ts";
import type { Actor, Customer, Person, Trial } from "../../domain/model.ts";
import { refuse } from "../../domain/refusals.ts";
import type { PersonRole } from "../../domain/roles.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";
import { testPartner } from "../support/partners.ts";

const START = new Date("2026-03-02T10:00:00Z");
const clock = new ManualClock(START);
let store: Store;
let n = 0;
const commands = () => new TrialCommands({ store, clock, newId: () => `id-${++n}` });
const queries = () => new TrialQueries(store, clock);

const person = (id: string, role: PersonRole, partnerId: string | null, email = `${id}@p1.example`): Person => ({
  id,
  email,
  webexPersonId: `w-${id}`,
  partnerId,
  role,
  language: "en",
});
const fullAdmin = person("fa", "full_admin", "p1");
const ops = person("op", "ops", null, "op@ops.example");
/** A partner person whose e-mail is also an admin of the paying customer. */
const alsoCustomerAdmin = person("dual", "sales_admin", "p1", "staff@paid.example");
const as = (p: Person): Actor => ({ kind: "person", person: p });
const admin = (email: string): Actor => ({ kind: "customer_admin", email });

function customer(id: string, handle: string, managedBy: string[]): Customer {
  return {
    id,
    handle,
    name: `${handle} Inc`,
    vertical: "Retail",
    country: "US",
    region: "AMER",
    webexOrgId: null,
    admins: [
      { email: `boss@${handle}.example`, role: "full_admin", language: "en" },
      { email: `staff@${handle}.example`, role: "other", language: "en" },
    ],
    purchasedServices: ["messaging"],
    managingPartners: managedBy.map((partnerId) => ({ partnerId, access: "full_admin" as const })),
  };
}

beforeEach(async () => {
  store = createMemoryStore();
  n = 0;
  clock.set(START);
  await store.upsertPartner(testPartner("p1"));
  for (const p of [fullAdmin, ops, alsoCustomerAdmin]) await store.upsertPerson(p);
  await store.upsertCustomer(customer("c-prospect", "prospect", []));
  await store.upsertCustomer(customer("c-paid", "paid", ["p1"]));
});

function trialOf(outcome: Awaited<ReturnType<TrialCommands["requestConsent"]>>): Trial {
  if (!outcome.ok || !outcome.trial) throw new Error(`refused: ${outcome.ok ? "no trial" : outcome.refusal.code}`);
  return outcome.trial;
}

/** A consent request to the prospect, and the same request once resent (a card of the first is out of date). */
async function requested(): Promise<{ first: Trial; now: Trial }> {
  const first = trialOf(
    await commands().requestConsent(as(fullAdmin), {
      customer: "prospect",
      adminEmail: "boss@prospect.example",
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    }),
  );
  return { first, now: trialOf(await commands().resendConsent(as(fullAdmin), first.id)) };
}

const ACCEPT = { accept: true, fullAdminAccess: false };
const DECLINE = { accept: false, fullAdminAccess: false };

describe("an answer on the consent card", () => {
  it("R-CONSENT-3: a full admin accepts or declines on the card's version; another admin is refused", async () => {
    const { now } = await requested();
    const staff = await commands().answerConsent(admin("staff@prospect.example"), now.id, ACCEPT, now.version);
    expect(staff).toEqual({ ok: false, refusal: refuse("consent_not_full_admin", { customer: "prospect Inc" }) });
    const accepted = await commands().answerConsent(admin("boss@prospect.example"), now.id, ACCEPT, now.version);
    expect(accepted).toMatchObject({ ok: true, trial: { status: "awaiting_provisioning" } });
  });

  it("R-CONSENT-7: a full admin's card out of date says it changed, pointing to requests; anyone else's just that it changed", async () => {
    const { first } = await requested();
    for (const answer of [ACCEPT, DECLINE]) {
      const boss = await commands().answerConsent(admin("boss@prospect.example"), first.id, answer, first.version);
      expect(boss).toMatchObject({
        ok: false,
        refusal: { code: "changed_meanwhile", params: { audience: "customer" } },
      });
    }
    const staff = await commands().answerConsent(admin("staff@prospect.example"), first.id, ACCEPT, first.version);
    expect(staff).toMatchObject({ ok: false, refusal: { code: "changed_meanwhile" } });
    expect(staff.ok ? null : staff.refusal.params).not.toHaveProperty("audience");
  });

  it("R-CONSENT-6: once the window closed, a full admin's card out of date says the request expired", async () => {
    const { first, now } = await requested();
    clock.set(new Date(now.consentDeadline!.getTime() + 60_000));
    const expired = refuse("consent_expired", {
      deadline: now.consentDeadline!.toISOString(),
      partner: "Bright Partners",
    });
    const stale = await commands().answerConsent(admin("boss@prospect.example"), first.id, DECLINE, first.version);
    expect(stale).toEqual({ ok: false, refusal: expired });
    // The card of the current version meets the same refusal from the domain.
    expect(await commands().answerConsent(admin("boss@prospect.example"), now.id, ACCEPT, now.version)).toEqual({
      ok: false,
      refusal: expired,
    });
    const staff = await commands().answerConsent(admin("staff@prospect.example"), first.id, ACCEPT, first.version);
    expect(staff).toMatchObject({ ok: false, refusal: { code: "changed_meanwhile" } });
  });
});

describe("who may answer a customer's consent requests", () => {
  it("R-CONSENT-3: a full admin of the customer, whatever the case of the e-mail; not another admin", () => {
    const prospect = customer("c-prospect", "prospect", []);
    expect(queries().mayAnswerConsent(prospect, "Boss@Prospect.example")).toBe(true);
    expect(queries().mayAnswerConsent(prospect, "staff@prospect.example")).toBe(false);
    expect(queries().mayAnswerConsent(prospect, "boss@paid.example")).toBe(false);
  });
});

describe("interested in purchasing, on the reminder card", () => {
  async function paidTrial(): Promise<Trial> {
    return trialOf(await commands().startPayingCustomer(as(fullAdmin), "paid", { services: ["calling"] }));
  }

  it("R-INT-1: any admin of the customer; a partner person who is one speaks as that admin", async () => {
    const trial = await paidTrial();
    expect(await commands().interestedFromReminder(admin("staff@paid.example"), trial.id)).toMatchObject({ ok: true });
    // By chat, a partner person is no customer admin; on the card it is, by its e-mail.
    expect(await commands().interested(as(alsoCustomerAdmin), trial.id)).toMatchObject({ ok: false });
    const dual = await commands().interestedFromReminder(as(alsoCustomerAdmin), trial.id);
    expect(dual).toMatchObject({ ok: true, decision: { audit: [{ actor: "staff@paid.example" }] } });
  });

  it("R-INT-1: a partner person or another customer's admin is refused", async () => {
    const trial = await paidTrial();
    const refused = { ok: false, refusal: refuse("not_customer_admin", { customer: "paid Inc" }) };
    expect(await commands().interestedFromReminder(as(fullAdmin), trial.id)).toEqual(refused);
    expect(await commands().interestedFromReminder(admin("boss@prospect.example"), trial.id)).toEqual(refused);
  });
});

describe("who answers the trials team's device-extension card", () => {
  it("R-EXT-2: an ops person; a partner person needs the ops role; a customer admin is not registered", () => {
    expect(queries().extensionDecider(as(ops))).toBe(ops);
    expect(queries().extensionDecider(as(fullAdmin))).toEqual(refuse("role_required", { roles: ["ops"] }));
    expect(queries().extensionDecider(admin("boss@paid.example"))).toEqual(
      refuse("not_registered", { email: "boss@paid.example" }),
    );
  });
});
