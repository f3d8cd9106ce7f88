// R-ORG-2: whether a sender may use a chat command at all, asked of the command table's gate
// (domain/command-gate.ts). The chat adapter renders the answer; it never decides it. Which
// partner's trials, people and spaces the command then reaches is the use case's own check.
import { type Asker, type CommandGate, commandRefusal as gateRefusal } from "../domain/command-gate.ts";
import type { Refusal } from "../domain/refusals.ts";
import type { Sender } from "./identify-sender.ts";

/** The gate's view of a sender: their registered role, bot admin, a customer's admin. */
export function askerOf(sender: Sender): Asker & { email: string } {
  return {
    role: sender.person?.role ?? null,
    isBotAdmin: sender.isBotAdmin,
    isCustomerAdmin: sender.customerAdminOf.length > 0,
    email: sender.email,
  };
}

/** The refusal the sender gets for a command with this gate (not_registered or role_required), or null. */
export function commandRefusal(sender: Sender, gate: CommandGate): Refusal | null {
  return gateRefusal(gate, askerOf(sender));
}

/**
 * For the command table (bot/commands/): `help` lists the commands a person may use, and a
 * refusal names who may. The chat asks these here rather than of the domain's gate.
 */
export { type Asker, mayUseCommand as mayUse, rolesNeeded } from "../domain/command-gate.ts";
