// `npm run admin -- <command>`: the chat's administration commands from a shell, for first
// set-up (partners, people, customer import from a file). The CLI acts as a bot admin. This is
// its composition root: the same store and use cases the bot builds (open-store.ts,
// createUseCases), handed to the shell adapter (bot/admin-cli.ts).
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { AdminActor } from "../app/admin-commands.ts";
import { systemClock } from "../app/clock.ts";
import { type Config, ConfigError, type Env, readConfig } from "../app/config.ts";
import { importCustomers } from "../app/customer-import.ts";
import type { Store } from "../app/store.ts";
import { type AdminCliApp, type CliResult, cliHelp, EXIT, parseAdminArgs, runAdminCommand } from "../bot/admin-cli.ts";
import { type DatabaseConfig, DirectoryLockedError, databaseConfigFor } from "../prisma/database.ts";
import { openStore } from "./open-store.ts";
import { createUseCases } from "./use-cases.ts";

export { type CliResult, cliHelp, EXIT } from "../bot/admin-cli.ts";

export interface CliOptions {
  env: Env;
  /** Overrides the database (tests). */
  database?: DatabaseConfig;
  /** Who runs it, for the audit trail (default: the OS user). */
  operator?: string;
}

function adminApp(store: Store, config: Config): AdminCliApp {
  const app = createUseCases({ store, clock: systemClock, defaultTimeZone: config.defaultTimeZone });
  return {
    admin: app.admin,
    importCustomers: (actor, rows) => importCustomers({ store, clock: app.clock }, actor, rows),
    partnerName: async (partnerId) => (await store.getPartner(partnerId))?.name ?? null,
  };
}

async function openForCli(
  config: Config,
  database: DatabaseConfig | undefined,
): Promise<{ ok: true; store: Store } | { ok: false; result: CliResult }> {
  try {
    return { ok: true, store: await openStore(database ?? databaseConfigFor(config)) };
  } catch (error) {
    const why =
      error instanceof DirectoryLockedError
        ? `${error.message}. The bot (or the sandbox) is running on this data directory: stop it, or run the command in Webex.`
        : (error as Error).message;
    return {
      ok: false,
      result: { code: EXIT.unavailable, out: "", err: `trials-bot admin: cannot open the database: ${why}` },
    };
  }
}

export async function runAdmin(argv: readonly string[], options: CliOptions): Promise<CliResult> {
  const invocation = parseAdminArgs(argv);
  if (invocation.kind === "help") return { code: EXIT.done, out: cliHelp(), err: "" };
  if (invocation.kind === "usage") return invocation.result;
  let config: Config;
  try {
    config = readConfig(options.env);
  } catch (error) {
    if (error instanceof ConfigError) return { code: EXIT.usage, out: "", err: `trials-bot admin: ${error.message}` };
    throw error;
  }
  const opened = await openForCli(config, options.database);
  if (!opened.ok) return opened.result;
  const store = opened.store;
  try {
    const actor: AdminActor = {
      email: options.operator ?? `${userInfo().username}@cli.local`,
      person: null,
      isBotAdmin: true,
    };
    return await runAdminCommand(adminApp(store, config), actor, invocation);
  } finally {
    await store.close();
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
