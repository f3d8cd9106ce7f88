// `customer import`: existing customers with their admins, purchased services and managing
// partners (R-ORG-4), so consent (R-CONSENT-*) and paying-customer (R-PAID-1) trials can find them.
import { randomUUID } from "node:crypto";
import type { Customer, ManagingPartner } from "../domain/model.ts";
import { type Refusal, refuse } from "../domain/refusals.ts";
import { hasPermission, rolesFor } from "../domain/roles.ts";
import type { Service } from "../domain/services.ts";
import type { AdminActor } from "./admin-commands.ts";
import type { Clock } from "./clock.ts";
import { uniqueHandle } from "./handles.ts";
import type { Store } from "./store.ts";

export interface ImportRow {
  line: number;
  name: string;
  handle: string | null;
  country: string;
  region: string;
  vertical: string;
  admins: { email: string; role: "full_admin" | "other" }[];
  purchasedServices: Service[];
  managingPartners: string[];
}

/**
 * unknown_partner: no such partner; not_your_partner: a partner admin named another partner as
 * managing (where the row would land); not_your_customer: the row's handle or name is a customer
 * the actor's partner does not manage (what the row would change).
 */
export type ImportProblem = "unknown_partner" | "not_your_partner" | "not_your_customer";

export interface ImportResult {
  created: string[];
  updated: string[];
  /** Rows not imported, with why: nothing of such a row is written. */
  problems: { line: number; problem: ImportProblem; value: string }[];
}

/**
 * R-ORG-4: a bot admin imports any customer, a partner's managing person its own; someone the
 * bot does not know is told to get registered rather than which roles it takes.
 */
function importRefusal(actor: AdminActor): Refusal | null {
  if (actor.isBotAdmin) return null;
  if (!actor.person) return refuse("not_registered", { email: actor.email });
  if (hasPermission(actor.person.role, "manage")) return null;
  return refuse("role_required", { roles: [...rolesFor("manage")] });
}

export async function importCustomers(
  deps: { store: Store; clock: Clock; newId?: () => string },
  actor: AdminActor,
  rows: readonly ImportRow[],
): Promise<{ ok: true; value: ImportResult } | { ok: false; refusal: Refusal }> {
  const { store, clock } = deps;
  const newId = deps.newId ?? randomUUID;
  const refused = importRefusal(actor);
  if (refused) return { ok: false, refusal: refused };
  const result: ImportResult = { created: [], updated: [], problems: [] };
  for (const row of rows) {
    const managing: ManagingPartner[] = [];
    let unknown: string | null = null;
    for (const name of row.managingPartners) {
      const partner = (await store.findPartnerByName(name)) ?? (await store.getPartner(name));
      if (!partner) {
        unknown = name;
        break;
      }
      managing.push({ partnerId: partner.id, access: "full_admin" });
    }
    if (unknown) {
      result.problems.push({ line: row.line, problem: "unknown_partner", value: unknown });
      continue;
    }
    const own = actor.isBotAdmin ? null : (actor.person?.partnerId ?? null);
    // R-ORG-4: a partner admin imports its own customers only: naming another partner as
    // managing would hand the customer to it.
    const foreign = own === null ? undefined : managing.find((m) => m.partnerId !== own);
    if (foreign) {
      result.problems.push({
        line: row.line,
        problem: "not_your_partner",
        value: row.managingPartners[managing.indexOf(foreign)] ?? "",
      });
      continue;
    }
    // A partner importing its own customers manages them unless the row says otherwise.
    if (managing.length === 0 && actor.person?.partnerId)
      managing.push({ partnerId: actor.person.partnerId, access: "full_admin" });
    const existing = row.handle
      ? await store.findCustomerByHandle(row.handle)
      : ((await store.searchCustomers(row.name)).find((c) => c.name.toLowerCase() === row.name.toLowerCase()) ?? null);
    // An existing customer is changed only by a partner that manages it (or a bot admin).
    const ownAccess = own === null ? undefined : existing?.managingPartners.find((m) => m.partnerId === own);
    if (existing && own !== null && !ownAccess) {
      result.problems.push({ line: row.line, problem: "not_your_customer", value: row.handle ?? row.name });
      continue;
    }
    // The partners that co-manage the customer keep their access (and the partner's own access
    // what the customer granted, R-CONSENT-3): a partner's import speaks for itself only.
    const managingPartners =
      existing && ownAccess ? [...existing.managingPartners.filter((m) => m.partnerId !== own), ownAccess] : managing;
    const customer: Customer = {
      id: existing?.id ?? newId(),
      handle:
        existing?.handle ??
        row.handle ??
        (await uniqueHandle(row.name, async (h) => (await store.findCustomerByHandle(h)) !== null)),
      name: row.name,
      vertical: row.vertical,
      country: row.country,
      region: row.region,
      webexOrgId: existing?.webexOrgId ?? null,
      admins: row.admins.map((a) => ({
        ...a,
        language: existing?.admins.find((x) => x.email === a.email)?.language ?? "en",
      })),
      purchasedServices: row.purchasedServices,
      managingPartners,
    };
    // One transaction: the customer and its audit entry.
    await store.commit({
      customer,
      outbox: [],
      audit: [
        {
          at: clock.now(),
          actor: actor.email,
          action: existing ? "customer.updated" : "customer.imported",
          partnerId: actor.person?.partnerId ?? null,
          customerId: customer.id,
          trialId: null,
          details: {
            name: customer.name,
            country: customer.country,
            admins: customer.admins.length,
            purchased: customer.purchasedServices,
            line: row.line,
          },
        },
      ],
    });
    (existing ? result.updated : result.created).push(customer.handle);
  }
  return { ok: true, value: result };
}

/** `customer import`: the CSV header, in the documented order (any order is accepted; lists in a cell use `;`). */
export const CSV_COLUMNS = [
  "name",
  "handle",
  "country",
  "vertical",
  "admin_emails",
  "full_admin_emails",
  "purchased_services",
  "managing_partners",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
