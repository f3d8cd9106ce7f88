// The store port: everything the application needs from persistence. Prisma code lives only
// in prisma/ (the adapter); the application and tests speak to this interface.
import type { AuditEntry, OutgoingMessage, TimerSpec } from "../domain/effects.ts";
import type { Customer, DeviceUnit, Language, Partner, Person, Trial, TrialStatus } from "../domain/model.ts";

export type SpaceKind = "partner" | "ops";

export interface Space {
  roomId: string;
  kind: SpaceKind;
  /** The partner that owns the space; null for the trials team's (bot-wide) ops space. */
  partnerId: string | null;
}

export interface TrialFilter {
  partnerId?: string;
  customerId?: string;
  statuses?: TrialStatus[];
  /** Active trials whose endDate is on or before this calendar date. */
  endingOnOrBefore?: string;
}

export interface StoredAuditEntry extends AuditEntry {
  id: string;
}

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

/** Everything one accepted command changes, written in one transaction. */
export interface Commit {
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

/** A webhook recorded before Webex was answered and not handled yet. */
export interface UnhandledWebhook {
  key: string;
  /** The envelope as received (JSON). */
  envelope: unknown;
  at: Date;
}

/** Thrown by `commit` when the trial's version is not the one read: someone changed it meanwhile. */
export class ConcurrentChangeError extends Error {
  readonly code = "concurrent_change" as const;
  constructor(readonly trialId: string) {
    super(`trial ${trialId} was changed meanwhile`);
    this.name = "ConcurrentChangeError";
  }
}

export interface Store {
  // partners, people, spaces
  upsertPartner(partner: Partner): Promise<void>;
  getPartner(id: string): Promise<Partner | null>;
  findPartnerByName(name: string): Promise<Partner | null>;
  listPartners(): Promise<Partner[]>;
  upsertPerson(person: Person): Promise<void>;
  removePerson(email: string): Promise<boolean>;
  findPersonByEmail(email: string): Promise<Person | null>;
  findPersonByWebexId(webexPersonId: string): Promise<Person | null>;
  listPartnerPeople(partnerId: string): Promise<Person[]>;
  listOpsPeople(): Promise<Person[]>;
  setPersonLanguage(email: string, language: Language): Promise<void>;
  linkSpace(space: Space): Promise<void>;
  findSpace(roomId: string): Promise<Space | null>;
  /** The space messages for this partner go to (exactly this partner's; null: the trials team's ops space). */
  spaceFor(kind: SpaceKind, partnerId: string | null): Promise<Space | null>;

  // customers
  upsertCustomer(customer: Customer): Promise<void>;
  getCustomer(id: string): Promise<Customer | null>;
  /** These customers (unknown ids left out, any order), in one read: for lists of trials. */
  getCustomers(ids: readonly string[]): Promise<Customer[]>;
  findCustomerByHandle(handle: string): Promise<Customer | null>;
  /** Customers whose name or handle contains the text (case-insensitive). */
  searchCustomers(text: string): Promise<Customer[]>;
  listCustomers(): Promise<Customer[]>;
  /** Customers where this e-mail is an admin. */
  customersAdministeredBy(email: string): Promise<Customer[]>;

  // trials
  getTrial(id: string): Promise<Trial | null>;
  listTrials(filter: TrialFilter): Promise<Trial[]>;
  countTrials(): Promise<number>;
  devicesOfTrial(trialId: string): Promise<DeviceUnit[]>;
  /** Device units of every trial, optionally only those in the given return statuses (R-EXP-6 digest). */
  listDevices(filter?: { returnStatuses?: DeviceUnit["returnStatus"][] }): Promise<DeviceUnit[]>;
  /** R-SVC-2: Meetings site URLs are unique across all live trials and customers. */
  isSiteUrlTaken(siteUrl: string, exceptTrialId?: string): Promise<boolean>;
  pendingTimers(trialId?: string): Promise<TimerSpec[]>;
  /**
   * Each trial's earliest pending timer (the one Redis schedules), in one read: for reconciling
   * the whole schedule. Ties at the same instant: the first kind by name.
   */
  nextTimers(): Promise<TimerSpec[]>;

  /** Applies a whole accepted decision atomically; throws ConcurrentChangeError on a stale version. */
  commit(change: Commit): Promise<CommitResult>;

  // audit
  auditOf(filter: { customerId?: string; trialId?: string; limit?: number }): Promise<StoredAuditEntry[]>;
  /** For state changes outside trials (admin commands): audit entries only. */
  appendAudit(entries: AuditEntry[]): Promise<void>;

  // webhook deduplication
  /** Records a webhook event key; false when it was already recorded (a repeated delivery). */
  markEventProcessed(key: string, at: Date): Promise<boolean>;
  /** Forgets a recorded key, so the same event may be handled again (its handling failed before changing anything). */
  forgetEvent(key: string): Promise<void>;
  /**
   * The webhook inbox: records an event and its envelope before Webex gets its answer; false when
   * the key was already recorded (a repeated delivery). A throw means nothing was recorded.
   */
  recordWebhook(key: string, envelope: unknown, at: Date): Promise<boolean>;
  markWebhookHandled(key: string, at: Date): Promise<void>;
  /** Recorded webhooks not handled yet, received since `since`, oldest first. */
  unhandledWebhooks(since: Date, limit: number): Promise<UnhandledWebhook[]>;

  // settings that survive restarts
  getSetting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown): Promise<void>;

  // outbox
  pendingOutbox(limit: number): Promise<OutboxRow[]>;
  getOutboxRow(id: string): Promise<OutboxRow | null>;
  markOutboxSent(id: string, webexMessageId: string, at: Date): Promise<void>;
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

  /** Throws when the database cannot be reached (readiness). */
  ping(): Promise<void>;
  /**
   * True for an error that says the database could not be reached (down, restarting, connections
   * cut): the work may be retried later as it was, nothing having been written.
   */
  isUnavailable(error: unknown): boolean;
  close(): Promise<void>;
}
