// Structured JSON logging (pino). Secrets never reach the log: tokens, authorization headers,
// webhook secrets and passwords are redacted wherever they appear (top level, one or two levels
// deep, and in request/response headers).
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from "pino";
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
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-spark-signature"]',
  'headers.authorization',
  'headers["x-spark-signature"]',
];

export const REDACTED = "[redacted]";

/** The application logger: JSON lines at the configured level. `destination` is for tests. */
export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
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
