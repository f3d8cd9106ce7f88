// The pending deadlines of a trial, derived from its state. The store keeps this set and the
// queue mirrors it, so a deadline is never lost with Redis. Every deadline of TRIAL-RULES:
// R-CONSENT-6, R-EXP-1..5, R-DEV-1.
import { addDays, endInstant, localTime, plusCalendarDays, REMINDER_HOUR } from "./calendar.ts";
import type { TimerKind, TimerSpec } from "./effects.ts";
import { must } from "./invariant.ts";
import type { DeviceUnit, Trial } from "./model.ts";

export const CONSENT_WINDOW_DAYS = 10; // R-CONSENT-6
export const REMINDER_DAYS_BEFORE_END = 7; // R-EXP-1
export const GRACE_DAYS = 30; // R-EXP-2, R-EXP-3, R-EXP-4
export const CALLING_NUMBERS_KEPT_DAYS = 15; // R-EXP-5
export const DEVICE_RETURN_DAYS = 14; // R-DEV-1

/** Deadlines that only inform: skipped when already past (a reminder of a moved end is noise). */
const REMINDERS: readonly TimerKind[] = ["reminder_before_end", "reminder_end_day", "device_return_due"];

export function expiresAt(trial: Trial): Date | null {
  return trial.endDate ? endInstant(trial.endDate, trial.timeZone) : null;
}

export function graceEndsAt(trial: Trial): Date | null {
  const end = expiresAt(trial);
  return end ? plusCalendarDays(end, GRACE_DAYS, trial.timeZone) : null;
}

export function callingReleaseAt(trial: Trial): Date | null {
  const end = expiresAt(trial);
  return end ? plusCalendarDays(end, GRACE_DAYS + CALLING_NUMBERS_KEPT_DAYS, trial.timeZone) : null;
}

/** R-DEV-1: the last day to return a unit: 14 days after its EULA device expiry date. */
export function returnDueDate(unit: DeviceUnit): string {
  return addDays(unit.eulaExpiryDate, DEVICE_RETURN_DAYS);
}

function deviceTimers(trial: Trial, devices: readonly DeviceUnit[]): TimerSpec[] {
  const out = devices.filter((d) => d.trialId === trial.id && d.returnStatus === "out");
  if (out.length === 0) return [];
  // One pair of timers per trial, at the earliest unit's dates; firing handles every unit due
  // and the next schedule moves to the next unit.
  const due = must(out.map(returnDueDate).sort()[0], "an out unit's return date");
  return [
    { trialId: trial.id, kind: "device_return_due", dueAt: localTime(due, trial.timeZone, REMINDER_HOUR) },
    { trialId: trial.id, kind: "device_return_overdue", dueAt: endInstant(due, trial.timeZone) },
  ];
}

function lifecycleTimers(trial: Trial): TimerSpec[] {
  const t = (kind: TimerKind, dueAt: Date): TimerSpec => ({ trialId: trial.id, kind, dueAt });
  const calling = trial.services.includes("calling");
  switch (trial.status) {
    case "pending_consent":
      return trial.consentDeadline ? [t("consent_deadline", trial.consentDeadline)] : [];
    case "active": {
      const end = must(trial.endDate, "an active trial's end date");
      return [
        t("reminder_before_end", localTime(addDays(end, -REMINDER_DAYS_BEFORE_END), trial.timeZone, REMINDER_HOUR)),
        t("reminder_end_day", localTime(end, trial.timeZone, REMINDER_HOUR)),
        t("expiry", endInstant(end, trial.timeZone)),
      ];
    }
    case "expired": {
      const graceEnd = must(graceEndsAt(trial), "an expired trial's grace end");
      const timers = [t("user_notice", graceEnd), t("lapse", graceEnd)];
      if (calling) timers.push(t("calling_release", must(callingReleaseAt(trial), "the calling release")));
      return timers;
    }
    case "lapsed": {
      // The user notice falls due at the same instant as the lapse; whichever fires second
      // still finds its deadline here.
      const timers = [t("user_notice", must(graceEndsAt(trial), "a lapsed trial's grace end"))];
      if (calling) timers.push(t("calling_release", must(callingReleaseAt(trial), "the calling release")));
      return timers;
    }
    default:
      return [];
  }
}

/** Every deadline of the trial's current state that has not been handled, past or future. */
export function scheduledTimers(trial: Trial, devices: readonly DeviceUnit[]): TimerSpec[] {
  if (trial.status === "deleted") return [];
  return [...lifecycleTimers(trial), ...deviceTimers(trial, devices)].filter(
    (timer) => trial.handledTimers[timer.kind] !== timer.dueAt.toISOString(),
  );
}

/**
 * The trial's pending deadlines at `now`: those not yet handled; reminders only while still
 * ahead. R-DEL-1: a deleted trial has none.
 */
export function pendingTimers(trial: Trial, devices: readonly DeviceUnit[], now: Date): TimerSpec[] {
  return scheduledTimers(trial, devices).filter(
    (timer) => !(REMINDERS.includes(timer.kind) && timer.dueAt.getTime() <= now.getTime()),
  );
}
