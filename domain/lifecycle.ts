// Helpers every use case shares: build the next trial state, activate it, finish a decision.
import { addDays, calendarDate } from "./calendar.ts";
import { type Accepted, type AuditEntry, accepted, type OutgoingMessage } from "./effects.ts";
import { must } from "./invariant.ts";
import type { Actor, Customer, DeviceUnit, Partner, Person, Trial, TrialStatus } from "./model.ts";
import { type Refusal, refuse } from "./refusals.ts";
import { graceEndsAt, pendingTimers } from "./schedule.ts";

/** What a use case on an existing trial reads before deciding. */
export interface TrialContext {
  now: Date;
  actor: Actor;
  trial: Trial;
  customer: Customer;
  partner: Partner;
  /** The managing partner's people (R-EXP-1 reminders go to its admins). */
  partnerPeople: readonly Person[];
  devices: readonly DeviceUnit[];
}

export function withChanges(trial: Trial, now: Date, changes: Partial<Trial>): Trial {
  return { ...trial, ...changes, updatedAt: now };
}

/** R-NEW-1, R-CONSENT-4, R-PAID-1: the trial starts today and ends lengthDays later. */
export function activation(trial: Trial, now: Date): Partial<Trial> {
  const startDate = calendarDate(now, trial.timeZone);
  return { status: "active", startDate, endDate: addDays(startDate, trial.lengthDays) };
}

/** Illegal transitions are refused, never ignored: the refusal names the current status. */
export function requireStatus(trial: Trial, allowed: readonly TrialStatus[], action: string): Refusal | null {
  if (allowed.includes(trial.status)) return null;
  return refuse("invalid_transition", { action, status: trial.status, allowed: [...allowed] });
}

/**
 * R-CONV-4, R-EXP-4: an action compares with the grace end itself, not only with the status, so
 * a lapse timer that fires late (or not yet) never lets a trial past its grace end be extended
 * back or converted.
 */
export function requireBeforeGraceEnd(trial: Trial, now: Date, action: string): Refusal | null {
  const graceEnd = graceEndsAt(trial);
  if (!graceEnd || now.getTime() < graceEnd.getTime()) return null;
  return refuse("grace_ended", {
    action,
    endDate: must(trial.endDate, "the end date a grace end comes from"),
    graceEndedAt: graceEnd.toISOString(),
  });
}

export interface Outcome {
  trial: Trial;
  now: Date;
  devices?: readonly DeviceUnit[];
  changedDevices?: DeviceUnit[];
  customer?: Customer | null;
  messages?: OutgoingMessage[];
  audit: AuditEntry[];
  unlinkPartnerIds?: string[];
}

/** An accepted decision whose timers are recomputed from the trial's new state. */
export function decided(o: Outcome): Accepted {
  const changed = new Map((o.changedDevices ?? []).map((d) => [d.id, d]));
  const devices = [
    ...(o.devices ?? []).map((d) => changed.get(d.id) ?? d),
    ...[...changed.values()].filter((d) => !(o.devices ?? []).some((x) => x.id === d.id)),
  ];
  return accepted({
    trial: o.trial,
    customer: o.customer ?? null,
    devices: o.changedDevices ?? [],
    timers: pendingTimers(o.trial, devices, o.now),
    messages: o.messages ?? [],
    audit: o.audit,
    unlinkPartnerIds: o.unlinkPartnerIds ?? [],
  });
}
