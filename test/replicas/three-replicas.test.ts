// Three replicas of the bot, each its own process (test/replicas/fixtures/replica.ts, the
// production start with the BullMQ jobs and the test clock), on one PostgreSQL database and one
// Redis queue prefix, behind a round-robin proxy at the one public URL they register. The Webex
// emulator delivers every event twice (Webex repeats deliveries), each time to another replica.
// Chat commands, a delete question and its "yes", card submits and test-clock advances (two at
// once, on two replicas) are spread across them; then: each event handled once, each deadline
// fired once, each message sent once, and every replica reads the same test clock.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TEST_CLOCK_SETTING } from "../../app/test-clock.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import type { Message, Room } from "../../bot/webex/types.ts";
import type { Trial } from "../../domain/model.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";
import { createRedis, deleteKeysWithPrefix } from "../../jobs/redis.ts";
import { type Database, openDatabase } from "../../prisma/database.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { createPgDatabase } from "../store/harness.ts";
import { waitFor } from "../support/wait-for.ts";
import { type RoundRobin, startRoundRobin } from "./round-robin.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const NOW = new Date("2026-03-12T10:00:00Z");
const STARTED = new Date("2026-02-20T10:00:00Z"); // 30-day trials: they end on 22 March
const REPLICAS = 3;

type Person = ReturnType<WebexEmulator["addPerson"]>;
let emulator: WebexEmulator;
let proxy: RoundRobin;
let db: Database;
let store: Store;
let dropDb: () => Promise<void>;
const prefix = `replicas-${randomBytes(4).toString("hex")}`;
const children: ChildProcess[] = [];
let bot: Person;
let fiona: Person;
let room: Room;
let opsRoom: Room;
const trials: Trial[] = [];

const textOf = (m: Pick<Message, "markdown" | "text">) => m.markdown ?? m.text ?? "";
const botMessages = () => emulator.messagesSentBy(bot.id);
const repliesTo = (id: string) => botMessages().filter((m) => m.parentId === id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startReplica(n: number, databaseUrl: string, secret: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./fixtures/replica.ts", import.meta.url))],
    {
      env: {
        ...process.env,
        REPLICA_BOT_ADMINS: "fiona@bright.example",
        REPLICA_REDIS_URL: REDIS_URL,
        REPLICA_PREFIX: prefix,
        REPLICA_NOW: NOW.toISOString(),
        REPLICA_BOT_TOKEN: bot.token,
        REPLICA_EMULATOR_URL: emulator.url,
        REPLICA_SECRET: secret,
        REPLICA_PUBLIC_URL: proxy.url,
        REPLICA_DATABASE_URL: databaseUrl,
        REPLICA_INSTANCE: `replica-${n}`,
      },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  children[n] = child;
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString();
      if (process.env.TEST_LOG_LEVEL) process.stderr.write(`[replica ${n}] ${b.toString()}`);
      const ready = /READY (\S+)/.exec(out);
      if (ready) resolve(ready[1]!);
    });
    child.on("exit", (code) => reject(new Error(`replica ${n} exited (${code}) before it was ready`)));
  });
}

beforeAll(async () => {
  const created = await createPgDatabase("trials_replicas");
  dropDb = created.drop;
  await applyMigrations({ kind: "postgres", url: created.url });
  db = await openDatabase({ kind: "postgres", url: created.url });
  store = createPrismaStore(db);

  emulator = await startWebexEmulator({ duplicateDeliveries: 2 });
  bot = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
  fiona = emulator.addPerson({ displayName: "Fiona Admin", email: "fiona@bright.example" });
  const olga = emulator.addPerson({ displayName: "Olga Ops", email: "olga@ops.example" });
  room = emulator.createRoom({ title: "Bright Partners trials", creatorId: fiona.id, memberIds: [bot.id] });
  opsRoom = emulator.createRoom({ title: "Trials ops", creatorId: olga.id, memberIds: [bot.id] });

  // Seeded before the replicas start: each reconciles the same timers into the shared Redis.
  await store.upsertPartner({
    id: "p-bright",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  await store.upsertPerson({
    id: "pp-fiona",
    email: "fiona@bright.example",
    webexPersonId: null,
    partnerId: "p-bright",
    role: "full_admin",
    language: "en",
  });
  await store.linkSpace({ roomId: room.id, kind: "partner", partnerId: "p-bright" });
  await store.linkSpace({ roomId: opsRoom.id, kind: "ops", partnerId: null });
  const clock = new ManualClock(STARTED);
  const commands = new TrialCommands({ store, clock });
  const actor = { kind: "person" as const, person: (await store.findPersonByEmail("fiona@bright.example"))! };
  for (const name of ["Acme", "Globex", "Hooli", "Umbrella"]) {
    // The customer's admin is a Webex person: every message of the trial can be delivered.
    emulator.addPerson({ displayName: `${name} Boss`, email: `boss@${name.toLowerCase()}.example` });
    const outcome = await commands.startNewCustomer(actor, {
      companyName: name,
      adminEmail: `boss@${name.toLowerCase()}.example`,
      vertical: "Manufacturing",
      country: "US",
      locationAcknowledged: true,
      setup: { services: ["messaging", "calling"] },
    });
    if (!outcome.ok) throw new Error(`seeding ${name}: ${outcome.refusal.code}`);
    trials.push(outcome.trial!);
  }
  await store.putSetting(TEST_CLOCK_SETTING, { now: NOW.toISOString() });

  proxy = await startRoundRobin();
  const secret = randomBytes(24).toString("hex");
  // Started together: they register their webhooks at the same time.
  proxy.targets = await Promise.all([0, 1, 2].map((n) => startReplica(n, created.url, secret)));
}, 240_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (!c || c.exitCode !== null) return resolve();
          const timer = setTimeout(() => c.kill("SIGKILL"), 30_000);
          c.on("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          c.stdin!.end("stop\n");
        }),
    ),
  );
  await proxy?.close();
  await emulator?.close();
  await db?.close();
  await dropDb?.();
  const redis = createRedis(REDIS_URL);
  await deleteKeysWithPrefix(redis, prefix).catch(() => undefined);
  await redis.quit();
}, 60_000);

