// English words the refusals and templates share: roles, statuses, actions, fields, reasons.

export const ROLE: Record<string, string> = {
  full_admin: "full admin",
  sales_full_admin: "sales full admin",
  sales_admin: "sales admin",
  read_only: "read-only admin",
  ops: "trials team (ops)",
  // The refusals name bot admins (BOT_ADMINS) among the roles that may do something.
  "bot admin": "bot admin",
};

export const STATUS: Record<string, string> = {
  pending_consent: "waiting for the customer's consent",
  awaiting_provisioning: "waiting for provisioning details",
  active: "active",
  expired: "expired (in its grace period)",
  converted: "converted to a paid order",
  cancelled: "cancelled",
  lapsed: "lapsed",
  deleted: "deleted",
};

/** Short status names for lists (the digest, ops summaries). */
export const STATUS_SHORT: Record<string, string> = {
  pending_consent: "pending consent",
  awaiting_provisioning: "awaiting provisioning",
  active: "active",
  expired: "expired (grace)",
  converted: "converted",
  cancelled: "cancelled",
  lapsed: "lapsed",
  deleted: "deleted",
};

/** `invalid_transition` actions as "You can't … this trial". */
export const ACTION: Record<string, string> = {
  extend: "extend",
  convert: "convert",
  "change services": "change the services of",
  cancel: "cancel",
  delete: "delete",
  interested: "register interest in",
  accept: "accept the consent request for",
  decline: "decline the consent request for",
  resend: "resend the consent request for",
  provision: "complete provisioning for",
  "ship devices": "record device shipments for",
};

export const FIELD: Record<string, string> = {
  companyName: "Company name",
  adminEmail: "Customer admin e-mail",
  vertical: "Business vertical",
  country: "Country",
  customer: "Customer",
  days: "Days",
  services: "Services",
  orderNumber: "Order number",
  provisioningContactEmail: "Provisioning contact e-mail",
  provisioningContactKind: "Provisioning contact is",
  trialAdminEmail: "Trial customer admin e-mail",
  paidServices: "Services in the paid order",
  siteUrl: "Meetings site URL",
  timeZone: "Time zone",
  devices: "Devices",
  deviceModel: "Device model",
  deviceQuantity: "Device quantity",
  shippingAddress: "Shipping address",
  eulaExpiryDate: "EULA device expiry date",
  serials: "Serial numbers",
  serial: "Serial number",
  lengthDays: "Trial length",
};

export const ACCESS: Record<string, string> = {
  full_admin:
    "full admin of the customer's organisation (you may provision the trial services and manage users and licences)",
  provisioning_admin: "provisioning admin (you may only provision the trial services, not manage users or licences)",
};

export const CANCEL_REASON: Record<string, string> = {
  declined: "the customer declined the trial request",
  consent_expired: "no full admin of the customer answered the consent request in time",
  "cancelled by partner": "cancelled by the partner",
};

export const INELIGIBLE: Record<string, string> = {
  purchased: "the customer has already purchased it",
  trialed_by_other_partner: "another partner is already trialing it for this customer",
  already_in_trial: "it is already in one of your trials for this customer",
};

/** Outgoing messages by template, as a reader names them (undelivered-message notices, trial show). */
export const MESSAGE_NAME: Record<string, string> = {
  "customer.welcome": "the welcome message",
  "customer.consent_request": "the consent request",
  "customer.trial_started": "the trial-started message",
  "customer.expiry_reminder": "the expiry reminder",
  "customer.users_access_ended": "the access-ended notice",
  "customer.trial_converted": "the conversion notice",
  "customer.device_return_due": "the device-return reminder",
  "customer.device_return_overdue": "the overdue-device notice",
};

/** Why Webex did not deliver a message. */
export const UNDELIVERABLE: Record<string, string> = {
  not_found: "Webex could not find this recipient (no Webex account with that e-mail)",
  forbidden: "Webex did not allow the bot to write to this recipient",
  bad_request: "Webex refused the message",
  failed: "Webex did not accept it after several tries",
};

/** Trial kinds (trial show). */
export const KIND: Record<string, string> = {
  new_customer: "new customer",
  existing_customer: "existing customer (with consent)",
  paying_customer: "paying customer",
};

/** Audit log events as a person reads them (audit). */
export const EVENT: Record<string, string> = {
  "trial.started": "trial started",
  "trial.consent_requested": "consent requested",
  "trial.consent_resent": "consent request sent again",
  "trial.consent_accepted": "consent accepted",
  "trial.consent_declined": "consent declined",
  "trial.consent_expired": "consent request expired",
  "trial.provisioned": "provisioning completed",
  "trial.extended": "extended",
  "trial.extension_requested": "device-trial extension requested",
  "trial.extension_approved": "device-trial extension approved",
  "trial.extension_denied": "device-trial extension denied",
  "trial.services_changed": "services changed",
  "trial.converted": "converted to a paid order",
  "trial.cancelled": "cancelled",
  "trial.deleted": "deleted",
  "trial.customer_interested": "customer interested in purchasing",
  "trial.reminder_sent": "expiry reminder sent",
  "trial.expired": "expired (grace period started)",
  "trial.users_notified": "users told their access ended",
  "trial.lapsed": "lapsed",
  "trial.calling_numbers_released": "phone numbers released",
  "devices.shipped": "devices shipped",
  "devices.returned": "devices returned",
  "devices.flagged_missing": "devices flagged missing",
  "devices.return_label_requested": "return label requested",
  "devices.return_reminder_sent": "device-return reminder sent",
  "devices.trials_team_contacted": "trials team contacted",
  "message.undeliverable": "message not delivered",
  "customer.imported": "customer imported",
  "customer.updated": "customer updated",
  "customer_admin.language_set": "customer admin chose a language",
};

/** Who did it, when it was not a person: the bot's own timers and delivery. */
export const SYSTEM_ACTOR = "trials-bot (automatic)";
