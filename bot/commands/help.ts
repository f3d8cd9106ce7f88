// `help`: the commands a person may use (R-ORG-2), each with its usage line; usage of one
// command; and the replies to parse errors (unknown command, usage error).
import type { Language, PartnerTier } from "../../domain/model.ts";
import { type Asker, availableCommands, type CommandEntry, commandEntry, mayUse } from "./table.ts";
import { commandText } from "./text.ts";
import type { CommandName, ParseError } from "./types.ts";

export interface HelpAccess extends Asker {
  /** The sandbox's test clock is on (clock commands exist). */
  testClock: boolean;
  /** The asker's partner tier, when they belong to a partner. */
  partnerTier?: PartnerTier | null;
}

/** R-ORG-2: the commands this person may use, in table order (hidden answers such as yes/no left out). */
export function commandsFor(access: HelpAccess): CommandEntry[] {
  // R-CONV-2: a tier-2 partner cannot convert (it buys through its distributor): not offered.
  return availableCommands(access.testClock).filter(
    (c) => !c.hidden && mayUse(c, access) && !(c.name === "trial.convert" && access.partnerTier === "tier2"),
  );
}

/** The usage line of a command (inline code). */
export function usageText(name: CommandName, lang: Language): string {
  return commandText(lang, commandEntry(name).usage);
}

/** Webex markdown: the commands this person may use, each with its usage line and what it does. */
export function helpFor(access: HelpAccess, lang: Language): string {
  const lines = commandsFor(access).map((c) => `- ${commandText(lang, c.usage)} — ${commandText(lang, c.help)}`);
  const parts = [commandText(lang, "help.title"), lines.join("\n")];
  // A customer admin is not registered, yet has commands of their own (R-CONSENT-7): no "ask to be registered".
  if (access.isCustomerAdmin) parts.push(commandText(lang, "help.customer_admin"));
  else if (access.role === null && !access.isBotAdmin) parts.push(commandText(lang, "help.unregistered"));
  parts.push(commandText(lang, "help.footer"));
  return parts.join("\n\n");
}

/** `help <command>`: its usage line and what it does. */
export function helpForCommand(name: CommandName, lang: Language): string {
  const entry = commandEntry(name);
  return commandText(lang, "help.topic", {
    usage: commandText(lang, entry.usage),
    help: commandText(lang, entry.help),
  });
}

/** The reply to a command that did not parse: what was wrong and the usage, or the closest command. */
export function formatParseError(error: ParseError, lang: Language): string {
  if (error.kind === "control_character") return commandText(lang, "control_character");
  if (error.kind === "unknown") {
    const input = error.input.length > 80 ? `${error.input.slice(0, 77)}…` : error.input;
    return commandText(lang, "unknown", { input, ...(error.suggestion && { suggestion: error.suggestion }) });
  }
  return commandText(lang, "usage_error", {
    problem: commandText(lang, `problem.${error.problem}`, error.params ?? {}),
    usage: usageText(error.command, lang),
  });
}
