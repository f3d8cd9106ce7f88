// Harness for the BullMQ jobs: a fresh PostgreSQL database per file, the real Redis under a
// queue prefix of its own (its keys deleted at the end), the Webex emulator, the real
// delivery use case on Webex, TrialCommands whose afterCommit mirrors into the queues, and a ManualClock.
// `runUntil(t)` moves the clock deadline by deadline up to t and promotes the jobs that fall due,
// so a 90-day lifecycle runs in seconds.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { ManualClock } from "../../app/clock.ts";
import { readConfig } from "../../app/config.ts";
import { queueDailyDigest } from "../../app/daily-digest.ts";
import { DeliverOutbox } from "../../app/delivery/deliver-outbox.ts";
import { createLogger } from "../../app/logger.ts";
import type { OutboxRow, Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { messageTexts } from "../../bot/i18n/message-texts.ts";
import { WebexClient } from "../../bot/webex/client.ts";
import { WebexMessaging } from "../../bot/webex/messaging.ts";
import type { Message, Room } from "../../bot/webex/types.ts";
import type { Actor, Partner, Person, Trial } from "../../domain/model.ts";
import type { Service } from "../../domain/services.ts";
import { startWebexEmulator, type WebexEmulator } from "../../emulator/index.ts";
import { type JobsOptions, type RunningJobs, startJobs } from "../../jobs/index.ts";
import { createRedis, deleteKeysWithPrefix } from "../../jobs/redis.ts";
import { timerJobDue } from "../../jobs/timers.ts";
import { type Database, openDatabase } from "../../prisma/database.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { createPgDatabase } from "../store/harness.ts";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const START = new Date("2026-03-02T10:00:00Z");
export const DAY = 24 * 3600 * 1000;

export const PARTNER: Partner = {
  id: "p-bright",
  name: "Bright Partners",
  tier: "tier1",
  timeZone: "UTC",
  emailDomains: ["bright.example"],
  webexOrgId: null,
};
export const FIONA: Person = {
  id: "pp-fiona",
  email: "fiona@bright.example",
  webexPersonId: null,
  partnerId: PARTNER.id,
  role: "full_admin",
  language: "en",
};
export const SAM: Person = {
  id: "pp-sam",
  email: "sam@bright.example",
  webexPersonId: null,
  partnerId: PARTNER.id,
  role: "sales_admin",
  language: "ko",
};
export const RITA: Person = {
  id: "pp-rita",
  email: "rita@bright.example",
  webexPersonId: null,
  partnerId: PARTNER.id,
  role: "read_only",
  language: "en",
};
export const as = (person: Person): Actor => ({ kind: "person", person });

export interface SentMessage {
  template: string;
  /** "ops", "partner", or the e-mail of a person. */
  to: string;
  /** The text Webex got. */
  text: string;
}

export interface JobsHarness {
  prefix: string;
  db: Database;
  databaseUrl: string;
  store: Store;
  clock: ManualClock;
  emulator: WebexEmulator;
  botToken: string;
  botId: string;
  partnerRoom: Room;
  opsRoom: Room;
  commands: TrialCommands;
  delivery: DeliverOutbox;
  redis: Redis;
  jobs: RunningJobs;
  /** Starts the jobs (again: after a restart). */
  restartJobs(options?: JobsOptions): Promise<RunningJobs>;
  stopJobs(): Promise<void>;
  startTrial(
    company: string,
    services: Service[],
    options?: { lengthDays?: number; koAdmin?: boolean },
  ): Promise<Trial>;
  /** Moves the clock deadline by deadline up to `to`, firing and delivering what falls due. */
  runUntil(to: Date): Promise<void>;
  settle(): Promise<void>;
  /** Outbox rows written since the last call (template, recipient), with their delivery state. */
  takeOutbox(): Promise<(OutboxRow & { recipient: string })[]>;
  /** Bot messages Webex got since the last call. */
  takeWebex(): Message[];
  allOutbox(): Promise<(OutboxRow & { recipient: string })[]>;
  timerJobIds(): Promise<string[]>;
  close(): Promise<void>;
}

export function recipientOf(row: OutboxRow): string {
  const to = row.message.to;
  if (to.kind === "ops_space") return "ops";
  if (to.kind === "partner_space") return "partner";
  if (to.kind === "email") return to.email;
  return `room:${to.roomId}`;
}

// Workers of one queue share its stalled-check key (PX stalledInterval): short everywhere, so a
// restarted worker finds a dead worker's job within a second.
export const FAST: JobsOptions = {
  timers: { lockDurationMs: 5_000, stalledIntervalMs: 500, backoffMs: 50 },
  delivery: { leaseMs: 2_000, lockDurationMs: 5_000, stalledIntervalMs: 500, baseBackoffMs: 50, maxBackoffMs: 500 },
  reconcileEveryMs: 0,
  sweepEveryMs: 60_000,
};

/**
 * A ManualClock that also runs with wall time from where it was set: for tests where Redis's own
 * delays must fire a deadline on time (no promoteDue).
 */
export class TickingClock extends ManualClock {
  private t0 = Date.now();
  override now(): Date {
    return new Date(super.now().getTime() + (Date.now() - this.t0));
  }
  override set(to: Date): void {
    this.t0 = Date.now();
    super.set(to);
  }
}

export interface HarnessEnv {
  /** Another Redis than the shared one (a fault test's own server). */
  redisUrl?: string;
  clock?: ManualClock;
}

type Cleanups = (() => Promise<void>)[];

/** The emulated Webex with the bot, the partner's people and the two spaces, seeded in the store. */
async function startSeededEmulator(cleanups: Cleanups, store: Store) {
  const emulator = await startWebexEmulator();
  cleanups.push(() => emulator.close());
  const bot = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
  const fiona = emulator.addPerson({ displayName: "Fiona", email: FIONA.email });
  emulator.addPerson({ displayName: "Sam", email: SAM.email });
  emulator.addPerson({ displayName: "Rita", email: RITA.email });
  const ops = emulator.addPerson({ displayName: "Olga Ops", email: "olga@ops.example" });
  const partnerRoom = emulator.createRoom({ title: "Bright trials", creatorId: fiona.id, memberIds: [bot.id] });
  const opsRoom = emulator.createRoom({ title: "Trials ops", creatorId: ops.id, memberIds: [bot.id] });

  await store.upsertPartner(PARTNER);
  for (const p of [FIONA, SAM, RITA]) await store.upsertPerson(p);
  await store.linkSpace({ roomId: partnerRoom.id, kind: "partner", partnerId: PARTNER.id });
  await store.linkSpace({ roomId: opsRoom.id, kind: "ops", partnerId: null });
  return { emulator, bot, partnerRoom, opsRoom };
}

/** A Redis connection and a queue prefix of this test's own, its keys deleted on close. */
function openRedis(cleanups: Cleanups, redisUrl: string): { prefix: string; redis: Redis } {
  const prefix = `test-jobs-${randomBytes(5).toString("hex")}`;
  const redis = createRedis(redisUrl);
  redis.on("error", () => undefined); // a fault test stops its own Redis under it
  cleanups.push(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  return { prefix, redis };
}

function trialStarter(commands: TrialCommands, emulator: WebexEmulator, store: Store): JobsHarness["startTrial"] {
  return async (company, services, o = {}) => {
    const slug = company.toLowerCase().replace(/[^a-z]+/g, "");
    const adminEmail = `boss@${slug}.example`;
    emulator.addPerson({ displayName: `${company} boss`, email: adminEmail });
    const outcome = await commands.startNewCustomer(as(FIONA), {
      companyName: company,
      adminEmail,
      vertical: "Manufacturing",
      country: "US",
      locationAcknowledged: true,
      setup: {
        services,
        ...(o.lengthDays ? { lengthDays: o.lengthDays } : {}),
        ...(services.includes("devices") ? { devices: null } : {}),
      },
    });
    if (!outcome.ok) throw new Error(`starting ${company}: ${outcome.refusal.code}`);
    const trial = outcome.trial!;
    if (o.koAdmin) {
      // A second customer admin who reads Korean (R-EXP-1: each in their language).
      const koEmail = `jimin@${slug}.example`;
      emulator.addPerson({ displayName: "Jimin", email: koEmail });
      const customer = (await store.getCustomer(trial.customerId))!;
      await store.upsertCustomer({
        ...customer,
        admins: [...customer.admins, { email: koEmail, role: "other", language: "ko" }],
      });
    }
    return trial;
  };
}

function runner(jobs: () => RunningJobs, clock: ManualClock): JobsHarness["runUntil"] {
  return async (to) => {
    for (let i = 0; i < 1000; i++) {
      await jobs().idle();
      const delayed = await jobs().timers.queue.getDelayed(0, -1);
      const next = delayed
        .map((j) => timerJobDue(j.data))
        .filter((t) => t <= to.getTime())
        .sort((a, b) => a - b)[0];
      if (next === undefined) break;
      if (next > clock.now().getTime()) clock.set(new Date(next));
      await jobs().promoteDue();
    }
    clock.set(to);
    await jobs().promoteDue();
    await jobs().idle();
  };
}

/** Outbox rows in the order written, and what has been taken already. */
function outboxReader(db: Database, store: Store): Pick<JobsHarness, "takeOutbox" | "allOutbox"> {
  const seen = new Set<string>();
  const withRecipient = (rows: OutboxRow[]) => rows.map((r) => ({ ...r, recipient: recipientOf(r) }));
  const allRows = async () => {
    const rows = await db.prisma.outboxMessage.findMany({ orderBy: { seq: "asc" } });
    const out: OutboxRow[] = [];
    for (const r of rows) out.push((await store.getOutboxRow(r.id))!);
    return out;
  };
  return {
    async takeOutbox() {
      const rows = (await allRows()).filter((r) => !seen.has(r.id));
      for (const r of rows) seen.add(r.id);
      return withRecipient(rows);
    },
    allOutbox: async () => withRecipient(await allRows()),
  };
}

/** The bot's messages Webex got since the last call. */
function webexTaker(emulator: WebexEmulator, botId: string): JobsHarness["takeWebex"] {
  let seen = 0;
  return () => {
    const all = emulator.messagesSentBy(botId);
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
}

export async function startJobsHarness(options: JobsOptions = FAST, env: HarnessEnv = {}): Promise<JobsHarness> {
  const cleanups: Cleanups = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    const created = await createPgDatabase("trials_jobs");
    cleanups.push(() => created.drop());
    await applyMigrations({ kind: "postgres", url: created.url });
    const db = await openDatabase({ kind: "postgres", url: created.url });
    const store = createPrismaStore(db);
    cleanups.push(() => store.close());
    const { emulator, bot, partnerRoom, opsRoom } = await startSeededEmulator(cleanups, store);

    const redisUrl = env.redisUrl ?? REDIS_URL;
    const { prefix, redis } = openRedis(cleanups, redisUrl);
    const config = {
      ...readConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent", REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }),
    };
    const logger = createLogger(config);
    const clock = env.clock ?? new ManualClock(START);
    const client = new WebexClient({ token: bot.token, baseUrl: emulator.url, logger, sleep: async () => {} });
    const delivery = new DeliverOutbox({
      store,
      messaging: new WebexMessaging(client),
      texts: messageTexts,
      clock,
      logger,
    });

    let jobs: RunningJobs | null = null;
    const commands = new TrialCommands({
      store,
      clock,
      afterCommit: (c, r) => jobs?.afterCommit(c, r) ?? Promise.resolve(),
    });
    const launch = async (o: JobsOptions = options) => {
      jobs = await startJobs({
        config,
        store,
        clock,
        logger,
        delivery,
        digest: (now) => queueDailyDigest({ store, timeZone: config.defaultTimeZone }, now),
        fireTimer: (id, kind, due) => commands.fireTimer(id, kind, due),
        options: o,
      });
      return jobs;
    };
    await launch();
    cleanups.push(async () => {
      await jobs?.close();
    });

    const h: JobsHarness = {
      prefix,
      db,
      databaseUrl: created.url,
      store,
      clock,
      emulator,
      botToken: bot.token,
      botId: bot.id,
      partnerRoom,
      opsRoom,
      commands,
      delivery,
      redis,
      get jobs() {
        return jobs!;
      },
      restartJobs: (o) => launch(o),
      async stopJobs() {
        await jobs?.close();
        jobs = null;
      },
      startTrial: trialStarter(commands, emulator, store),
      async settle() {
        await jobs!.idle();
      },
      runUntil: runner(() => jobs!, clock),
      ...outboxReader(db, store),
      takeWebex: webexTaker(emulator, bot.id),
      async timerJobIds() {
        return (await jobs!.timers.queue.getRanges(["delayed", "waiting", "active", "prioritized"], 0, -1)).sort();
      },
      close,
    };
    return h;
  } catch (error) {
    await close();
    throw error;
  }
}

/** "template → recipient" lines, sorted, for exact comparisons. */
export const lines = (rows: { message: { template: string }; recipient: string }[]): string[] =>
  rows.map((r) => `${r.message.template} → ${r.recipient}`).sort();
