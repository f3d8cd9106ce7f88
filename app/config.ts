// Configuration from the environment: a pure function of the variables it is given (probot
// style), validated with zod. It fails fast: every bad variable is reported at once in one
// ConfigError, each line naming the variable, what is expected and what was given (secrets are
// never echoed).
import { IANAZone } from "luxon";
import { z } from "zod";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** json: one JSON object a line (for log collectors); pretty: short human lines on stderr. */
export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Config {
  /** Webex bot access token; null ⇒ sandbox mode (no Webex calls). */
  webexToken: string | null;
  /** True when no WEBEX_TOKEN is set. */
  sandbox: boolean;
  /** Webex REST API base URL, without a trailing slash. */
  webexApiUrl: string;
  /** Secret for verifying Webex webhook signatures (X-Spark-Signature); set whenever a token is. */
  webhookSecret: string | null;
  /** Public base URL of this service (webhook target), without a trailing slash; set whenever a token is. */
  publicUrl: string | null;
  port: number;
  /** postgres:// URL; null ⇒ embedded PGlite in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string;
  /** Bot administrators' e-mail addresses, lower-cased, de-duplicated. */
  botAdmins: string[];
  /** IANA zone used when a partner has none. */
  defaultTimeZone: string;
  /** Hour (0-23, in the default time zone) at which the daily ops digest is sent. */
  digestHour: number;
  logLevel: LogLevel;
  /** Default json with WEBEX_TOKEN, pretty in the sandbox. */
  logFormat: LogFormat;
  /** True when LOG_LEVEL was set (the sandbox then keeps the info lines it otherwise leaves to its banner). */
  logLevelSet: boolean;
  /** Enables the test clock (time can be moved by tests / the emulator). */
  testClock: boolean;
  /** Prefix for BullMQ queue names / Redis keys. */
  queuePrefix: string;
  /**
   * Key of the HMAC that signs card references; null ⇒ derived from the webhook secret (or, in
   * emulator mode, from the random webhook secret of the process).
   */
  cardSigningSecret: string | null;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export type Env = NodeJS.ProcessEnv | Record<string, string | undefined>;

export const DEFAULTS = {
  WEBEX_API_URL: "https://webexapis.com/v1",
  PORT: "3000",
  DATA_DIR: "./data",
  REDIS_URL: "redis://127.0.0.1:6379",
  DEFAULT_TIME_ZONE: "UTC",
  DIGEST_HOUR: "8",
  LOG_LEVEL: "info",
  TRIALS_TEST_CLOCK: "false",
  QUEUE_PREFIX: "trials",
} as const;

/**
 * The sandbox's own default data directory: real mode (./data) and the sandbox never share data
 * unless DATA_DIR says so, and even then a real bot refuses a directory the sandbox seeded.
 */
export const SANDBOX_DATA_DIR = "./sandbox-data";

const MIN_SECRET_LENGTH = 16;

function isUrlWithProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const u = new URL(value);
    return protocols.includes(u.protocol) && u.host !== "";
  } catch {
    return false;
  }
}

/** Hides the password of a URL before it goes into an error message. */
function maskUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return value;
  }
}

const EMAIL = z.email();

interface Field<T> {
  /** What a good value looks like, for the error message ("expected …"). */
  expected: string;
  schema: z.ZodType<T, string>;
  /** How to show a bad value: "value" (quoted), "masked-url", or "length" (secrets). */
  show?: "value" | "masked-url" | "length";
}

function field<T>(expected: string, schema: z.ZodType<T, string>, show: Field<T>["show"] = "value"): Field<T> {
  return { expected, schema, show };
}

const integerIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\s*\d+\s*$/)
    .transform(Number)
    .refine((n) => Number.isSafeInteger(n) && n >= min && n <= max);

const trimmedUrl = (protocols: readonly string[]) =>
  z
    .string()
    .refine((v) => isUrlWithProtocol(v, protocols))
    .transform((v) => v.replace(/\/+$/, ""));

const FIELDS = {
  WEBEX_TOKEN: field("a non-empty Webex bot token", z.string().min(1), "length"),
  WEBEX_API_URL: field("an http(s) URL", trimmedUrl(["http:", "https:"])),
  WEBEX_WEBHOOK_SECRET: field(
    `a secret of at least ${MIN_SECRET_LENGTH} characters`,
    z.string().min(MIN_SECRET_LENGTH),
    "length",
  ),
  PUBLIC_URL: field("an http(s) URL", trimmedUrl(["http:", "https:"])),
  PORT: field("an integer 1-65535", integerIn(1, 65535)),
  DATABASE_URL: field(
    "a postgres:// or postgresql:// URL",
    z.string().refine((v) => isUrlWithProtocol(v, ["postgres:", "postgresql:"])),
    "masked-url",
  ),
  DATA_DIR: field("a directory path", z.string().min(1)),
  REDIS_URL: field(
    "a redis:// or rediss:// URL",
    z.string().refine((v) => isUrlWithProtocol(v, ["redis:", "rediss:"])),
    "masked-url",
  ),
  BOT_ADMINS: field(
    "comma-separated e-mail addresses",
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== ""),
      )
      .refine((list) => list.every((e) => EMAIL.safeParse(e).success))
      .transform((list) => [...new Set(list)]),
  ),
  DEFAULT_TIME_ZONE: field(
    "an IANA time zone such as Europe/Paris",
    z.string().refine((v) => IANAZone.isValidZone(v)),
  ),
  DIGEST_HOUR: field("an integer 0-23", integerIn(0, 23)),
  LOG_LEVEL: field(
    `one of ${LOG_LEVELS.join(", ")}`,
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(LOG_LEVELS)),
  ),
  TRIALS_TEST_CLOCK: field(
    '"true" or "false"',
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(["true", "false"]))
      .transform((v) => v === "true"),
  ),
  LOG_FORMAT: field(
    `one of ${LOG_FORMATS.join(", ")}`,
    z
      .string()
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(LOG_FORMATS)),
  ),
  // {name}: a Redis Cluster hash tag, so every key of a queue lands in one slot.
  QUEUE_PREFIX: field(
    "letters, digits, '-' or '_' (1-64 characters), optionally in braces (a Redis Cluster hash tag: {trials})",
    z.string().regex(/^(?:[A-Za-z0-9_-]{1,64}|\{[A-Za-z0-9_-]{1,62}\})$/),
  ),
  CARD_SIGNING_SECRET: field(
    `a secret of at least ${MIN_SECRET_LENGTH} characters`,
    z.string().min(MIN_SECRET_LENGTH),
    "length",
  ),
} as const;

