// Managing a running trial: extend (R-EXT-1/2), change services (R-EDIT-1), cancel, delete
// (R-DEL-1), and the customer's "interested in purchasing" (R-INT-1).
import { actorEmail, isCustomerAdmin, requireTrialRole } from "./access.ts";
import { addDays, calendarDate, daysBetween } from "./calendar.ts";
import { accepted, type Decision, refused } from "./effects.ts";
import { checkEligibility } from "./eligibility.ts";
import { decided, requireBeforeGraceEnd, requireStatus, type TrialContext, withChanges } from "./lifecycle.ts";
import type { Actor, Customer, DeviceOrder, MeetingsSite, Trial } from "./model.ts";
import { auditEntry, message, opsSpace, partnerSpace, toPartnerAdmins, trialFacts } from "./notify.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { type Service, sortServices } from "./services.ts";
import { checkDeviceOrder, checkMeetingsSite } from "./setup.ts";
import { ACTION_STATUSES } from "./trial-actions.ts";
import { REASON_MAX } from "./validation.ts";

export const MAX_EXTENSION_DAYS = 30; // R-EXT-1
export const MAX_DEVICE_TRIAL_DAYS = 120; // R-EXT-2

/** R-EXT-1: the end an extension by `days` gives: today + N in the trial's zone (R-TIME-1). */
function extendedEnd(trial: Trial, now: Date, days: number): string | Refusal {
  if (!Number.isInteger(days) || days < 1) {
    return refuse("invalid_input", {
      field: "days",
      value: days,
      expected: `a whole number of days from 1 to ${MAX_EXTENSION_DAYS}`,
    });
  }
  if (days > MAX_EXTENSION_DAYS) return refuse("extension_too_long", { days, max: MAX_EXTENSION_DAYS });
  return addDays(calendarDate(now, trial.timeZone), days);
}

/** R-EXT-2: the first day of the trial's current Devices period (null before the trial starts). */
function devicesFrom(trial: Trial): string | null {
  return trial.devicesSince ?? trial.startDate;
}

/**
 * R-EXT-2: the 120-day cap counts every day the trial had Devices: the earlier periods
 * (deviceDaysUsed) plus the current one up to `end`. A refusal names the latest end allowed.
 */
export function checkDeviceCap(trial: Trial, end: string): Refusal | null {
  const from = devicesFrom(trial);
  if (!trial.services.includes("devices") || !from) return null;
  if (trial.deviceDaysUsed + daysBetween(from, end) <= MAX_DEVICE_TRIAL_DAYS) return null;
  return refuse("device_trial_too_long", {
    max: MAX_DEVICE_TRIAL_DAYS,
    startDate: from,
    usedDays: trial.deviceDaysUsed,
    latestEndDate: addDays(from, MAX_DEVICE_TRIAL_DAYS - trial.deviceDaysUsed),
  });
}

function applyExtension(ctx: TrialContext, endDate: string, by: string, days: number, approvedBy?: string): Decision {
  const { now, trial, customer } = ctx;
  // An extension during grace brings the trial back (R-EXT-1 counts from today either way).
  const next = withChanges(trial, now, { status: "active", endDate, pendingDeviceExtension: null });
  const previous = trial.endDate;
  // Say what really happened to the end date, not the N typed (R-EXT-1).
  const movedDays = previous ? daysBetween(previous, endDate) : null;
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_extended", {
        ...trialFacts(next, customer),
        by,
        days,
        previousEndDate: previous,
        movedDays,
        ...(approvedBy ? { approvedBy } : {}),
      }),
    ],
    audit: [
      auditEntry(
        now,
        ctx.actor,
        approvedBy
          ? "trial.extension_approved"
          : movedDays !== null && movedDays < 0
            ? "trial.shortened"
            : "trial.extended",
        next,
        {
          days,
          from: previous,
          to: endDate,
        },
      ),
    ],
  });
}

