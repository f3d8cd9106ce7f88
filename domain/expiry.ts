// What happens when a deadline falls due: consent window end (R-CONSENT-6), reminders
// (R-EXP-1), expiry (R-EXP-2), user notice (R-EXP-3), lapse (R-EXP-4), Calling number release
// (R-EXP-5), device returns (R-DEV-1/3). Ops hear of every expiry event (R-EXP-6).
//
// A timer re-reads the trial: when its deadline is no longer the trial's (moved, handled, or
// the trial changed status), it does nothing.
import { calendarDate, daysLeft } from "./calendar.ts";
import { returnProcess } from "./devices.ts";
import { type Decision, type OutgoingMessage, skipped, type TimerKind } from "./effects.ts";
import { must } from "./invariant.ts";
import { decided, type TrialContext, withChanges } from "./lifecycle.ts";
import type { DeviceUnit, Trial } from "./model.ts";
import {
  auditEntry,
  CONTROL_HUB_SUBSCRIPTIONS_URL,
  message,
  opsSpace,
  partnerSpace,
  toCustomerAdmins,
  toPartnerAdmins,
  trialFacts,
} from "./notify.ts";
import { callingReleaseAt, expiresAt, graceEndsAt, returnDueDate, scheduledTimers } from "./schedule.ts";

export interface TimerFired extends TrialContext {
  kind: TimerKind;
  /** The due instant the job was scheduled for. */
  dueAt: Date;
}

export function onTimer(ctx: TimerFired): Decision {
  const { trial, kind, dueAt, now } = ctx;
  const current = scheduledTimers(trial, ctx.devices).find((t) => t.kind === kind);
  if (!current) return skipped(`${kind}: no such deadline for a ${trial.status} trial (or already handled)`);
  if (current.dueAt.getTime() !== dueAt.getTime())
    return skipped(`${kind}: deadline moved to ${current.dueAt.toISOString()}`);
  if (now.getTime() < dueAt.getTime()) return skipped(`${kind}: not due until ${dueAt.toISOString()}`);
  // A reminder delayed past the end would tell people "-1 days left": the expiry says it instead.
  const end = expiresAt(trial);
  if ((kind === "reminder_before_end" || kind === "reminder_end_day") && end && now.getTime() >= end.getTime()) {
    return skipped(`${kind}: the trial already ended at ${end.toISOString()}`);
  }
  const handled = { handledTimers: { ...trial.handledTimers, [kind]: dueAt.toISOString() } };
  switch (kind) {
    case "consent_deadline":
      return consentWindowClosed(ctx, handled);
    case "reminder_before_end":
    case "reminder_end_day":
      return reminder(ctx, handled);
    case "expiry":
      return expire(ctx, handled);
    case "user_notice":
      return userNotice(ctx, handled);
    case "lapse":
      return lapse(ctx, handled);
    case "calling_release":
      return releaseCallingNumbers(ctx, handled);
    case "device_return_due":
      return deviceReturnDue(ctx, handled);
    case "device_return_overdue":
      return deviceReturnOverdue(ctx, handled);
  }
}

type Handled = Pick<Trial, "handledTimers">;

function opsEvent(event: string, ctx: TimerFired, data: Record<string, unknown> = {}): OutgoingMessage {
  return message(opsSpace, "ops.event", {
    ...trialFacts(ctx.trial, ctx.customer),
    partner: ctx.partner.name,
    event,
    ...data,
  });
}

/** R-CONSENT-6: nobody acted within 10 days: cancelled, and off the partner's list. */
function consentWindowClosed(ctx: TimerFired, handled: Handled): Decision {
  const next = withChanges(ctx.trial, ctx.now, { ...handled, status: "cancelled", cancelReason: "consent_expired" });
  return decided({
    trial: next,
    now: ctx.now,
    devices: ctx.devices,
    unlinkPartnerIds: [ctx.trial.partnerId],
    messages: [
      message(partnerSpace(ctx.trial.partnerId), "partner.consent_expired", {
        ...trialFacts(next, ctx.customer),
        deadline: ctx.dueAt.toISOString(),
      }),
    ],
    audit: [auditEntry(ctx.now, { kind: "system", reason: "consent_deadline" }, "trial.consent_expired", next, {})],
  });
}

/** R-EXP-1: 7 days before the end and on the end day. */
function reminder(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  const next = withChanges(trial, now, handled);
  // R-TIME-1: counted from the day the reminder is due, not from when the timer ran, so a late
  // timer says the same; every message of this event carries this one number.
  const left = daysLeft(ctx.dueAt, must(trial.endDate, "an active trial's end date"), trial.timeZone);
  const facts = { ...trialFacts(trial, customer), daysLeft: left };
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      ...toCustomerAdmins(customer, "customer.expiry_reminder", {
        ...facts,
        partner: ctx.partner.name,
        subscriptionsUrl: CONTROL_HUB_SUBSCRIPTIONS_URL,
      }),
      ...toPartnerAdmins(ctx.partnerPeople, trial.partnerId, "partner.expiry_reminder", facts),
      opsEvent(ctx.kind, ctx, { daysLeft: left }),
    ],
    audit: [
      auditEntry(now, { kind: "system", reason: ctx.kind }, "trial.reminder_sent", trial, {
        daysLeft: left,
        recipients: customer.admins.length,
      }),
    ],
  });
}

