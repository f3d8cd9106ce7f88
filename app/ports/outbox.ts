// Messages to deliver, written with the change that caused them, and the delivery workers' claims.
import type { OutgoingMessage } from "../../domain/effects.ts";

/** sending: claimed by a delivery worker (Webex may or may not have the message yet). */
export type OutboxState = "pending" | "sending" | "sent" | "failed";

export interface OutboxRow {
  id: string;
  /** Idempotency key: the outbox row's own id, recorded when Webex accepted the message. */
  message: OutgoingMessage;
  state: OutboxState;
  attempts: number;
  createdAt: Date;
  /** When a delivery worker last claimed the row (state sending). */
  claimedAt: Date | null;
  /** Who claimed it ("<instance>/<boot id>"), when the claimant said. */
  claimedBy?: string | null;
  sentAt: Date | null;
  webexMessageId: string | null;
  lastError: string | null;
}

/** A delivery worker's claim of an outbox row. */
export interface OutboxClaim {
  /** The row as claimed (state sending, claimedAt now). */
  row: OutboxRow;
  /**
   * When the row was already `sending` under an expired claim: a worker died or hung after
   * claiming it, so Webex may already have the message. Null for a row that was pending.
   */
  abandonedClaimAt: Date | null;
}

/** Who claims an outbox row: this process (`id`, "<instance>/<boot id>") of a bot instance. */
export interface OutboxClaimant {
  id: string;
  /** Stable across restarts of the same bot (its host and queue prefix). */
  instance: string;
}

export interface OutboxStore {
  /** Pending rows, oldest first (insertion order among rows created at the same instant). */
  pendingOutbox(limit: number): Promise<OutboxRow[]>;
  getOutboxRow(id: string): Promise<OutboxRow | null>;
  markOutboxSent(id: string, webexMessageId: string, at: Date): Promise<void>;
  /** A failed attempt: the row is pending again (retry) or failed for good. */
  markOutboxAttempt(id: string, error: string, failed: boolean): Promise<void>;
  /**
   * Claims a row for sending (state sending, claimedAt = the database's now): a pending row, or
   * a sending row whose claim is older than leaseMs (its worker died or hung). Null when the row
   * is sent, failed, missing, or claimed less than leaseMs ago. Timed by the database clock.
   * With a claimant, a claim by an earlier boot of the same instance is dead whatever its age
   * (that process is gone: this one replaced it).
   */
  claimOutbox(id: string, leaseMs: number, claimant?: OutboxClaimant): Promise<OutboxClaim | null>;
  /** Rows not yet delivered (pending, or sending under a claim), oldest first. */
  unsentOutbox(limit: number): Promise<OutboxRow[]>;
  /** Inserts a message under a caller-chosen id unless that id exists; true when inserted. */
  enqueueMessageOnce(id: string, message: OutgoingMessage): Promise<boolean>;
  /** For chat replies that are not domain decisions but still must be delivered reliably. */
  enqueueMessages(messages: OutgoingMessage[]): Promise<string[]>;
}
