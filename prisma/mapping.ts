// Rows ↔ domain types. The database stores enumerations as text; the domain owns their values,
// so these casts trust what the store itself wrote.

import type { OutboxRow, OutboxState, Space, SpaceKind, StoredAuditEntry } from "../app/store.ts";
import { addDays, calendarDate } from "../domain/calendar.ts";
import type { AuditEntry, OutgoingMessage, TimerKind, TimerSpec } from "../domain/effects.ts";
import type {
  ConversionOrder,
  Customer,
  CustomerAdminRole,
  DeviceOrder,
  DeviceReturnStatus,
  DeviceUnit,
  Language,
  Partner,
  PartnerAccess,
  PartnerTier,
  Person,
  Trial,
  TrialKind,
  TrialStatus,
} from "../domain/model.ts";
import type { PersonRole } from "../domain/roles.ts";
import type { Service } from "../domain/services.ts";
import type {
  AuditEntry as AuditRow,
  CustomerAdmin as CustomerAdminRow,
  Customer as CustomerRow,
  DeviceUnit as DeviceRow,
  ManagingPartner as ManagingPartnerRow,
  OutboxMessage as OutboxMessageRow,
  Partner as PartnerRow,
  Person as PersonRow,
  Space as SpaceRow,
  Timer as TimerRow,
  Trial as TrialRow,
} from "./generated/client.ts";
import { Prisma } from "./generated/client.ts";

// ── calendar dates (yyyy-MM-dd) ↔ DATE columns (a Date at UTC midnight) ──────────────────────

