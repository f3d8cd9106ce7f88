// Builders of domain state for tests: small, explicit, overridable.

import type { Accepted, Decision } from "../../domain/effects.ts";
import type { TrialContext } from "../../domain/lifecycle.ts";
import type { Actor, Customer, DeviceUnit, Partner, Person, Trial } from "../../domain/model.ts";
import type { PersonRole } from "../../domain/roles.ts";

export const NOW = new Date("2026-03-02T10:00:00Z");

export function partner(over: Partial<Partner> = {}): Partner {
  return {
    id: "p1",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: "org-bright",
    ...over,
  };
}

export function person(role: PersonRole, over: Partial<Person> = {}): Person {
  return {
    id: `person-${role}`,
    email: `${role.replace(/_/g, ".")}@bright.example`,
    webexPersonId: null,
    partnerId: role === "ops" ? null : "p1",
    role,
    language: "en",
    ...over,
  };
}

export const as = (p: Person): Actor => ({ kind: "person", person: p });
export const admin = (email: string): Actor => ({ kind: "customer_admin", email });
export const manager = as(person("sales_admin"));

export function customer(over: Partial<Customer> = {}): Customer {
  return {
    id: "c1",
    handle: "acme",
    name: "Acme Corp",
    vertical: "Manufacturing",
    country: "US",
    region: "US",
    webexOrgId: "org-acme",
    admins: [
      { email: "boss@acme.example", role: "full_admin", language: "en" },
      { email: "helper@acme.example", role: "other", language: "ko" },
    ],
    purchasedServices: [],
    managingPartners: [{ partnerId: "p1", access: "full_admin" }],
    ...over,
  };
}

export function trial(over: Partial<Trial> = {}): Trial {
  return {
    id: "t1",
    partnerId: "p1",
    customerId: "c1",
    kind: "paying_customer",
    status: "active",
    services: ["messaging", "meetings"],
    lengthDays: 30,
    timeZone: "UTC",
    meetings: { siteUrl: "acme.webex.com", timeZone: "America/New_York" },
    devices: null,
    startDate: "2026-03-01",
    endDate: "2026-03-31",
    consentAdminEmail: null,
    consentRequestedAt: null,
    consentDeadline: null,
    partnerAccess: "full_admin",
    conversion: null,
    pendingDeviceExtension: null,
    deviceDaysUsed: 0,
    devicesSince: null,
    cancelReason: null,
    handledTimers: {},
    createdAt: new Date("2026-03-01T09:00:00Z"),
    updatedAt: new Date("2026-03-01T09:00:00Z"),
    version: 1,
    ...over,
  };
}

export function unit(over: Partial<DeviceUnit> = {}): DeviceUnit {
  return {
    id: "t1:SN0001",
    trialId: "t1",
    model: "Webex Desk Pro",
    serialShipped: "SN0001",
    serialReturned: null,
    eulaExpiryDate: "2026-04-30",
    country: "US",
    carrier: "UPS",
    returnStatus: "out",
    shippedAt: new Date("2026-03-02T10:00:00Z"),
    returnedAt: null,
    ...over,
  };
}

export const partnerPeople: Person[] = [
  person("full_admin"),
  person("sales_full_admin"),
  person("sales_admin"),
  person("read_only"),
];

export function ctx(over: Partial<TrialContext> = {}): TrialContext {
  return {
    now: NOW,
    actor: manager,
    trial: trial(),
    customer: customer(),
    partner: partner(),
    partnerPeople,
    devices: [],
    ...over,
  };
}

/** The accepted decision, or a failed expectation that shows the refusal. */
export function ok(decision: Decision): Accepted {
  if (!decision.ok)
    throw new Error(
      `expected acceptance, got refusal ${decision.refusal.code} ${JSON.stringify(decision.refusal.params)}`,
    );
  return decision;
}

export function refusalOf(decision: Decision) {
  if (decision.ok)
    throw new Error(`expected a refusal, got acceptance (trial status ${decision.trial?.status ?? "-"})`);
  return decision.refusal;
}

/** E-mail recipients of messages with a template. */
export function emailsOf(decision: Accepted, template: string): string[] {
  return decision.messages
    .filter((m) => m.template === template && m.to.kind === "email")
    .map((m) => (m.to as { email: string }).email);
}

export function timerKinds(decision: Accepted): string[] {
  return (decision.timers ?? []).map((t) => t.kind);
}

export function timer(decision: Accepted, kind: string): Date | undefined {
  return decision.timers?.find((t) => t.kind === kind)?.dueAt;
}
