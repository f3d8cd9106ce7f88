// Shared set-up for the Webex tests: an emulator with a bot and two people, and a client for the bot.
import { WebexClient, type WebexClientOptions } from "../../bot/webex/client.ts";
import type { Logger } from "../../bot/webex/logger.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";

export interface World {
  emulator: WebexEmulator;
  bot: Awaited<ReturnType<WebexEmulator["addBot"]>>;
  alice: ReturnType<WebexEmulator["addPerson"]>;
  bob: ReturnType<WebexEmulator["addPerson"]>;
  client: WebexClient;
  sleeps: number[];
}

export async function setUp(clientOptions: Partial<WebexClientOptions> = {}): Promise<World> {
  const emulator = await startWebexEmulator();
  const bot = emulator.addBot({ displayName: "Trials Bot" });
  const alice = emulator.addPerson({ displayName: "Alice Partner", email: "alice@partner.example" });
  const bob = emulator.addPerson({ displayName: "Bob Customer", email: "bob@customer.example" });
  const sleeps: number[] = [];
  const client = new WebexClient({
    token: bot.token,
    baseUrl: emulator.url,
    // Record the waits instead of sleeping them, so retry tests run in milliseconds.
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...clientOptions,
  });
  return { emulator, bot, alice, bob, client, sleeps };
}

export interface LogLine {
  level: string;
  obj: object;
  msg?: string;
}

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    void lines.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

export const utf8 = (s: string): number => Buffer.byteLength(s, "utf8");
