// What a refusal says about the card (or command) that met it: `who` — the wrong person acted
// (the card stays for the right one); `fixable` — the person can correct what they typed (the card
// comes back pre-filled, the refusal on top); `final` — acting again the same way can never work.
// One entry per refusal code: a new code must be placed here before it compiles.
import type { RefusalCode } from "./refusals.ts";

export type RefusalNature = "who" | "fixable" | "final";

const NATURE = {
  role_required: "who",
  not_your_trial: "who",
  not_registered: "who",
  consent_not_full_admin: "who",
  not_customer_admin: "who",
  invalid_input: "fixable",
  own_organisation: "fixable",
  country_not_offered: "fixable",
  location_not_acknowledged: "fixable",
  organisation_not_confirmed: "fixable",
  service_not_eligible: "fixable",
  no_services: "fixable",
  meetings_site_required: "fixable",
  meetings_site_taken: "fixable",
  invalid_length: "fixable",
  extension_too_long: "fixable",
  extension_unchanged: "fixable",
  shortening_needs_confirmation: "fixable",
  device_trial_too_long: "fixable",
  last_service: "fixable",
  service_not_in_trial: "fixable",
  service_already_in_trial: "fixable",
  conversion_missing_services: "fixable",
  confirmation_required: "fixable",
  customer_not_found: "fixable",
  customer_ambiguous: "fixable",
  invalid_transition: "final",
  consent_expired: "final",
  no_device_extension_pending: "final",
  extension_request_replaced: "final",
  extension_request_outdated: "final",
  tier2_cannot_convert: "final",
  return_label_us_only: "final",
  serial_unknown: "final",
  trials_team_details_missing: "final",
  grace_ended: "final",
  live_trial_exists: "final",
  customer_exists: "final",
  no_trial: "final",
  changed_meanwhile: "final",
  belongs_to_other_partner: "final",
  customer_guess: "final",
} as const satisfies Record<RefusalCode, RefusalNature>;

export function refusalNature(code: RefusalCode): RefusalNature {
  return NATURE[code];
}
