// The card text catalogue's shape: every language provides every text (the type checker makes
// sure), so a card never shows a key or falls back mid-card.
import type { FieldId, ProblemCode } from "../submit/problems.ts";

export interface CardTexts {
  /** Labels of the card inputs, also used in the per-field error messages. */
  fields: Record<FieldId, string>;
  /** What is wrong, and what is expected, per problem code. */
  problems: Record<ProblemCode, { wrong: string; expected: string }>;
  services: Record<"messaging" | "meetings" | "calling" | "devices", string>;
  /** Business verticals as the reader reads them (the value submitted stays the English name). */
  verticalNames?: Record<string, string>;
  /** A country's name in the reader's language (`name` is the English one). */
  countryName?: (code: string, name: string) => string;
  common: {
    fixBelow: string;
    expected: string;
    yes: string;
    no: string;
    none: string;
    region: (region: string) => string;
    days: (n: number) => string;
    lengthChoice: (n: number) => string;
    optional: string;
    trialOf: (customer: string) => string;
    status: (status: string) => string;
    endsOn: (date: string, daysLeft: number | null) => string;
    notStarted: string;
    services: string;
    fallback: (title: string) => string;
  };
  newCustomer: {
    title: string;
    intro: string;
    countryHelp: string;
    locationAck: string;
    meetingsHeading: string;
    meetingsHelp: string;
    devicesHeading: string;
    devicesHelp: string;
    devicesSkip: string;
    deviceModel: (n: number) => string;
    deviceQty: (n: number) => string;
    callingNotice: string;
    submit: string;
  };
  existingLookup: { title: string; intro: string; next: string };
  existing: {
    title: (customer: string) => string;
    intro: string;
    orgFacts: (name: string, handle: string, country: string, region: string) => string;
    confirmOrg: (customer: string) => string;
    adminHelp: string;
    noEligible: string;
    submit: string;
  };
  paying: {
    title: (customer: string) => string;
    intro: string;
    purchased: string;
    managedBy: string;
    country: string;
    admins: string;
    noEligible: string;
    submit: string;
  };
  consent: {
    title: (partner: string, customer: string) => string;
    asks: (requestedBy: string, partner: string) => string;
    deadline: (date: string, daysLeft: number) => string;
    onlyFullAdmin: string;
    fullAccess: string;
    fullAccessExplained: string;
    provisioningExplained: string;
    accept: string;
    decline: string;
  };
  provision: { title: (customer: string) => string; intro: string; nothingNeeded: string; submit: string };
  menu: { title: (customer: string) => string; edit: string; convert: string; cancel: string; delete: string };
  edit: {
    title: (customer: string) => string;
    extendHeading: string;
    extendHelp: string;
    servicesHeading: string;
    servicesHelp: string;
    add: string;
    remove: string;
    extend: string;
    change: string;
    /** R-EXT-1: the explicit confirmation an earlier end date needs; the current end is named. */
    confirmShorten: (currentEnd: string) => string;
  };
  convert: {
    title: (customer: string) => string;
    intro: string;
    paidHelp: string;
    missingWarning: (services: string) => string;
    confirmMissing: string;
    submit: string;
    /** R-CONV-1 */
    contactPartner: string;
    contactCustomerAdmin: string;
    contactHelp: string;
    customerDetails: (country: string, region: string, admins: string) => string;
    /** R-CONV-5 */
    devicesReturn: string;
  };
  cancel: { title: (customer: string) => string; question: (status: string) => string; confirm: string; keep: string };
  delete: { title: (customer: string) => string; question: (status: string) => string; confirm: string; keep: string };
  reminder: {
    title: (daysLeft: number | null) => string;
    body: (services: string, customer: string, endDate: string) => string;
    subscribe: string;
    interested: string;
    openControlHub: string;
  };
  opsExtension: {
    title: string;
    body: (
      by: string,
      partner: string,
      customer: string,
      days: number,
      requestedEndDate: string,
      currentEndDate: string,
    ) => string;
    rule: string;
    approve: string;
    deny: string;
  };
  outcome: {
    kept: string;
    alreadyUsed: string;
    invalidReference: string;
    wrongCard: string;
    newCustomerStarted: (customer: string, endDate: string) => string;
    consentRequested: (customer: string, to: string) => string;
    payingStarted: (customer: string, endDate: string) => string;
    accepted: (partner: string, full: boolean) => string;
    declined: (partner: string) => string;
    provisioned: (customer: string, endDate: string) => string;
    extended: (customer: string, endDate: string, previousEndDate: string | null) => string;
    extensionRequested: (customer: string, requestedEndDate: string, endDate: string) => string;
    servicesChanged: (customer: string, services: string) => string;
    /** R-CONV-5: devicesReturn when the trial had Devices: the reply says they go back. */
    converted: (customer: string, order: string, devicesReturn: boolean) => string;
    cancelled: (customer: string) => string;
    deleted: (customer: string) => string;
    interested: (partner: string) => string;
    extensionApproved: (customer: string, endDate: string, previousEndDate: string | null) => string;
    extensionDenied: (customer: string, endDate: string, requestedEndDate: string) => string;
  };
}
