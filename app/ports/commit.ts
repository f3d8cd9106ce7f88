// The unit of work: everything one accepted decision changes, written all or nothing.
import type { AuditEntry, OutgoingMessage, TimerSpec } from "../../domain/effects.ts";
import type { Customer, DeviceUnit, Trial } from "../../domain/model.ts";

/** Everything one accepted command changes, written in one transaction. */
export interface Commit {
  /**
   * An event key (a card's nonce) recorded first, in the same transaction: when it is recorded
   * already, nothing is written and commit throws AlreadyClaimedError (the event was handled).
   */
  claim?: string;
  /** A trial to create (expectedVersion null) or update (expectedVersion = version read). */
  trial?: { next: Trial; expectedVersion: number | null };
  /** A customer to create or replace. */
  customer?: Customer;
  /** Device units to create or replace. */
  devices?: DeviceUnit[];
  /** The complete set of pending timers of a trial, replacing what the store had. */
  timers?: { trialId: string; pending: TimerSpec[] };
  /** Partners whose link to a customer is removed. */
  unlink?: { customerId: string; partnerIds: string[] };
  audit: AuditEntry[];
  outbox: OutgoingMessage[];
}

/** What a commit wrote that only the store knows: the ids of the outbox rows it inserted (in order). */
export interface CommitResult {
  outboxIds: string[];
}

/** Thrown by `commit` when the trial's version is not the one read: someone changed it meanwhile. */
export class ConcurrentChangeError extends Error {
  readonly code = "concurrent_change" as const;
  constructor(readonly trialId: string) {
    super(`trial ${trialId} was changed meanwhile`);
    this.name = "ConcurrentChangeError";
  }
}

/** Thrown by `commit` when its claim key was recorded already: the same event was handled before. */
export class AlreadyClaimedError extends Error {
  readonly code = "already_claimed" as const;
  constructor(readonly key: string) {
    super(`event ${key} was handled already`);
    this.name = "AlreadyClaimedError";
  }
}

export interface CommitStore {
  /**
   * Applies a whole accepted decision atomically: the trial is created (version 1) or updated
   * (version + 1) only if its version is still `expectedVersion`, else ConcurrentChangeError and
   * nothing is written; any other failure also writes nothing.
   */
  commit(change: Commit): Promise<CommitResult>;
}