type FieldName = keyof typeof FIELDS;
type Parsed = { [K in FieldName]: (typeof FIELDS)[K] extends Field<infer T> ? T : never };

function describeValue(raw: string, show: Field<unknown>["show"]): string {
  if (show === "length") return `${raw.length} character${raw.length === 1 ? "" : "s"}`;
  if (show === "masked-url") return JSON.stringify(maskUrl(raw));
  return JSON.stringify(raw);
}

/** Unset and blank variables count as absent. */
function read(env: Env, name: string): string | undefined {
  const v = env[name];
  if (v === undefined) return undefined;
  return v.trim() === "" ? undefined : v.trim();
}

/** Reads and validates the configuration; throws ConfigError listing every problem. */
export function readConfig(env: Env): Config {
  const problems: string[] = [];
  const values: Partial<Record<FieldName, unknown>> = {};

  for (const name of Object.keys(FIELDS) as FieldName[]) {
    const f: Field<unknown> = FIELDS[name];
    const raw = read(env, name) ?? (name in DEFAULTS ? DEFAULTS[name as keyof typeof DEFAULTS] : undefined);
    if (raw === undefined) continue;
    const result = f.schema.safeParse(raw);
    if (result.success) values[name] = result.data;
    else problems.push(`${name}: expected ${f.expected}, got ${describeValue(raw, f.show)}`);
  }

  // Cross-variable rules: a real Webex connection needs a webhook secret and a public URL.
  if (read(env, "WEBEX_TOKEN") !== undefined) {
    if (read(env, "WEBEX_WEBHOOK_SECRET") === undefined) {
      problems.push(
        `WEBEX_WEBHOOK_SECRET: required when WEBEX_TOKEN is set (expected ${FIELDS.WEBEX_WEBHOOK_SECRET.expected})`,
      );
    }
    if (read(env, "PUBLIC_URL") === undefined) {
      problems.push(`PUBLIC_URL: required when WEBEX_TOKEN is set (expected ${FIELDS.PUBLIC_URL.expected})`);
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const v = values as Partial<Parsed>;
  const token = v.WEBEX_TOKEN ?? null;
  return {
    webexToken: token,
    sandbox: token === null,
    webexApiUrl: v.WEBEX_API_URL ?? DEFAULTS.WEBEX_API_URL,
    webhookSecret: v.WEBEX_WEBHOOK_SECRET ?? null,
    publicUrl: v.PUBLIC_URL ?? null,
    port: v.PORT ?? Number(DEFAULTS.PORT),
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir:
      read(env, "DATA_DIR") !== undefined && v.DATA_DIR
        ? v.DATA_DIR
        : token === null
          ? SANDBOX_DATA_DIR
          : DEFAULTS.DATA_DIR,
    redisUrl: v.REDIS_URL ?? DEFAULTS.REDIS_URL,
    botAdmins: v.BOT_ADMINS ?? [],
    defaultTimeZone: v.DEFAULT_TIME_ZONE ?? DEFAULTS.DEFAULT_TIME_ZONE,
    digestHour: v.DIGEST_HOUR ?? Number(DEFAULTS.DIGEST_HOUR),
    logLevel: v.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    logFormat: v.LOG_FORMAT ?? (token === null ? "pretty" : "json"),
    logLevelSet: read(env, "LOG_LEVEL") !== undefined,
    testClock: v.TRIALS_TEST_CLOCK ?? false,
    queuePrefix: v.QUEUE_PREFIX ?? DEFAULTS.QUEUE_PREFIX,
    cardSigningSecret: v.CARD_SIGNING_SECRET ?? null,
  };
}

/** The configuration with secrets replaced, for logging at start-up. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    webexToken: config.webexToken === null ? null : "[redacted]",
    webhookSecret: config.webhookSecret === null ? null : "[redacted]",
    cardSigningSecret: config.cardSigningSecret === null ? null : "[redacted]",
    databaseUrl: config.databaseUrl === null ? null : maskUrl(config.databaseUrl),
    redisUrl: maskUrl(config.redisUrl),
  };
}
