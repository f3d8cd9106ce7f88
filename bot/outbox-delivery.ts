// Delivers the messages the domain asked for (the outbox) to Webex: each to a person by e-mail
// or to a linked space, in the recipient's language. A row is marked sent only after Webex
// accepted it; failures are retried on the next pass until the attempt limit.
import type { Logger } from "pino";
import type { OutboxRow, Store } from "../app/store.ts";
import type { Clock } from "../app/clock.ts";
import type { WebexClient } from "./webex/client.ts";
import { WebexApiError } from "./webex/errors.ts";
import { messageLanguage, renderTemplate, type Language } from "./i18n/index.ts";

export const MAX_ATTEMPTS = 8;

export class OutboxDelivery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;

  constructor(private readonly deps: { store: Store; client: WebexClient; clock: Clock; logger: Logger }) {}

  private async target(row: OutboxRow): Promise<{ to: { roomId: string; parentId?: string } | { toPersonEmail: string }; lang: Language } | string> {
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

  /** One pass over pending rows; returns how many were sent. */
  deliverPending(limit = 50): Promise<number> {
    // One pass at a time: a row is never sent by two passes at once.
    if (!this.running) {
      this.running = this.pass(limit).finally(() => (this.running = null));
      return this.running;
    }
    // The pass under way may have read the pending rows before the caller committed its own:
    // one more pass after it picks them up, so they go out at once, not on the next tick.
    // Callers arriving meanwhile share that pass.
    this.queued ??= this.running
      .catch(() => 0)
      .then(() => {
        this.queued = null;
        return this.deliverPending(limit);
      });
    return this.queued;
  }

  private async pass(limit: number): Promise<number> {
    const { store, client, clock, logger } = this.deps;
    let sent = 0;
    for (const row of await store.pendingOutbox(limit)) {
      const target = await this.target(row);
      if (typeof target === "string") {
        await store.markOutboxAttempt(row.id, target, row.attempts + 1 >= MAX_ATTEMPTS);
        logger.warn({ outboxId: row.id, template: row.message.template }, target);
        continue;
      }
      try {
        const [message] = await client.createMessage({ ...target.to, markdown: renderTemplate(target.lang, row.message) });
        await store.markOutboxSent(row.id, message?.id ?? "", clock.now());
        sent += 1;
      } catch (error) {
        const permanent = error instanceof WebexApiError && ["bad_request", "forbidden", "not_found"].includes(error.code);
        await store.markOutboxAttempt(row.id, String((error as Error).message), permanent || row.attempts + 1 >= MAX_ATTEMPTS);
        logger.warn({ outboxId: row.id, err: error }, "outbox delivery failed");
      }
    }
    return sent;
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.deliverPending().catch((err) => this.deps.logger.error({ err }, "outbox pass failed")), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queued?.catch(() => 0);
    await this.running;
  }
}
