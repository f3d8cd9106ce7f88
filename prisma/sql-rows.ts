// The rows the *ToRow mappers (mapping.ts) build, as plain SQL (sql.ts) writes them, and as
// sql-json.ts reads them back: each table's fields, their columns and types, named once here. Statements are built from these
// tables when the module loads, so a prepared name always has the same text; every parameter is
// cast, as PGlite and PostgreSQL infer untyped parameters differently.

import type {
  AuditEntry,
  Customer,
  CustomerAdmin,
  DeviceUnit,
  ManagingPartner,
  OutboxMessage,
  Partner,
  Person,
  Timer,
  Trial,
} from "./generated/client.ts";
import { Prisma } from "./generated/client.ts";

export type SqlType = "text" | "integer" | "date" | "timestamptz" | "jsonb" | "text[]";

export interface SqlTable<F extends string> {
  name: string;
  /** Field of the row → its column and type, in column order; the first is the key. */
  columns: Readonly<Record<F, readonly [column: string, type: SqlType]>>;
}

function table<F extends string>(name: string, columns: Record<F, readonly [string, SqlType]>): SqlTable<F> {
  return { name, columns };
}

export const PARTNERS = table<keyof Partner>("partners", {
  id: ["id", "text"],
  name: ["name", "text"],
  tier: ["tier", "text"],
  timeZone: ["time_zone", "text"],
  emailDomains: ["email_domains", "text[]"],
  webexOrgId: ["webex_org_id", "text"],
});

export const PEOPLE = table<keyof Person>("people", {
  id: ["id", "text"],
  email: ["email", "text"],
  webexPersonId: ["webex_person_id", "text"],
  partnerId: ["partner_id", "text"],
  role: ["role", "text"],
  language: ["language", "text"],
});

export const TRIALS = table<keyof Trial>("trials", {
  id: ["id", "text"],
  partnerId: ["partner_id", "text"],
  customerId: ["customer_id", "text"],
  kind: ["kind", "text"],
  status: ["status", "text"],
  services: ["services", "text[]"],
  lengthDays: ["length_days", "integer"],
  timeZone: ["time_zone", "text"],
  meetingsSiteUrl: ["meetings_site_url", "text"],
  meetingsTimeZone: ["meetings_time_zone", "text"],
  deviceOrder: ["device_order", "jsonb"],
  startDate: ["start_date", "date"],
  endDate: ["end_date", "date"],
  consentAdminEmail: ["consent_admin_email", "text"],
  consentRequestedAt: ["consent_requested_at", "timestamptz"],
  consentDeadline: ["consent_deadline", "timestamptz"],
  partnerAccess: ["partner_access", "text"],
  conversion: ["conversion", "jsonb"],
  extensionId: ["extension_id", "text"],
  extensionDays: ["extension_days", "integer"],
  extensionEndDate: ["extension_end_date", "date"],
  extensionRequestedBy: ["extension_requested_by", "text"],
  extensionRequestedAt: ["extension_requested_at", "timestamptz"],
  deviceDaysUsed: ["device_days_used", "integer"],
  devicesSince: ["devices_since", "date"],
  cancelReason: ["cancel_reason", "text"],
  handledTimers: ["handled_timers", "jsonb"],
  createdAt: ["created_at", "timestamptz"],
  updatedAt: ["updated_at", "timestamptz"],
  version: ["version", "integer"],
});

export const CUSTOMERS = table<keyof Customer>("customers", {
  id: ["id", "text"],
  handle: ["handle", "text"],
  name: ["name", "text"],
  vertical: ["vertical", "text"],
  country: ["country", "text"],
  region: ["region", "text"],
  webexOrgId: ["webex_org_id", "text"],
  purchasedServices: ["purchased_services", "text[]"],
});

export const CUSTOMER_ADMINS = table<keyof CustomerAdmin>("customer_admins", {
  customerId: ["customer_id", "text"],
  email: ["email", "text"],
  role: ["role", "text"],
  language: ["language", "text"],
  position: ["position", "integer"],
});

export const MANAGING_PARTNERS = table<keyof ManagingPartner>("managing_partners", {
  customerId: ["customer_id", "text"],
  partnerId: ["partner_id", "text"],
  access: ["access", "text"],
  position: ["position", "integer"],
});

export const DEVICE_UNITS = table<keyof DeviceUnit>("device_units", {
  id: ["id", "text"],
  trialId: ["trial_id", "text"],
  model: ["model", "text"],
  serialShipped: ["serial_shipped", "text"],
  serialReturned: ["serial_returned", "text"],
  eulaExpiryDate: ["eula_expiry_date", "date"],
  country: ["country", "text"],
  carrier: ["carrier", "text"],
  returnStatus: ["return_status", "text"],
  shippedAt: ["shipped_at", "timestamptz"],
  returnedAt: ["returned_at", "timestamptz"],
});

export const TIMERS = table<keyof Timer>("timers", {
  trialId: ["trial_id", "text"],
  kind: ["kind", "text"],
  dueAt: ["due_at", "timestamptz"],
});

/** The id is the database's (BIGSERIAL), in insertion order. */
export const AUDIT_LOG = table<Exclude<keyof AuditEntry, "id">>("audit_log", {
  at: ["at", "timestamptz"],
  actor: ["actor", "text"],
  action: ["action", "text"],
  partnerId: ["partner_id", "text"],
  customerId: ["customer_id", "text"],
  trialId: ["trial_id", "text"],
  details: ["details", "jsonb"],
});

