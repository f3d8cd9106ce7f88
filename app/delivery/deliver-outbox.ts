// The outbox delivery use case: one outbox row in, one outcome out. It claims the row, renders
// it for its recipient (their language, the card the trial calls for now), posts it through the
// messaging port and records the outcome. The queue adapter (jobs/delivery.ts) decides when a row
// is tried and how a retry backs off; it never sees the store or Webex.
//
// Exactly once, as far as the platform allows: a row sent or failed is never sent again; a row
// claimed less than leaseMs ago belongs to another worker; a row whose claim was abandoned (a
// worker killed between the post and the record) is first looked for among the bot's recent
// messages (same rendered content, posted since the claim) and recorded sent when found.
import type { Logger } from "pino";
import type { OutgoingMessage } from "../../domain/effects.ts";
import type { Clock } from "../clock.ts";
import type {
  MessageContent,
  MessageTexts,
  Messaging,
  OutgoingCards,
  PostedCheck,
  PostRefused,
} from "../ports/messaging.ts";
import type { OutboxClaimant, OutboxRow, Store } from "../store.ts";
import { type CardStore, outgoingCard } from "./outgoing-card.ts";
import { type Recipient, type RecipientStore, recipientOf } from "./recipients.ts";

export type { OutboxClaimant } from "../store.ts";

/** A row fails for good after this many attempts. */
export const MAX_ATTEMPTS = 8;

export type SendResult =
  | { kind: "sent"; webexMessageId: string }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "failed"; error: string };

export type DeliveryOutcome =
  | { outcome: "sent" | "recovered"; webexMessageId: string }
  | { outcome: "already_sent"; webexMessageId?: string }
  | { outcome: "failed" | "already_failed" | "missing" }
  /** The platform asked for a retry (after retryAfterMs when it said), or the recipient is not there yet. */
  | { outcome: "retry"; error: string; retryAfterMs?: number }
  /** Another worker holds a fresh claim on the row: come back when its lease ends. */
  | { outcome: "claimed_elsewhere"; retryInMs: number };

export type DeliveryStore = RecipientStore &
  CardStore &
  Pick<
    Store,
    | "claimOutbox"
    | "getOutboxRow"
    | "markOutboxSent"
    | "markOutboxAttempt"
    | "unsentOutbox"
    | "appendAudit"
    | "enqueueMessageOnce"
  >;

export interface DeliverOutboxDeps {
  store: DeliveryStore;
  messaging: Messaging;
  texts: MessageTexts;
  /** Builds the cards messages carry; without it every message goes as text. */
  cards?: OutgoingCards;
  clock: Clock;
  logger: Logger;
}

/**
 * Runs a row's post when it is that row's turn: the caller (jobs/delivery.ts) keeps one
 * recipient's posts in commit order, while the claims, reads and marks of many rows run side by
 * side and share their statements (prisma/batched-statements.ts). Only the post waits its turn.
 */
export type PostTurn = <T>(post: () => Promise<T>) => Promise<T>;

const NOW: PostTurn = (post) => post();

export class DeliverOutbox {
  constructor(private readonly deps: DeliverOutboxDeps) {}

  /** Claims the row and sends it once (`claimant` names this process's claims), the post in its `turn`. */
  async deliver(
    outboxId: string,
    lease: { leaseMs: number; claimant: OutboxClaimant },
    turn: PostTurn = NOW,
  ): Promise<DeliveryOutcome> {
    const { store, clock, logger } = this.deps;
    const claim = await store.claimOutbox(outboxId, lease.leaseMs, lease.claimant);
    if (!claim) return this.unclaimable(outboxId, lease.leaseMs);
    if (claim.abandonedClaimAt) {
      // A worker claimed this row and never recorded the outcome: the platform may have the message.
      const found = await this.findDelivered(claim.row, claim.abandonedClaimAt);
      if (found.kind === "posted") {
        await store.markOutboxSent(outboxId, found.messageId, clock.now());
        logger.warn(
          { outboxId, webexMessageId: found.messageId },
          "outbox: the message of an interrupted send was already in Webex; recorded it, not sent again",
        );
        return { outcome: "recovered", webexMessageId: found.messageId };
      }
      // Sent again rather than dropped: a message shown twice does less harm than one never shown.
      if (found.kind === "cannot_tell")
        logger.warn(
          { outboxId, why: found.why },
          "outbox: an interrupted send may have reached Webex, which cannot say here; sending it again (it may show twice)",
        );
    }
    const result = await this.send(claim.row, turn);
    if (result.kind === "retry") return { outcome: "retry", ...result };
    if (result.kind === "failed") return { outcome: "failed" };
    return { outcome: "sent", webexMessageId: result.webexMessageId };
  }

  private async unclaimable(outboxId: string, leaseMs: number): Promise<DeliveryOutcome> {
    const row = await this.deps.store.getOutboxRow(outboxId);
    if (!row) return { outcome: "missing" };
    if (row.state === "sent")
      return { outcome: "already_sent", ...(row.webexMessageId ? { webexMessageId: row.webexMessageId } : {}) };
    if (row.state === "failed") return { outcome: "already_failed" };
    const age = row.claimedAt ? Date.now() - row.claimedAt.getTime() : 0;
    return { outcome: "claimed_elsewhere", retryInMs: Math.max(250, leaseMs - age + 250) };
  }