/**
 * R-EXT-1: "extend by N days" sets the end to today + N (N ≤ 30), also when that is earlier than
 * the current end (65 days left, extend by 30: ends in 30 days) — but a shortening only with an
 * explicit confirmation, the refusal naming both dates. An end that would not move is refused.
 * R-EXT-2: lengthening a device trial (at most 120 days with Devices in total) is a request to
 * the trials team, bound to the end date it names; a newer request replaces a pending one.
 * Shortening needs no approval: the devices are out for less time, never more.
 */
export function extendTrial(ctx: TrialContext & { days: number; confirmShorten?: boolean }): Decision {
  const { now, actor, trial, customer } = ctx;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  const wrong = requireStatus(trial, ACTION_STATUSES.extend, "extend") ?? requireBeforeGraceEnd(trial, now, "extend");
  if (wrong) return refused(wrong);
  const end = extendedEnd(trial, now, ctx.days);
  if (isRefusal(end)) return refused(end);
  const current = trial.endDate;
  if (current && end === current)
    return refused(refuse("extension_unchanged", { currentEndDate: current, days: ctx.days }));
  const shortens = current !== null && end < current;
  if (shortens && !ctx.confirmShorten) {
    return refused(
      refuse("shortening_needs_confirmation", {
        currentEndDate: current,
        requestedEndDate: end,
        days: ctx.days,
        shorterBy: daysBetween(end, current),
        customer: customer.name,
        customerHandle: customer.handle,
      }),
    );
  }
  if (shortens || !trial.services.includes("devices")) return applyExtension(ctx, end, who.email, ctx.days);

  const tooLong = checkDeviceCap(trial, end);
  if (tooLong) return refused(tooLong);
  const replaced = trial.pendingDeviceExtension;
  // The trial's version is unique per change, so the id names this request among all of the trial's.
  const request = {
    id: `${trial.id}:${trial.version}`,
    days: ctx.days,
    requestedEndDate: end,
    requestedBy: who.email,
    requestedAt: now,
  };
  const next = withChanges(trial, now, { pendingDeviceExtension: request });
  const facts = {
    ...trialFacts(next, customer),
    requestId: request.id,
    days: ctx.days,
    requestedEndDate: end,
    by: who.email,
    partner: ctx.partner.name,
    ...(replaced ? { replacedEndDate: replaced.requestedEndDate, replacedBy: replaced.requestedBy } : {}),
  };
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: [
      message(opsSpace, "ops.device_extension_approval", facts),
      message(partnerSpace(trial.partnerId), "partner.device_extension_requested", facts),
    ],
    audit: [
      auditEntry(now, actor, "trial.extension_requested", next, {
        requestId: request.id,
        days: ctx.days,
        requestedEndDate: end,
        ...(replaced ? { replacedRequestId: replaced.id } : {}),
      }),
    ],
  });
}

/**
 * R-EXT-2: the trials team (ops) approves or denies the pending device-trial extension. Approval
 * sets the end date ops were shown, however the trial changed meanwhile. `requestId` (from the
 * ops card) must name the pending request: a card of a replaced request decides nothing.
 */
export function decideDeviceExtension(ctx: TrialContext & { approve: boolean; requestId?: string }): Decision {
  const { now, actor, trial, customer } = ctx;
  if (actor.kind !== "person" || actor.person.role !== "ops")
    return refused(refuse("role_required", { roles: ["ops"] }));
  const pending = trial.pendingDeviceExtension;
  if (!pending) return refused(refuse("no_device_extension_pending", { customer: customer.name }));
  if (ctx.requestId !== undefined && ctx.requestId !== pending.id) {
    return refused(
      refuse("extension_request_replaced", {
        customer: customer.name,
        customerHandle: customer.handle,
        requestedEndDate: pending.requestedEndDate,
        requestedBy: pending.requestedBy,
      }),
    );
  }
  if (!ctx.approve) {
    const next = withChanges(trial, now, { pendingDeviceExtension: null });
    return decided({
      trial: next,
      now,
      devices: ctx.devices,
      messages: [
        message(partnerSpace(trial.partnerId), "partner.device_extension_denied", {
          ...trialFacts(next, customer),
          days: pending.days,
          requestedEndDate: pending.requestedEndDate,
          by: actor.person.email,
        }),
      ],
      audit: [
        auditEntry(now, actor, "trial.extension_denied", next, {
          requestId: pending.id,
          days: pending.days,
          requestedEndDate: pending.requestedEndDate,
        }),
      ],
    });
  }
  const wrong = requireStatus(trial, ["active", "expired"], "extend") ?? requireBeforeGraceEnd(trial, now, "extend");
  if (wrong) return refused(wrong);
  // An end date already past would expire the trial the moment it is approved.
  if (pending.requestedEndDate < calendarDate(now, trial.timeZone)) {
    return refused(
      refuse("extension_request_outdated", {
        customer: customer.name,
        customerHandle: customer.handle,
        requestedEndDate: pending.requestedEndDate,
        requestedBy: pending.requestedBy,
      }),
    );
  }
  const tooLong = checkDeviceCap(trial, pending.requestedEndDate);
  if (tooLong) return refused(tooLong);
  return applyExtension(ctx, pending.requestedEndDate, pending.requestedBy, pending.days, actor.person.email);
}

