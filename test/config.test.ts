import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, type Env, readConfig } from "../app/config.ts";
import { createLogger, eventLogger } from "../app/logger.ts";

function problemsOf(env: Env): readonly string[] {
  try {
    readConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected readConfig to throw");
}

const LIVE = {
  WEBEX_TOKEN: "bot-token-value",
  WEBEX_WEBHOOK_SECRET: "0123456789abcdef",
  PUBLIC_URL: "https://bot.example.com/",
};

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("readConfig", () => {
  it("gives the defaults for an empty environment (sandbox mode)", () => {
    expect(readConfig({})).toEqual({
      webexToken: null,
      sandbox: true,
      webexApiUrl: "https://webexapis.com/v1",
      webhookSecret: null,
      publicUrl: null,
      port: 3000,
      databaseUrl: null,
      dataDir: "./sandbox-data",
      redisUrl: "redis://127.0.0.1:6379",
      botAdmins: [],
      defaultTimeZone: "UTC",
      digestHour: 8,
      logLevel: "info",
      logFormat: "pretty",
      logLevelSet: false,
      testClock: false,
      queuePrefix: "trials",
      cardSigningSecret: null,
    });
  });

  it("real mode and the sandbox never share a data directory by default; JSON logs for real mode", () => {
    const live = readConfig(LIVE);
    const sandbox = readConfig({});
    expect(live.dataDir).toBe("./data");
    expect(sandbox.dataDir).toBe("./sandbox-data");
    expect(live.logFormat).toBe("json");
    expect(sandbox.logFormat).toBe("pretty");
    expect(readConfig({ LOG_FORMAT: "JSON" }).logFormat).toBe("json");
    expect(readConfig({ ...LIVE, DATA_DIR: "/srv/x" }).dataDir).toBe("/srv/x");
    expect(() => readConfig({ LOG_FORMAT: "xml" })).toThrow(/LOG_FORMAT: expected one of json, pretty, got "xml"/);
  });

  it("treats blank variables as unset", () => {
    expect(readConfig({ PORT: "", WEBEX_TOKEN: "  ", DATABASE_URL: "" })).toMatchObject({
      port: 3000,
      sandbox: true,
      databaseUrl: null,
    });
  });

  it("reads every variable", () => {
    const config = readConfig({
      ...LIVE,
      WEBEX_API_URL: "http://localhost:4010/v1/",
      PORT: "8080",
      DATABASE_URL: "postgres://u:p@127.0.0.1:5432/trials",
      DATA_DIR: "/var/lib/trials",
      REDIS_URL: "redis://redis:6379/2",
      BOT_ADMINS: "Alice@Example.com, bob@example.org,,alice@example.com",
      DEFAULT_TIME_ZONE: "Europe/Paris",
      DIGEST_HOUR: "0",
      LOG_LEVEL: "DEBUG",
      LOG_FORMAT: "pretty",
      TRIALS_TEST_CLOCK: "true",
      QUEUE_PREFIX: "trials-test_1",
      CARD_SIGNING_SECRET: "card-secret-0123456789",
    });
    expect(config).toEqual({
      webexToken: "bot-token-value",
      sandbox: false,
      webexApiUrl: "http://localhost:4010/v1",
      webhookSecret: "0123456789abcdef",
      publicUrl: "https://bot.example.com",
      port: 8080,
      databaseUrl: "postgres://u:p@127.0.0.1:5432/trials",
      dataDir: "/var/lib/trials",
      redisUrl: "redis://redis:6379/2",
      botAdmins: ["alice@example.com", "bob@example.org"],
      defaultTimeZone: "Europe/Paris",
      digestHour: 0,
      logLevel: "debug",
      logFormat: "pretty",
      logLevelSet: true,
      testClock: true,
      queuePrefix: "trials-test_1",
      cardSigningSecret: "card-secret-0123456789",
    });
  });

  it("normalises BOT_ADMINS: trimmed, lower-cased, de-duplicated, empty entries dropped", () => {
    expect(readConfig({ BOT_ADMINS: " Ops@Example.COM ,ops@example.com, , x@y.io " }).botAdmins).toEqual([
      "ops@example.com",
      "x@y.io",
    ]);
  });

  it("names each bad variable with what is expected and what was given", () => {
    const cases: [string, string, RegExp][] = [
      ["PORT", "abc", /^PORT: expected an integer 1-65535, got "abc"$/],
      ["PORT", "70000", /^PORT: expected an integer 1-65535, got "70000"$/],
      ["PORT", "0", /^PORT: expected an integer 1-65535/],
      ["WEBEX_API_URL", "not a url", /^WEBEX_API_URL: expected an http\(s\) URL, got "not a url"$/],
      ["PUBLIC_URL", "ftp://x.example", /^PUBLIC_URL: expected an http\(s\) URL/],
      [
        "DATABASE_URL",
        "mysql://localhost/db",
        /^DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL, got "mysql:/,
      ],
      ["REDIS_URL", "localhost:6379", /^REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL/],
      [
        "BOT_ADMINS",
        "a@b.com, not-an-email",
        /^BOT_ADMINS: expected comma-separated e-mail addresses, got "a@b.com, not-an-email"$/,
      ],
      ["DEFAULT_TIME_ZONE", "Mars/Olympus", /^DEFAULT_TIME_ZONE: expected an IANA time zone.*got "Mars\/Olympus"$/],
      ["DIGEST_HOUR", "24", /^DIGEST_HOUR: expected an integer 0-23, got "24"$/],
      ["DIGEST_HOUR", "7.5", /^DIGEST_HOUR: expected an integer 0-23/],
      [
        "LOG_LEVEL",
        "verbose",
        /^LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"$/,
      ],
      ["TRIALS_TEST_CLOCK", "yes", /^TRIALS_TEST_CLOCK: expected "true" or "false", got "yes"$/],
      ["QUEUE_PREFIX", "a:b", /^QUEUE_PREFIX: expected letters, digits/],
      ["QUEUE_PREFIX", "{trials", /^QUEUE_PREFIX: expected letters, digits/],
    ];
    for (const [name, value, pattern] of cases) {
      const problems = problemsOf({ [name]: value });
      expect(problems, `${name}=${value}`).toHaveLength(1);
      expect(problems[0], `${name}=${value}`).toMatch(pattern);
    }
  });

  it("QUEUE_PREFIX may be a Redis Cluster hash tag", () => {
    expect(readConfig({ QUEUE_PREFIX: "{trials}" }).queuePrefix).toBe("{trials}");
  });

  it("reports multiple problems together", () => {
    const problems = problemsOf({ PORT: "abc", DIGEST_HOUR: "99", LOG_LEVEL: "loud", DEFAULT_TIME_ZONE: "Nowhere" });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "DEFAULT_TIME_ZONE",
      "DIGEST_HOUR",
      "LOG_LEVEL",
      "PORT",
    ]);
    try {
      readConfig({ PORT: "abc", DIGEST_HOUR: "99" });
    } catch (e) {
      expect((e as Error).message).toContain('PORT: expected an integer 1-65535, got "abc"');
      expect((e as Error).message).toContain('DIGEST_HOUR: expected an integer 0-23, got "99"');
      expect((e as Error).message).toContain("2 problems");
    }
  });

  it("rejects a token without a webhook secret or public URL", () => {
    const problems = problemsOf({ WEBEX_TOKEN: "bot-token-value" });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^WEBEX_WEBHOOK_SECRET: required when WEBEX_TOKEN is set/);
    expect(problems[1]).toMatch(/^PUBLIC_URL: required when WEBEX_TOKEN is set/);
  });

  it("rejects a short webhook secret without echoing it", () => {
    const problems = problemsOf({ ...LIVE, WEBEX_WEBHOOK_SECRET: "tooshort" });
    expect(problems).toEqual(["WEBEX_WEBHOOK_SECRET: expected a secret of at least 16 characters, got 8 characters"]);
    expect(problems.join()).not.toContain("tooshort");
  });

  it("rejects a short card signing secret without echoing it", () => {
    const problems = problemsOf({ CARD_SIGNING_SECRET: "short-one" });
    expect(problems).toEqual(["CARD_SIGNING_SECRET: expected a secret of at least 16 characters, got 9 characters"]);
  });

  it("does not echo a database password in errors", () => {
    const problems = problemsOf({ DATABASE_URL: "mysql://user:hunter2@db/x" });
    expect(problems.join()).not.toContain("hunter2");
  });

  it("describeConfig hides secrets", () => {
    const d = describeConfig(readConfig({ ...LIVE, DATABASE_URL: "postgres://u:hunter2@db/x" }));
    expect(JSON.stringify(d)).not.toContain("hunter2");
    expect(JSON.stringify(d)).not.toContain("bot-token-value");
    expect(JSON.stringify(d)).not.toContain("0123456789abcdef");
    expect(JSON.stringify(describeConfig(readConfig({ CARD_SIGNING_SECRET: "card-secret-0123456789" })))).not.toContain(
      "card-secret-0123456789",
    );
  });
});

