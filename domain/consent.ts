// The consent flow of an existing customer: accept, decline, resend, provisioning
// (R-CONSENT-3..6).
import { actorEmail, isCustomerFullAdmin, requireTrialRole } from "./access.ts";
import { type Decision, refused } from "./effects.ts";
import { checkEligibility } from "./eligibility.ts";
import { activation, decided, requireStatus, withChanges } from "./lifecycle.ts";
import type { Actor, Customer, DeviceOrder, DeviceUnit, MeetingsSite, Partner, Trial } from "./model.ts";
import { auditEntry, message, partnerSpace, trialFacts } from "./notify.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { checkDeviceOrder, checkMeetingsSite } from "./setup.ts";
import { consentMessages } from "./start.ts";

export interface ConsentContext {
  now: Date;
  actor: Actor;
  trial: Trial;
  customer: Customer;
  partner: Partner;
  /**
   * The trial's shipped device units: every decision recomputes the trial's timers from them,
   * so without them a change would drop the device-return deadlines (R-DEV-1).
   */
  devices?: readonly DeviceUnit[];
}

/** R-CONSENT-3/6: the acting customer admin must be a full admin, and in time. */
function checkConsentActor(ctx: ConsentContext, action: string) {
  const { actor, trial, customer, now } = ctx;
  const email = actorEmail(actor);
  if (!email || !isCustomerFullAdmin(customer, email))
    return refuse("consent_not_full_admin", { customer: customer.name });
  const wrong = requireStatus(trial, ["pending_consent"], action);
  if (wrong) return wrong;
  // R-CONSENT-6: the window includes its last instant; a minute later it is closed.
  if (trial.consentDeadline && now.getTime() > trial.consentDeadline.getTime()) {
    return refuse("consent_expired", { deadline: trial.consentDeadline.toISOString(), partner: ctx.partner.name });
  }
  return email;
}

/**
 * R-CONSENT-6/7: what a full admin answering a consent card that is out of date is told: once
 * the window closed (the timer may have cancelled the trial already, which made the card stale
 * too), that the request expired; else that it changed, pointing to `requests` (a customer admin
 * has no `trial show`). Anyone else learns nothing more than the stale refusal.
 */
export function staleConsentAnswer(ctx: ConsentContext, stale: Refusal): Refusal {
  const { actor, trial, customer, partner, now } = ctx;
  const email = actorEmail(actor);
  if (!email || !isCustomerFullAdmin(customer, email)) return stale;
  if (trial.consentDeadline && now > trial.consentDeadline)
    return refuse("consent_expired", { deadline: trial.consentDeadline.toISOString(), partner: partner.name });
  return { ...stale, params: { ...stale.params, audience: "customer" } };
}

/**
 * R-CONSENT-3/4: a full admin accepts; with full admin access the partner becomes a full admin
 * of the customer (provisions the trial services and manages users and licences), otherwise a
 * provisioning admin (provisions the trial services only). The trial waits for provisioning details.
 */
export function acceptConsent(ctx: ConsentContext & { fullAdminAccess: boolean }): Decision {
  const email = checkConsentActor(ctx, "accept");
  if (isRefusal(email)) return refused(email);
  const { now, trial, customer, partner } = ctx;
  const access = ctx.fullAdminAccess ? "full_admin" : "provisioning_admin";
  const next = withChanges(trial, now, { status: "awaiting_provisioning", partnerAccess: access });
  const updatedCustomer: Customer = {
    ...customer,
    managingPartners: [
      ...customer.managingPartners.filter((m) => m.partnerId !== partner.id),
      { partnerId: partner.id, access },
    ],
  };
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    customer: updatedCustomer,
    messages: [
      message(partnerSpace(partner.id), "partner.consent_accepted", {
        ...trialFacts(next, customer),
        by: email,
        access,
      }),
    ],
    audit: [auditEntry(now, ctx.actor, "trial.consent_accepted", next, { access })],
  });
}

/** R-CONSENT-6 (product decision): a decline cancels at once and tells the partner. */
export function declineConsent(ctx: ConsentContext): Decision {
  const email = checkConsentActor(ctx, "decline");
  if (isRefusal(email)) return refused(email);
  const { now, trial, customer, partner } = ctx;
  const next = withChanges(trial, now, { status: "cancelled", cancelReason: "declined" });
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    unlinkPartnerIds: [partner.id],
    messages: [
      message(partnerSpace(partner.id), "partner.consent_declined", { ...trialFacts(next, customer), by: email }),
    ],
    audit: [auditEntry(now, ctx.actor, "trial.consent_declined", next, {})],
  });
}

/** R-CONSENT-5: the partner may send the request again; the 10-day window does not restart. */
export function resendConsent(ctx: ConsentContext): Decision {
  const { now, actor, trial, customer, partner } = ctx;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  const wrong = requireStatus(trial, ["pending_consent", "awaiting_provisioning"], "resend");
  if (wrong) return refused(wrong);
  const next = withChanges(trial, now, {});
  return decided({
    trial: next,
    now,
    devices: ctx.devices,
    messages: consentMessages(next, customer, partner, who.email),
    audit: [auditEntry(now, actor, "trial.consent_resent", next, { adminEmail: trial.consentAdminEmail })],
  });
}

/** R-CONSENT-4: only a trial the customer consented to waits for its provisioning details. */
export function checkProvisionable(trial: Trial): Refusal | null {
  return requireStatus(trial, ["awaiting_provisioning"], "provision");
}

export interface CompleteProvisioning extends ConsentContext {
  customerTrials: readonly Trial[];
  meetings?: MeetingsSite | null;
  devicesOrder?: DeviceOrder | null;
  siteUrlTaken?: boolean;
}

/** R-CONSENT-4: the partner completes provisioning; the trial becomes active. */
export function completeProvisioning(cmd: CompleteProvisioning): Decision {
  const { now, actor, trial, customer } = cmd;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  const wrong = checkProvisionable(trial);
  if (wrong) return refused(wrong);
  // Eligibility may have changed while consent was pending (another partner, a purchase).
  const ineligible = checkEligibility(trial.services, customer, cmd.customerTrials, trial.partnerId, trial.id);
  if (ineligible) return refused(ineligible);
  let meetings = trial.meetings;
  if (trial.services.includes("meetings") && cmd.meetings !== undefined) {
    const site = checkMeetingsSite(cmd.meetings, cmd.siteUrlTaken ?? false);
    if (isRefusal(site)) return refused(site);
    meetings = site;
  }
  if (trial.services.includes("meetings") && !meetings) return refused(refuse("meetings_site_required", {}));
  let devices = trial.devices;
  if (cmd.devicesOrder !== undefined) {
    const checked = checkDeviceOrder(cmd.devicesOrder);
    if (isRefusal(checked)) return refused(checked);
    devices = checked;
  }
  const next = withChanges(trial, now, { ...activation(trial, now), meetings, devices });
  return decided({
    trial: next,
    now,
    devices: cmd.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_active", { ...trialFacts(next, customer), by: who.email }),
    ],
    audit: [auditEntry(now, actor, "trial.provisioned", next, { startDate: next.startDate, endDate: next.endDate })],
  });
}
