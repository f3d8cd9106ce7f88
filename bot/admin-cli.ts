// `npm run admin -- <command>`: the chat's administration commands from a shell, for first
// set-up (partners, people, customer import from a file). The CLI acts as a bot admin.
import { readFileSync } from "node:fs";
import { userInfo } from "node:os";
import { systemClock } from "../app/clock.ts";
import { ConfigError, readConfig } from "../app/config.ts";
import { databaseConfigFor, openDatabase } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { formatParseError } from "./commands/help.ts";
import { parseCommand } from "./commands/parse.ts";
import { handleCommand } from "./handlers/index.ts";
import { createUseCases } from "./use-cases.ts";

const CLI_COMMANDS = new Set(["partner.add", "person.add", "person.remove", "customer.import", "help", "whoami"]);

async function main(argv: string[]): Promise<number> {
  const config = readConfig(process.env);
  // `customer import --file rows.csv`: the CSV comes from the file.
  const fileAt = argv.indexOf("--file");
  const file = fileAt >= 0 ? argv[fileAt + 1] : undefined;
  const words = fileAt >= 0 ? [...argv.slice(0, fileAt), ...argv.slice(fileAt + 2)] : argv;
  const text = words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(" ");
  const parsed = parseCommand(text, { testClock: false });
  if (!parsed.ok) {
    console.error(formatParseError(parsed.error, "en"));
    return 2;
  }
  if (!CLI_COMMANDS.has(parsed.command.name)) {
    console.error(`"${parsed.command.name.replace(".", " ")}" is a chat command; from the CLI: partner add, person add, person remove, customer import --file <csv>.`);
    return 2;
  }
  const db = await openDatabase(databaseConfigFor(config));
  if (db.kind !== "postgres") await applyMigrations(db);
  const store = createPrismaStore(db);
  try {
    const clock = systemClock;
    const app = createUseCases({ store, clock, defaultTimeZone: config.defaultTimeZone });
    const email = `${userInfo().username}@cli.local`;
    const sender = { webexPersonId: "cli", email, person: null, isBotAdmin: true, language: "en" as const, customerAdminOf: [] };
    const reply = await handleCommand({ sender, roomId: "cli", lang: "en", app }, parsed.command, file ? readFileSync(file, "utf8") : null);
    console.log(reply.markdown);
    return reply.markdown.startsWith("Done") || reply.markdown.startsWith("Imported") ? 0 : 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? `trials-bot admin: ${error.message}` : error);
    process.exit(1);
  },
);
