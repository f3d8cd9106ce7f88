// Starting a trial: for a new customer (R-NEW-1), an existing customer with consent
// (R-CONSENT-1/2), or a paying customer the partner already manages (R-PAID-1).
import { isCustomerFullAdmin, requirePartnerRole } from "./access.ts";
import { plusCalendarDays } from "./calendar.ts";
import { type Decision, refused } from "./effects.ts";
import { checkEligibility, isLive } from "./eligibility.ts";
import { must } from "./invariant.ts";
import { activation, decided } from "./lifecycle.ts";
import { type Actor, type Customer, isManagedBy, type Partner, type Trial, type TrialKind } from "./model.ts";
import { auditEntry, CONTROL_HUB_URL, message, partnerSpace, toCustomerAdmins, toEmail, trialFacts } from "./notify.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { closestVertical, isOffered, lookupCountry } from "./regions.ts";
import { CONSENT_WINDOW_DAYS } from "./schedule.ts";
import { checkSetup, type TrialSetup, type TrialSetupInput } from "./setup.ts";
import { emailDomain, isEmail, normaliseEmail } from "./validation.ts";

export interface NewIds {
  trialId: string;
  customerId: string;
  /** A handle the store has checked is free. */
  handle: string;
}

function newTrial(
  id: string,
  kind: TrialKind,
  partner: Partner,
  customerId: string,
  setup: TrialSetup,
  now: Date,
): Trial {
  return {
    id,
    partnerId: partner.id,
    customerId,
    kind,
    status: "pending_consent",
    services: setup.services,
    lengthDays: setup.lengthDays,
    timeZone: partner.timeZone,
    meetings: setup.meetings,
    devices: setup.devices,
    startDate: null,
    endDate: null,
    consentAdminEmail: null,
    consentRequestedAt: null,
    consentDeadline: null,
    partnerAccess: null,
    conversion: null,
    pendingDeviceExtension: null,
    deviceDaysUsed: 0,
    devicesSince: null,
    cancelReason: null,
    handledTimers: {},
    createdAt: now,
    updatedAt: now,
    version: 0,
  };
}

/** R-ORG-3: a partner cannot trial for its own organisation (that needs a CUWP order in CCW). */
function isOwnOrganisation(
  partner: Partner,
  c: { name: string; webexOrgId: string | null; adminEmail?: string },
): boolean {
  if (partner.webexOrgId && c.webexOrgId === partner.webexOrgId) return true;
  if (partner.name.trim().toLowerCase() === c.name.trim().toLowerCase()) return true;
  return !!c.adminEmail && partner.emailDomains.map((d) => d.toLowerCase()).includes(emailDomain(c.adminEmail));
}

/**
 * Company names that a partner would take for the same organisation: case, accents, punctuation
 * and spacing aside ("ACME Corp." is "Acme Corp").
 */
export function companyKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * R-PAID-1 (product decision): a customer has at most one live trial with one partner. Partner
 * Hub offers Edit, not Add, for it; a second would leave the first unreachable by name.
 */
export function refuseSecondLiveTrial(customer: Customer, customerTrials: readonly Trial[], partnerId: string) {
  const live = customerTrials.find((t) => t.partnerId === partnerId && t.customerId === customer.id && isLive(t));
  if (!live) return null;
  return refuse("live_trial_exists", {
    customer: customer.name,
    customerHandle: customer.handle,
    status: live.status,
    services: [...live.services],
    ...(live.endDate ? { endDate: live.endDate } : {}),
  });
}

/**
 * R-PAID-1: a paying customer's trial is for a customer the partner manages (any other is asked
 * for consent, R-CONSENT-1), and never a second live one: what `trial add` checks before its card
 * and the card's submit checks again.
 */
export function checkPayingCustomer(
  customer: Customer,
  customerTrials: readonly Trial[],
  partnerId: string,
): Refusal | null {
  if (!isManagedBy(customer, partnerId)) {
    return refuse("invalid_input", {
      field: "customer",
      value: customer.name,
      expected: "a customer you manage (use trial start existing to ask for consent)",
    });
  }
  return refuseSecondLiveTrial(customer, customerTrials, partnerId);
}

/**
 * R-CONSENT-1: consent is asked of a customer the partner does not manage yet; its own customers
 * get a paying customer's trial (`trial add`). What the existing-customer lookup card checks
 * before the consent card, and the consent request checks again.
 */
export function refuseManagedCustomer(customer: Customer, partnerId: string): Refusal | null {
  if (!isManagedBy(customer, partnerId)) return null;
  return refuse("invalid_input", {
    field: "customer",
    value: customer.name,
    expected: "a customer you do not manage yet (use trial add for your own customers)",
  });
}

