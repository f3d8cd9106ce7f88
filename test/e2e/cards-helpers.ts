// Card helpers for the e2e tests, on top of harness.ts: seeding existing customers whose admins
// are emulator people, pressing a card's button as Webex does (the button's data merged into the
// inputs), and finding the cards the bot posted.

import type { Message } from "../../bot/webex/types.ts";
import type { Customer } from "../../domain/model.ts";
import { type E2E, type EmulatedPerson, waitFor } from "./harness.ts";

export const OTHER_PARTNER = {
  id: "p-other",
  name: "Other Partners",
  tier: "tier1" as const,
  timeZone: "UTC",
  emailDomains: ["other.example"],
  webexOrgId: null,
};

export interface SeededCustomer {
  customer: Customer;
  /** A full admin of the customer (an emulator person). */
  fullAdmin: EmulatedPerson;
  /** An admin of the customer who is not a full admin. */
  otherAdmin: EmulatedPerson;
}

/** An existing customer (purchased Messaging, managed by another partner) with two admins in the emulator. */
export async function seedCustomer(e: E2E, name: string, handle: string): Promise<SeededCustomer> {
  await e.store.upsertPartner(OTHER_PARTNER);
  const fullAdmin = e.emulator.addPerson({ displayName: `${name} Full Admin`, email: `full@${handle}.example` });
  const otherAdmin = e.emulator.addPerson({ displayName: `${name} Other Admin`, email: `other@${handle}.example` });
  const customer: Customer = {
    id: `c-${handle}`,
    handle,
    name,
    vertical: "Manufacturing",
    country: "DE",
    region: "EU",
    webexOrgId: null,
    admins: [
      { email: fullAdmin.emails[0]!, role: "full_admin", language: "en" },
      { email: otherAdmin.emails[0]!, role: "other", language: "en" },
    ],
    purchasedServices: ["messaging"],
    managingPartners: [{ partnerId: OTHER_PARTNER.id, access: "full_admin" }],
  };
  await e.store.upsertCustomer(customer);
  return { customer, fullAdmin, otherAdmin };
}

export const hasCard = (m: Message) => (m.attachments?.length ?? 0) > 0;
export const cardOf = (m: Message) =>
  m.attachments![0]!.content as {
    body: Record<string, unknown>[];
    actions?: { type: string; title: string; data?: Record<string, unknown> }[];
  };
export const isGone = (e: E2E, m: Message) => e.emulator.world.deletedMessages.has(m.id);

/** The inputs Webex sends when `person` presses the button whose data.action is `action`. */
export function pressInputs(m: Message, action: string, inputs: Record<string, unknown> = {}): Record<string, unknown> {
  const button = cardOf(m).actions?.find((a) => a.data?.action === action);
  if (!button) throw new Error(`the card has no "${action}" button`);
  return { ...inputs, ...button.data };
}

/** `person` fills in `inputs` and presses `action`; resolves once the bot has answered and gone quiet. */
export function press(
  e: E2E,
  person: EmulatedPerson,
  m: Message,
  action: string,
  inputs: Record<string, unknown> = {},
): Promise<void> {
  return submitRaw(e, person, m, pressInputs(m, action, inputs));
}

/** Submits exactly these inputs (a forged reference, say); resolves once the bot has answered. */
export async function submitRaw(
  e: E2E,
  person: EmulatedPerson,
  m: Message,
  inputs: Record<string, unknown>,
): Promise<void> {
  const before = e.emulator.requestsBy(e.botPerson.id).length;
  const action = e.emulator.userSubmitsCard(person.id, m.id, inputs);
  await e.emulator.idle();
  // Every handled submit ends with the bot posting (the outcome, the card again, or a refusal);
  // waiting for that post, not only for quiet, keeps slow database work under load from racing the test.
  // A post counts once the bot has read this action: a message still going out from the outbox
  // of an earlier step is not the answer.
  const posted = () => {
    const calls = e.emulator.requestsBy(e.botPerson.id).slice(before);
    const read = calls.findIndex((r) => r.method === "GET" && r.path.startsWith(`/attachment/actions/${action.id}`));
    return read >= 0 && calls.slice(read).some((r) => r.method === "POST" && r.path.startsWith("/messages"));
  };
  await waitFor(posted, "the bot to answer the card submit", 20_000);
  await e.settle(200);
}

/** The bot's messages in a room (thread replies included), oldest first. */
export const botMessagesIn = (e: E2E, roomId: string) =>
  e.emulator.messagesIn(roomId).filter((m) => m.personId === e.botPerson.id);

/** The 1:1 room of the bot and a person (where messages to their e-mail go). */
export const directRoomOf = (e: E2E, person: EmulatedPerson) => e.emulator.directRoom(e.botPerson.id, person.id);

/**
 * The latest card the bot posted in a room, waiting for one: cards to people and to other spaces
 * come from the outbox, after the event that queued them was answered.
 */
export async function cardArrivedIn(e: E2E, roomId: string): Promise<Message> {
  return waitFor(() => botMessagesIn(e, roomId).filter(hasCard).at(-1), `a card in room ${roomId}`, 20_000);
}

/** The latest card the bot posted in a room (or thread). */
export function latestCard(messages: Message[]): Message {
  const cards = messages.filter(hasCard);
  if (!cards.length) throw new Error("no card found");
  return cards[cards.length - 1]!;
}