export interface ChangeServices extends TrialContext {
  add: Service[];
  remove: Service[];
  customerTrials: readonly Trial[];
  meetings?: MeetingsSite | null;
  devicesOrder?: DeviceOrder | null;
  siteUrlTaken?: boolean;
}

/** R-EDIT-1: add (eligibility applies) or remove services; the last one cannot be removed. */
export function changeServices(cmd: ChangeServices): Decision {
  const { now, actor, trial, customer } = cmd;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  const wrong =
    requireStatus(trial, ACTION_STATUSES.changeServices, "change services") ??
    requireBeforeGraceEnd(trial, now, "change services");
  if (wrong) return refused(wrong);
  if (cmd.add.length === 0 && cmd.remove.length === 0) {
    return refused(
      refuse("invalid_input", {
        field: "services",
        expected: "at least one service to add (+calling) or remove (-meetings)",
      }),
    );
  }
  for (const s of cmd.add)
    if (trial.services.includes(s)) return refused(refuse("service_already_in_trial", { service: s }));
  for (const s of cmd.remove)
    if (!trial.services.includes(s)) return refused(refuse("service_not_in_trial", { service: s }));
  const ineligible = checkEligibility(cmd.add, customer, cmd.customerTrials, trial.partnerId, trial.id);
  if (ineligible) return refused(ineligible);
  const services = sortServices([...trial.services.filter((s) => !cmd.remove.includes(s)), ...cmd.add]);
  if (services.length === 0) return refused(refuse("last_service", { service: cmd.remove[0] ?? "" }));

  let meetings = services.includes("meetings") ? trial.meetings : null;
  if (cmd.add.includes("meetings")) {
    const site = checkMeetingsSite(cmd.meetings, cmd.siteUrlTaken ?? false);
    if (isRefusal(site)) return refused(site);
    meetings = site;
  }
  let devices = services.includes("devices") ? trial.devices : null;
  // R-EXT-2: the days with Devices are counted across removals, so the 120-day cap holds for
  // every day the trial had devices; Devices added back starts a new period from today.
  const today = calendarDate(now, trial.timeZone);
  let deviceUse: Pick<Trial, "deviceDaysUsed" | "devicesSince"> = {
    deviceDaysUsed: trial.deviceDaysUsed,
    devicesSince: trial.devicesSince,
  };
  if (cmd.remove.includes("devices")) {
    const from = devicesFrom(trial);
    deviceUse = {
      deviceDaysUsed: trial.deviceDaysUsed + (from ? Math.max(0, daysBetween(from, today)) : 0),
      devicesSince: null,
    };
  }
  if (cmd.add.includes("devices")) {
    const order = checkDeviceOrder(cmd.devicesOrder);
    if (isRefusal(order)) return refused(order);
    devices = order;
    deviceUse = { ...deviceUse, devicesSince: trial.startDate ? today : null };
    if (trial.endDate) {
      const tooLong = checkDeviceCap({ ...trial, ...deviceUse, services }, trial.endDate);
      if (tooLong) return refused(tooLong);
    }
  }
  const next = withChanges(trial, now, { services, meetings, devices, ...deviceUse });
  return decided({
    trial: next,
    now,
    devices: cmd.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.services_changed", {
        ...trialFacts(next, customer),
        added: cmd.add,
        removed: cmd.remove,
        by: who.email,
      }),
    ],
    audit: [auditEntry(now, actor, "trial.services_changed", next, { added: cmd.add, removed: cmd.remove, services })],
  });
}