describe("createLogger / eventLogger", () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
        cb();
      },
    });
    return { lines, stream };
  }

  it("writes JSON at the configured level and redacts secrets", () => {
    const { lines, stream } = capture();
    const log = createLogger({ logLevel: "info" }, stream);
    log.debug("hidden");
    log.info(
      { token: "t1", req: { headers: { authorization: "Bearer t2" } }, config: { webhookSecret: "s1" } },
      "hello",
    );
    expect(lines).toHaveLength(1);
    const text = JSON.stringify(lines[0]);
    expect(lines[0]).toMatchObject({ level: "info", msg: "hello", service: "trials-bot" });
    for (const secret of ["t1", "Bearer t2", "s1"]) expect(text).not.toContain(secret);
  });

  it("eventLogger adds the event's fields to every line", () => {
    const { lines, stream } = capture();
    const log = eventLogger(createLogger({ logLevel: "info" }, stream), {
      type: "message.created",
      id: "evt-1",
      roomId: null,
      token: "secret-token",
    });
    log.info("handled");
    expect(lines[0]).toMatchObject({ msg: "handled", event: { type: "message.created", id: "evt-1" } });
    expect(JSON.stringify(lines[0])).not.toContain("secret-token");
    expect((lines[0]?.event as Record<string, unknown> | undefined)?.roomId).toBeUndefined();
  });
});
