// What every command handler gets: who asks, where, in which language, and the use cases.
import type { AdminCommands } from "../../app/admin-commands.ts";
import type { Clock } from "../../app/clock.ts";
import type { importCustomers } from "../../app/customer-import.ts";
import type { LookupIntent } from "../../app/customer-lookup.ts";
import type { Directory } from "../../app/directory.ts";
import type { EventClaims } from "../../app/event-claims.ts";
import type { Outcome, TrialCommands } from "../../app/trial-commands.ts";
import type { TrialQueries } from "../../app/trial-queries.ts";
import type { OutgoingMessage } from "../../domain/effects.ts";
import type { Actor, Language, Person, Trial } from "../../domain/model.ts";
import { isRefusal, type Refusal, refuse } from "../../domain/refusals.ts";
import type { CardService } from "../cards/service.ts";
import type { Confirmations } from "../confirmations.ts";
import { renderRefusal, translate } from "../i18n/index.ts";
import type { Sender } from "../identity.ts";
import type { AdaptiveCard } from "../webex/types.ts";

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

export interface UseCases {
  /** R-ORG-4: customers from a CSV (a bot admin, or a partner person for its own customers). */
  importCustomers(...args: DropFirst<Parameters<typeof importCustomers>>): ReturnType<typeof importCustomers>;
  /** Reads beside the use cases (a partner's name, a customer's trials). */
  directory: Directory;
  /** Chat replies Webex refused, queued in the outbox so they still arrive. */
  enqueueReplies(messages: OutgoingMessage[]): Promise<unknown>;
  /** The error says the database could not be reached (the event is handled again later). */
  isUnavailable(error: unknown): boolean;
  clock: Clock;
  commands: TrialCommands;
  queries: TrialQueries;
  admin: AdminCommands;
  confirmations: Confirmations;
  /** Events handled once (card nonces) when nothing is committed. */
  claims: EventClaims;
  /** Who a Webex person is (R-ORG-2): the store's record, never what the message says. */
  identify(botAdmins: readonly string[], webexPersonId: string, email: string): Promise<Sender>;
  /** Builds the Adaptive Cards (trial start, provisioning, the trial menu); absent: cards are off. */
  cards?: CardService | undefined;
  /** The sandbox's test clock, when enabled (TRIALS_TEST_CLOCK). */
  testClock?:
    | { show(): Date; advance(ms: number): Promise<number>; refusalFor(who: { isBotAdmin: boolean }): Refusal | null }
    | undefined;
}

export interface HandlerContext {
  sender: Sender;
  roomId: string;
  lang: Language;
  app: UseCases;
}

/** A chat reply: markdown (and, for card flows, a card). */
export interface Reply {
  markdown: string;
  /** A card sent with the reply; markdown is then its fallback text. */
  card?: AdaptiveCard;
  /**
   * The text must be read, not just be the card's fallback (Webex shows only the card when a
   * message has one): the text goes first, the card follows in the same thread.
   */
  cardAfterText?: boolean;
}

export const say = (ctx: HandlerContext, key: string, params: Record<string, unknown> = {}): Reply => ({
  markdown: translate(ctx.lang, key, params),
});
export const refusal = (ctx: HandlerContext, r: Refusal): Reply => ({ markdown: renderRefusal(ctx.lang, r) });

export function actorOf(person: Person): Actor {
  return { kind: "person", person };
}

/** The registered person, or the refusal an unregistered sender gets. */
export function registered(ctx: HandlerContext): Person | Refusal {
  return ctx.sender.person ?? refuse("not_registered", { email: ctx.sender.email });
}

/**
 * The trial a command names by its customer, as the use case scopes it (R-ORG-2). The commands
 * that use it change the trial, so a partial name is asked about, not acted on.
 */
export async function trialNamed(
  ctx: HandlerContext,
  customerRef: string,
  intent: LookupIntent = "change",
): Promise<{ person: Person; trial: Trial; customer: string } | Refusal> {
  const person = registered(ctx);
  if (isRefusal(person)) return person;
  const found = await ctx.app.queries.trialFor(person, customerRef, intent);
  if (isRefusal(found)) return found;
  return { person, trial: found.trial, customer: found.customer.name };
}

/** The reply to an outcome: the refusal, or the success message built from the stored trial. */
export function outcomeReply(ctx: HandlerContext, outcome: Outcome, success: (trial: Trial | null) => Reply): Reply {
  return outcome.ok ? success(outcome.trial) : refusal(ctx, outcome.refusal);
}