/** R-EXP-2: the trial expires and 30 days of grace begin. */
function expire(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  const next = withChanges(trial, now, { ...handled, status: "expired" });
  const graceEnd = must(graceEndsAt(next), "an expired trial's grace end").toISOString();
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_expired", {
        ...trialFacts(next, customer),
        graceEndsAt: graceEnd,
      }),
      opsEvent("expired", ctx, { graceEndsAt: graceEnd }),
    ],
    audit: [auditEntry(now, { kind: "system", reason: "expiry" }, "trial.expired", next, { graceEndsAt: graceEnd })],
  });
}

/** R-EXP-3: users no longer have access to the trial services. */
function userNotice(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  const next = withChanges(trial, now, handled);
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      ...toCustomerAdmins(customer, "customer.users_access_ended", {
        ...trialFacts(trial, customer),
        partner: ctx.partner.name,
        subscriptionsUrl: CONTROL_HUB_SUBSCRIPTIONS_URL,
      }),
      opsEvent("users_notified", ctx),
    ],
    audit: [auditEntry(now, { kind: "system", reason: "user_notice" }, "trial.users_notified", trial, {})],
  });
}

/** R-EXP-4: grace ends unconverted: lapsed, irreversibly. */
function lapse(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  const next = withChanges(trial, now, { ...handled, status: "lapsed" });
  const release = trial.services.includes("calling")
    ? must(callingReleaseAt(trial), "a lapsed trial's calling release").toISOString()
    : null;
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_lapsed", {
        ...trialFacts(next, customer),
        callingNumbersReleasedAt: release,
      }),
      opsEvent("lapsed", ctx, { callingNumbersReleasedAt: release }),
    ],
    audit: [auditEntry(now, { kind: "system", reason: "lapse" }, "trial.lapsed", next, {})],
  });
}

/** R-EXP-5: Calling numbers were kept 15 days past grace; now they are released. */
function releaseCallingNumbers(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  const next = withChanges(trial, now, handled);
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.calling_numbers_released", trialFacts(next, customer)),
      opsEvent("calling_numbers_released", ctx),
    ],
    audit: [auditEntry(now, { kind: "system", reason: "calling_release" }, "trial.calling_numbers_released", next, {})],
  });
}

function unitsDue(devices: readonly DeviceUnit[], trial: Trial, onOrBefore: string): DeviceUnit[] {
  return devices.filter((d) => d.trialId === trial.id && d.returnStatus === "out" && returnDueDate(d) <= onOrBefore);
}

/** R-DEV-1/2: the return deadline is today: the customer is told how to send devices back. */
function deviceReturnDue(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  const today = calendarDate(now, trial.timeZone);
  const due = unitsDue(ctx.devices, trial, today);
  const units = due.map((d) => ({
    model: d.model,
    serial: d.serialShipped,
    dueDate: returnDueDate(d),
    ...returnProcess(d.country),
  }));
  return decided({
    trial: withChanges(trial, now, handled),
    now,
    devices: ctx.devices,
    messages: [
      ...toCustomerAdmins(customer, "customer.device_return_due", { ...trialFacts(trial, customer), units }),
      message(partnerSpace(trial.partnerId), "partner.device_return_due", { ...trialFacts(trial, customer), units }),
    ],
    audit: [
      auditEntry(now, { kind: "system", reason: "device_return_due" }, "devices.return_reminder_sent", trial, {
        serials: units.map((u) => u.serial),
      }),
    ],
  });
}

/** R-DEV-1/3: past the return deadline, units not back are flagged missing; the flag stays open. */
function deviceReturnOverdue(ctx: TimerFired, handled: Handled): Decision {
  const { trial, customer, now } = ctx;
  // The deadline day is over: every unit due on or before it and still out is missing.
  const lastDay = calendarDate(new Date(ctx.dueAt.getTime() - 1), trial.timeZone);
  const missing = unitsDue(ctx.devices, trial, lastDay).map((d) => ({ ...d, returnStatus: "missing" as const }));
  const units = missing.map((d) => ({ model: d.model, serial: d.serialShipped, dueDate: returnDueDate(d) }));
  return decided({
    trial: withChanges(trial, now, handled),
    now,
    devices: ctx.devices,
    changedDevices: missing,
    messages: missing.length
      ? [
          ...toCustomerAdmins(customer, "customer.device_return_overdue", { ...trialFacts(trial, customer), units }),
          message(partnerSpace(trial.partnerId), "partner.device_return_overdue", {
            ...trialFacts(trial, customer),
            units,
            overdue: true,
          }),
          opsEvent("device_return_overdue", ctx, { units }),
        ]
      : [],
    audit: [
      auditEntry(now, { kind: "system", reason: "device_return_overdue" }, "devices.flagged_missing", trial, {
        serials: units.map((u) => u.serial),
      }),
    ],
  });
}