/** What outboxToRow sets; seq is the database's (insertion order), the claim columns start empty. */
/** Every column but `seq` (the database numbers rows); a new row's claim and send columns are null. */
export const OUTBOX = table<Exclude<keyof OutboxMessage, "seq">>("outbox", {
  id: ["id", "text"],
  message: ["message", "jsonb"],
  state: ["state", "text"],
  attempts: ["attempts", "integer"],
  createdAt: ["created_at", "timestamptz"],
  claimedAt: ["claimed_at", "timestamptz"],
  claimedBy: ["claimed_by", "text"],
  sentAt: ["sent_at", "timestamptz"],
  webexMessageId: ["webex_message_id", "text"],
  lastError: ["last_error", "text"],
});

// ── values ──────────────────────────────────────────────────────────────────────────────────

/** A field's value as the parameter its cast reads: instants as ISO text, DATE as yyyy-MM-dd. */
function sqlValue(type: SqlType, value: unknown): unknown {
  if (value === null || value === undefined || value === Prisma.DbNull) return null;
  switch (type) {
    case "timestamptz":
      return (value as Date).toISOString();
    case "date":
      return (value as Date).toISOString().slice(0, 10);
    case "jsonb":
      return JSON.stringify(value);
    default:
      return value;
  }
}

export const entries = <F extends string>(t: SqlTable<F>) =>
  Object.entries(t.columns) as Array<[F, readonly [string, SqlType]]>;
const columnList = (t: SqlTable<string>) => entries(t).map(([, [c]]) => `"${c}"`);

/** `alias`'s columns of `t` for a SELECT, each named `<prefix><column>` (two tables' rows in one statement). */
export function selectColumns(t: SqlTable<string>, alias: string, prefix = ""): string {
  return entries(t)
    .map(([, [c]]) => `${alias}."${c}" AS "${prefix}${c}"`)
    .join(", ");
}

/**
 * A row as plain SQL returns it (keyed by `prefix` + column; pg and PGlite parse the types) keyed
 * by field instead, as Prisma returns it, for the *FromRow mappers. Tables without DATE columns:
 * pg would parse those in the process's time zone (sql-json.ts reads those).
 */
export function fieldsOf<R>(t: SqlTable<string>, row: Readonly<Record<string, unknown>>, prefix = ""): R {
  const out: Record<string, unknown> = {};
  for (const [f, [c, type]] of entries(t)) {
    if (type === "date") throw new Error(`fieldsOf: ${t.name}.${c} is a DATE; read it through sql-json.ts`);
    out[f] = row[prefix + c] ?? null;
  }
  return out as R;
}

/** One row's parameters, in column order (see insertRowSql, updateRowSql). */
export function rowValues<F extends string>(t: SqlTable<F>, row: Readonly<Partial<Record<F, unknown>>>): unknown[] {
  return entries(t).map(([f, [, type]]) => sqlValue(type, row[f]));
}

/** Many rows' parameters: one array per column (see insertRowsSql). */
export function columnArrays<F extends string>(
  t: SqlTable<F>,
  rows: ReadonlyArray<Readonly<Partial<Record<F, unknown>>>>,
) {
  return entries(t).map(([f, [, type]]) => rows.map((r) => sqlValue(type, r[f])));
}

// ── statements ──────────────────────────────────────────────────────────────────────────────

/** INSERT of one row, then `tail` (ON CONFLICT …, RETURNING …). */
export function insertRowSql(t: SqlTable<string>, tail = ""): string {
  const params = entries(t).map(([, [, type]], i) => `$${i + 1}::${type}`);
  return `INSERT INTO ${t.name} (${columnList(t).join(", ")}) VALUES (${params.join(", ")}) ${tail}`.trim();
}

/** The tail that makes an INSERT an upsert: every column but `key` replaced in the row with that key. */
export function onConflictUpdate(t: SqlTable<string>, key: readonly string[]): string {
  const set = entries(t)
    .map(([, [c]]) => c)
    .filter((c) => !key.includes(c))
    .map((c) => `"${c}" = EXCLUDED."${c}"`);
  return `ON CONFLICT (${key.map((c) => `"${c}"`).join(", ")}) DO UPDATE SET ${set.join(", ")}`;
}

/**
 * UPDATE of every column but the key (the first) of the row `$1` names (parameters as
 * rowValues), where `extraWhere` also holds; its own parameters come after the row's.
 */
export function updateRowSql(t: SqlTable<string>, extraWhere: (nextParam: number) => string): string {
  const [key, ...rest] = entries(t);
  if (!key) throw new Error(`updateRowSql: ${t.name} has no columns`);
  const set = rest.map(([, [c, type]], i) => `"${c}" = $${i + 2}::${type}`);
  const [keyColumn, keyType] = key[1];
  return `UPDATE ${t.name} SET ${set.join(", ")} WHERE "${keyColumn}" = $1::${keyType} AND ${extraWhere(rest.length + 2)}`;
}

/**
 * INSERT of any number of rows in one statement, from one array per column (columnArrays), in
 * their order (serial ids follow it), then `tail`. unnest flattens arrays of arrays, so no
 * column may be an array.
 */
export function insertRowsSql(t: SqlTable<string>, tail = ""): string {
  const cols = entries(t);
  if (cols.some(([, [, type]]) => type.endsWith("[]"))) throw new Error(`insertRowsSql: ${t.name} has an array column`);
  const names = columnList(t).join(", ");
  const arrays = cols.map(([, [, type]], i) => `$${i + 1}::${type}[]`).join(", ");
  return `INSERT INTO ${t.name} (${names}) SELECT ${names} FROM unnest(${arrays}) WITH ORDINALITY AS u(${names}, ord) ORDER BY ord ${tail}`.trim();
}
