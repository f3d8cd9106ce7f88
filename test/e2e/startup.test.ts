// A start that fails half-way (Webex refuses the webhooks) leaves nothing behind: the embedded
// database's lock is released, so the next start on the same directory works.

import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readConfig } from "../../app/config.ts";
import { createLogger } from "../../app/logger.ts";
import { StartupError, startBot } from "../../boot/start-bot.ts";
import { WebexApiError } from "../../bot/webex/errors.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";
import { deleteQueueKeys, TEST_REDIS_URL, testQueuePrefix } from "../support/queue-prefix.ts";

let emulator: WebexEmulator;
let dataDir: string;
beforeAll(async () => {
  emulator = await startWebexEmulator();
  dataDir = mkdtempSync(join(tmpdir(), "trials-startup-"));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("a start refused by Webex closes what it opened; the next start on the same data works", async () => {
  const prefix = testQueuePrefix("startup");
  const config = { ...readConfig({ LOG_LEVEL: "silent", REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix }), port: 0 };
  const bot = emulator.addBot({ displayName: "trials-bot" });
  const start = () =>
    startBot({
      config,
      logger: createLogger(config),
      webex: { token: bot.token, baseUrl: emulator.url, secret: randomBytes(16).toString("hex") },
      database: { kind: "pglite", dataDir: join(dataDir, "pglite") },
      host: "127.0.0.1",
    });
  emulator.injectFaults({ status: 400, count: 1, path: /^\/webhooks$/, method: "POST" });
  const failed = await start().catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(WebexApiError);
  const running = await start();
  try {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.webhooksOf(bot.id)).toHaveLength(4);
  } finally {
    await running.stop();
    await deleteQueueKeys(prefix);
  }
}, 120_000);

it("a second instance on a taken port stops before it opens a database or registers webhooks", async () => {
  const { createServer } = await import("node:net");
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
  const port = (taken.address() as { port: number }).port;
  const otherDir = mkdtempSync(join(tmpdir(), "trials-startup-second-"));
  const bot = emulator.addBot({ displayName: "second trials-bot" });
  try {
    const config = { ...readConfig({ LOG_LEVEL: "silent" }), port };
    const failed = await startBot({
      config,
      logger: createLogger(config),
      webex: { token: bot.token, baseUrl: emulator.url, secret: randomBytes(16).toString("hex") },
      database: { kind: "pglite", dataDir: join(otherDir, "pglite") },
      host: "127.0.0.1",
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StartupError);
    expect((failed as Error).message).toBe(
      `port ${port} is in use (another trials-bot, or another service): stop it, or set PORT to a free port`,
    );
    expect(emulator.webhooksOf(bot.id)).toHaveLength(0);
    expect(existsSync(join(otherDir, "pglite"))).toBe(false);
  } finally {
    await new Promise((resolve) => taken.close(resolve));
    rmSync(otherDir, { recursive: true, force: true });
  }
});
