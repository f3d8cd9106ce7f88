// `npm start`. With WEBEX_TOKEN: the bot against Webex. Without: the bot against the local
// Webex emulator on loopback, so it runs at once with no token, no public URL, no database server.
import { randomBytes } from "node:crypto";
import { ConfigError, readConfig } from "./app/config.ts";
import { createLogger } from "./app/logger.ts";
import { startBot, StartupError, type RunningBot } from "./bot/server.ts";
import { startWebexEmulator } from "./emulator/index.ts";
import { DirectoryLockedError } from "./prisma/database.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`trials-bot cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  const stops: (() => Promise<void>)[] = [];
  let bot: RunningBot;
  try {
    if (config.webexToken) {
      bot = await startBot({ config, logger });
    } else {
      const emulator = await startWebexEmulator();
      stops.push(() => emulator.close());
      const botPerson = emulator.addBot({ displayName: "trials-bot", email: "trials-bot@webex.bot" });
      const you = emulator.addPerson({ displayName: "You", email: config.botAdmins[0] ?? "admin@example.com" });
      bot = await startBot({ config: { ...config, botAdmins: [...new Set([...config.botAdmins, you.emails[0]!])] }, logger, webex: { token: botPerson.token, baseUrl: emulator.url, secret: randomBytes(24).toString("hex") }, host: "127.0.0.1" });
      logger.info({ emulator: emulator.url, you: you.emails[0], yourToken: you.token }, "no WEBEX_TOKEN: running against the local Webex emulator (the browser sandbox arrives with the sandbox issue)");
    }
  } catch (error) {
    for (const stop of stops) await stop();
    if (error instanceof StartupError || error instanceof DirectoryLockedError) {
      console.error(`trials-bot cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  console.log(`trials-bot is running: ${bot.url}  (health: ${bot.url}/healthz)`);
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
      await bot.stop();
      for (const stop of stops) await stop();
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