export function dateToDb(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a calendar date (yyyy-MM-dd): ${date}`);
  return new Date(`${date}T00:00:00.000Z`);
}
export function dateFromDb(date: Date): string {
  return date.toISOString().slice(0, 10);
}
const optDateToDb = (d: string | null) => (d === null ? null : dateToDb(d));
const optDateFromDb = (d: Date | null) => (d === null ? null : dateFromDb(d));

function json(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}
function optJson(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return value === null || value === undefined ? Prisma.DbNull : json(value);
}

// ── partners, people, spaces ────────────────────────────────────────────────────────────────

export function partnerToRow(p: Partner): PartnerRow {
  return {
    id: p.id,
    name: p.name,
    tier: p.tier,
    timeZone: p.timeZone,
    emailDomains: [...p.emailDomains],
    webexOrgId: p.webexOrgId,
  };
}
export function partnerFromRow(r: PartnerRow): Partner {
  return {
    id: r.id,
    name: r.name,
    tier: r.tier as PartnerTier,
    timeZone: r.timeZone,
    emailDomains: r.emailDomains,
    webexOrgId: r.webexOrgId,
  };
}

export function personToRow(p: Person): PersonRow {
  return {
    id: p.id,
    email: p.email,
    webexPersonId: p.webexPersonId,
    partnerId: p.partnerId,
    role: p.role,
    language: p.language,
  };
}
export function personFromRow(r: PersonRow): Person {
  return {
    id: r.id,
    email: r.email,
    webexPersonId: r.webexPersonId,
    partnerId: r.partnerId,
    role: r.role as PersonRole,
    language: r.language as Language,
  };
}

export function spaceFromRow(r: Pick<SpaceRow, "roomId" | "kind" | "partnerId">): Space {
  return { roomId: r.roomId, kind: r.kind as SpaceKind, partnerId: r.partnerId };
}

// ── customers ───────────────────────────────────────────────────────────────────────────────

export type CustomerWithLists = CustomerRow & {
  admins: CustomerAdminRow[];
  managingPartners: ManagingPartnerRow[];
};

/** Include for reading a customer with its lists in stored order. */
export const customerInclude = {
  admins: { orderBy: { position: "asc" } },
  managingPartners: { orderBy: { position: "asc" } },
} as const satisfies Prisma.CustomerInclude;

export function customerToRow(c: Customer): CustomerRow {
  return {
    id: c.id,
    handle: c.handle,
    name: c.name,
    vertical: c.vertical,
    country: c.country,
    region: c.region,
    webexOrgId: c.webexOrgId,
    purchasedServices: [...c.purchasedServices],
  };
}
export function customerAdminRows(c: Customer): CustomerAdminRow[] {
  return c.admins.map((a, position) => ({
    customerId: c.id,
    email: a.email,
    role: a.role,
    language: a.language,
    position,
  }));
}
export function managingPartnerRows(c: Customer): ManagingPartnerRow[] {
  return c.managingPartners.map((m, position) => ({
    customerId: c.id,
    partnerId: m.partnerId,
    access: m.access,
    position,
  }));
}
export function customerFromRow(r: CustomerWithLists): Customer {
  return {
    id: r.id,
    handle: r.handle,
    name: r.name,
    vertical: r.vertical,
    country: r.country,
    region: r.region,
    webexOrgId: r.webexOrgId,
    purchasedServices: r.purchasedServices as Service[],
    admins: r.admins.map((a) => ({
      email: a.email,
      role: a.role as CustomerAdminRole,
      language: a.language as Language,
    })),
    managingPartners: r.managingPartners.map((m) => ({
      partnerId: m.partnerId,
      access: m.access as PartnerAccess,
    })),
  };
}

// ── trials ──────────────────────────────────────────────────────────────────────────────────

/** The columns of a trial row; `version` is left to the store. */
export function trialToData(t: Trial) {
  return {
    id: t.id,
    partnerId: t.partnerId,
    customerId: t.customerId,
    kind: t.kind,
    status: t.status,
    services: [...t.services],
    lengthDays: t.lengthDays,
    timeZone: t.timeZone,
    meetingsSiteUrl: t.meetings?.siteUrl ?? null,
    meetingsTimeZone: t.meetings?.timeZone ?? null,
    deviceOrder: optJson(t.devices),
    startDate: optDateToDb(t.startDate),
    endDate: optDateToDb(t.endDate),
    consentAdminEmail: t.consentAdminEmail,
    consentRequestedAt: t.consentRequestedAt,
    consentDeadline: t.consentDeadline,
    partnerAccess: t.partnerAccess,
    conversion: optJson(t.conversion),
    extensionId: t.pendingDeviceExtension?.id ?? null,
    extensionDays: t.pendingDeviceExtension?.days ?? null,
    extensionEndDate: optDateToDb(t.pendingDeviceExtension?.requestedEndDate ?? null),
    extensionRequestedBy: t.pendingDeviceExtension?.requestedBy ?? null,
    extensionRequestedAt: t.pendingDeviceExtension?.requestedAt ?? null,
    deviceDaysUsed: t.deviceDaysUsed,
    devicesSince: optDateToDb(t.devicesSince),
    cancelReason: t.cancelReason,
    handledTimers: json(t.handledTimers ?? {}),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  } satisfies Omit<Prisma.TrialUncheckedCreateInput, "version">;
}

export function trialFromRow(r: TrialRow): Trial {
  return {
    id: r.id,
    partnerId: r.partnerId,
    customerId: r.customerId,
    kind: r.kind as TrialKind,
    status: r.status as TrialStatus,
    services: r.services as Service[],
    lengthDays: r.lengthDays,
    timeZone: r.timeZone,
    meetings:
      r.meetingsSiteUrl === null ? null : { siteUrl: r.meetingsSiteUrl, timeZone: r.meetingsTimeZone ?? r.timeZone },
    devices: (r.deviceOrder ?? null) as DeviceOrder | null,
    startDate: optDateFromDb(r.startDate),
    endDate: optDateFromDb(r.endDate),
    consentAdminEmail: r.consentAdminEmail,
    consentRequestedAt: r.consentRequestedAt,
    consentDeadline: r.consentDeadline,
    partnerAccess: r.partnerAccess as PartnerAccess | null,
    conversion: (r.conversion ?? null) as ConversionOrder | null,
    pendingDeviceExtension:
      r.extensionDays === null || r.extensionRequestedBy === null || r.extensionRequestedAt === null
        ? null
        : {
            // A request stored before requests had ids and end dates: named by its request time,
            // bound to the end it asked for, counted from the day it was made (R-EXT-1).
            id: r.extensionId ?? `${r.id}:${r.extensionRequestedAt.toISOString()}`,
            days: r.extensionDays,
            requestedEndDate: r.extensionEndDate
              ? dateFromDb(r.extensionEndDate)
              : legacyRequestedEnd(r.extensionRequestedAt, r.timeZone, r.extensionDays),
            requestedBy: r.extensionRequestedBy,
            requestedAt: r.extensionRequestedAt,
          },
    deviceDaysUsed: r.deviceDaysUsed,
    devicesSince: optDateFromDb(r.devicesSince),
    cancelReason: r.cancelReason,
    handledTimers: (r.handledTimers ?? {}) as Partial<Record<string, string>>,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

function legacyRequestedEnd(requestedAt: Date, zone: string, days: number): string {
  return addDays(calendarDate(requestedAt, zone), days);
}

// ── devices, timers ─────────────────────────────────────────────────────────────────────────

export function deviceToRow(d: DeviceUnit): DeviceRow {
  return {
    id: d.id,
    trialId: d.trialId,
    model: d.model,
    serialShipped: d.serialShipped,
    serialReturned: d.serialReturned,
    eulaExpiryDate: dateToDb(d.eulaExpiryDate),
    country: d.country,
    carrier: d.carrier,
    returnStatus: d.returnStatus,
    shippedAt: d.shippedAt,
    returnedAt: d.returnedAt,
  };
}
export function deviceFromRow(r: DeviceRow): DeviceUnit {
  return {
    id: r.id,
    trialId: r.trialId,
    model: r.model,
    serialShipped: r.serialShipped,
    serialReturned: r.serialReturned,
    eulaExpiryDate: dateFromDb(r.eulaExpiryDate),
    country: r.country,
    carrier: r.carrier,
    returnStatus: r.returnStatus as DeviceReturnStatus,
    shippedAt: r.shippedAt,
    returnedAt: r.returnedAt,
  };
}

export function timerFromRow(r: TimerRow): TimerSpec {
  return { trialId: r.trialId, kind: r.kind as TimerKind, dueAt: r.dueAt };
}

// ── audit, outbox ───────────────────────────────────────────────────────────────────────────

export function auditToRow(e: AuditEntry): Prisma.AuditEntryCreateManyInput {
  return {
    at: e.at,
    actor: e.actor,
    action: e.action,
    partnerId: e.partnerId,
    customerId: e.customerId,
    trialId: e.trialId,
    details: json(e.details ?? {}),
  };
}
export function auditFromRow(r: AuditRow): StoredAuditEntry {
  return {
    id: r.id.toString(),
    at: r.at,
    actor: r.actor,
    action: r.action,
    partnerId: r.partnerId,
    customerId: r.customerId,
    trialId: r.trialId,
    details: (r.details ?? {}) as Record<string, unknown>,
  };
}

export function outboxToRow(id: string, m: OutgoingMessage, createdAt: Date): Prisma.OutboxMessageCreateManyInput {
  return { id, message: json(m), state: "pending", attempts: 0, createdAt };
}
export function outboxFromRow(r: Omit<OutboxMessageRow, "seq">): OutboxRow {
  return {
    id: r.id,
    message: r.message as unknown as OutgoingMessage,
    state: r.state as OutboxState,
    attempts: r.attempts,
    createdAt: r.createdAt,
    claimedAt: r.claimedAt,
    claimedBy: r.claimedBy,
    sentAt: r.sentAt,
    webexMessageId: r.webexMessageId,
    lastError: r.lastError,
  };
}
