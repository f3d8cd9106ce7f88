// Why a start failed, in one message an operator can act on: what went wrong and what to check.
// main.ts prints it after "trials-bot cannot start:" for every kind of start-up error, so no
// start ends in a stack trace (the stack still goes to the log, at debug level).
import type { Config } from "../app/config.ts";
import { ConfigError } from "../app/config.ts";
import { WebexApiError } from "../bot/webex/errors.ts";
import { DirectoryLockedError } from "../prisma/database.ts";
import { StartupError } from "./preflight.ts";

const mask = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@");

/** Errors whose message is already written for the operator. */
const SELF_EXPLAINED = new Set([
  "ConfigError",
  "DirectoryLockedError",
  "RedisUnavailableError",
  "SandboxStartError",
  "StartupError",
]);

export function explainStartFailure(
  error: unknown,
  config: Pick<Config, "webexApiUrl" | "port" | "databaseUrl" | "redisUrl"> | null,
): string {
  if (error instanceof ConfigError || error instanceof DirectoryLockedError || error instanceof StartupError)
    return error.message;
  if (error instanceof Error && SELF_EXPLAINED.has(error.name)) return error.message;
  if (error instanceof WebexApiError) {
    const api = config?.webexApiUrl ?? "the Webex API";
    switch (error.code) {
      case "network":
      case "timeout":
        return `Webex is unreachable at ${api} (${error.message}). Check the network, any proxy or firewall, and WEBEX_API_URL.`;
      case "unauthorized":
        return `Webex refused the bot's token (401 on ${error.method} ${error.path}). Check WEBEX_TOKEN: it must be the bot's access token from developer.webex.com (it does not expire, but regenerating it replaces the old one).`;
      case "forbidden":
        return `Webex refused ${error.method} ${error.path} (403). Check that WEBEX_TOKEN is a bot's token, not a person's or an integration's.`;
      case "bad_request":
        return `Webex refused ${error.method} ${error.path} (400${error.descriptions.length ? `: ${error.descriptions.join("; ")}` : ""}). Check PUBLIC_URL: Webex must accept it as a webhook target (a public https URL).`;
      default:
        return `Webex answered ${error.status ?? error.code} to ${error.method} ${error.path}${error.trackingId ? ` (trackingId ${error.trackingId})` : ""}. Webex may be having trouble: check https://status.webex.com and try again.`;
    }
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE")
    return `port ${config?.port ?? "?"} is in use: stop what runs there, or set PORT to a free port.`;
  if (
    config?.databaseUrl &&
    (code === "ECONNREFUSED" ||
      code === "ENOTFOUND" ||
      code === "28P01" ||
      code === "3D000" ||
      /postgres|database/i.test(message))
  ) {
    return `the PostgreSQL database at ${mask(config.databaseUrl)} is not usable (${message}). Check DATABASE_URL, that the server runs and accepts this user, then npm run db:migrate.`;
  }
  if (code === "EACCES" || code === "EROFS" || code === "ENOSPC")
    return `${message}. Check that DATA_DIR is writable and its disk has room.`;
  return `${message}. This was not expected: run again with LOG_LEVEL=debug for the details, and check the configuration (README, Configuration).`;
}
