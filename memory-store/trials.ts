// Trials, device units and timers in memory: reads, and the writes `commit` makes.
import { ConcurrentChangeError } from "../app/ports/commit.ts";
import type { TrialFilter, TrialStore, TrialSummary } from "../app/ports/trials.ts";
import type { TimerSpec } from "../domain/effects.ts";
import { LIVE_STATUSES } from "../domain/eligibility.ts";
import { type Customer, type DeviceUnit, isManagedBy, type Trial, type TrialStatus } from "../domain/model.ts";
import { foreignKeyViolation } from "./errors.ts";
import type { MemoryState } from "./state.ts";
import { assertCalendarDate, compareBy, copy, jsonCopy, sameText } from "./values.ts";

/** R-SVC-2: a Meetings site stays taken while its trial is live, and for good once converted. */
const SITE_HOLDING_STATUSES: readonly TrialStatus[] = [...LIVE_STATUSES, "converted"];

export const byCreation = compareBy<Trial>(
  (t) => t.createdAt.getTime(),
  (t) => t.id,
);
const byShipping = compareBy<DeviceUnit>(
  (d) => d.shippedAt.getTime(),
  (d) => d.id,
);
const byDue = compareBy<TimerSpec>(
  (t) => t.dueAt.getTime(),
  (t) => t.trialId,
  (t) => t.kind,
);

/** The trial as its row keeps it: JSON columns as JSON, the version the store decides. */
function trialRow(t: Trial, version: number): Trial {
  return {
    ...copy(t),
    devices: t.devices === null ? null : jsonCopy(t.devices),
    conversion: t.conversion === null ? null : jsonCopy(t.conversion),
    handledTimers: jsonCopy(t.handledTimers ?? {}),
    version,
  };
}

/** The whole of `listTrials`' filter. "Ending on or before" means active ones unless statuses are named. */
export function trialMatches(filter: TrialFilter): (t: Trial) => boolean {
  const end = filter.endingOnOrBefore;
  if (end !== undefined) assertCalendarDate(end);
  const statuses = filter.statuses ?? (end !== undefined ? ["active"] : undefined);
  return (t) =>
    (filter.partnerId === undefined || t.partnerId === filter.partnerId) &&
    (filter.customerId === undefined || t.customerId === filter.customerId) &&
    (statuses === undefined || statuses.includes(t.status)) &&
    (end === undefined || (t.endDate !== null && t.endDate <= end));
}

function summaryOf(t: Trial, c: Customer): TrialSummary {
  return {
    trial: {
      id: t.id,
      partnerId: t.partnerId,
      customerId: t.customerId,
      status: t.status,
      services: [...t.services],
      timeZone: t.timeZone,
      endDate: t.endDate,
      conversion: t.conversion === null ? null : jsonCopy(t.conversion),
    },
    customer: { id: c.id, handle: c.handle, name: c.name },
    partnerManages: isManagedBy(c, t.partnerId),
  };
}

/** Creates (expectedVersion null) or updates a trial if its version is still the one read. */
export function writeTrial(state: MemoryState, next: Trial, expectedVersion: number | null): void {
  const { trials, partners, customers } = state.tables;
  const current = trials.get(next.id);
  if (expectedVersion === null) {
    // A trial with this id already there means someone else created it: a concurrent change.
    if (current) throw new ConcurrentChangeError(next.id);
  } else if (!current || current.version !== expectedVersion) {
    throw new ConcurrentChangeError(next.id);
  }
  if (!partners.has(next.partnerId)) throw foreignKeyViolation(`trial ${next.id} → partner ${next.partnerId}`);
  if (!customers.has(next.customerId)) throw foreignKeyViolation(`trial ${next.id} → customer ${next.customerId}`);
  state.put(trials, next.id, trialRow(next, (expectedVersion ?? 0) + 1));
}

