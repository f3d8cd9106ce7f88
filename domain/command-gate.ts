// R-ORG-2: the command table's gate, kept apart from the use cases' checks (domain/access.ts).
// The chat's language (bot/commands/) declares each command's gate with these types; the
// decision is asked through app/command-access.ts, never imported by an adapter.
import { type Refusal, refuse } from "./refusals.ts";
import { hasPermission, type PersonRole, rolesFor } from "./roles.ts";

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

/**
 * R-ORG-2: the refusal a person gets for a command the gate keeps them from, or null. Someone
 * the bot knows nothing of (not registered, no bot admin, no customer's admin) is told to get
 * registered; anyone else is told which roles the command needs.
 */
export function commandRefusal(gate: CommandGate, who: Asker & { email: string }): Refusal | null {
  if (mayUseCommand(gate, who)) return null;
  if (who.role === null && !who.isBotAdmin && who.isCustomerAdmin !== true)
    return refuse("not_registered", { email: who.email });
  return refuse("role_required", { roles: rolesNeeded(gate) });
}
