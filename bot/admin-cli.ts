// The admin CLI's shell side (`npm run admin -- <command>`, entry point boot/admin.ts): argv in,
// plain text and an exit status out. It parses the chat's administration commands, runs them
// through the use cases it is handed, and renders their typed outcomes without markdown.
//
// It answers like a shell tool: exit status 0 when the command did what was asked, and one clean
// line when it cannot run (a data directory in use, a database it cannot reach) instead of a
// stack. `help` needs no configuration and no database.
import { readFileSync } from "node:fs";
import type { AdminActor, AdminCommands } from "../app/admin-commands.ts";
import type { ImportResult, ImportRow } from "../app/customer-import.ts";
import type { Refusal } from "../domain/refusals.ts";
import { formatCsvErrors, parseCustomerCsv } from "./commands/csv.ts";
import { formatParseError } from "./commands/help.ts";
import { parseCommand } from "./commands/parse.ts";
import { commandText } from "./commands/text.ts";
import type { Command, CommandName } from "./commands/types.ts";
import { renderRefusal, translate } from "./i18n/index.ts";

/** Exit statuses: what a script calling the CLI can rely on. */
export const EXIT = { done: 0, refused: 1, usage: 2, unavailable: 3 } as const;

/** The commands the CLI takes, in the order `help` lists them. */
export const CLI_COMMANDS = [
  "partner.add",
  "person.add",
  "person.remove",
  "customer.import",
] as const satisfies readonly CommandName[];
type CliCommandName = (typeof CLI_COMMANDS)[number];

export interface CliResult {
  code: (typeof EXIT)[keyof typeof EXIT];
  /** For stdout. */
  out: string;
  /** For stderr. */
  err: string;
}

/** Terminal text from the catalogue's Webex markdown: no bold, no code spans, no escapes. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\\([\\`*_[\]<>~|#])/g, "$1");
}

function usageOf(name: CliCommandName): string {
  if (name === "customer.import") return "customer import --file <customers.csv>";
  return plainText(commandText("en", `usage.${name}`));
}

export function cliHelp(): string {
  const width = Math.max(...CLI_COMMANDS.map((n) => usageOf(n).length));
  return [
    "trials-bot admin: first set-up from a shell. It acts as a bot admin on the bot's database",
    "(DATABASE_URL, else the embedded database in DATA_DIR, default ./data).",
    "",
    "Usage: npm run admin -- <command>",
    "",
    ...CLI_COMMANDS.map((n) => `  ${usageOf(n).padEnd(width)}  ${plainText(commandText("en", `help.${n}`))}`),
    `  ${"help".padEnd(width)}  This list.`,
    "",
    "Roles: full_admin, sales_full_admin, sales_admin, read_only, ops. Everything else (trials,",
    "linking a space, whoami) is done in Webex: type help to the bot.",
    "",
    "Exit status: 0 done, 1 refused (or rows not imported), 2 usage error, 3 the database cannot be opened.",
  ].join("\n");
}

const usageError = (message: string): CliResult => ({
  code: EXIT.usage,
  out: "",
  err: `${message}\nRun npm run admin -- help for the commands.`,
});

/** Splits argv into the command text and the `--file` path. */
function commandLine(
  argv: readonly string[],
): { ok: true; text: string; file: string | undefined } | { ok: false; usage: CliResult } {
  const fileAt = argv.indexOf("--file");
  if (fileAt >= 0 && !argv[fileAt + 1]) return { ok: false, usage: usageError("--file needs the path of a CSV file.") };
  const file = fileAt >= 0 ? argv[fileAt + 1] : undefined;
  const words = fileAt >= 0 ? [...argv.slice(0, fileAt), ...argv.slice(fileAt + 2)] : [...argv];
  return { ok: true, text: words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(" "), file };
}

/** What the CLI runs: the admin use cases, built by the composition root (boot/admin.ts). */
export interface AdminCliApp {
  admin: Pick<AdminCommands, "addPartner" | "addPerson" | "removePerson">;
  importCustomers(
    actor: AdminActor,
    rows: readonly ImportRow[],
  ): Promise<{ ok: true; value: ImportResult } | { ok: false; refusal: Refusal }>;
  /** The partner's name, for the reply to `person add`. */
  partnerName(partnerId: string): Promise<string | null>;
}

/** A command line: help, a command to run (with its CSV), or a usage error (exit 2). */
export type AdminInvocation =
  | { kind: "help" }
  | { kind: "run"; command: Command; csv: string | null; fromFile: boolean }
  | { kind: "usage"; result: CliResult };

const chatOnly = (name: string): CliResult =>
  usageError(`"${name.replace(/\./g, " ")}" is a chat command: type it to the bot in Webex.`);

