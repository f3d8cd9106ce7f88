// R-EXP-6: the ops daily digest: what expires, lapses or waits, across every partner.
import { addDays, calendarDate } from "./calendar.ts";
import { must } from "./invariant.ts";
import type { Customer, DeviceUnit, Partner, Trial, TrialStatus } from "./model.ts";
import { TRIAL_STATUSES } from "./model.ts";
import { graceEndsAt } from "./schedule.ts";

export interface DigestLine {
  partner: string;
  customer: string;
  customerHandle: string;
  services: string[];
  date: string;
}

export interface Digest {
  date: string;
  counts: Record<TrialStatus, number>;
  /** Active trials ending within the next 7 days (end date order). */
  endingSoon: DigestLine[];
  /** Trials in grace whose grace ends within 7 days. */
  lapsingSoon: DigestLine[];
  /** Consent requests whose window closes within 2 days. */
  consentClosingSoon: DigestLine[];
  /** Device units flagged missing or mismatched: open flags. */
  deviceFlags: { customer: string; serial: string; status: string }[];
}

export function buildDigest(input: {
  now: Date;
  timeZone: string;
  trials: readonly Trial[];
  customers: readonly Customer[];
  partners: readonly Partner[];
  devices: readonly DeviceUnit[];
}): Digest {
  const { now, timeZone } = input;
  const today = calendarDate(now, timeZone);
  const horizon = addDays(today, 7);
  const customer = new Map(input.customers.map((c) => [c.id, c]));
  const partner = new Map(input.partners.map((p) => [p.id, p]));
  const line = (t: Trial, date: string): DigestLine => ({
    partner: partner.get(t.partnerId)?.name ?? t.partnerId,
    customer: customer.get(t.customerId)?.name ?? t.customerId,
    customerHandle: customer.get(t.customerId)?.handle ?? "",
    services: [...t.services],
    date,
  });
  const counts = Object.fromEntries(TRIAL_STATUSES.map((s) => [s, 0])) as Record<TrialStatus, number>;
  for (const t of input.trials) counts[t.status] += 1;
  const byDate = (a: DigestLine, b: DigestLine) => a.date.localeCompare(b.date) || a.customer.localeCompare(b.customer);
  const endingSoon = input.trials
    .flatMap((t) => (t.status === "active" && t.endDate && t.endDate <= horizon ? [line(t, t.endDate)] : []))
    .sort(byDate);
  const lapsingSoon = input.trials
    .filter((t) => t.status === "expired")
    .map((t) =>
      line(t, calendarDate(new Date(must(graceEndsAt(t), "an expired trial's grace end").getTime() - 1), t.timeZone)),
    )
    .filter((l) => l.date <= horizon)
    .sort(byDate);
  const consentHorizon = now.getTime() + 2 * 24 * 3600 * 1000;
  const consentClosingSoon = input.trials
    .flatMap((t) =>
      t.status === "pending_consent" && t.consentDeadline && t.consentDeadline.getTime() <= consentHorizon
        ? [line(t, t.consentDeadline.toISOString())]
        : [],
    )
    .sort(byDate);
  const trialOf = new Map(input.trials.map((t) => [t.id, t]));
  const deviceFlags = input.devices
    .filter((d) => d.returnStatus === "missing" || d.returnStatus === "mismatch")
    .map((d) => ({
      customer: customer.get(trialOf.get(d.trialId)?.customerId ?? "")?.name ?? d.trialId,
      serial: d.serialShipped,
      status: d.returnStatus,
    }));
  return { date: today, counts, endingSoon, lapsingSoon, consentClosingSoon, deviceFlags };
}
