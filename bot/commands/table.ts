// The command table: one entry per command, with the words that name it and who may use it.
// R-ORG-2: `full_admin`, `sales_full_admin` and `sales_admin` may start, edit, extend, convert,
// cancel or delete a trial ("manage"); `read_only` may list and show ("view").

import type { CommandAccess } from "../../domain/command-gate.ts";
import { must } from "../../domain/invariant.ts";
import type { CommandName } from "./types.ts";

/**
 * Who may use a command:
 * - `everyone`: anyone, registered or not (help, whoami).
 * - `registered`: any registered person (lang).
 * - `view`: R-ORG-2 viewing roles (managing roles and read_only).
 * - `manage`: R-ORG-2 managing roles (full_admin, sales_full_admin, sales_admin).
 * - `admin`: bot admins (BOT_ADMINS) and partner full admins (within their own partner).
 * - `bot_admin`: bot admins only (creating a partner is not "within their own partner").
 * - `ops`: ops people only.
 * - `customer_admin`: admins of a customer organisation (by their Webex e-mail), who answer
 *   trial requests and follow their trials (R-CONSENT-7, R-INT-1).
 * `opsToo` lets ops people use a `view`/`manage` command as well.
 */
export type Access = CommandAccess;

export interface CommandEntry {
  name: CommandName;
  /** The command words, lower case, e.g. ["trial", "extend"]. */
  words: readonly string[];
  access: Access;
  /** Ops people may use it too. */
  opsToo?: boolean;
  /** Bot admins may use it too, registered or not (the use case admits them). */
  botAdminToo?: boolean;
  /** i18n key of the usage line (`usage.<name>`). */
  usage: string;
  /** i18n key of the one-line help (`help.<name>`). */
  help: string;
  /** Exists only when the test clock is enabled. */
  testClockOnly?: boolean;
  /** Not listed by `help` (answers such as yes/no). */
  hidden?: boolean;
}

type EntrySpec = Omit<CommandEntry, "name" | "usage" | "help">;

// `satisfies Record<CommandName, …>`: every command of the union has exactly one entry.
const SPECS = {
  help: { words: ["help"], access: "everyone" },
  whoami: { words: ["whoami"], access: "everyone" },
  lang: { words: ["lang"], access: "registered" },
  "trial.start": { words: ["trial", "start"], access: "manage" },
  "trial.start.existing": { words: ["trial", "start", "existing"], access: "manage" },
  "trial.add": { words: ["trial", "add"], access: "manage" },
  "trial.list": { words: ["trial", "list"], access: "view", opsToo: true },
  "trial.show": { words: ["trial", "show"], access: "view", opsToo: true },
  "trial.extend": { words: ["trial", "extend"], access: "manage" },
  "trial.services": { words: ["trial", "services"], access: "manage" },
  "trial.convert": { words: ["trial", "convert"], access: "manage" },
  "trial.cancel": { words: ["trial", "cancel"], access: "manage" },
  "trial.delete": { words: ["trial", "delete"], access: "manage" },
  "trial.resend": { words: ["trial", "resend"], access: "manage" },
  "trial.provision": { words: ["trial", "provision"], access: "manage" },
  "device.ship": { words: ["device", "ship"], access: "manage", opsToo: true },
  "device.return": { words: ["device", "return"], access: "manage", opsToo: true },
  "device.label": { words: ["device", "label"], access: "manage", opsToo: true },
  "device.contact": { words: ["device", "contact"], access: "manage", opsToo: true },
  "device.approve": { words: ["device", "approve"], access: "ops" },
  "device.deny": { words: ["device", "deny"], access: "ops" },
  "customer.import": { words: ["customer", "import"], access: "manage", botAdminToo: true },
  audit: { words: ["audit"], access: "view" },
  "partner.add": { words: ["partner", "add"], access: "bot_admin" },
  "person.add": { words: ["person", "add"], access: "admin" },
  "person.remove": { words: ["person", "remove"], access: "admin" },
  "space.link": { words: ["space", "link"], access: "admin" },
  yes: { words: ["yes"], access: "everyone", hidden: true },
  no: { words: ["no"], access: "everyone", hidden: true },
  requests: { words: ["requests"], access: "customer_admin" },
  accept: { words: ["accept"], access: "customer_admin" },
  decline: { words: ["decline"], access: "customer_admin" },
  interested: { words: ["interested"], access: "customer_admin" },
  "clock.show": { words: ["clock", "show"], access: "everyone", testClockOnly: true },
  "clock.advance": { words: ["clock", "advance"], access: "everyone", testClockOnly: true },
} satisfies Record<CommandName, EntrySpec>;

/** Every command, in the order `help` lists them. */
export const COMMANDS: readonly CommandEntry[] = Object.entries(SPECS).map(([name, spec]) => ({
  name: name as CommandName,
  usage: `usage.${name}`,
  help: `help.${name}`,
  ...(spec as EntrySpec),
}));

const BY_NAME = new Map(COMMANDS.map((c) => [c.name, c]));

export function commandEntry(name: CommandName): CommandEntry {
  return must(BY_NAME.get(name), `the command table's entry for ${name}`);
}

/** The command phrase as typed, e.g. "trial extend". */
export function phrase(entry: Pick<CommandEntry, "words">): string {
  return entry.words.join(" ");
}

/** The commands that exist with or without the test clock. */
export function availableCommands(testClock: boolean): CommandEntry[] {
  return COMMANDS.filter((c) => testClock || !c.testClockOnly);
}

/**
 * The table only declares each command's access; the gate is the domain's (R-ORG-2), asked
 * through app/command-access.ts (`help` lists what it lets a person use).
 */
export { type Asker, mayUse, rolesNeeded } from "../../app/command-access.ts";
