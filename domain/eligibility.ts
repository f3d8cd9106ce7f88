// R-ELIG-1: a customer may trial only services it has not purchased and that no other partner
// is trialing for it.
import type { Customer, Trial, TrialStatus } from "./model.ts";
import { type Refusal, refuse } from "./refusals.ts";
import { SERVICES, type Service } from "./services.ts";

/** Statuses in which a trial holds its services. */
export const LIVE_STATUSES: readonly TrialStatus[] = ["pending_consent", "awaiting_provisioning", "active", "expired"];

export function isLive(trial: Pick<Trial, "status">): boolean {
  return LIVE_STATUSES.includes(trial.status);
}

export type IneligibleReason = "purchased" | "trialed_by_other_partner" | "already_in_trial";

export function ineligibility(
  service: Service,
  customer: Customer,
  customerTrials: readonly Trial[],
  partnerId: string,
  exceptTrialId?: string,
): IneligibleReason | null {
  if (customer.purchasedServices.includes(service)) return "purchased";
  for (const t of customerTrials) {
    if (t.id === exceptTrialId || !isLive(t) || !t.services.includes(service)) continue;
    return t.partnerId === partnerId ? "already_in_trial" : "trialed_by_other_partner";
  }
  return null;
}

export function eligibleServices(customer: Customer, customerTrials: readonly Trial[], partnerId: string): Service[] {
  return SERVICES.filter((s) => ineligibility(s, customer, customerTrials, partnerId) === null);
}

/** The first ineligible service as a refusal naming it and the reason, or null. */
export function checkEligibility(
  services: readonly Service[],
  customer: Customer,
  customerTrials: readonly Trial[],
  partnerId: string,
  exceptTrialId?: string,
): Refusal | null {
  for (const service of services) {
    const reason = ineligibility(service, customer, customerTrials, partnerId, exceptTrialId);
    if (reason) return refuse("service_not_eligible", { service, reason });
  }
  return null;
}
