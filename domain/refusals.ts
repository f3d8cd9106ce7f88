// Domain refusals are values, not exceptions: each has a stable code (for callers and tests)
// and a message key into the bot's catalogue, with the parameters the message needs.

export const REFUSAL_CODES = [
  "role_required",
  "not_your_trial",
  "own_organisation",
  "country_not_offered",
  "location_not_acknowledged",
  "organisation_not_confirmed",
  "invalid_input",
  "service_not_eligible",
  "no_services",
  "meetings_site_required",
  "meetings_site_taken",
  "invalid_length",
  "invalid_transition",
  "consent_not_full_admin",
  "consent_expired",
  "extension_too_long",
  "extension_unchanged",
  "shortening_needs_confirmation",
  "device_trial_too_long",
  "no_device_extension_pending",
  "extension_request_replaced",
  "extension_request_outdated",
  "last_service",
  "service_not_in_trial",
  "service_already_in_trial",
  "tier2_cannot_convert",
  "conversion_missing_services",
  "confirmation_required",
  "return_label_us_only",
  "serial_unknown",
  "trials_team_details_missing",
  "not_customer_admin",
  "grace_ended",
  "live_trial_exists",
  "customer_exists",
  // Raised by the application around the domain: lookups and concurrency.
  "customer_not_found",
  "customer_ambiguous",
  "no_trial",
  "changed_meanwhile",
  "not_registered",
  // A person, space or customer that another partner (or the trials team) owns: not the actor's to change.
  "belongs_to_other_partner",
  // A state-changing command named a customer only by part of its name: ask before acting.
  "customer_guess",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly kind: "refusal";
  readonly code: RefusalCode;
  /** Key in the message catalogue: `refusal.<code>`. */
  readonly messageKey: `refusal.${RefusalCode}`;
  readonly params: Readonly<Record<string, string | number | readonly string[]>>;
}

export function refuse(code: RefusalCode, params: Refusal["params"] = {}): Refusal {
  return { kind: "refusal", code, messageKey: `refusal.${code}`, params };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && (value as Refusal).kind === "refusal";
}
