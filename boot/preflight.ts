// What can refuse a start without leaving a trace, checked before anything is opened: a second
// instance must not seed, migrate, register webhooks or write Redis keys before finding its
// port taken, and a bot on Webex must not run on the sandbox's demo data.
import { createServer } from "node:net";
import { dirname } from "node:path";
import type { Config } from "../app/config.ts";
import { holdsSandboxData } from "../app/data-dir.ts";
import type { DatabaseConfig } from "../prisma/database.ts";

/** A start refused with a message written for the operator (main.ts prints it as is). */
export class StartupError extends Error {}

/** Whether something already listens on port (0: any free port, never in use). */
export function portInUse(port: number, host = "0.0.0.0"): Promise<boolean> {
  if (port === 0) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(true) : reject(error),
    );
    probe.listen(port, host, () => probe.close(() => resolve(false)));
  });
}

export async function refuseDoomedStart(
  config: Pick<Config, "port">,
  database: DatabaseConfig,
  options: { host: string; allowSandboxData: boolean },
): Promise<void> {
  if (await portInUse(config.port, options.host)) {
    throw new StartupError(
      `port ${config.port} is in use (another trials-bot, or another service): stop it, or set PORT to a free port`,
    );
  }
  if (database.kind === "pglite" && !options.allowSandboxData && holdsSandboxData(dirname(database.dataDir))) {
    const dir = dirname(database.dataDir);
    throw new StartupError(
      `${dir} holds the sandbox's demo data (demo partners, trials and timers), which a bot on Webex would deliver to real people. ` +
        `Set DATA_DIR to the bot's own directory, or delete the demo data first: DATA_DIR=${dir} npm run sandbox:reset`,
    );
  }
}
