// Read-only use cases: list and show (R-ORG-2: read_only may list and show).
import { addDays, calendarDate, daysLeft } from "../domain/calendar.ts";
import { isLive } from "../domain/eligibility.ts";
import type { Customer, DeviceUnit, Person, Trial, TrialStatus } from "../domain/model.ts";
import { isRefusal, type Refusal, refuse } from "../domain/refusals.ts";
import { hasPermission, rolesFor } from "../domain/roles.ts";
import type { Clock } from "./clock.ts";
import { CustomerLookup } from "./customer-lookup.ts";
import type { Store, StoredAuditEntry } from "./store.ts";

export interface TrialRow {
  trial: Trial;
  customer: Customer;
  /**
   * Calendar days to the end (0 on the end day); null before the trial is active and once it
   * is over (converted, cancelled, lapsed): a converted trial has no days left to count.
   */
  daysLeft: number | null;
}

function daysLeftOf(trial: Trial, now: Date): number | null {
  return trial.endDate && isLive(trial) ? daysLeft(now, trial.endDate, trial.timeZone) : null;
}

/**
 * R-CONSENT-5/6: a consent request that was cancelled, declined or left to expire removed the
 * customer from the partner's list: the trial no longer shows unless cancelled trials are asked
 * for by status. Its audit trail stays.
 */
function removedFromList(trial: Trial, customer: Customer, person: Person): boolean {
  return (
    person.partnerId !== null &&
    trial.status === "cancelled" &&
    !customer.managingPartners.some((m) => m.partnerId === trial.partnerId)
  );
}

/** The time zone whose calendar day is the latest anywhere (UTC+14). */
const LATEST_ZONE = "Pacific/Kiritimati";

export interface ListFilter {
  /** Active trials ending within this many days. */
  expiringWithinDays?: number;
  statuses?: TrialStatus[];
}

function canView(person: Person): Refusal | null {
  if (person.role === "ops" || hasPermission(person.role, "view")) return null;
  return refuse("role_required", { roles: [...rolesFor("view")] });
}

export class TrialQueries {
  private readonly lookup: CustomerLookup;
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.lookup = new CustomerLookup(store);
  }

  /** A partner person sees its partner's trials; ops see every partner's. */
  async list(person: Person, filter: ListFilter = {}): Promise<TrialRow[] | Refusal> {
    const denied = canView(person);
    if (denied) return denied;
    const now = this.clock.now();
    const statuses = filter.expiringWithinDays !== undefined ? ["active" as const] : filter.statuses;
    const trials = await this.store.listTrials({
      ...(person.partnerId ? { partnerId: person.partnerId } : {}),
      ...(statuses ? { statuses } : {}),
      // The horizon is each trial's own calendar day + N; the latest of them (UTC+14) narrows
      // the read by index, the exact test per trial follows.
      ...(filter.expiringWithinDays !== undefined
        ? { endingOnOrBefore: addDays(calendarDate(now, LATEST_ZONE), filter.expiringWithinDays) }
        : {}),
    });
    const shown = trials.filter((trial) => {
      if (!filter.statuses && trial.status === "deleted") return false;
      if (filter.expiringWithinDays === undefined) return true;
      const horizon = addDays(calendarDate(now, trial.timeZone), filter.expiringWithinDays);
      return trial.endDate !== null && trial.endDate <= horizon;
    });
    // One read for the customers of every listed trial, not one per row.
    const customers = new Map((await this.store.getCustomers(shown.map((t) => t.customerId))).map((c) => [c.id, c]));
    const rows: TrialRow[] = [];
    for (const trial of shown) {
      const customer = customers.get(trial.customerId);
      if (!customer) continue;
      if (!filter.statuses?.includes("cancelled") && removedFromList(trial, customer, person)) continue;
      rows.push({ trial, customer, daysLeft: daysLeftOf(trial, now) });
    }
    return rows.sort(
      (a, b) =>
        (a.trial.endDate ?? "9999").localeCompare(b.trial.endDate ?? "9999") ||
        a.customer.name.localeCompare(b.customer.name),
    );
  }

  async show(person: Person, customerRef: string): Promise<(TrialRow & { devices: DeviceUnit[] }) | Refusal> {
    const denied = canView(person);
    if (denied) return denied;
    const found = await this.lookup.trialOf(person.role === "ops" ? null : person.partnerId, customerRef, "view");
    if (isRefusal(found)) return found;
    const { trial, customer } = found;
    return {
      trial,
      customer,
      daysLeft: daysLeftOf(trial, this.clock.now()),
      devices: await this.store.devicesOfTrial(trial.id),
    };
  }

  async audit(
    person: Person,
    customerRef: string,
    limit = 20,
  ): Promise<{ customer: Customer; entries: StoredAuditEntry[] } | Refusal> {
    const denied = canView(person);
    if (denied) return denied;
    // A partner reads the audit of customers it manages or has a trial with, no other.
    const customer = await this.lookup.resolve(customerRef, {
      partnerId: person.role === "ops" ? null : person.partnerId,
    });
    if (isRefusal(customer)) return customer;
    const entries = await this.store.auditOf({ customerId: customer.id, limit });
    // A partner sees its own actions on the customer, not another partner's.
    return {
      customer,
      entries: person.partnerId
        ? entries.filter((e) => e.partnerId === null || e.partnerId === person.partnerId)
        : entries,
    };
  }
}
