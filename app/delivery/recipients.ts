// Where an outbox row goes and in which language: a person by e-mail (in the language they
// chose, as a registered person or a customer admin), a linked space (in the language most of
// its people chose), or a room thread (a chat reply queued after Webex refused it).
import type { OutgoingMessage } from "../../domain/effects.ts";
import type { Language } from "../../domain/model.ts";
import { normaliseEmail } from "../../domain/validation.ts";
import { customerAdminLanguage } from "../identify-sender.ts";
import type { Destination, MessageTexts } from "../ports/messaging.ts";
import type { Store } from "../store.ts";

export type RecipientStore = Pick<Store, "findPersonByEmail" | "customersAdministeredBy" | "spaceWithPeople">;

export interface Recipient {
  to: Destination;
  lang: Language;
}

/**
 * A shared space is written in the language most of its registered people chose (`lang`);
 * English when they are split evenly or none is registered.
 */
export function spaceLanguage(people: readonly { language: Language }[]): Language {
  const ko = people.filter((p) => p.language === "ko").length;
  return ko > people.length - ko ? "ko" : "en";
}

/** The recipient, or why there is none (a space not linked yet): the row is retried. */
export async function recipientOf(
  store: RecipientStore,
  texts: Pick<MessageTexts, "languageOf">,
  message: OutgoingMessage,
): Promise<Recipient | string> {
  const to = message.to;
  if (to.kind === "room")
    return { to: { roomId: to.roomId, ...(to.parentId ? { parentId: to.parentId } : {}) }, lang: "en" };
  if (to.kind === "email") {
    const email = normaliseEmail(to.email);
    const person = await store.findPersonByEmail(to.email);
    // A customer admin may have chosen a language (`lang`) after the message was written.
    const admin = person ? null : customerAdminLanguage(await store.customersAdministeredBy(email), email);
    return { to: { toPersonEmail: to.email }, lang: person?.language ?? admin ?? texts.languageOf(message) };
  }
  const partnerId = to.kind === "partner_space" ? to.partnerId : (to.partnerId ?? null);
  const found = await store.spaceWithPeople(to.kind === "ops_space" ? "ops" : "partner", partnerId);
  if (!found) {
    if (to.kind === "partner_space")
      return `partner ${to.partnerId} has no linked space (space link <partner> partner)`;
    return partnerId
      ? `partner ${partnerId} has no ops space (space link <partner> ops)`
      : "no ops space is linked (space link ops)";
  }
  // A partner's space (or its own ops space) is written in its people's language; the trials
  // team's in ops people's (the store reads the space and those people together).
  return { to: { roomId: found.space.roomId }, lang: spaceLanguage(found.people) };
}
