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
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await bot.stop();
    for (const stop of stops) await stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

await main();
