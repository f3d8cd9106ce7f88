import type { PersonRole } from "./roles.ts";
import type { Service } from "./services.ts";

export type Language = "en" | "ko";
export type PartnerTier = "tier1" | "tier2";

/** R-ORG-1: a certified Webex partner organisation. */
export interface Partner {
  id: string;
  name: string;
  tier: PartnerTier;
  /** IANA zone in which the partner's "days" are counted (default UTC). */
  timeZone: string;
  /** E-mail domains of the partner's own organisation (R-ORG-3 self-trial check). */
  emailDomains: string[];
  /** The partner's own Webex organisation id, when known (R-ORG-3). */
  webexOrgId: string | null;
}

/** A registered person: a partner's staff member or an ops person. */
export interface Person {
  id: string;
  email: string;
  webexPersonId: string | null;
  /** null for ops people who belong to no partner. */
  partnerId: string | null;
  role: PersonRole;
  language: Language;
}

export type CustomerAdminRole = "full_admin" | "other";

export interface CustomerAdmin {
  email: string;
  role: CustomerAdminRole;
  language: Language;
}

export type PartnerAccess = "full_admin" | "provisioning_admin";

export interface ManagingPartner {
  partnerId: string;
  /** R-CONSENT-3: what the customer granted. Partners with a sales relationship are full admins. */
  access: PartnerAccess;
}

/** R-ORG-4 */
export interface Customer {
  id: string;
  /** Short unique handle partners type in commands ("acme"). */
  handle: string;
  name: string;
  vertical: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  region: string;
  webexOrgId: string | null;
  admins: CustomerAdmin[];
  purchasedServices: Service[];
  managingPartners: ManagingPartner[];
}

export const TRIAL_STATUSES = [
  "pending_consent",
  "awaiting_provisioning",
  "active",
  "expired",
  "converted",
  "cancelled",
  "lapsed",
  "deleted",
] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

export type TrialKind = "new_customer" | "existing_customer" | "paying_customer";

/** R-SVC-2 */
export interface MeetingsSite {
  siteUrl: string;
  timeZone: string;
}

export interface DeviceOrderLine {
  model: string;
  quantity: number;
}

/** R-SVC-3: devices to ship, or null when the partner skipped the step. */
export interface DeviceOrder {
  lines: DeviceOrderLine[];
  shippingAddress: string;
}

/** R-CONV-1: who the provisioning contact is. */
export type ProvisioningContactKind = "partner" | "customer_admin";

export interface ConversionOrder {
  orderNumber: string;
  provisioningContactEmail: string;
  /** R-CONV-1: the contact is the partner or the customer admin (absent on older records). */
  provisioningContactKind?: ProvisioningContactKind;
  /** R-CONV-1: the trial customer admin's e-mail the contact gives (absent on older records). */
  trialAdminEmail?: string;
  /** R-CONV-5: never Devices; trial devices go back, paid devices are ordered through CCW. */
  paidServices: Service[];
}

/**
 * R-EXT-2: a device-trial extension waiting for the trials team. It binds to the end date that
 * was requested and shown to ops, and stays decidable whatever else changes on the trial; only a
 * newer request (a new id) replaces it.
 */
export interface PendingDeviceExtension {
  /** Names this request: the ops card carries it, so a replaced request's card acts on nothing. */
  id: string;
  days: number;
  /** The end date ops were shown; approving sets exactly this date. */
  requestedEndDate: string;
  requestedBy: string;
  requestedAt: Date;
}

export interface Trial {
  id: string;
  partnerId: string;
  customerId: string;
  kind: TrialKind;
  status: TrialStatus;
  services: Service[];
  /** R-NEW-2: 30, 60 or 90 days. */
  lengthDays: number;
  /** Zone in which this trial's calendar days are counted (the partner's). */
  timeZone: string;
  meetings: MeetingsSite | null;
  devices: DeviceOrder | null;
  /** Calendar date (yyyy-MM-dd, in timeZone) of the trial's first day; null before it is active. */
  startDate: string | null;
  /** Calendar date (yyyy-MM-dd, in timeZone) of the trial's last day; null before it is active. */
  endDate: string | null;
  consentAdminEmail: string | null;
  consentRequestedAt: Date | null;
  consentDeadline: Date | null;
  partnerAccess: PartnerAccess | null;
  conversion: ConversionOrder | null;
  pendingDeviceExtension: PendingDeviceExtension | null;
  /**
   * R-EXT-2: days the trial had Devices in earlier periods (Devices removed since), so removing
   * and re-adding Devices never resets the 120-day cap.
   */
  deviceDaysUsed: number;
  /** R-EXT-2: first day of the current Devices period when Devices was added later; null: the trial's start. */
  devicesSince: string | null;
  /** The reason a trial was cancelled (declined, consent_expired, partner). */
  cancelReason: string | null;
  /**
   * Deadlines already acted on: timer kind → the due instant (ISO) that was handled. A timer
   * that fires again for the same due instant (a repeated job) does nothing; a deadline moved
   * by an extension has a new due instant and fires anew.
   */
  handledTimers: Partial<Record<string, string>>;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: bumped by every change the store accepts. */
  version: number;
}

export type DeviceReturnStatus = "out" | "returned" | "mismatch" | "missing";

/** One shipped device unit (R-DEV-1..4). */
export interface DeviceUnit {
  id: string;
  trialId: string;
  model: string;
  serialShipped: string;
  /** Serial that came back for this unit, when one did. */
  serialReturned: string | null;
  /** R-DEV-1: the device expiry date stated in the EULA message (yyyy-MM-dd). */
  eulaExpiryDate: string;
  /** ISO country the device was shipped to (R-DEV-2 carrier). */
  country: string;
  carrier: string;
  returnStatus: DeviceReturnStatus;
  shippedAt: Date;
  returnedAt: Date | null;
}

/** Who acts: a registered person, a customer admin (by e-mail), or the system (a timer). */
export type Actor =
  | { kind: "person"; person: Person }
  | { kind: "customer_admin"; email: string }
  | { kind: "system"; reason: string };

/** Whether the partner manages the customer (a sales relationship in Partner Hub). */
export function isManagedBy(customer: Pick<Customer, "managingPartners">, partnerId: string): boolean {
  return customer.managingPartners.some((m) => m.partnerId === partnerId);
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "person":
      return actor.person.email;
    case "customer_admin":
      return actor.email;
    case "system":
      return `system:${actor.reason}`;
  }
}
