// What can be wrong with a card's inputs: a field and a problem code. The texts (what is wrong,
// what is expected) are in the card catalogue, per language.
export const FIELD_IDS = [
  "companyName",
  "adminEmail",
  "vertical",
  "country",
  "locationAck",
  "customer",
  "orgConfirmed",
  "services",
  "lengthDays",
  "siteUrl",
  "siteTimeZone",
  "devicesSkip",
  "deviceModel",
  "deviceQty",
  "shippingAddress",
  "fullAdminAccess",
  "days",
  "addServices",
  "removeServices",
  "orderNumber",
  "contactEmail",
  "contactKind",
  "trialAdminEmail",
  "paidServices",
  "confirmMissing",
  "confirmShorten",
  "reason",
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

export const PROBLEM_CODES = [
  "required",
  "too_long",
  "email",
  "vertical_unknown",
  "country_unknown",
  "country_not_offered",
  "ack_required",
  "confirm_required",
  "services_required",
  "service_unknown",
  "service_not_offered",
  "length_invalid",
  "site_url",
  "time_zone",
  "device_model",
  "device_qty",
  "devices_required",
  "shipping_address",
  "days",
  "change_required",
  "add_and_remove",
  "order_number",
  "control_character",
  "contact_kind",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One bad input: which field (with the device line, 1-3, when it is one), what is wrong, the value given. */
export interface FieldProblem {
  field: FieldId;
  code: ProblemCode;
  /** Device line (1-based) for deviceModel / deviceQty. */
  line?: number;
  value?: string;
}
