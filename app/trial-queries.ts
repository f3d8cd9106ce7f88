// Read-only use cases: list and show (R-ORG-2: read_only may list and show), the trial a command
// names, what the chat may open a card for (starting trials, a paying customer's trial, the menu
// of a trial, provisioning), and who may submit a card or answer a consent request.
import {
  isCustomerFullAdmin,
  partnerScope,
  requireManagerOf,
  requireOps,
  requirePartnerManager,
} from "../domain/access.ts";
import { addDays, calendarDate, daysBetween, daysLeft } from "../domain/calendar.ts";
import { checkProvisionable } from "../domain/consent.ts";
import { isLive } from "../domain/eligibility.ts";
import type { Actor, Customer, DeviceUnit, Person, Trial, TrialStatus } from "../domain/model.ts";
import { isRefusal, type Refusal, refuse } from "../domain/refusals.ts";
import { hasPermission, rolesFor } from "../domain/roles.ts";
import { checkPayingCustomer, refuseManagedCustomer } from "../domain/start.ts";
import type { Clock } from "./clock.ts";
import { CustomerLookup, type LookupIntent } from "./customer-lookup.ts";
import type { ListedTrial, Store, StoredAuditEntry, TrialSummary } from "./store.ts";

/** A line of a trial list: what it shows of the trial and its customer. */
export interface TrialRow {
  trial: ListedTrial;
  customer: TrialSummary["customer"];
  /**
   * Calendar days to the end (0 on the end day); null before the trial is active and once it
   * is over (converted, cancelled, lapsed): a converted trial has no days left to count.
   */
  daysLeft: number | null;
}

/** `trial show`: the whole trial and customer, and the trial's devices. */
export interface TrialDetail {
  trial: Trial;
  customer: Customer;
  daysLeft: number | null;
  devices: DeviceUnit[];
}

function daysLeftOf(trial: Trial, now: Date): number | null {
  return trial.endDate && isLive(trial) ? daysLeft(now, trial.endDate, trial.timeZone) : null;
}

/**
 * Calendar arithmetic for a list at one instant, each value computed once: luxon's time-zone
 * work costs tens of µs a call, and a list's hundreds of rows share a few zones and end dates.
 */
function memoized<T>(compute: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (!known.has(key)) known.set(key, compute(key));
    return known.get(key) as T;
  };
}

/**
 * R-CONSENT-5/6: a consent request that was cancelled, declined or left to expire removed the
 * customer from the partner's list: the trial no longer shows unless cancelled trials are asked
 * for by status. Its audit trail stays.
 */
function removedFromList({ trial, partnerManages }: TrialSummary, person: Person): boolean {
  return person.partnerId !== null && trial.status === "cancelled" && !partnerManages;
}

/** The time zone whose calendar day is the latest anywhere (UTC+14). */
const LATEST_ZONE = "Pacific/Kiritimati";

export interface ListFilter {
  /** Active trials ending within this many days. */
  expiringWithinDays?: number;
  statuses?: TrialStatus[];
}

/** The partner whose trials a person may start (`trial start`, `trial start existing`, `trial add`). */
export interface StartingPartner {
  partnerId: string;
}

/** `trial add`: the paying customer whose trial card a person may open, for its partner. */
export interface PayingCustomer extends StartingPartner {
  customer: Customer;
}

/** A trial a command names by its customer, with that customer. */
export interface NamedTrial {
  trial: Trial;
  customer: Customer;
}

/** `trial show`'s menu: the trial, and its customer, that the person may manage. */
export type ManageableTrial = NamedTrial;