/** A partner cancels; a consent-flow customer leaves the partner's list (R-CONSENT-5). */
export function cancelTrial(ctx: TrialContext & { reason?: string }): Decision {
  const { now, actor, trial, customer } = ctx;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  const wrong = requireStatus(trial, ACTION_STATUSES.cancel, "cancel");
  if (wrong) return refused(wrong);
  const reason = ctx.reason?.trim() ?? "";
  if (reason.length > REASON_MAX)
    return refused(
      refuse("invalid_input", {
        field: "reason",
        value: `${reason.length}`,
        expected: `a reason of at most ${REASON_MAX} characters`,
      }),
    );
  const beforeActive = trial.status === "pending_consent" || trial.status === "awaiting_provisioning";
  const next = withChanges(trial, now, {
    status: "cancelled",
    cancelReason: ctx.reason?.trim() || "cancelled by partner",
    pendingDeviceExtension: null,
  });
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    unlinkPartnerIds: beforeActive && trial.kind === "existing_customer" ? [trial.partnerId] : [],
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_cancelled", {
        ...trialFacts(next, customer),
        by: who.email,
        reason: next.cancelReason,
      }),
    ],
    audit: [auditEntry(now, actor, "trial.cancelled", next, { from: trial.status, reason: next.cancelReason })],
  });
}

/** R-DEL-1: only after an explicit "Yes"; every pending timer goes with it. */
export function deleteTrial(ctx: TrialContext & { confirmation: string | null }): Decision {
  const { now, actor, trial, customer } = ctx;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  const wrong = requireStatus(trial, ACTION_STATUSES.delete, "delete");
  if (wrong) return refused(wrong);
  if ((ctx.confirmation ?? "").trim().toLowerCase() !== "yes") {
    return refused(refuse("confirmation_required", { action: "delete", customer: customer.name, answer: "Yes" }));
  }
  const beforeActive = trial.status === "pending_consent" || trial.status === "awaiting_provisioning";
  const next = withChanges(trial, now, { status: "deleted", pendingDeviceExtension: null });
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    unlinkPartnerIds: beforeActive && trial.kind === "existing_customer" ? [trial.partnerId] : [],
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_deleted", {
        ...trialFacts(next, customer),
        by: who.email,
        previousStatus: trial.status,
      }),
    ],
    audit: [auditEntry(now, actor, "trial.deleted", next, { from: trial.status })],
  });
}

/**
 * R-INT-1: the reminder card reaches the customer's admins; whoever answers it as an admin of the
 * customer speaks as that admin, even one also registered as a partner person.
 */
export function asCustomerAdmin(actor: Actor, customer: Customer): Actor {
  const email = actorEmail(actor);
  return email !== null && isCustomerAdmin(customer, email) ? { kind: "customer_admin", email } : actor;
}

/** R-INT-1: a customer admin says "I'm interested in purchasing"; the managing partner is told. */
export function interestedInPurchasing(ctx: TrialContext): Decision {
  const { now, actor, trial, customer } = ctx;
  if (actor.kind !== "customer_admin" || !isCustomerAdmin(customer, actor.email)) {
    return refused(refuse("not_customer_admin", { customer: customer.name }));
  }
  const wrong = requireStatus(trial, ["active", "expired"], "interested");
  if (wrong) return refused(wrong);
  const facts = { ...trialFacts(trial, customer), by: actor.email };
  // Nothing about the trial changes: no version bump that could collide with a partner's edit.
  return accepted({
    messages: [
      message(partnerSpace(trial.partnerId), "partner.customer_interested", facts),
      ...toPartnerAdmins(ctx.partnerPeople, trial.partnerId, "partner.customer_interested", facts),
    ],
    audit: [auditEntry(now, actor, "trial.customer_interested", trial, {})],
  });
}
