// R-ORG-2: who may do what to a trial. Rights come from the registered person's role, never
// from anything a message or card says.
import type { Actor, Customer, Person, Trial } from "./model.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { hasPermission, MANAGING_ROLES, type Permission, rolesFor } from "./roles.ts";
import { normaliseEmail } from "./validation.ts";

/** The acting partner person, or a refusal naming the roles that are needed. */
export function requirePartnerRole(actor: Actor, permission: Permission, partnerId: string): Person | Refusal {
  if (actor.kind !== "person" || !hasPermission(actor.person.role, permission)) {
    return refuse("role_required", { roles: [...rolesFor(permission)].filter((r) => r !== "ops") });
  }
  if (actor.person.partnerId !== partnerId) return refuse("not_your_trial", {});
  return actor.person;
}

/**
 * R-ORG-2: a partner person with a managing role, and the partner it acts for (the trials it
 * starts are its partner's). Anyone else (read_only, ops, a person of no partner) is refused.
 */
export function requirePartnerManager(actor: Actor): { person: Person; partnerId: string } | Refusal {
  if (actor.kind !== "person" || !hasPermission(actor.person.role, "manage") || !actor.person.partnerId) {
    return refuse("role_required", { roles: [...MANAGING_ROLES] });
  }
  return { person: actor.person, partnerId: actor.person.partnerId };
}

/**
 * R-ORG-2: a registered person who may manage the trials of the partner a card was made for (a
 * customer admin clicking a partner's card is not registered; a card naming no partner is
 * nobody's: not_your_trial).
 */
export function requireManagerOf(
  actor: Actor,
  partnerId: string | undefined,
): (Person & { partnerId: string }) | Refusal {
  if (actor.kind === "customer_admin") return refuse("not_registered", { email: actor.email });
  const who = requirePartnerRole(actor, "manage", partnerId ?? "");
  if (isRefusal(who)) return who;
  // requirePartnerRole matched the person's partner to the card's, so a partnerless person never gets here.
  return ofPartner(who) ? who : refuse("not_your_trial", {});
}

const ofPartner = (p: Person): p is Person & { partnerId: string } => p.partnerId !== null;

export function requireTrialRole(actor: Actor, permission: Permission, trial: Trial): Person | Refusal {
  return requirePartnerRole(actor, permission, trial.partnerId);
}

/**
 * R-EXT-2: the trials team (ops) decides device-trial extensions. Someone who is not registered
 * (a customer admin) is told so rather than which role it lacks.
 */
export function requireOps(actor: Actor): Person | Refusal {
  if (actor.kind === "customer_admin") return refuse("not_registered", { email: actor.email });
  if (actor.kind !== "person" || actor.person.role !== "ops") return refuse("role_required", { roles: ["ops"] });
  return actor.person;
}

/** The e-mail an actor acts by: a customer admin's, a registered person's; none for the system. */
export function actorEmail(actor: Actor): string | null {
  if (actor.kind === "customer_admin") return actor.email;
  return actor.kind === "person" ? actor.person.email : null;
}

/**
 * R-ORG-2: whose trials a person reaches by naming a customer: ops every partner's (null), a
 * partner person its own partner's.
 */
export function partnerScope(person: Person): string | null {
  return person.role === "ops" ? null : person.partnerId;
}

/** R-CONSENT-3: only a full admin of the customer may act on a consent request. */
export function isCustomerFullAdmin(customer: Customer, email: string): boolean {
  const e = normaliseEmail(email);
  return customer.admins.some((a) => a.role === "full_admin" && normaliseEmail(a.email) === e);
}

export function isCustomerAdmin(customer: Customer, email: string): boolean {
  const e = normaliseEmail(email);
  return customer.admins.some((a) => normaliseEmail(a.email) === e);
}