const actorOf = (person: Person): Actor => ({ kind: "person", person });

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
    const within = filter.expiringWithinDays;
    const statuses = within !== undefined ? ["active" as const] : filter.statuses;
    // One read: the listed trials with their customers' names.
    const summaries = await this.store.listTrialSummaries({
      ...(person.partnerId ? { partnerId: person.partnerId } : {}),
      ...(statuses ? { statuses } : {}),
      // The horizon is each trial's own calendar day + N; the latest of them (UTC+14) narrows
      // the read by index, the exact test per trial follows.
      ...(within !== undefined ? { endingOnOrBefore: addDays(calendarDate(now, LATEST_ZONE), within) } : {}),
    });
    const todayIn = memoized((zone) => calendarDate(now, zone));
    const horizonIn = memoized((zone) => addDays(todayIn(zone), within ?? 0));
    // daysLeft (domain/calendar.ts) is the days from the zone's today to the end date.
    const daysFrom = memoized((fromAndTo) => {
      const [from = "", to = ""] = fromAndTo.split(" ");
      return daysBetween(from, to);
    });
    const rows: TrialRow[] = [];
    for (const summary of summaries) {
      const { trial, customer } = summary;
      if (!filter.statuses && trial.status === "deleted") continue;
      if (within !== undefined && (trial.endDate === null || trial.endDate > horizonIn(trial.timeZone))) continue;
      if (!filter.statuses?.includes("cancelled") && removedFromList(summary, person)) continue;
      const left = trial.endDate && isLive(trial) ? daysFrom(`${todayIn(trial.timeZone)} ${trial.endDate}`) : null;
      rows.push({ trial, customer, daysLeft: left });
    }
    return rows.sort(
      (a, b) =>
        (a.trial.endDate ?? "9999").localeCompare(b.trial.endDate ?? "9999") ||
        a.customer.name.localeCompare(b.customer.name),
    );
  }

  async show(person: Person, customerRef: string): Promise<TrialDetail | Refusal> {
    const denied = canView(person);
    if (denied) return denied;
    const found = await this.trialFor(person, customerRef, "view");
    if (isRefusal(found)) return found;
    const { trial, customer } = found;
    return {
      trial,
      customer,
      daysLeft: daysLeftOf(trial, this.clock.now()),
      devices: await this.store.devicesOfTrial(trial.id),
    };
  }

  /**
   * R-ORG-2: the trial a command names by its customer: of the person's partner (of any partner
   * for ops). What the person may then do to it, its use case decides.
   */
  trialFor(person: Person, customerRef: string, intent: LookupIntent): Promise<NamedTrial | Refusal> {
    return this.lookup.trialOf(partnerScope(person), customerRef, intent);
  }

  /** R-CONSENT-4: the trial `trial provision` opens the provisioning card for: one waiting for it. */
  async provisionableTrial(person: Person, customerRef: string): Promise<NamedTrial | Refusal> {
    const found = await this.trialFor(person, customerRef, "change");
    if (isRefusal(found)) return found;
    return checkProvisionable(found.trial) ?? found;
  }

  /** R-NEW-1, R-CONSENT-1, R-PAID-1: trials are started by a managing partner person, for its partner. */
  startingPartner(person: Person): StartingPartner | Refusal {
    const manager = requirePartnerManager(actorOf(person));
    return isRefusal(manager) ? manager : { partnerId: manager.partnerId };
  }

  /**
   * R-PAID-1: the customer `trial add` names, when its partner manages it and has no live trial
   * with it: with a live trial Partner Hub offers Edit, not Add, so there is no card for a second.
   */
  async payingCustomer(person: Person, customerRef: string): Promise<PayingCustomer | Refusal> {
    const starter = this.startingPartner(person);
    if (isRefusal(starter)) return starter;
    const { partnerId } = starter;
    const customer = await this.lookup.resolve(customerRef, { partnerId });
    if (isRefusal(customer)) return customer;
    const notPaying = checkPayingCustomer(
      customer,
      await this.store.listTrials({ customerId: customer.id, partnerId }),
      partnerId,
    );
    return notPaying ?? { partnerId, customer };
  }

  /**
   * R-ORG-2: who may submit a partner's card (start a trial, act on one of its trials): a
   * managing person of the partner the card was made for, and that partner.
   */
  partnerManager(actor: Actor, partnerId: string | undefined): (Person & { partnerId: string }) | Refusal {
    return requireManagerOf(actor, partnerId);
  }

  /**
   * R-CONSENT-1: the customer the existing-customer lookup card names, to ask consent of: any
   * customer (no sales relationship is needed to find it), as long as the partner does not
   * manage it yet.
   */
  async consentCustomer(actor: Actor, partnerId: string | undefined, customerRef: string): Promise<Customer | Refusal> {
    const manager = this.partnerManager(actor, partnerId);
    if (isRefusal(manager)) return manager;
    const customer = await this.lookup.resolve(customerRef);
    if (isRefusal(customer)) return customer;
    return refuseManagedCustomer(customer, manager.partnerId) ?? customer;
  }

  /**
   * R-ORG-2: the trial `trial show` names, for its menu (edit, convert, cancel, delete), only when
   * the person may manage it: a managing role, and a trial of its own partner (the lookup sees
   * no other partner's trial).
   */
  async manageableTrial(person: Person, customerRef: string): Promise<ManageableTrial | Refusal> {
    // Refused before the lookup: a viewer's `trial show` reads nothing more for a menu it cannot have.
    const manager = requirePartnerManager(actorOf(person));
    if (isRefusal(manager)) return manager;
    return this.lookup.trialOf(manager.partnerId, customerRef, "view");
  }

  /** R-EXT-2: who may answer the trials team's device-extension card: an ops person. */
  extensionDecider(actor: Actor): Person | Refusal {
    return requireOps(actor);
  }

  /** R-CONSENT-3: whether this e-mail may answer the customer's consent requests (a full admin of it). */
  mayAnswerConsent(customer: Customer, email: string): boolean {
    return isCustomerFullAdmin(customer, email);
  }

  async audit(
    person: Person,
    customerRef: string,
    limit = 20,
  ): Promise<{ customer: Customer; entries: StoredAuditEntry[] } | Refusal> {
    const denied = canView(person);
    if (denied) return denied;
    // A partner reads the audit of customers it manages or has a trial with, no other.
    const customer = await this.lookup.resolve(customerRef, { partnerId: partnerScope(person) });
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
