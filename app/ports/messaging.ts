// The messaging port: what the use cases need of the chat platform to deliver the outbox (post a
// message, delete one, find one the bot already posted). The Webex client implements it
// (bot/webex/messaging.ts); the message catalogue renders the texts (MessageTexts) and the cards
// layer builds the cards that travel with messages (OutgoingCards).
import type { OutgoingMessage } from "../../domain/effects.ts";
import type { Customer, Language, Trial } from "../../domain/model.ts";

/** An Adaptive Card (schema 1.3 in Webex); its contents are the cards layer's business. */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** Where a message goes: a room (in the thread of parentId), or a person 1:1 by e-mail. */
export type Destination = { roomId: string; parentId?: string } | { toPersonEmail: string };

export interface MessageContent {
  markdown: string;
  /** With a card, the markdown is the fallback shown where cards do not render. */
  card?: AdaptiveCard;
}

/**
 * A post the platform refused. `permanent`: posting again cannot help (no such recipient, not
 * allowed, malformed); else it may be retried, after `retryAfterMs` when the platform said.
 */
export interface PostRefused {
  ok: false;
  permanent: boolean;
  /** The platform's error code (bad_request, forbidden, not_found, rate_limited, …). */
  code: string;
  error: string;
  retryAfterMs?: number;
}

export type PostResult = { ok: true; messageId: string } | PostRefused;

export interface Messaging {
  /** Posts one message (a long text may go as several; the id is the first's). Throws only when the platform could not be asked. */
  post(to: Destination, content: MessageContent): Promise<PostResult>;
  delete(messageId: string): Promise<void>;
  /**
   * Whether this bot posted `content` (its first part, when it was split) to `to` at or after
   * `since`, among the recent messages there (`max`, default 100). `cannot_tell` where the
   * platform shows a bot no such list (Webex: a group space). Throws when the platform cannot be asked.
   */
  findPosted(to: Destination, content: MessageContent, since: Date, options?: { max?: number }): Promise<PostedCheck>;
}

export type PostedCheck =
  | { kind: "posted"; messageId: string }
  | { kind: "not_posted" }
  | { kind: "cannot_tell"; why: string };

/** The message catalogue: a domain message rendered in a language. */
export interface MessageTexts {
  render(lang: Language, message: OutgoingMessage): string;
  /** The recipient's language when the message itself says (the domain knew it), else the catalogue's default. */
  languageOf(message: OutgoingMessage): Language;
}

/** A card built for a message; `null` when the trial no longer calls for it. */
type Built = { card: AdaptiveCard } | null;

/** The cards that travel with outgoing messages, built from the trial as it is when sent. */
export interface OutgoingCards {
  consent(lang: Language, trial: Trial, customer: Customer, partner: string, requestedBy: string): Built;
  reminder(
    lang: Language,
    trial: Trial,
    customer: Customer,
    subscriptionsUrl: string,
    event: { endDate?: string; daysLeft?: number },
  ): Built;
  provision(lang: Language, trial: Trial, customer: Customer): Built;
  opsExtension(lang: Language, trial: Trial, customer: Customer, partner: string, requestId?: string): Built;
}