export function writeDevice(state: MemoryState, device: DeviceUnit): void {
  if (!state.tables.trials.has(device.trialId)) {
    throw foreignKeyViolation(`device ${device.id} → trial ${device.trialId}`);
  }
  assertCalendarDate(device.eulaExpiryDate);
  state.put(state.tables.devices, device.id, copy(device));
}

/** Replaces the pending timers of one trial; (trialId, kind) identifies a timer: the last one wins. */
export function writeTimers(state: MemoryState, trialId: string, pending: TimerSpec[]): void {
  const { timers, trials } = state.tables;
  for (const t of pending) {
    if (t.trialId !== trialId) throw new Error(`commit: timer ${t.kind} is for trial ${t.trialId}, not ${trialId}`);
  }
  for (const [key, t] of timers) if (t.trialId === trialId) state.remove(timers, key);
  if (pending.length > 0 && !trials.has(trialId)) throw foreignKeyViolation(`timers → trial ${trialId}`);
  for (const t of pending)
    state.put(timers, `${trialId} ${t.kind}`, { trialId, kind: t.kind, dueAt: new Date(t.dueAt) });
}

export function memoryTrials(state: MemoryState): TrialStore {
  const { trials, devices, timers } = state.tables;
  return {
    async getTrial(id) {
      const t = trials.get(id);
      return t ? copy(t) : null;
    },
    async trialFacts(id) {
      const t = trials.get(id);
      const customer = t ? state.tables.customers.get(t.customerId) : undefined;
      const partner = t ? state.tables.partners.get(t.partnerId) : undefined;
      if (!t || !customer || !partner) return null;
      const people = [...state.tables.people.values()].filter((p) => p.partnerId === partner.id);
      return {
        trial: copy(t),
        customer: copy(customer),
        partner: copy(partner),
        partnerPeople: people.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0)).map(copy),
        devices: [...devices.values()]
          .filter((d) => d.trialId === id)
          .sort(byShipping)
          .map(copy),
      };
    },
    async listTrials(filter) {
      return [...trials.values()].filter(trialMatches(filter)).sort(byCreation).map(copy);
    },
    async listTrialSummaries(filter) {
      return [...trials.values()]
        .filter(trialMatches(filter))
        .sort(byCreation)
        .flatMap((t) => {
          const c = state.tables.customers.get(t.customerId);
          return c ? [summaryOf(t, c)] : [];
        });
    },
    async countTrials() {
      return trials.size;
    },
    async devicesOfTrial(trialId) {
      return [...devices.values()]
        .filter((d) => d.trialId === trialId)
        .sort(byShipping)
        .map(copy);
    },
    async listDevices(filter = {}) {
      const statuses = filter.returnStatuses;
      const keep = (d: DeviceUnit) => statuses === undefined || statuses.includes(d.returnStatus);
      return [...devices.values()].filter(keep).sort(byShipping).map(copy);
    },
    async isSiteUrlTaken(siteUrl, exceptTrialId) {
      const wanted = siteUrl.trim();
      return [...trials.values()].some(
        (t) =>
          t.meetings !== null &&
          sameText(t.meetings.siteUrl, wanted) &&
          SITE_HOLDING_STATUSES.includes(t.status) &&
          t.id !== exceptTrialId,
      );
    },
    async nextTimers() {
      // Each trial's first by due time, ties broken by kind (as the database's DISTINCT ON).
      const first = new Map<string, TimerSpec>();
      const earlier = (a: TimerSpec, b: TimerSpec) =>
        a.dueAt.getTime() < b.dueAt.getTime() || (a.dueAt.getTime() === b.dueAt.getTime() && a.kind < b.kind);
      for (const t of timers.values()) {
        const seen = first.get(t.trialId);
        if (!seen || earlier(t, seen)) first.set(t.trialId, t);
      }
      return [...first.values()].sort(byDue).map(copy);
    },
    async pendingTimers(trialId) {
      return [...timers.values()]
        .filter((t) => trialId === undefined || t.trialId === trialId)
        .sort(byDue)
        .map(copy);
    },
  };
}
