// The test clock survives a restart of the bot (TRIALS_TEST_CLOCK): its time is kept in the store
// at every move, and a restarted bot resumes there instead of at wall time, so a lifecycle run
// on the test clock goes on where it stood (R-EXP-2, R-EXP-4), as production deadlines do.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import { readConfig } from "../../app/config.ts";
import { createLogger } from "../../app/logger.ts";
import { TestClock } from "../../app/test-clock.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { type RunningBot, startBot } from "../../boot/start-bot.ts";
import type { Person } from "../../domain/model.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { createPgDatabase } from "../store/harness.ts";
import { deleteQueueKeys, TEST_REDIS_URL, testQueuePrefix } from "../support/queue-prefix.ts";

const DAY = 86_400_000;
const salesAdmin: Person = {
  id: "pp1",
  email: "sam@bright.example",
  webexPersonId: null,
  partnerId: "p1",
  role: "sales_admin",
  language: "en",
};

let db: Awaited<ReturnType<typeof createPgDatabase>>;
let emulator: WebexEmulator;
let running: RunningBot | null = null;
const queuePrefix = testQueuePrefix("clock-restart");

beforeAll(async () => {
  db = await createPgDatabase("trials_clock");
  await applyMigrations({ kind: "postgres", url: db.url });
  emulator = await startWebexEmulator();
});
afterAll(async () => {
  await running?.stop();
  await deleteQueueKeys(queuePrefix);
  await emulator?.close();
  await db?.drop();
});

let bot: ReturnType<WebexEmulator["addBot"]> | null = null;

async function start() {
  bot ??= emulator.addBot({ displayName: "Trials Bot" });
  const config = {
    ...readConfig({ LOG_LEVEL: "silent", REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: queuePrefix }),
    port: 0,
  };
  // As main.ts does with TRIALS_TEST_CLOCK: a clock standing at wall time.
  const clock = new ManualClock(new Date());
  const testClock = new TestClock(clock, undefined, { audience: "bot_admins" });
  running = await startBot({
    config,
    logger: createLogger(config),
    clock,
    testClock,
    webex: { token: bot.token, baseUrl: emulator.url, secret: randomBytes(24).toString("hex") },
    database: { kind: "postgres", url: db.url },
    host: "127.0.0.1",
    webhookRetryEveryMs: 0,
  });
  return { bot: running, clock, testClock, commands: new TrialCommands({ store: running.store, clock }) };
}

it("R-EXP-2, R-EXP-4: after a restart the test clock resumes where it stood, and the trial's lifecycle goes on from there", async () => {
  const first = await start();
  await first.bot.store.upsertPartner({
    id: "p1",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  await first.bot.store.upsertPerson(salesAdmin);
  const outcome = await first.commands.startNewCustomer(
    { kind: "person", person: salesAdmin },
    {
      companyName: "Acme Corp",
      adminEmail: "boss@acme.example",
      vertical: "Manufacturing",
      country: "US",
      locationAcknowledged: true,
      setup: { services: ["messaging"] },
    },
  );
  if (!outcome.ok) throw new Error(outcome.refusal.code);
  const trialId = outcome.trial!.id;
  await first.testClock.advance(31 * DAY);
  expect((await first.bot.store.getTrial(trialId))?.status).toBe("expired");
  const stoodAt = first.clock.now().getTime();
  await first.bot.stop();
  running = null;

  const second = await start();
  expect(second.clock.now().getTime()).toBe(stoodAt);
  // Grace ends 30 days after the end: the lapse falls due on this side of the restart, once.
  const fired = await second.testClock.advanceWithDetails(30 * DAY);
  expect(fired.map((f) => f.kind).sort()).toEqual(["lapse", "user_notice"]);
  expect((await second.bot.store.getTrial(trialId))?.status).toBe("lapsed");
  expect((await second.bot.store.auditOf({ trialId })).filter((a) => a.actor === "system:expiry")).toHaveLength(1);
}, 120_000);
