// Which data a data directory holds. The sandbox writes a marker file into its directory when it
// seeds demo data; a real bot (WEBEX_TOKEN) must never run on such a directory, since it would
// deliver the demo partners', trials' and timers' messages to real people.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** Written into <dataDir> when the sandbox seeds it: `npm run sandbox:reset` deletes only such directories. */
export const SANDBOX_MARKER = "sandbox.json";

/** True when the sandbox created (and seeded) this data directory. */
export function holdsSandboxData(dataDir: string): boolean {
  return existsSync(join(resolve(dataDir), SANDBOX_MARKER));
}

/** True when the directory holds an embedded database (of the bot or of the sandbox). */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(resolve(dataDir), "pglite"));
}
