// Who sent a message or a card: always the store's record for the Webex person, never anything
// the message says (R-ORG-2). A person registered by e-mail is linked to their Webex id on their
// first message; the link is a change to a person, so it is audited like the others.

import type { Customer, Language, Partner, Person } from "../domain/model.ts";
import { normaliseEmail } from "../domain/validation.ts";
import type { Clock } from "./clock.ts";
import type { Store } from "./store.ts";

export interface Sender {
  webexPersonId: string;
  email: string;
  person: Person | null;
  /** The registered person's partner, read with them (null for ops and for everyone else). */
  partner: Partner | null;
  isBotAdmin: boolean;
  language: Language;
  /**
   * Customers whose admin this e-mail is (R-CONSENT-7, R-INT-1): customer admins are not
   * registered people, yet they answer requests and follow their trials in chat. Looked up only
   * for senders who are not registered partner or ops people.
   */
  customerAdminOf: Customer[];
}

export interface IdentifyDeps {
  store: Pick<
    Store,
    | "findSenderByWebexId"
    | "findPersonByEmail"
    | "getPartner"
    | "upsertPerson"
    | "appendAudit"
    | "customersAdministeredBy"
  >;
  clock: Clock;
}

/** The language a customer admin chose (`lang`), the same on every customer they administer. */
export function customerAdminLanguage(customers: readonly Customer[], email: string): Language | null {
  for (const c of customers) {
    const admin = c.admins.find((a) => normaliseEmail(a.email) === email);
    if (admin) return admin.language;
  }
  return null;
}

/** The registered person behind a Webex identity, linking the Webex id on their first message. */
async function registeredPerson(
  deps: IdentifyDeps,
  webexPersonId: string,
  address: string,
): Promise<{ person: Person; partner: Partner | null } | null> {
  const known = await deps.store.findSenderByWebexId(webexPersonId);
  if (known) return known;
  const person = await linkedOnFirstMessage(deps, webexPersonId, address);
  if (!person) return null;
  return { person, partner: person.partnerId ? await deps.store.getPartner(person.partnerId) : null };
}

async function linkedOnFirstMessage(
  deps: IdentifyDeps,
  webexPersonId: string,
  address: string,
): Promise<Person | null> {
  const { store } = deps;
  const person = await store.findPersonByEmail(address);
  // The e-mail matches but another Webex identity is registered: not the same person.
  if (!person || (person.webexPersonId !== null && person.webexPersonId !== webexPersonId)) return null;
  if (person.webexPersonId === webexPersonId) return person;
  const linked = { ...person, webexPersonId };
  await store.upsertPerson(linked);
  await store.appendAudit([
    {
      at: deps.clock.now(),
      actor: address,
      action: "person.webex_linked",
      partnerId: person.partnerId,
      customerId: null,
      trialId: null,
      details: { email: address, webexPersonId },
    },
  ]);
  return linked;
}

export async function identifySender(
  deps: IdentifyDeps,
  botAdmins: readonly string[],
  webexPersonId: string,
  email: string,
): Promise<Sender> {
  const address = normaliseEmail(email);
  const registered = await registeredPerson(deps, webexPersonId, address);
  const person = registered?.person ?? null;
  const customerAdminOf = person ? [] : await deps.store.customersAdministeredBy(address);
  const language = person?.language ?? customerAdminLanguage(customerAdminOf, address) ?? "en";
  return {
    webexPersonId,
    email: address,
    person,
    partner: registered?.partner ?? null,
    isBotAdmin: botAdmins.includes(address),
    language,
    customerAdminOf,
  };
}
