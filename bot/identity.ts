// Who sent a message or a card: always the store's record for the Webex person, never anything
// the message says (R-ORG-2).
import type { Store } from "../app/store.ts";
import type { Customer, Language, Person } from "../domain/model.ts";
import { normaliseEmail } from "../domain/validation.ts";

export interface Sender {
  webexPersonId: string;
  email: string;
  person: Person | null;
  isBotAdmin: boolean;
  language: Language;
  /**
   * Customers whose admin this e-mail is (R-CONSENT-7, R-INT-1): customer admins are not
   * registered people, yet they answer requests and follow their trials in chat. Looked up only
   * for senders who are not registered partner or ops people.
   */
  customerAdminOf: Customer[];
}

/** The language a customer admin chose (`lang`), the same on every customer they administer. */
export function customerAdminLanguage(customers: readonly Customer[], email: string): Language | null {
  for (const c of customers) {
    const admin = c.admins.find((a) => normaliseEmail(a.email) === email);
    if (admin) return admin.language;
  }
  return null;
}

export async function identify(
  store: Store,
  botAdmins: readonly string[],
  webexPersonId: string,
  email: string,
): Promise<Sender> {
  const address = normaliseEmail(email);
  let person = await store.findPersonByWebexId(webexPersonId);
  if (!person) {
    person = await store.findPersonByEmail(address);
    // First message from a person registered by e-mail: remember the Webex id from now on.
    if (person && person.webexPersonId === null) {
      person = { ...person, webexPersonId };
      await store.upsertPerson(person);
    } else if (person && person.webexPersonId !== webexPersonId) {
      // The e-mail matches but another Webex identity is registered: not the same person.
      person = null;
    }
  }
  const customerAdminOf = person ? [] : await store.customersAdministeredBy(address);
  const language = person?.language ?? customerAdminLanguage(customerAdminOf, address) ?? "en";
  return { webexPersonId, email: address, person, isBotAdmin: botAdmins.includes(address), language, customerAdminOf };
}