  /** Undelivered rows (after a restart, a lost queue, or a commit outside the use cases). */
  async unsentIds(limit = 10_000): Promise<string[]> {
    return (await this.deps.store.unsentOutbox(limit)).map((r) => r.id);
  }

  /** Rows an earlier boot of this instance claimed and never recorded (it was killed mid-send). */
  async deadClaims(claimant: OutboxClaimant): Promise<OutboxRow[]> {
    const prefix = `${claimant.instance}/`;
    return (await this.deps.store.unsentOutbox(10_000)).filter(
      (r) => r.state === "sending" && r.claimedBy?.startsWith(prefix) && r.claimedBy !== claimant.id,
    );
  }

  private async content(message: OutgoingMessage, recipient: Recipient): Promise<MessageContent> {
    const markdown = this.deps.texts.render(recipient.lang, message);
    const cards = this.deps.cards;
    const card = cards ? await outgoingCard({ store: this.deps.store, cards }, message, recipient.lang) : null;
    return { markdown, ...(card ? { card } : {}) };
  }

  /**
   * For a row a worker claimed and then lost: whether its message is already posted (and its id).
   * Rendering is deterministic (template, data, the recipient's language), so the content is the
   * marker. Throws when the platform cannot be asked.
   */
  async findDelivered(
    row: OutboxRow,
    claimedSince: Date,
    options: { skewMs?: number; max?: number } = {},
  ): Promise<PostedCheck> {
    const recipient = await recipientOf(this.deps.store, this.deps.texts, row.message);
    // No recipient now (a space unlinked since): nowhere to look, and send() records why.
    if (typeof recipient === "string") return { kind: "not_posted" };
    const since = new Date(claimedSince.getTime() - (options.skewMs ?? 60_000));
    const content = await this.content(row.message, recipient);
    return this.deps.messaging.findPosted(recipient.to, content, since, { max: options.max ?? 100 });
  }

  /** Sends the row (already claimed) once, the post in its `turn`, and records the outcome in the store. */
  async send(row: OutboxRow, turn: PostTurn = NOW): Promise<SendResult> {
    const { store, clock, logger } = this.deps;
    const recipient = await recipientOf(store, this.deps.texts, row.message);
    if (typeof recipient === "string") {
      const failed = row.attempts + 1 >= MAX_ATTEMPTS;
      await store.markOutboxAttempt(row.id, recipient, failed);
      logger.warn({ outboxId: row.id, template: row.message.template }, recipient);
      return failed ? { kind: "failed", error: recipient } : { kind: "retry", error: recipient };
    }
    let posted: Awaited<ReturnType<Messaging["post"]>>;
    try {
      const content = await this.content(row.message, recipient);
      posted = await turn(() => this.deps.messaging.post(recipient.to, content));
    } catch (error) {
      // The platform could not be asked (or the card could not be built): a retry may do.
      posted = { ok: false, permanent: false, code: "failed", error: String((error as Error).message) };
    }
    if (posted.ok) {
      await store.markOutboxSent(row.id, posted.messageId, clock.now());
      return { kind: "sent", webexMessageId: posted.messageId };
    }
    return this.refused(row, posted);
  }

  private async refused(row: OutboxRow, refusal: PostRefused): Promise<SendResult> {
    const failed = refusal.permanent || row.attempts + 1 >= MAX_ATTEMPTS;
    await this.deps.store.markOutboxAttempt(row.id, refusal.error, failed);
    this.deps.logger.warn({ outboxId: row.id, code: refusal.code, error: refusal.error }, "outbox delivery failed");
    if (failed) {
      await this.reportUndeliverable(row, refusal.permanent ? refusal.code : "failed");
      return { kind: "failed", error: refusal.error };
    }
    const retryAfter = refusal.retryAfterMs !== undefined ? { retryAfterMs: refusal.retryAfterMs } : {};
    return { kind: "retry", error: refusal.error, ...retryAfter };
  }

  /**
   * A message to a person that was refused for good (no such recipient, not allowed) or never
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
    const { partnerId, customerId } = trial;
    const entry = { at: clock.now(), actor: "system:delivery", action: "message.undeliverable", details };
    await store.appendAudit([{ ...entry, partnerId, customerId, trialId: trial.id }]);
    const noticeId = `undeliverable-${row.id}`;
    const notice: OutgoingMessage = {
      to: { kind: "partner_space", partnerId },
      template: "partner.message_undeliverable",
      data: { trialId: trial.id, customer: customer?.name ?? "", customerHandle: customer?.handle ?? "", ...details },
    };
    if (!(await store.enqueueMessageOnce(noticeId, notice))) return;
    const claim = await store.claimOutbox(noticeId, 120_000);
    if (claim) await this.send(claim.row);
    logger.warn({ outboxId: row.id, template, reason }, "message undeliverable; the partner was told");
  }
}
