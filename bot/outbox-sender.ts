// Sends one outbox row to Webex: resolves the recipient (a person by e-mail, a linked space, a
// room thread), renders it in the recipient's language, attaches its card when it has one, and
// records the outcome. The delivery loop (or queue worker) decides when rows are sent.
import type { Logger } from "pino";
import type { OutboxRow, Store } from "../app/store.ts";
import type { Clock } from "../app/clock.ts";
import type { OutgoingMessage } from "../domain/effects.ts";
import type { WebexClient } from "./webex/client.ts";
import type { AdaptiveCard } from "./webex/types.ts";
import { WebexApiError } from "./webex/errors.ts";
import { messageLanguage, renderTemplate, type Language } from "./i18n/index.ts";

export const MAX_ATTEMPTS = 8;

/** Builds the card a message carries (consent request, reminder, approval), or null for text only. */
export type CardFor = (message: OutgoingMessage, lang: Language) => Promise<AdaptiveCard | null> | AdaptiveCard | null;

export type SendResult =
  | { kind: "sent"; webexMessageId: string }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "failed"; error: string };

type Target = { to: { roomId: string; parentId?: string } | { toPersonEmail: string }; lang: Language };

export class OutboxSender {
  constructor(private readonly deps: { store: Store; client: WebexClient; clock: Clock; logger: Logger; cardFor?: CardFor }) {}

  private async target(row: OutboxRow): Promise<Target | string> {
    const to = row.message.to;
    if (to.kind === "room") return { to: { roomId: to.roomId, ...(to.parentId ? { parentId: to.parentId } : {}) }, lang: "en" };
    if (to.kind === "email") {
      const person = await this.deps.store.findPersonByEmail(to.email);
      return { to: { toPersonEmail: to.email }, lang: person?.language ?? messageLanguage(row.message) };
    }
    const space = await this.deps.store.spaceFor(to.kind === "ops_space" ? "ops" : "partner", to.kind === "partner_space" ? to.partnerId : null);
    if (!space) return to.kind === "ops_space" ? "no ops space is linked (space link ops)" : `partner ${to.partnerId} has no linked space (space link <partner> partner)`;
    return { to: { roomId: space.roomId }, lang: "en" };
  }

  /** Sends the row once and records the outcome in the store. */
  async send(row: OutboxRow): Promise<SendResult> {
    const { store, client, clock, logger } = this.deps;
    const target = await this.target(row);
    if (typeof target === "string") {
      const failed = row.attempts + 1 >= MAX_ATTEMPTS;
      await store.markOutboxAttempt(row.id, target, failed);
      logger.warn({ outboxId: row.id, template: row.message.template }, target);
      return failed ? { kind: "failed", error: target } : { kind: "retry", error: target };
    }
    try {
      const markdown = renderTemplate(target.lang, row.message);
      const card = (await this.deps.cardFor?.(row.message, target.lang)) ?? null;
      const [message] = await client.createMessage({ ...target.to, markdown, ...(card ? { card } : {}) });
      await store.markOutboxSent(row.id, message?.id ?? "", clock.now());
      return { kind: "sent", webexMessageId: message?.id ?? "" };
    } catch (error) {
      const permanent = error instanceof WebexApiError && ["bad_request", "forbidden", "not_found"].includes(error.code);
      const failed = permanent || row.attempts + 1 >= MAX_ATTEMPTS;
      const message = String((error as Error).message);
      await store.markOutboxAttempt(row.id, message, failed);
      logger.warn({ outboxId: row.id, err: error }, "outbox delivery failed");
      if (failed) return { kind: "failed", error: message };
      const retryAfter = error instanceof WebexApiError && error.retryAfter !== undefined ? { retryAfterMs: error.retryAfter * 1000 } : {};
      return { kind: "retry", error: message, ...retryAfter };
    }
  }
}
