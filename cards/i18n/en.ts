// English card texts.
import type { CardTexts } from "./types.ts";

const STATUS: Record<string, string> = {
  pending_consent: "waiting for consent",
  awaiting_provisioning: "waiting for provisioning",
  active: "active",
  expired: "expired (grace period)",
  converted: "converted",
  cancelled: "cancelled",
  lapsed: "lapsed",
  deleted: "deleted",
};
const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);

export const en: CardTexts = {
  fields: {
    companyName: "Company name",
    adminEmail: "Customer admin e-mail",
    vertical: "Business vertical",
    country: "Country",
    locationAck: "Supported location",
    customer: "Customer",
    orgConfirmed: "Right organisation",
    services: "Services to trial",
    lengthDays: "Trial length",
    siteUrl: "Meetings site URL",
    siteTimeZone: "Meetings site time zone",
    devicesSkip: "Skip devices",
    deviceModel: "Device model",
    deviceQty: "Quantity",
    shippingAddress: "Shipping address",
    fullAdminAccess: "Full admin access",
    days: "Extend by (days)",
    addServices: "Add services",
    removeServices: "Remove services",
    orderNumber: "Cisco Commerce order number",
    contactEmail: "Provisioning contact e-mail",
    contactKind: "The provisioning contact is",
    trialAdminEmail: "Trial customer admin e-mail",
    paidServices: "Services in the paid order",
    confirmMissing: "Convert without the missing services",
    confirmShorten: "Shorten the trial",
    reason: "Reason",
  },
  problems: {
    required: { wrong: "is missing", expected: "fill it in" },
    too_long: { wrong: "is too long", expected: "at most 100 characters" },
    control_character: { wrong: "contains control characters (such as a NUL byte)", expected: "plain text" },
    email: { wrong: "is not an e-mail address", expected: "an address like name@example.com" },
    vertical_unknown: { wrong: "is not in the list", expected: "pick the closest vertical from the list" },
    country_unknown: { wrong: "is not a country we know", expected: "pick the country from the list" },
    country_not_offered: {
      wrong: "is a country where Webex is not offered",
      expected: "a supported country; trials cannot start there",
    },
    ack_required: {
      wrong: "is not acknowledged",
      expected: "tick it to confirm the customer is in a supported location",
    },
    confirm_required: {
      wrong: "is not confirmed",
      expected: "tick it to confirm this is the right existing organisation",
    },
    services_required: { wrong: "none picked", expected: "at least one service" },
    service_unknown: {
      wrong: "has a service that does not exist",
      expected: "Messaging, Meetings, Calling or Devices",
    },
    service_not_offered: {
      wrong: "has a service that is not available here",
      expected: "only the services offered on this card",
    },
    length_invalid: { wrong: "is not offered", expected: "30, 60 or 90 days" },
    site_url: { wrong: "is not a Webex Meetings site URL", expected: "<name>.webex.com, e.g. acme.webex.com" },
    time_zone: { wrong: "is not a time zone", expected: "an IANA time zone, e.g. Europe/Paris" },
    device_model: { wrong: "is missing for a quantity", expected: "the device model of each line with a quantity" },
    device_qty: { wrong: "is not valid", expected: "a whole number from 1 to 50" },
    devices_required: { wrong: "no device lines", expected: "at least one model and quantity, or tick Skip devices" },
    shipping_address: { wrong: "is missing", expected: "the address the devices are shipped to" },
    days: { wrong: "is not valid", expected: "a whole number of days from 1 to 30" },
    change_required: { wrong: "nothing to change", expected: "at least one service to add or remove" },
    add_and_remove: {
      wrong: "names a service to add and remove at once",
      expected: "each service either added or removed",
    },
    order_number: { wrong: "is not a Cisco Commerce order number", expected: "6 to 12 digits" },
    contact_kind: { wrong: "is not a choice", expected: "the partner or the customer admin" },
  },
  services: { messaging: "Messaging", meetings: "Meetings", calling: "Calling", devices: "Devices" },
  common: {
    fixBelow: "Please correct the fields below and submit again; what you typed is kept.",
    expected: "Expected",
    yes: "Yes",
    no: "No",
    none: "none",
    region: (region) => `${region} region`,
    days,
    lengthChoice: (n) => `${n} days${n === 30 ? " (default)" : ""}`,
    optional: "optional",
    trialOf: (customer) => `Trial of ${customer}`,
    status: (status) => STATUS[status] ?? status.replace(/_/g, " "),
    endsOn: (date, left) => `Ends ${date}${left !== null ? ` (${days(left)} left)` : ""}`,
    notStarted: "Not started yet",
    services: "Services",
    fallback: (title) => `${title}: this message has a card; open it in a Webex app that shows cards.`,
  },
  newCustomer: {
    title: "Start a trial for a new customer",
    intro:
      "The customer is created under your partner organisation and the trial is active at once. The admin gets a welcome message pointing to admin.webex.com.",
    countryHelp: "The data-residency region follows from the country and is shown next to it.",
    locationAck: "I confirm the customer is in a location where Webex is offered",
    meetingsHeading: "Meetings (Enterprise Edition)",
    meetingsHelp: "Needed when Meetings is trialed: a unique site URL and the site's time zone.",
    devicesHeading: "Devices",
    devicesHelp:
      "When Devices is trialed: models and quantities to ship, with the shipping address, or skip this step.",
    devicesSkip: "Skip the device step (ship later)",
    deviceModel: (n) => `Device model ${n}`,
    deviceQty: (n) => `Quantity ${n}`,
    callingNotice:
      "Calling: without Cloud Connected PSTN the customer needs DIDs (direct phone numbers) for its users and two DIDs per location.",
    submit: "Start trial",
  },
  existingLookup: {
    title: "Start a trial for an existing customer",
    intro:
      "Name the existing Webex organisation (its handle or name). Next you see it, confirm it is the right one and pick from the services it may trial.",
    next: "Next",
  },
  existing: {
    title: (customer) => `Trial for ${customer} (needs the customer's consent)`,
    intro: "The customer's full admins get a consent request; the trial waits for their answer (10 days at most).",
    orgFacts: (name, handle, country, region) => `${name} (${handle}), ${country}, ${region}`,
    confirmOrg: (customer) => `This is the right existing organisation: ${customer}`,
    adminHelp: "The admin the request goes to; if not a full admin, every full admin gets it too.",
    noEligible: "This customer cannot trial any service now: every service is purchased or in another trial.",
    submit: "Send consent request",
  },
  paying: {
    title: (customer) => `Trial for ${customer}`,
    intro: "A customer you manage: the trial starts at once and every customer admin is told.",
    purchased: "Purchased services",
    managedBy: "Managing partners",
    country: "Country",
    admins: "Admins",
    noEligible: "This customer cannot trial any service now: every service is purchased or in another trial.",
    submit: "Start trial",
  },
  consent: {
    title: (partner, customer) => `${partner} asks to start a Webex trial for ${customer}`,
    asks: (requestedBy, partner) => `Requested by ${requestedBy} (${partner}).`,
    deadline: (date, left) =>
      `Answer by ${date} (${left <= 0 ? "last day" : `${days(left)} left`}); after that the request expires.`,
    onlyFullAdmin: "Only a full admin of your organisation can accept or decline.",
    fullAccess: "Grant the partner full admin access",
    fullAccessExplained:
      "Ticked: the partner becomes a full admin of your organisation: it may provision the trial services and also manage your users and licences.",
    provisioningExplained:
      "Not ticked: the partner becomes a provisioning admin: it may only provision the trial services, and cannot manage your users or licences.",
    accept: "Accept",
    decline: "Decline",
  },
  provision: {
    title: (customer) => `Provision the trial of ${customer}`,
    intro: "The customer accepted. Complete the provisioning details; the trial then becomes active.",
    nothingNeeded: "Nothing more is needed: submit to activate the trial.",
    submit: "Activate trial",
  },
  menu: {
    title: (customer) => `Manage the trial of ${customer}`,
    edit: "Extend or change services",
    convert: "Convert",
    cancel: "Cancel trial",
    delete: "Delete trial",
  },
  edit: {
    title: (customer) => `Edit the trial of ${customer}`,
    extendHeading: "Extend",
    extendHelp:
      "Counted from today: the trial then ends today + N days (N at most 30), even when that is earlier than its current end — then tick the box below to confirm. Longer device trials need the trials team's approval and last at most 120 days with Devices.",
    servicesHeading: "Services",
    servicesHelp:
      "Added services must be available to the customer; the last service cannot be removed (cancel instead).",
    add: "Add",
    remove: "Remove",
    extend: "Extend",
    change: "Change services",
    confirmShorten: (end) => `Shorten the trial if the new end date is earlier than the current one (${end})`,
  },
  convert: {
    title: (customer) => `Convert the trial of ${customer} to a paid order`,
    intro:
      "With the Cisco Commerce order number and a provisioning contact (you are recommended). Usage data from the trial is kept.",
    paidHelp: "Every trial service should be in the paid order.",
    missingWarning: (services) =>
      `Warning: ${services} ${services.includes(" and ") || services.includes(",") ? "are" : "is"} not in the paid order and would be lost at conversion.`,
    confirmMissing: "I understand: convert without the missing services",
    submit: "Convert",
    contactPartner: "The partner (recommended)",
    contactCustomerAdmin: "The customer admin",
    contactHelp:
      'The provisioning contact gets the provisioning message with a "Set up service" link. Check the customer details below before you convert.',
    customerDetails: (country, region, admins) =>
      `Country: ${country} (data region ${region}). Customer admins: ${admins}.`,
    devicesReturn:
      "Trial devices are not part of the paid order: they go back when the device trial is over. Order devices for the paid service through CCW.",
  },
  cancel: {
    title: (customer) => `Cancel the trial of ${customer}?`,
    question: (status) =>
      `The trial is ${status}. Cancelling stops it; a customer that is still waiting for consent or provisioning leaves your list.`,
    confirm: "Cancel the trial",
    keep: "Keep it",
  },
  delete: {
    title: (customer) => `Delete the trial of ${customer}?`,
    question: (status) =>
      `The trial is ${status}. Deleting it cancels every pending timer and is recorded in the audit log.`,
    confirm: "Yes, delete",
    keep: "Keep it",
  },
  reminder: {
    title: (left) =>
      left === null
        ? "Your Webex trial ends soon"
        : left <= 0
          ? "Your Webex trial ends today"
          : `Your Webex trial ends in ${days(left)}`,
    body: (services, customer, endDate) => `The trial of ${services} for ${customer} ends on ${endDate}.`,
    subscribe:
      "To keep these services, buy a subscription: see your subscriptions in Control Hub, or tell your partner you are interested.",
    interested: "I'm interested in purchasing",
    openControlHub: "Subscriptions in Control Hub",
  },
  opsExtension: {
    title: "A device trial extension needs your approval",
    body: (by, partner, customer, n, endDate, current) =>
      `${by} (${partner}) asks to extend the device trial of ${customer} to end on ${endDate} (today + ${days(n)} when asked; it ends on ${current} now). Approving sets exactly ${endDate}.`,
    rule: "Device trials last at most 120 days in total, counting every day they had Devices.",
    approve: "Approve",
    deny: "Deny",
  },
  outcome: {
    kept: "OK, nothing was changed.",
    alreadyUsed: "This card was already submitted; nothing more was done.",
    invalidReference:
      "This card is not valid (it was altered or not made by trials-bot). Nothing was changed; ask for a new card.",
    wrongCard: "This card cannot do that. Nothing was changed.",
    // Messages to customer admins leave through the outbox after this reply: say they are on their
    // way, never that they arrived; a message Webex cannot deliver is reported in the space.
    newCustomerStarted: (customer, endDate) =>
      `Done: the trial of ${customer} is active until ${endDate}. The welcome message to the customer admin is on its way; if it cannot be delivered, I'll say so here.`,
    consentRequested: (customer, to) =>
      `Done: the consent request for ${customer} is on its way to ${to}. You will hear here when it is answered, or if it cannot be delivered.`,
    payingStarted: (customer, endDate) =>
      `Done: the trial of ${customer} is active until ${endDate}. Every customer admin is being told; if a message cannot be delivered, I'll say so here.`,
    accepted: (partner, full) =>
      `Thank you: you accepted the trial. ${partner} is now ${full ? "a full admin of your organisation: it may provision the trial services and manage your users and licences" : "a provisioning admin of your organisation: it may only provision the trial services"}.`,
    declined: (partner) => `You declined the trial; ${partner} was told and nothing was set up.`,
    provisioned: (customer, endDate) => `Done: the trial of ${customer} is active until ${endDate}.`,
    extended: (customer, endDate, previous) =>
      `Done: the trial of ${customer} now ends on ${endDate}${previous ? ` (was ${previous})` : ""}.`,
    extensionRequested: (customer, requested, end) =>
      `The extension of ${customer}'s device trial to end on ${requested} went to the trials team for approval; until then it still ends on ${end}. You'll hear back here.`,
    servicesChanged: (customer, services) => `Done: ${customer} now trials ${services}.`,
    converted: (customer, order, devicesReturn) =>
      `Done: ${customer} is converted with order ${order}; trial usage data is kept.${devicesReturn ? " The trial devices must still go back when the device trial is over; order devices for the paid service through CCW." : ""}`,
    cancelled: (customer) => `Done: the trial of ${customer} is cancelled.`,
    deleted: (customer) => `Done: the trial of ${customer} is deleted and its timers are cancelled.`,
    interested: (partner) => `Thank you: ${partner} was told you are interested in purchasing.`,
    extensionApproved: (customer, endDate, previous) =>
      `Approved: the device trial of ${customer} now ends on ${endDate}${previous ? ` (was ${previous})` : ""}; the partner was told.`,
    extensionDenied: (customer, endDate, requested) =>
      `Denied: the device trial of ${customer} keeps its end date, ${endDate} (the request was to end on ${requested}); the partner was told.`,
  },
};
