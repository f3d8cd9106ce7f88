// The in-process outbox loop: passes over pending rows, one pass at a time, each row sent by
// OutboxSender.
import type { Logger } from "pino";
import type { Store } from "../app/store.ts";
import type { OutboxSender } from "./outbox-sender.ts";

export class OutboxDelivery {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;

  constructor(private readonly deps: { store: Store; sender: OutboxSender; logger: Logger }) {}

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
    let sent = 0;
    for (const row of await this.deps.store.pendingOutbox(limit)) {
      if ((await this.deps.sender.send(row)).kind === "sent") sent += 1;
    }
    return sent;
  }

  start(intervalMs = 1000): void {
    this.timer = setInterval(
      () => void this.deliverPending().catch((err) => this.deps.logger.error({ err }, "outbox pass failed")),
      intervalMs,
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queued?.catch(() => 0);
    await this.running;
  }
}