/** Which replica handled an event: the one its first delivery reached (the second is a repeat). */
const handlerOf = (dataId: string) => proxy.log.find((f) => f.dataId === dataId)?.replica;

/**
 * Fiona @mentions the bot; the event's two deliveries go to replicas `to` (handled there) and the
 * next one (a repeated delivery). Resolves with the bot's replies once it answered.
 */
async function say(text: string, to: number, replies = 1): Promise<{ message: Message; replies: Message[] }> {
  const message = emulator.userSays(fiona.id, room.id, text, { mentionBot: true });
  proxy.pin(message.id, [to, (to + 1) % REPLICAS]);
  const got = await waitFor(
    async () => (repliesTo(message.id).length >= replies ? repliesTo(message.id) : null),
    `the reply to "${text}"`,
    30_000,
  );
  return { message, replies: got };
}

/** Fiona presses a card's button; the submit's deliveries go to replicas `to` and the next. */
async function press(card: Message, action: string, to: number, inputs: Record<string, unknown> = {}) {
  const button = (card.attachments![0]!.content as { actions?: { data?: Record<string, unknown> }[] }).actions?.find(
    (a) => a.data?.action === action,
  );
  if (!button) throw new Error(`the card has no "${action}" button`);
  const before = botMessages().length;
  const submit = emulator.userSubmitsCard(fiona.id, card.id, { ...inputs, ...button.data });
  proxy.pin(submit.id, [to, (to + 1) % REPLICAS]);
  await waitFor(async () => botMessages().length > before, `the bot to answer "${action}"`, 30_000);
  return submit;
}

async function quiet(ms = 1_500): Promise<void> {
  let last = -1;
  for (;;) {
    await emulator.idle();
    const now = emulator.requestsBy(bot.id).length;
    if (now === last) return;
    last = now;
    await sleep(ms);
  }
}

/** Chat commands, each handled on another replica and repeated to the next. */
async function askAround(): Promise<Message[]> {
  const asked: Message[] = [];
  for (let i = 0; i < 6; i++) asked.push((await say(i % 2 ? "whoami" : "trial list", i % REPLICAS)).message);
  return asked;
}

/** R-DEL-1 across replicas: asked on one, answered "yes" on another. */
async function deleteAcrossReplicas(): Promise<Message[]> {
  const question = await say("trial delete umbrella", 0);
  expect(textOf(question.replies[0]!)).toContain("Delete the trial of **Umbrella**");
  const yes = await say("yes", 2);
  expect(textOf(yes.replies[0]!)).toContain("Umbrella");
  expect(handlerOf(question.message.id)).toBe(0);
  expect(handlerOf(yes.message.id)).toBe(2);
  expect(await store.getTrial(trials[3]!.id)).toMatchObject({ status: "deleted" });
  return [question.message, yes.message];
}

/** Cards: the edit card opened on one replica, the extension submitted on another (and repeated to a third). */
async function extendThroughCards(): Promise<void> {
  const show = await say("trial show hooli", 1, 1);
  const menu = await waitFor(
    async () => repliesTo(show.message.id).find((m) => m.attachments?.length),
    "the trial's card",
  );
  await press(menu, "open_edit", 2);
  const edit = await waitFor(
    async () =>
      repliesTo(show.message.id)
        .filter((m) => m.attachments?.length && m.id !== menu.id)
        .at(-1),
    "the edit card",
    30_000,
  );
  await press(edit, "extend", 0, { days: "30" });
  await waitFor(
    async () => repliesTo(show.message.id).some((m) => textOf(m).includes("now ends on")),
    "the extension's outcome",
    30_000,
  );
  const extended = (await store.auditOf({ trialId: trials[2]!.id })).filter((a) => a.action === "trial.extended");
  expect(extended).toHaveLength(1);
  expect(repliesTo(show.message.id).filter((m) => textOf(m).includes("now ends on"))).toHaveLength(1);
}