export interface StartNewCustomerTrial {
  now: Date;
  actor: Actor;
  partner: Partner;
  ids: NewIds;
  customer: {
    companyName: string;
    adminEmail: string;
    vertical: string;
    country: string;
    /** R-NEW-1: the partner acknowledged the customer is in a supported location. */
    locationAcknowledged: boolean;
  };
  setup: TrialSetupInput;
  /**
   * The partner's own customers whose company name matches (R-PAID-1: a new-customer card for
   * one of them must not create a duplicate), with this partner's trials of them.
   */
  partnerCustomers?: readonly Customer[];
  partnerTrials?: readonly Trial[];
}

/** R-NEW-1: create the customer under the partner; the trial is active at once. */
export function startNewCustomerTrial(cmd: StartNewCustomerTrial): Decision {
  const { now, actor, partner, ids } = cmd;
  const who = requirePartnerRole(actor, "manage", partner.id);
  if (isRefusal(who)) return refused(who);
  const c = cmd.customer;
  const name = c.companyName.trim();
  if (!name) return refused(refuse("invalid_input", { field: "companyName", expected: "the customer's company name" }));
  const adminEmail = normaliseEmail(c.adminEmail);
  if (!isEmail(adminEmail)) {
    return refused(
      refuse("invalid_input", { field: "adminEmail", value: c.adminEmail, expected: "an e-mail address" }),
    );
  }
  if (isOwnOrganisation(partner, { name, webexOrgId: null, adminEmail })) {
    return refused(refuse("own_organisation", {}));
  }
  // R-PAID-1: the company already is this partner's customer: offer it instead of a duplicate
  // ("acme-corp-2") that would make every command by name ambiguous.
  const existing = (cmd.partnerCustomers ?? []).find(
    (e) => companyKey(e.name) === companyKey(name) && isManagedBy(e, partner.id),
  );
  if (existing) {
    const live = (cmd.partnerTrials ?? []).find(
      (t) => t.customerId === existing.id && t.partnerId === partner.id && isLive(t),
    );
    return refused(
      refuse("customer_exists", {
        customer: existing.name,
        customerHandle: existing.handle,
        liveTrial: live ? live.status : "none",
      }),
    );
  }
  const country = lookupCountry(c.country);
  if (!country || !isOffered(country)) return refused(refuse("country_not_offered", { country: c.country }));
  if (!c.locationAcknowledged) return refused(refuse("location_not_acknowledged", {}));
  const vertical = closestVertical(c.vertical);
  if (!vertical)
    return refused(
      refuse("invalid_input", { field: "vertical", value: c.vertical, expected: "a business vertical from the list" }),
    );
  const setup = checkSetup(cmd.setup);
  if (isRefusal(setup)) return refused(setup);

  const customer: Customer = {
    id: ids.customerId,
    handle: ids.handle,
    name,
    vertical,
    country: country.code,
    region: country.region,
    webexOrgId: null,
    admins: [{ email: adminEmail, role: "full_admin", language: "en" }],
    purchasedServices: [],
    managingPartners: [{ partnerId: partner.id, access: "full_admin" }],
  };
  const base = newTrial(ids.trialId, "new_customer", partner, customer.id, setup, now);
  const trial: Trial = { ...base, ...activation(base, now), partnerAccess: "full_admin" };
  const facts = trialFacts(trial, customer);
  return decided({
    trial,
    now,
    customer,
    messages: [
      message(toEmail(adminEmail), "customer.welcome", {
        ...facts,
        partner: partner.name,
        controlHubUrl: CONTROL_HUB_URL,
      }),
      message(partnerSpace(partner.id), "partner.trial_started", { ...facts, by: who.email, region: customer.region }),
    ],
    audit: [
      auditEntry(now, actor, "trial.started", trial, {
        kind: trial.kind,
        customer: customer.name,
        services: trial.services,
        lengthDays: trial.lengthDays,
        region: customer.region,
      }),
    ],
  });
}

export interface RequestConsent {
  now: Date;
  actor: Actor;
  partner: Partner;
  customer: Customer;
  /** Every trial of this customer, by any partner (R-ELIG-1). */
  customerTrials: readonly Trial[];
  trialId: string;
  /** The customer admin the request is addressed to. */
  adminEmail: string;
  /** R-CONSENT-1: the partner confirmed this is the right existing organisation. */
  organisationConfirmed: boolean;
  setup: TrialSetupInput;
}

/** R-CONSENT-2: who receives a consent request. */
export function consentRecipients(customer: Customer, adminEmail: string): string[] {
  const to = normaliseEmail(adminEmail);
  if (isCustomerFullAdmin(customer, to)) return [to];
  const fullAdmins = customer.admins.filter((a) => a.role === "full_admin").map((a) => normaliseEmail(a.email));
  return [to, ...fullAdmins.filter((e) => e !== to)];
}

