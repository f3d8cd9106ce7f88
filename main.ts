// `npm start`. With WEBEX_TOKEN: the bot against Webex. Without: the local sandbox (the Webex
// emulator, the bot, Redis and a page that looks like a Webex space), so it runs at once with no
// token, no public URL and no database server.

import { ManualClock } from "./app/clock.ts";
import { type Config, ConfigError, readConfig } from "./app/config.ts";
import { createLogger } from "./app/logger.ts";
import { TestClock } from "./app/test-clock.ts";
import { startBot } from "./boot/start-bot.ts";
import { explainStartFailure } from "./boot/start-failure.ts";

/** Every failed start ends here: one "cannot start" message with what to check, never a stack. */
function cannotStart(error: unknown, config: Config | null): never {
  console.error(`trials-bot cannot start: ${explainStartFailure(error, config)}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) cannotStart(error, null);
    throw error;
  }
  // The sandbox's terminal is read by a person: a banner, then only warnings (unless LOG_LEVEL says otherwise).
  const quiet = config.sandbox && config.logFormat === "pretty" && !config.logLevelSet;
  const logger = createLogger({ ...config, logLevel: quiet ? "warn" : config.logLevel });
  let running: { stop(): Promise<void> };
  try {
    if (config.webexToken) {
      // TRIALS_TEST_CLOCK on a real (or emulated) Webex: time stands still and bot admins move it.
      const clock = config.testClock ? new ManualClock(new Date()) : undefined;
      const bot = await startBot({
        config,
        logger,
        ...(clock ? { clock, testClock: new TestClock(clock, undefined, { audience: "bot_admins" }) } : {}),
      });
      logger.info({ url: bot.url, health: `${bot.url}/healthz` }, "trials-bot is running");
      running = bot;
    } else {
      // Loaded only here: a bot on Webex starts without the sandbox's modules.
      const { sandboxBanner, startSandbox } = await import("./sandbox/index.ts");
      const sandbox = await startSandbox({ config, logger, dataDir: config.dataDir });
      if (config.logFormat === "pretty") console.log(sandboxBanner({ ...sandbox, now: sandbox.testClock.show() }));
      else
        logger.info(
          { url: sandbox.url, data: sandbox.dataDir, redis: sandbox.redisUrl },
          "trials-bot sandbox is running",
        );
      running = sandbox;
    }
  } catch (error) {
    logger.debug({ err: error }, "start-up failed");
    cannotStart(error, config);
  }
  // Graceful shutdown: the HTTP receiver stops, the workers stop taking jobs and finish the
  // running ones, then queues, Redis and the store close (bot.stop). A second signal, or a stop
  // that hangs past SHUTDOWN_TIMEOUT_MS, exits at once: a job cut short is taken again by another
  // worker (its lock expires) and the outbox claim keeps its message from going out twice.
  const SHUTDOWN_TIMEOUT_MS = 30_000;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down: finishing running jobs");
    const timer = setTimeout(() => {
      logger.error({ ms: SHUTDOWN_TIMEOUT_MS }, "shutdown timed out: exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await running.stop();
    } catch (err) {
      logger.error({ err }, "error while shutting down");
      process.exit(1);
    }
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

await main();