/** Two test-clock advances at once, on two replicas: every deadline on the way fires once. */
async function advanceOnTwoReplicas(): Promise<Message[]> {
  const advances = [0, 1].map((to) => {
    const message = emulator.userSays(fiona.id, room.id, "clock advance 12d", { mentionBot: true });
    proxy.pin(message.id, [to + 1, (to + 2) % REPLICAS]);
    return message;
  });
  const advanced = await waitFor(
    async () =>
      advances.every((m) => repliesTo(m.id).length > 0) ? advances.map((m) => textOf(repliesTo(m.id)[0]!)) : null,
    "both advances",
    60_000,
  );
  expect(new Set(advances.map((m) => handlerOf(m.id)))).toEqual(new Set([1, 2]));
  const fired = advanced.map((t) => Number(/\((\d+) timer\(s\) fired\)/.exec(t)?.[1] ?? 0));
  expect(fired[0]! + fired[1]!).toBeGreaterThan(0);
  return advances;
}

/** Every replica now reads the same clock, whichever moved it. */
async function showClockOnEachReplica(): Promise<Message[]> {
  const saved = new Date(((await store.getSetting(TEST_CLOCK_SETTING)) as { now: string }).now);
  expect(saved.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 12 * 86_400_000);
  const asked: Message[] = [];
  const shows: string[] = [];
  for (const to of [0, 1, 2]) {
    const { message, replies } = await say("clock show", to);
    expect(handlerOf(message.id)).toBe(to);
    shows.push(textOf(replies[0]!));
    asked.push(message);
  }
  expect(new Set(shows).size).toBe(1);
  expect(shows[0]).toMatch(/Test clock: .*2026/);
  return asked;
}

/** Each event handled once: each command answered once (though delivered twice, to two replicas). */
function expectEachEventHandledOnce(asked: Message[]): void {
  for (const m of asked) expect(repliesTo(m.id), `replies to "${m.text}"`).toHaveLength(1);
  for (const m of asked) {
    const deliveries = proxy.log.filter((f) => f.dataId === m.id);
    expect(new Set(deliveries.map((d) => d.replica)).size, `deliveries of "${m.text}"`).toBe(2);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
  }
}

/** Each deadline fired once: no timer-driven audit entry twice, every live trial expired once. */
async function expectEachDeadlineFiredOnce(): Promise<void> {
  for (const t of trials.slice(0, 3)) {
    const entries = (await store.auditOf({ trialId: t.id })).filter((a) =>
      /^trial\.(reminder_sent|expired|users_notified|lapsed|calling_numbers_released)$/.test(a.action),
    );
    const keys = entries.map((a) => `${a.action} ${JSON.stringify(a.details ?? null)}`);
    expect(new Set(keys).size, `timer audit of ${t.id}`).toBe(keys.length);
  }
  for (const t of [trials[0]!, trials[1]!]) {
    const audit = await store.auditOf({ trialId: t.id });
    expect(
      audit.filter((a) => a.action === "trial.expired"),
      `expiry of ${t.id}`,
    ).toHaveLength(1);
  }
}

/** Each message sent once: every outbox row has its own Webex message, and no message went out twice. */
async function expectEachMessageSentOnce(): Promise<void> {
  const rows = await db.prisma.outboxMessage.findMany();
  const ids = rows.map((r) => r.webexMessageId);
  expect(new Set(ids).size).toBe(rows.length);
  const sent = new Set(botMessages().map((m) => m.id));
  for (const id of ids) expect(sent.has(id!)).toBe(true);
  const sameMessage = new Map<string, number>();
  for (const m of botMessages()) {
    const key = `${m.roomId}|${m.parentId ?? ""}|${textOf(m)}`;
    sameMessage.set(key, (sameMessage.get(key) ?? 0) + 1);
  }
  expect([...sameMessage].filter(([, n]) => n > 1)).toEqual([]);
  // Ops heard of each expiry once.
  const opsTexts = botMessages()
    .filter((m) => m.roomId === opsRoom.id)
    .map(textOf);
  for (const name of ["Acme", "Globex"])
    expect(
      opsTexts.filter((t) => t.includes(name) && /expired/i.test(t)),
      `ops: ${name} expired`,
    ).toHaveLength(1);
}

it("three replicas on one database and one Redis: each event handled once, each deadline fired once, each message sent once", async () => {
  // Registered together, yet one webhook per subscription, at the proxy.
  await waitFor(async () => emulator.webhooksOf(bot.id).length === 4, "one webhook per subscription", 10_000);
  expect(new Set(emulator.webhooksOf(bot.id).map((w) => w.targetUrl))).toEqual(new Set([`${proxy.url}/webex/webhook`]));

  const asked: Message[] = await askAround();
  asked.push(...(await deleteAcrossReplicas()));
  await extendThroughCards();
  asked.push(...(await advanceOnTwoReplicas()));
  asked.push(...(await showClockOnEachReplica()));

  // The outbox drains (delivery jobs taken by any replica's worker).
  await waitFor(
    async () => (await db.prisma.outboxMessage.count({ where: { state: { not: "sent" } } })) === 0,
    "every outbox message to be sent",
    60_000,
  );
  await quiet();

  expectEachEventHandledOnce(asked);
  await expectEachDeadlineFiredOnce();
  await expectEachMessageSentOnce();
}, 300_000);
