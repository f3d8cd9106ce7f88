// Sends one outbox row to Webex: resolves the recipient (a person by e-mail, a linked space, a
// room thread), renders it in the recipient's language, attaches its card when it has one, and
// records the outcome. The delivery loop (or queue worker) decides when rows are sent.
import type { Logger } from "pino";
import type { OutboxRow, Store } from "../app/store.ts";
import type { Clock } from "../app/clock.ts";
import type { OutgoingMessage } from "../domain/effects.ts";
import type { WebexClient } from "./webex/client.ts";
import type { AdaptiveCard, ListPage, Message } from "./webex/types.ts";
import { splitMessage, truncateMessage } from "./webex/split.ts";
import { WebexApiError } from "./webex/errors.ts";
import { messageLanguage, renderTemplate, type Language } from "./i18n/index.ts";
import { customerAdminLanguage } from "./identity.ts";
import { normaliseEmail } from "../domain/validation.ts";

export const MAX_ATTEMPTS = 8;

/** Builds the card a message carries (consent request, reminder, approval), or null for text only. */
export type CardFor = (message: OutgoingMessage, lang: Language) => Promise<AdaptiveCard | null> | AdaptiveCard | null;

export type SendResult =
  | { kind: "sent"; webexMessageId: string }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "failed"; error: string };

type Target = { to: { roomId: string; parentId?: string } | { toPersonEmail: string }; lang: Language };

/**
 * A shared space is written in the language most of its registered people chose (`lang`);
 * English when they are split evenly or none is registered.
 */
export function spaceLanguage(people: readonly { language: Language }[]): Language {
  const ko = people.filter((p) => p.language === "ko").length;
  return ko > people.length - ko ? "ko" : "en";
}

export class OutboxSender {
  constructor(
    private readonly deps: { store: Store; client: WebexClient; clock: Clock; logger: Logger; cardFor?: CardFor },
  ) {}

  private async target(row: OutboxRow): Promise<Target | string> {
    const to = row.message.to;
    if (to.kind === "room")
      return { to: { roomId: to.roomId, ...(to.parentId ? { parentId: to.parentId } : {}) }, lang: "en" };
    if (to.kind === "email") {
      const person = await this.deps.store.findPersonByEmail(to.email);
      // A customer admin may have chosen a language (`lang`) after the message was written.
      const admin = person
        ? null
        : customerAdminLanguage(
            await this.deps.store.customersAdministeredBy(normaliseEmail(to.email)),
            normaliseEmail(to.email),
          );
      return { to: { toPersonEmail: to.email }, lang: person?.language ?? admin ?? messageLanguage(row.message) };
    }
    const partnerId = to.kind === "partner_space" ? to.partnerId : (to.partnerId ?? null);
    const space = await this.deps.store.spaceFor(to.kind === "ops_space" ? "ops" : "partner", partnerId);
    if (!space) {
      if (to.kind === "partner_space")
        return `partner ${to.partnerId} has no linked space (space link <partner> partner)`;
      return partnerId
        ? `partner ${partnerId} has no ops space (space link <partner> ops)`
        : "no ops space is linked (space link ops)";
    }
    // A partner's space (or its own ops space) is written in its people's language; the trials team's in ops people's.
    const people = partnerId
      ? await this.deps.store.listPartnerPeople(partnerId)
      : await this.deps.store.listOpsPeople();
    return { to: { roomId: space.roomId }, lang: spaceLanguage(people) };
  }

  /**
   * For a row a worker claimed and then lost (it died or hung after claiming): the Webex id of the
   * message already posted for it, if Webex has one, else null. Looks at the bot's recent messages
   * to the row's room or person (GET /messages?roomId=… or GET /messages/direct?personEmail=…)
   * for one created since the claim (less clock skew) whose markdown is what this row renders to:
   * rendering is deterministic (template, data, the recipient's language), so the content is the
   * marker. Throws when Webex cannot be asked (the caller retries later).
   */
  async findDelivered(
    row: OutboxRow,
    claimedSince: Date,
    options: { skewMs?: number; max?: number } = {},
  ): Promise<string | null> {
    const target = await this.target(row);
    if (typeof target === "string") return null;
    const markdown = renderTemplate(target.lang, row.message);
    const card = (await this.deps.cardFor?.(row.message, target.lang)) ?? null;
    // What the first (or only) message posted carried: a card's text is truncated, long text split.
    const expected = card ? truncateMessage(markdown) : splitMessage(markdown)[0];
    this.botId ??= (await this.deps.client.me()).id;
    const max = options.max ?? 100;
    const query =
      "roomId" in target.to
        ? {
            path: "/messages",
            query: { roomId: target.to.roomId, max, ...(target.to.parentId ? { parentId: target.to.parentId } : {}) },
          }
        : { path: "/messages/direct", query: { personEmail: target.to.toPersonEmail, max } };
    const page = await this.deps.client.json<ListPage<Message>>("GET", query.path, { query: query.query });
    const since = claimedSince.getTime() - (options.skewMs ?? 60_000);
    const hit = page.items.find(
      (m) => m.personId === this.botId && Date.parse(m.created) >= since && (m.markdown ?? m.text) === expected,
    );
    return hit?.id ?? null;
  }

  private botId: string | undefined;

  /**
   * A message to a person that Webex refused for good (no such recipient, not allowed) or never
   * accepted: whoever acted must not believe it arrived. The trial's partner is told in its
   * space, and the audit log keeps it for `trial show`. The notice is an outbox row of its own
   * (one per failed row: its id derives from the row's), claimed and sent at once like any row.
   */
  private async reportUndeliverable(row: OutboxRow, reason: string): Promise<void> {
    const { store, clock, logger } = this.deps;
    const { to, template, data } = row.message;
    if (to.kind !== "email") return;
    const trial = typeof data.trialId === "string" ? await store.getTrial(data.trialId) : null;
    if (!trial) return;
    const customer = await store.getCustomer(trial.customerId);
    const details = { recipient: to.email, what: template, reason, outboxId: row.id };
    await store.appendAudit([
      {
        at: clock.now(),
        actor: "system:delivery",
        action: "message.undeliverable",
        partnerId: trial.partnerId,
        customerId: trial.customerId,
        trialId: trial.id,
        details,
      },
    ]);
    const noticeId = `undeliverable-${row.id}`;
    const notice: OutgoingMessage = {
      to: { kind: "partner_space", partnerId: trial.partnerId },
      template: "partner.message_undeliverable",
      data: { trialId: trial.id, customer: customer?.name ?? "", customerHandle: customer?.handle ?? "", ...details },
    };
    if (!(await store.enqueueMessageOnce(noticeId, notice))) return;
    const claim = await store.claimOutbox(noticeId, 120_000);
    if (claim) await this.send(claim.row);
    logger.warn({ outboxId: row.id, template, reason }, "message undeliverable; the partner was told");
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
      const permanent =
        error instanceof WebexApiError && ["bad_request", "forbidden", "not_found"].includes(error.code);
      const failed = permanent || row.attempts + 1 >= MAX_ATTEMPTS;
      const message = String((error as Error).message);
      await store.markOutboxAttempt(row.id, message, failed);
      logger.warn({ outboxId: row.id, err: error }, "outbox delivery failed");
      if (failed) {
        await this.reportUndeliverable(row, error instanceof WebexApiError && permanent ? error.code : "failed");
        return { kind: "failed", error: message };
      }
      const retryAfter =
        error instanceof WebexApiError && error.retryAfter !== undefined
          ? { retryAfterMs: error.retryAfter * 1000 }
          : {};
      return { kind: "retry", error: message, ...retryAfter };
    }
  }
}
