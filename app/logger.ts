// Structured JSON logging (pino). Secrets never reach the log: tokens, authorization headers,
// webhook secrets and passwords are redacted wherever they appear (top level, one or two levels
// deep, and in request/response headers).
import { type DestinationStream, type Logger, pino, stdTimeFunctions } from "pino";
import type { Config } from "./config.ts";

export type { Logger } from "pino";

const SECRET_KEYS = [
  "token",
  "accessToken",
  "webexToken",
  "authorization",
  "Authorization",
  "secret",
  "webhookSecret",
  "password",
  "apiKey",
  "cookie",
  "x-spark-signature",
];

/** pino redact paths: each secret key at the top level, one and two levels deep, and in headers. */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS.flatMap((k) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
    const dot = key.startsWith("[") ? key : `.${key}`;
    return [key, `*${dot}`, `*.*${dot}`];
  }),
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-spark-signature"]',
  "headers.authorization",
  'headers["x-spark-signature"]',
];

export const REDACTED = "[redacted]";

/**
 * A pino destination that writes short human lines ("03:12:09 WARN message key=value") to
 * stderr (or `out`): LOG_FORMAT=pretty, the sandbox's default, where a person reads the terminal.
 */
export function prettyDestination(out: { write(text: string): unknown } = process.stderr): DestinationStream {
  const SKIP = new Set(["level", "time", "msg", "service", "pid", "hostname"]);
  const show = (v: unknown): string =>
    typeof v === "string"
      ? /\s/.test(v)
        ? JSON.stringify(v)
        : v
      : v instanceof Object && "message" in v
        ? JSON.stringify((v as { message: unknown }).message)
        : JSON.stringify(v);
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = typeof entry.time === "string" ? entry.time.slice(11, 19) : "";
      const fields = Object.entries(entry)
        .filter(([k]) => !SKIP.has(k))
        .map(([k, v]) => `${k}=${show(v)}`);
      out.write(
        `${time} ${String(entry.level ?? "").toUpperCase()} ${String(entry.msg ?? "")}${fields.length ? `  ${fields.join(" ")}` : ""}\n`,
      );
    },
  };
}

/** The application logger: JSON lines at the configured level (LOG_FORMAT=pretty: human lines). `destination` is for tests. */
export function createLogger(
  config: Pick<Config, "logLevel"> & { logFormat?: Config["logFormat"] },
  destination?: DestinationStream,
): Logger {
  if (!destination && config.logFormat === "pretty") destination = prettyDestination();
  const options = {
    level: config.logLevel,
    base: { service: "trials-bot" },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What is known about the event being handled (a Webex webhook, a card action, a timer, …). */
export interface EventFields {
  /** Kind of event, e.g. "message.created", "attachmentAction.created", "timer.expiry". */
  type: string;
  id?: string | null;
  actorId?: string | null;
  actorEmail?: string | null;
  roomId?: string | null;
  partnerId?: string | null;
  trialId?: string | null;
  /** Correlates every line written while handling one event. */
  correlationId?: string | null;
  [key: string]: unknown;
}

/**
 * A child logger whose lines carry the event's fields under `event` (absent/null fields are
 * left out), so every line written while handling one event can be found together.
 */
export function eventLogger(logger: Logger, event: EventFields): Logger {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (v !== undefined && v !== null) fields[k] = v;
  return logger.child({ event: fields });
}
