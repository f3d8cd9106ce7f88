// Domain objects for the store tests.
import type { AuditEntry, OutgoingMessage, TimerSpec } from "../../domain/effects.ts";
import type { Customer, DeviceUnit, Partner, Person, Trial } from "../../domain/model.ts";

export function partner(over: Partial<Partner> = {}): Partner {
  return {
    id: "p-acme",
    name: "Acme Networks",
    tier: "tier1",
    timeZone: "Asia/Seoul",
    emailDomains: ["acme-net.example", "acme.example"],
    webexOrgId: "org-partner-1",
    ...over,
  };
}

export function person(over: Partial<Person> = {}): Person {
  return {
    id: "u-alice",
    email: "alice@acme-net.example",
    webexPersonId: "wx-alice",
    partnerId: "p-acme",
    role: "sales_admin",
    language: "en",
    ...over,
  };
}

export function customer(over: Partial<Customer> = {}): Customer {
  return {
    id: "c-globex",
    handle: "globex",
    name: "Globex Corporation",
    vertical: "manufacturing",
    country: "KR",
    region: "APJC",
    webexOrgId: null,
    admins: [
      { email: "zed@globex.example", role: "full_admin", language: "ko" },
      { email: "amy@globex.example", role: "other", language: "en" },
    ],
    purchasedServices: ["messaging"],
    managingPartners: [{ partnerId: "p-acme", access: "full_admin" }],
    ...over,
  };
}

const T0 = new Date("2026-03-01T09:00:00.000Z");

export function trial(over: Partial<Trial> = {}): Trial {
  return {
    id: "t-1",
    partnerId: "p-acme",
    customerId: "c-globex",
    kind: "new_customer",
    status: "active",
    services: ["meetings", "calling", "devices"],
    lengthDays: 60,
    timeZone: "Asia/Seoul",
    meetings: { siteUrl: "globex.webex.com", timeZone: "Asia/Seoul" },
    devices: {
      lines: [
        { model: "Desk Pro", quantity: 2 },
        { model: "Board 55", quantity: 1 },
      ],
      shippingAddress: "1 Main St, Seoul",
    },
    startDate: "2026-03-02",
    endDate: "2026-04-30",
    consentAdminEmail: "zed@globex.example",
    consentRequestedAt: new Date("2026-03-01T09:00:00.123Z"),
    consentDeadline: new Date("2026-03-08T09:00:00.123Z"),
    partnerAccess: "full_admin",
    conversion: null,
    pendingDeviceExtension: {
      id: "t-1:4",
      days: 30,
      requestedEndDate: "2026-05-01",
      requestedBy: "alice@acme-net.example",
      requestedAt: new Date("2026-04-01T01:02:03.004Z"),
    },
    deviceDaysUsed: 17,
    devicesSince: "2026-03-20",
    cancelReason: null,
    handledTimers: { reminder_before_end: "2026-04-23T00:00:00.000Z" },
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

export function device(over: Partial<DeviceUnit> = {}): DeviceUnit {
  return {
    id: "d-1",
    trialId: "t-1",
    model: "Desk Pro",
    serialShipped: "FOC123",
    serialReturned: null,
    eulaExpiryDate: "2026-05-30",
    country: "KR",
    carrier: "DHL",
    returnStatus: "out",
    shippedAt: new Date("2026-03-03T00:00:00.000Z"),
    returnedAt: null,
    ...over,
  };
}

export function audit(action: string, over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: new Date("2026-03-01T09:00:00.000Z"),
    actor: "alice@acme-net.example",
    action,
    partnerId: "p-acme",
    customerId: "c-globex",
    trialId: "t-1",
    details: { note: action, nested: { n: 1, list: [1, "two"] } },
    ...over,
  };
}

export function message(
  template: OutgoingMessage["template"] = "partner.trial_started",
  data: Record<string, unknown> = {},
): OutgoingMessage {
  return { to: { kind: "partner_space", partnerId: "p-acme" }, template, data };
}

export function timer(kind: TimerSpec["kind"], dueAt: string, trialId = "t-1"): TimerSpec {
  return { trialId, kind, dueAt: new Date(dueAt) };
}
