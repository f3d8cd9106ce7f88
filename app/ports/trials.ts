// Reading trials, their device units and pending timers. Trials change only through `commit`
// (commit.ts), so that a decision's state, audit and messages are written together.
import type { TimerSpec } from "../../domain/effects.ts";
import type { Customer, DeviceUnit, Partner, Person, Trial, TrialStatus } from "../../domain/model.ts";

export interface TrialFilter {
  partnerId?: string;
  customerId?: string;
  statuses?: TrialStatus[];
  /** Active trials whose endDate is on or before this calendar date. */
  endingOnOrBefore?: string;
}

/** What a trial list shows of a trial (no devices, deadlines or extension requests). */
export type ListedTrial = Pick<
  Trial,
  "id" | "partnerId" | "customerId" | "status" | "services" | "timeZone" | "endDate" | "conversion"
>;

/** One line of a trial list: the trial and its customer's name, read together. */
export interface TrialSummary {
  trial: ListedTrial;
  customer: Pick<Customer, "id" | "handle" | "name">;
  /** R-CONSENT-5: the customer still names the trial's partner among its managing partners. */
  partnerManages: boolean;
}

/** A trial with everything a decision on it reads: its customer, partner, the partner's people, its devices. */
export interface TrialFacts {
  trial: Trial;
  customer: Customer;
  partner: Partner;
  /** The partner's registered people, by e-mail. */
  partnerPeople: Person[];
  devices: DeviceUnit[];
}

export interface TrialStore {
  getTrial(id: string): Promise<Trial | null>;
  /** The trial with its customer, partner, partner's people and devices, in one read; null when missing. */
  trialFacts(id: string): Promise<TrialFacts | null>;
  /** Oldest first (by creation, then id). */
  listTrials(filter: TrialFilter): Promise<Trial[]>;
  /**
   * `listTrials`' trials (same filter, same order) as a list shows them, with their customers,
   * in one read: a list of hundreds of rows reads no more than it shows.
   */
  listTrialSummaries(filter: TrialFilter): Promise<TrialSummary[]>;
  countTrials(): Promise<number>;
  devicesOfTrial(trialId: string): Promise<DeviceUnit[]>;
  /** Device units of every trial, optionally only those in the given return statuses (R-EXP-6 digest). */
  listDevices(filter?: { returnStatuses?: DeviceUnit["returnStatus"][] }): Promise<DeviceUnit[]>;
  /** R-SVC-2: Meetings site URLs are unique across all live trials and customers. */
  isSiteUrlTaken(siteUrl: string, exceptTrialId?: string): Promise<boolean>;
  /** Soonest first; every trial's when no trial is named. */
  pendingTimers(trialId?: string): Promise<TimerSpec[]>;
  /**
   * Each trial's earliest pending timer (the one Redis schedules), in one read: for reconciling
   * the whole schedule. Ties at the same instant: the first kind by name.
   */
  nextTimers(): Promise<TimerSpec[]>;
}
