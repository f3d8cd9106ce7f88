// PostgreSQL restarts under load (the test's own server, own port and data directory): while it
// is down the bot reports not ready and answers webhooks it cannot record with 503 (Webex
// delivers them again; here the test plays Webex's retries); when it is back the bot recovers
// without a restart, and every message sent meanwhile is answered exactly once.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readConfig } from "../../app/config.ts";
import { createLogger } from "../../app/logger.ts";
import { type RunningBot, startBot } from "../../boot/start-bot.ts";
import { sign } from "../../bot/webex/signature.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { deleteQueueKeys, TEST_REDIS_URL, testQueuePrefix } from "../support/queue-prefix.ts";
import { type OwnPostgres, startOwnPostgres } from "./servers.ts";

let server: OwnPostgres;
let emulator: WebexEmulator;
let bot: RunningBot;
const secret = randomBytes(24).toString("hex");
const queuePrefix = testQueuePrefix("pg-restart");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await startOwnPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE trials");
  await admin.end();
  await applyMigrations({ kind: "postgres", url: server.urlOf("trials") });
  emulator = await startWebexEmulator();
}, 120_000);
afterAll(async () => {
  await bot?.stop().catch(() => undefined);
  await deleteQueueKeys(queuePrefix);
  await emulator?.close();
  await server?.destroy();
});

/** Webex's side: a delivery answered 5xx (or not at all) is delivered again, as Webex does. */
function playWebexRetries(): { stop(): Promise<void> } {
  let retrying = true;
  const retried = new Set<number>();
  const loop = (async () => {
    while (retrying) {
      const log = emulator.deliveries;
      for (let i = 0; i < log.length; i++) {
        const d = log[i]!;
        if (retried.has(i) || (d.status !== undefined && d.status < 500)) continue;
        retried.add(i);
        const body = JSON.stringify(d.body);
        void fetch(d.targetUrl, {
          method: "POST",
          headers: { "content-type": "application/json", "x-spark-signature": sign(secret, body) },
          body,
        })
          .then((res) =>
            (emulator.deliveries as typeof log as unknown as unknown[]).push({
              ...d,
              status: res.status,
              at: new Date().toISOString(),
            }),
          )
          .catch((err: unknown) =>
            (emulator.deliveries as typeof log as unknown as unknown[]).push({
              ...d,
              status: undefined,
              error: String(err),
              at: new Date().toISOString(),
            }),
          );
      }
      await sleep(250);
    }
  })();
  return {
    stop: async () => {
      retrying = false;
      await loop;
    },
  };
}

it("PostgreSQL restarted under load: not ready while down, 503s instead of lost webhooks, recovers without a restart, every message answered once", async () => {
  const botPerson = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
  const fiona = emulator.addPerson({ displayName: "Fiona", email: "fiona@bright.example" });
  const room = emulator.directRoom(fiona.id, botPerson.id);
  const env = {
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
  };
  const config = { ...readConfig(env), port: 0 };
  bot = await startBot({
    config,
    logger: createLogger(config),
    webex: { token: botPerson.token, baseUrl: emulator.url, secret },
    database: { kind: "postgres", url: server.urlOf("trials") },
    host: "127.0.0.1",
    webhookRetryEveryMs: 300,
  });
  await bot.store.upsertPartner({
    id: "p-bright",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  await bot.store.upsertPerson({
    id: "pp-fiona",
    email: "fiona@bright.example",
    webexPersonId: null,
    partnerId: "p-bright",
    role: "full_admin",
    language: "en",
  });
  const ready = async () => (await fetch(`${bot.url}/readyz`)).status;
  expect(await ready()).toBe(200);

  const webexRetries = playWebexRetries();

  const sent: string[] = [];
  const readiness: number[] = [];
  const say = () => sent.push(emulator.userSays(fiona.id, room.id, "whoami").id);
  for (let i = 0; i < 8; i++) {
    say();
    await sleep(80);
  }
  await server.stop();
  // Down: messages keep coming; readiness says so.
  for (let i = 0; i < 12; i++) {
    say();
    readiness.push(await ready());
    await sleep(150);
  }
  await server.start();
  // Back, without restarting the bot.
  const backAt = Date.now();
  while ((await ready()) !== 200) {
    if (Date.now() - backAt > 20_000) throw new Error("the bot did not become ready again");
    await sleep(100);
  }
  for (let i = 0; i < 5; i++) {
    say();
    await sleep(80);
  }

  const repliesTo = (id: string) => emulator.messagesSentBy(botPerson.id).filter((m) => m.parentId === id);
  const deadline = Date.now() + 30_000;
  while (sent.some((id) => repliesTo(id).length === 0) && Date.now() < deadline) await sleep(200);
  await sleep(1_000); // late doubles would show up here
  await webexRetries.stop();

  expect(readiness).toContain(503);
  // Some deliveries were refused while the database was down (not acknowledged, then retried).
  expect(emulator.deliveries.some((d) => d.status === 503)).toBe(true);
  const counts = sent.map((id) => repliesTo(id).length);
  expect(counts).toEqual(sent.map(() => 1));
  // Each answer is the real one, not "something went wrong".
  for (const id of sent) expect(repliesTo(id)[0]!.markdown ?? "").toContain("fiona@bright.example");
}, 120_000);
