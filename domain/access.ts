// R-ORG-2: who may do what to a trial. Rights come from the registered person's role, never
// from anything a message or card says.
import type { Actor, Customer, Person, Trial } from "./model.ts";
import { type Refusal, refuse } from "./refusals.ts";
import { hasPermission, MANAGING_ROLES, type Permission, type PersonRole, rolesFor } from "./roles.ts";
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

export function requireTrialRole(actor: Actor, permission: Permission, trial: Trial): Person | Refusal {
  return requirePartnerRole(actor, permission, trial.partnerId);
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

/** Who may use a command at all, as the command table declares it (R-ORG-2). */
export type CommandAccess =
  | "everyone"
  | "registered"
  | "view"
  | "manage"
  | "admin"
  | "bot_admin"
  | "ops"
  | "customer_admin";

export interface CommandGate {
  access: CommandAccess;
  /** Ops people may use a `view`/`manage` command as well. */
  opsToo?: boolean;
  /** Bot admins may use it as well. */
  botAdminToo?: boolean;
}

/** Who is asking: their registered role (null when not registered) and whether they are a bot admin. */
export interface Asker {
  role: PersonRole | null;
  isBotAdmin: boolean;
  /** An admin of at least one customer organisation (not a registered person). */
  isCustomerAdmin?: boolean;
}

/**
 * R-ORG-2: whether this person may use the command at all. Which partner's trials, people and
 * spaces they reach is decided by the use case (requirePartnerRole, requireTrialRole).
 */
export function mayUseCommand(gate: CommandGate, who: Asker): boolean {
  const { role, isBotAdmin } = who;
  if (gate.opsToo && role === "ops") return true;
  // Must agree with the use case: importCustomers admits bot admins (first set-up from the CLI).
  if (gate.botAdminToo && isBotAdmin) return true;
  switch (gate.access) {
    case "everyone":
      return true;
    case "registered":
      // Customer admins count: they choose their language too (consent requests, reminders).
      return role !== null || who.isCustomerAdmin === true;
    case "view":
      return hasPermission(role, "view");
    case "manage":
      return hasPermission(role, "manage");
    case "admin":
      return isBotAdmin || role === "full_admin";
    case "bot_admin":
      return isBotAdmin;
    case "ops":
      return role === "ops";
    case "customer_admin":
      return who.isCustomerAdmin === true;
  }
}

/** R-ORG-2: who a refusal by the command's gate names as allowed (agrees with mayUseCommand). */
export function rolesNeeded(gate: CommandGate): string[] {
  const botAdmin = gate.botAdminToo ? ["bot admin"] : [];
  switch (gate.access) {
    case "view":
      return [...rolesFor("view"), ...botAdmin];
    case "manage":
      return [...rolesFor("manage"), ...botAdmin];
    case "admin":
      return ["bot admin", "full_admin"];
    case "bot_admin":
      return ["bot admin"];
    case "ops":
      return ["ops"];
    case "customer_admin":
      return ["customer_admin"];
    case "everyone":
    case "registered":
      return ["a registered person"];
  }
}
