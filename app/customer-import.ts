// `customer import`: existing customers with their admins, purchased services and managing
// partners (R-ORG-4), so consent (R-CONSENT-*) and paying-customer (R-PAID-1) trials can find them.
import { randomUUID } from "node:crypto";
import type { Customer, ManagingPartner } from "../domain/model.ts";
import { refuse, type Refusal } from "../domain/refusals.ts";
import { hasPermission } from "../domain/roles.ts";
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

export interface ImportResult {
  created: string[];
  updated: string[];
  /** Rows not imported, with why: nothing of such a row is written. */
  problems: { line: number; problem: "unknown_partner"; value: string }[];
}

export async function importCustomers(
  deps: { store: Store; clock: Clock; newId?: () => string },
  actor: AdminActor,
  rows: readonly ImportRow[],
): Promise<{ ok: true; value: ImportResult } | { ok: false; refusal: Refusal }> {
  const { store, clock } = deps;
  const newId = deps.newId ?? randomUUID;
  if (!actor.isBotAdmin && !hasPermission(actor.person?.role, "manage")) {
    return { ok: false, refusal: refuse("role_required", { roles: ["full_admin", "sales_full_admin", "sales_admin"] }) };
  }
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
    // A partner importing its own customers manages them unless the row says otherwise.
    if (managing.length === 0 && actor.person?.partnerId) managing.push({ partnerId: actor.person.partnerId, access: "full_admin" });
    const existing = row.handle ? await store.findCustomerByHandle(row.handle) : (await store.searchCustomers(row.name)).find((c) => c.name.toLowerCase() === row.name.toLowerCase()) ?? null;
    const customer: Customer = {
      id: existing?.id ?? newId(),
      handle: existing?.handle ?? row.handle ?? (await uniqueHandle(row.name, async (h) => (await store.findCustomerByHandle(h)) !== null)),
      name: row.name,
      vertical: row.vertical,
      country: row.country,
      region: row.region,
      webexOrgId: existing?.webexOrgId ?? null,
      admins: row.admins.map((a) => ({ ...a, language: existing?.admins.find((x) => x.email === a.email)?.language ?? "en" })),
      purchasedServices: row.purchasedServices,
      managingPartners: managing,
    };
    // One transaction: the customer and its audit entry.
    await store.commit({
      customer,
      outbox: [],
      audit: [{
        at: clock.now(),
        actor: actor.email,
        action: existing ? "customer.updated" : "customer.imported",
        partnerId: actor.person?.partnerId ?? null,
        customerId: customer.id,
        trialId: null,
        details: { name: customer.name, country: customer.country, admins: customer.admins.length, purchased: customer.purchasedServices, line: row.line },
      }],
    });
    (existing ? result.updated : result.created).push(customer.handle);
  }
  return { ok: true, value: result };
}
