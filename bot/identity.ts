// Who sent a message or a card: always the store's record for the Webex person, never anything
// the message says (R-ORG-2).
import type { Store } from "../app/store.ts";
import type { Language, Person } from "../domain/model.ts";
import { normaliseEmail } from "../domain/validation.ts";

export interface Sender {
  webexPersonId: string;
  email: string;
  person: Person | null;
  isBotAdmin: boolean;
  language: Language;
}

export async function identify(store: Store, botAdmins: readonly string[], webexPersonId: string, email: string): Promise<Sender> {
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
  return { webexPersonId, email: address, person, isBotAdmin: botAdmins.includes(address), language: person?.language ?? "en" };
}