/** Parses argv (and reads `--file`); needs no configuration and no database. */
export function parseAdminArgs(argv: readonly string[]): AdminInvocation {
  const [first] = argv;
  if (first === undefined || ["help", "--help", "-h"].includes(first)) return { kind: "help" };
  const line = commandLine(argv);
  if (!line.ok) return { kind: "usage", result: line.usage };
  const parsed = parseCommand(line.text, { testClock: false });
  if (!parsed.ok) return { kind: "usage", result: usageError(plainText(formatParseError(parsed.error, "en"))) };
  const command = parsed.command;
  if (!(CLI_COMMANDS as readonly string[]).includes(command.name))
    return { kind: "usage", result: chatOnly(command.name) };
  if (command.name !== "customer.import") return { kind: "run", command, csv: null, fromFile: false };
  let csv: string | null = command.csv;
  if (line.file) {
    try {
      csv = readFileSync(line.file, "utf8");
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
      return { kind: "usage", result: usageError(`cannot read ${line.file}: ${why}.`) };
    }
  }
  if (!csv)
    return {
      kind: "usage",
      result: usageError("customer import needs the CSV: customer import --file <customers.csv>."),
    };
  return { kind: "run", command, csv, fromFile: line.file !== undefined };
}

/** A command's outcome as the shell sees it. */
type CliOutcome = { done: true; text: string } | { done: false; text: string };

/** The one place that decides the exit status (and stream) of a command that ran. */
function cliResultOf(outcome: CliOutcome): CliResult {
  return outcome.done
    ? { code: EXIT.done, out: outcome.text, err: "" }
    : { code: EXIT.refused, out: "", err: outcome.text };
}

const doneText = (key: string, params: Record<string, unknown>): CliOutcome => ({
  done: true,
  text: plainText(translate("en", key, params)),
});
const refusedText = (refusal: Refusal): CliOutcome => ({ done: false, text: plainText(renderRefusal("en", refusal)) });

/** Runs a parsed command as `actor` (a bot admin) through the use cases. */
export async function runAdminCommand(
  app: AdminCliApp,
  actor: AdminActor,
  invocation: Extract<AdminInvocation, { kind: "run" }>,
): Promise<CliResult> {
  const { command } = invocation;
  switch (command.name) {
    case "partner.add": {
      const outcome = await app.admin.addPartner(actor, {
        name: command.partnerName,
        tier: command.tier,
        ...(command.timeZone ? { timeZone: command.timeZone } : {}),
        ...(command.domains ? { domains: command.domains } : {}),
      });
      if (!outcome.ok) return cliResultOf(refusedText(outcome.refusal));
      const { name, tier, timeZone } = outcome.value;
      return cliResultOf(doneText("reply.partner_added", { name, tier, timeZone }));
    }
    case "person.add": {
      const outcome = await app.admin.addPerson(actor, {
        email: command.email,
        role: command.role,
        ...(command.partner ? { partner: command.partner } : {}),
      });
      if (!outcome.ok) return cliResultOf(refusedText(outcome.refusal));
      const { email, role, partnerId } = outcome.value;
      const partner = partnerId ? await app.partnerName(partnerId) : null;
      return cliResultOf(doneText("reply.person_added", { email, role, partner: partner ?? "" }));
    }
    case "person.remove": {
      const outcome = await app.admin.removePerson(actor, command.email);
      if (!outcome.ok) return cliResultOf(refusedText(outcome.refusal));
      return cliResultOf(doneText("reply.person_removed", { email: outcome.value.email }));
    }
    case "customer.import":
      return cliResultOf(await importFrom(app, actor, command, invocation));
    default:
      return chatOnly(command.name);
  }
}

async function importFrom(
  app: AdminCliApp,
  actor: AdminActor,
  command: Extract<Command, { name: "customer.import" }>,
  invocation: { csv: string | null; fromFile: boolean },
): Promise<CliOutcome> {
  const parsed = parseCustomerCsv(invocation.csv ?? "", { firstLine: invocation.fromFile ? 1 : command.firstLine });
  // A file with any bad row imports nothing (as in chat).
  if (!parsed.ok) return { done: false, text: plainText(formatCsvErrors(parsed.errors, "en")) };
  const outcome = await app.importCustomers(actor, parsed.rows);
  if (!outcome.ok) return refusedText(outcome.refusal);
  const { created, updated, problems } = outcome.value;
  const text = doneText("reply.import_done", { created: created.length, updated: updated.length, problems }).text;
  // Rows skipped (an unknown managing partner) are not "done": a script must notice.
  return { done: problems.length === 0, text };
}
