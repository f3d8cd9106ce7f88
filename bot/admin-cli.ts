// `npm run admin -- <command>`: the chat's administration commands from a shell, for first
// set-up (partners, people, customer import from a file). The CLI acts as a bot admin.
//
// It answers like a shell tool: plain text (no markdown), exit status 0 when the command did
// what was asked, and one clean line when it cannot run (a data directory in use, a database it
// cannot reach) instead of a stack. `help` needs no configuration and no database.
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { systemClock } from "../app/clock.ts";
import { ConfigError, readConfig, type Env } from "../app/config.ts";
import type { AdminActor } from "../app/admin-commands.ts";
import { importCustomers } from "../app/customer-import.ts";
import type { Store } from "../app/store.ts";
import { databaseConfigFor, DirectoryLockedError, openDatabase, type DatabaseConfig } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { formatCsvErrors, parseCustomerCsv } from "./commands/csv.ts";
import { formatParseError } from "./commands/help.ts";
import { parseCommand } from "./commands/parse.ts";
import { commandText } from "./commands/text.ts";
import type { Command, CommandName } from "./commands/types.ts";
import { renderRefusal, translate } from "./i18n/index.ts";
import { AdminCommands } from "../app/admin-commands.ts";

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
function commandLine(argv: readonly string[]): { text: string; file: string | undefined } | CliResult {
  const fileAt = argv.indexOf("--file");
  if (fileAt >= 0 && !argv[fileAt + 1]) return usageError("--file needs the path of a CSV file.");
  const file = fileAt >= 0 ? argv[fileAt + 1] : undefined;
  const words = fileAt >= 0 ? [...argv.slice(0, fileAt), ...argv.slice(fileAt + 2)] : [...argv];
  return { text: words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(" "), file };
}

export interface CliOptions {
  env: Env;
  /** Overrides the database (tests). */
  database?: DatabaseConfig;
  /** Who runs it, for the audit trail (default: the OS user). */
  operator?: string;
}

export async function runAdmin(argv: readonly string[], options: CliOptions): Promise<CliResult> {
  if (argv.length === 0 || ["help", "--help", "-h"].includes(argv[0]!))
    return { code: EXIT.done, out: cliHelp(), err: "" };
  const line = commandLine(argv);
  if ("code" in line) return line;
  const parsed = parseCommand(line.text, { testClock: false });
  if (!parsed.ok) return usageError(plainText(formatParseError(parsed.error, "en")));
  const command = parsed.command;
  if (!(CLI_COMMANDS as readonly string[]).includes(command.name)) {
    return usageError(`"${command.name.replace(/\./g, " ")}" is a chat command: type it to the bot in Webex.`);
  }
  let csv: string | null = null;
  if (command.name === "customer.import") {
    if (line.file) {
      try {
        csv = readFileSync(line.file, "utf8");
      } catch (error) {
        return usageError(
          `cannot read ${line.file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`,
        );
      }
    } else csv = command.csv;
    if (!csv) return usageError("customer import needs the CSV: customer import --file <customers.csv>.");
  }

  let config;
  try {
    config = readConfig(options.env);
  } catch (error) {
    if (error instanceof ConfigError) return { code: EXIT.usage, out: "", err: `trials-bot admin: ${error.message}` };
    throw error;
  }
  const dbConfig = options.database ?? databaseConfigFor(config);
  let store: Store;
  try {
    const db = await openDatabase(dbConfig);
    try {
      if (db.kind !== "postgres") await applyMigrations(db);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    store = createPrismaStore(db);
  } catch (error) {
    const why =
      error instanceof DirectoryLockedError
        ? `${error.message}. The bot (or the sandbox) is running on this data directory: stop it, or run the command in Webex.`
        : (error as Error).message;
    return { code: EXIT.unavailable, out: "", err: `trials-bot admin: cannot open the database: ${why}` };
  }
  try {
    const actor: AdminActor = {
      email: options.operator ?? `${userInfo().username}@cli.local`,
      person: null,
      isBotAdmin: true,
    };
    return await run(store, actor, command, csv, line.file !== undefined, config.defaultTimeZone);
  } finally {
    await store.close();
  }
}

async function run(
  store: Store,
  actor: AdminActor,
  command: Command,
  csv: string | null,
  fromFile: boolean,
  defaultTimeZone: string,
): Promise<CliResult> {
  const clock = systemClock;
  const admin = new AdminCommands(store, clock, { defaultTimeZone });
  const done = (key: string, params: Record<string, unknown>): CliResult => ({
    code: EXIT.done,
    out: plainText(translate("en", key, params)),
    err: "",
  });
  const refused = (r: Parameters<typeof renderRefusal>[1]): CliResult => ({
    code: EXIT.refused,
    out: "",
    err: plainText(renderRefusal("en", r)),
  });
  switch (command.name) {
    case "partner.add": {
      const outcome = await admin.addPartner(actor, {
        name: command.partnerName,
        tier: command.tier,
        ...(command.timeZone ? { timeZone: command.timeZone } : {}),
        ...(command.domains ? { domains: command.domains } : {}),
      });
      return outcome.ok
        ? done("reply.partner_added", {
            name: outcome.value.name,
            tier: outcome.value.tier,
            timeZone: outcome.value.timeZone,
          })
        : refused(outcome.refusal);
    }
    case "person.add": {
      const outcome = await admin.addPerson(actor, {
        email: command.email,
        role: command.role,
        ...(command.partner ? { partner: command.partner } : {}),
      });
      if (!outcome.ok) return refused(outcome.refusal);
      const partner = outcome.value.partnerId ? await store.getPartner(outcome.value.partnerId) : null;
      return done("reply.person_added", {
        email: outcome.value.email,
        role: outcome.value.role,
        partner: partner?.name ?? "",
      });
    }
    case "person.remove": {
      const outcome = await admin.removePerson(actor, command.email);
      return outcome.ok ? done("reply.person_removed", { email: outcome.value.email }) : refused(outcome.refusal);
    }
    case "customer.import": {
      const parsed = parseCustomerCsv(csv ?? "", { firstLine: fromFile ? 1 : command.firstLine });
      // A file with any bad row imports nothing (as in chat).
      if (!parsed.ok) return { code: EXIT.refused, out: "", err: plainText(formatCsvErrors(parsed.errors, "en")) };
      const outcome = await importCustomers({ store, clock }, actor, parsed.rows);
      if (!outcome.ok) return refused(outcome.refusal);
      const text = plainText(
        translate("en", "reply.import_done", {
          created: outcome.value.created.length,
          updated: outcome.value.updated.length,
          problems: outcome.value.problems,
        }),
      );
      // Rows skipped (an unknown managing partner) are not "done": a script must notice.
      return outcome.value.problems.length > 0
        ? { code: EXIT.refused, out: "", err: text }
        : { code: EXIT.done, out: text, err: "" };
    }
    default:
      return usageError(`"${command.name.replace(/\./g, " ")}" is a chat command: type it to the bot in Webex.`);
  }
}

async function main(): Promise<void> {
  let result: CliResult;
  try {
    result = await runAdmin(process.argv.slice(2), { env: process.env });
  } catch (error) {
    // Nothing above should throw; if it does, one line, not a stack.
    result = { code: EXIT.unavailable, out: "", err: `trials-bot admin: failed: ${(error as Error).message}` };
  }
  if (result.out) console.log(result.out);
  if (result.err) console.error(result.err);
  process.exit(result.code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
