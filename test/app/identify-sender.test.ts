// Sender identification (app/identify-sender.ts) against an in-memory store of the five calls it
// makes: a person registered by e-mail is linked to their Webex id on their first message, and
// the link is audited like any other change to a person; another Webex identity with the same
// e-mail is not that person.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import { type IdentifyDeps, identifySender } from "../../app/identify-sender.ts";
import type { AuditEntry } from "../../domain/effects.ts";
import type { Customer, Partner, Person } from "../../domain/model.ts";

const AT = new Date("2026-03-12T10:00:00Z");

const BRIGHT: Partner = {
  id: "p-bright",
  name: "Bright",
  tier: "tier1",
  timeZone: "UTC",
  emailDomains: ["bright.example"],
  webexOrgId: null,
};
const partnerOf = (p: Person) => (p.partnerId === BRIGHT.id ? BRIGHT : null);

function memoryStore(people: Person[], customers: Customer[] = []) {
  const audit: AuditEntry[] = [];
  const store: IdentifyDeps["store"] = {
    findSenderByWebexId: async (id) => {
      const person = people.find((p) => p.webexPersonId === id);
      return person ? { person, partner: partnerOf(person) } : null;
    },
    getPartner: async (id) => (id === BRIGHT.id ? BRIGHT : null),
    findPersonByEmail: async (email) => people.find((p) => p.email === email) ?? null,
    upsertPerson: async (person) => {
      people = [...people.filter((p) => p.id !== person.id), person];
    },
    appendAudit: async (entries) => {
      audit.push(...entries);
    },
    customersAdministeredBy: async (email) => customers.filter((c) => c.admins.some((a) => a.email === email)),
  };
  return { store, audit, people: () => people };
}

const sam: Person = {
  id: "pp-sam",
  email: "sam@bright.example",
  webexPersonId: null,
  partnerId: "p-bright",
  role: "sales_admin",
  language: "ko",
};

describe("identifySender", () => {
  it("R-ORG-2: links the Webex id on a registered person's first message and audits the link, once", async () => {
    const m = memoryStore([sam]);
    const deps = { store: m.store, clock: new ManualClock(AT) };
    const first = await identifySender(deps, [], "webex-sam", "Sam@Bright.example");
    expect(first).toMatchObject({ email: "sam@bright.example", language: "ko", isBotAdmin: false });
    expect(first.person).toMatchObject({ id: "pp-sam", webexPersonId: "webex-sam" });
    expect(m.people()).toEqual([{ ...sam, webexPersonId: "webex-sam" }]);
    expect(m.audit).toEqual([
      {
        at: AT,
        actor: "sam@bright.example",
        action: "person.webex_linked",
        partnerId: "p-bright",
        customerId: null,
        trialId: null,
        details: { email: "sam@bright.example", webexPersonId: "webex-sam" },
      },
    ]);
    expect(first.partner).toEqual(BRIGHT);
    // Known by the Webex id from now on: nothing more is written, and the partner comes with them.
    const again = await identifySender(deps, [], "webex-sam", "sam@bright.example");
    expect(m.audit).toHaveLength(1);
    expect(again.partner).toEqual(BRIGHT);
  });

  it("R-ORG-2: another Webex identity with a registered e-mail is not that person, and nothing is written", async () => {
    const m = memoryStore([{ ...sam, webexPersonId: "webex-sam" }]);
    const sender = await identifySender({ store: m.store, clock: new ManualClock(AT) }, [], "webex-other", sam.email);
    expect(sender.person).toBeNull();
    expect(sender.partner).toBeNull();
    expect(sender.language).toBe("en");
    expect(m.audit).toEqual([]);
  });
});