export function consentMessages(trial: Trial, customer: Customer, partner: Partner, requestedBy: string) {
  const recipients = consentRecipients(customer, must(trial.consentAdminEmail, "a pending trial's consent admin"));
  const language = (email: string) => customer.admins.find((a) => normaliseEmail(a.email) === email)?.language;
  return recipients.map((email) =>
    message(toEmail(email, language(email)), "customer.consent_request", {
      ...trialFacts(trial, customer),
      partner: partner.name,
      requestedBy,
      deadline: must(trial.consentDeadline, "a pending trial's consent deadline").toISOString(),
      windowDays: CONSENT_WINDOW_DAYS,
    }),
  );
}

/** R-CONSENT-1/2: an existing customer with no sales relationship must consent first. */
export function requestConsent(cmd: RequestConsent): Decision {
  const { now, actor, partner, customer } = cmd;
  const who = requirePartnerRole(actor, "manage", partner.id);
  if (isRefusal(who)) return refused(who);
  if (isOwnOrganisation(partner, customer)) return refused(refuse("own_organisation", {}));
  const managed = refuseManagedCustomer(customer, partner.id);
  if (managed) return refused(managed);
  const second = refuseSecondLiveTrial(customer, cmd.customerTrials, partner.id);
  if (second) return refused(second);
  if (!cmd.organisationConfirmed) return refused(refuse("organisation_not_confirmed", { customer: customer.name }));
  if (!isOffered(customer.country)) return refused(refuse("country_not_offered", { country: customer.country }));
  const adminEmail = normaliseEmail(cmd.adminEmail);
  if (!isEmail(adminEmail)) {
    return refused(
      refuse("invalid_input", { field: "adminEmail", value: cmd.adminEmail, expected: "an e-mail address" }),
    );
  }
  const setup = checkSetup(cmd.setup);
  if (isRefusal(setup)) return refused(setup);
  const ineligible = checkEligibility(setup.services, customer, cmd.customerTrials, partner.id);
  if (ineligible) return refused(ineligible);

  const trial: Trial = {
    ...newTrial(cmd.trialId, "existing_customer", partner, customer.id, setup, now),
    consentAdminEmail: adminEmail,
    consentRequestedAt: now,
    consentDeadline: plusCalendarDays(now, CONSENT_WINDOW_DAYS, partner.timeZone),
  };
  const facts = trialFacts(trial, customer);
  const requests = consentMessages(trial, customer, partner, who.email);
  return decided({
    trial,
    now,
    messages: [
      ...requests,
      message(partnerSpace(partner.id), "partner.consent_requested", {
        ...facts,
        by: who.email,
        recipients: requests.map((m) => (m.to.kind === "email" ? m.to.email : "")),
        deadline: must(trial.consentDeadline, "a pending trial's consent deadline").toISOString(),
      }),
    ],
    audit: [
      auditEntry(now, actor, "trial.consent_requested", trial, {
        adminEmail,
        services: trial.services,
        deadline: must(trial.consentDeadline, "a pending trial's consent deadline").toISOString(),
      }),
    ],
  });
}

export interface StartPayingCustomerTrial {
  now: Date;
  actor: Actor;
  partner: Partner;
  customer: Customer;
  customerTrials: readonly Trial[];
  trialId: string;
  setup: TrialSetupInput;
}

/**
 * R-PAID-1: a customer the partner manages; eligibility applies; every admin is told; a second
 * live trial of the same customer with this partner is refused.
 */
export function startPayingCustomerTrial(cmd: StartPayingCustomerTrial): Decision {
  const { now, actor, partner, customer } = cmd;
  const who = requirePartnerRole(actor, "manage", partner.id);
  if (isRefusal(who)) return refused(who);
  if (isOwnOrganisation(partner, customer)) return refused(refuse("own_organisation", {}));
  const notPaying = checkPayingCustomer(customer, cmd.customerTrials, partner.id);
  if (notPaying) return refused(notPaying);
  const setup = checkSetup(cmd.setup);
  if (isRefusal(setup)) return refused(setup);
  const ineligible = checkEligibility(setup.services, customer, cmd.customerTrials, partner.id);
  if (ineligible) return refused(ineligible);
  const access = must(
    customer.managingPartners.find((m) => m.partnerId === partner.id),
    "the partner's management of an eligible customer",
  ).access;
  const base = newTrial(cmd.trialId, "paying_customer", partner, customer.id, setup, now);
  const trial: Trial = { ...base, ...activation(base, now), partnerAccess: access };
  const facts = trialFacts(trial, customer);
  return decided({
    trial,
    now,
    messages: [
      ...toCustomerAdmins(customer, "customer.trial_started", {
        ...facts,
        partner: partner.name,
        controlHubUrl: CONTROL_HUB_URL,
      }),
      message(partnerSpace(partner.id), "partner.trial_started", { ...facts, by: who.email, region: customer.region }),
    ],
    audit: [
      auditEntry(now, actor, "trial.started", trial, {
        kind: trial.kind,
        services: trial.services,
        lengthDays: trial.lengthDays,
      }),
    ],
  });
}
