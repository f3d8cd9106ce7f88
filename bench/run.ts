// `npm run bench`: a benchmark script (not a test). Figures come from one run and are written to
// bench/results/latest.md.
//
// (a) Per-event cost, side by side, alternating in one run, all against one Webex emulator on
//     loopback (in this process, which also plays the users): trials-bot on PostgreSQL,
//     trials-bot on PGlite, a bare node:http bot (bench/bare-bot.ts: signature, GET the message,
//     POST the reply) and webex-node-bot-framework 2.3.14 (bench/framework-bot.ts, only when
//     installed in BENCH_FRAMEWORK_DIR, default /tmp/fw). Each bot is its own process with its own
//     bot account and group space of 32 registered people who say `@bot whoami`. Per round and
//     bot: closed loop at 8/32/64 in flight (replies/s; CPU per event at 32 from the bot
//     process's own process.cpuUsage), open loop at 50 events/s (p50) and 200 events/s (p99).
//     Rounds rotate the order; figures are medians over rounds.
// (a2) CPU per card submit that extends a trial (trials-bot on PostgreSQL), after BENCH_CARD_WARMUP
//     (40) unmeasured ones: the median of BENCH_CARD_BATCHES (3) batches of BENCH_CARD_SUBMITS (40).
//     After 10 unmeasured submits the first measured batch cost up to twice the others (likely the
//     extend's code not yet optimised by V8): a whole batch unmeasured measures a running bot.
// (a3) Production start: `npm run build`, then `npm run start:prod`'s command on PostgreSQL against the
//     emulator: time from spawn to listening, RSS when ready, and one `whoami` answered.
// (b) Start-up with 1 and with 10,000 spaces the bot is a member of (REST calls, memory).
// (c), (d) Timers on BullMQ (bench/timers.ts).
//
// Env: BENCH_ROUNDS (5: this machine's speed varies from round to round), BENCH_EVENTS (events
// per closed-loop phase, 960), BENCH_WARMUP (unmeasured events per bot before the rounds, 960),
// BENCH_SECONDS_200 (5),
// BENCH_SPACES (10,000; 0 skips b), BENCH_TIMERS=0 skips c/d, BENCH_PROFILE=<dir> writes CPU
// profiles of the trials-bot processes (32 in flight, round 1) and their summaries,
// BENCH_FRAMEWORK_DIR, BENCH_SKIP_BUILD=1 (use the dist/ there is), BENCH_ONLY (a,start,b,timers),
// BENCH_BOTS (pg,pglite,bare,framework), BENCH_TRACE=<file> appends each open-loop event's send time
// and latency, BENCH_PROFILE_200=1 (with BENCH_PROFILE) profiles the 200 events/s phase as well.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ManualClock } from "../app/clock.ts";
import type { Store } from "../app/store.ts";
import { TrialCommands } from "../app/trial-commands.ts";
import type { Message } from "../bot/webex/types.ts";
import type { PersonRole } from "../domain/roles.ts";
import { startWebexEmulator, type WebexEmulator } from "../emulator/index.ts";
import { type DatabaseConfig, openDatabase } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createPgDatabase } from "../test/store/harness.ts";
import { benchCallBudget } from "./call-budget.ts";
import type { Memory } from "./child.ts";
import { benchListExpiring } from "./list-expiring.ts";
import { must } from "./must.ts";
import { summariseProfile } from "./profile-summary.ts";
import { benchTimers } from "./timers.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");

/**
 * `npm run start:prod` as documented (README, Dockerfile): `node <V8 flags> dist/main.js`. (a3)
 * starts exactly that, and the trials-bot children on PostgreSQL in (a) and (b) get the same V8
 * flags (the PGlite one runs as the sandbox does, `npm start`, without them).
 */
const PROD_COMMAND = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts["start:prod"];
const PROD_ARGS = must(PROD_COMMAND, "package.json's start:prod script").split(/\s+/);
if (PROD_ARGS[0] !== "node" || PROD_ARGS.at(-1) !== "dist/main.js")
  throw new Error(`bench: start:prod is not "node [flags] dist/main.js": ${PROD_COMMAND}`);
const PROD_NODE_FLAGS = PROD_ARGS.slice(1, -1);

const PEOPLE = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Measured per 320 answered events within one phase, a bot's CPU per event halved over its first
// ~1,000 events (the JIT) and each phase's first 320 cost up to 1.5× the rest: 320-event phases
// (150 ms at 2,000/s) measured mostly warm-up and scheduling noise. So every bot gets the same
// longer warm-up and longer phases.
const EVENTS = Number(process.env.BENCH_EVENTS ?? 960);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 960);
const LEVELS = [8, 32, 64];
const CPU_LEVEL = 32;
const SECONDS_200 = Number(process.env.BENCH_SECONDS_200 ?? 5);
const SECONDS_50 = 3;
const CARD_SUBMITS = Number(process.env.BENCH_CARD_SUBMITS ?? 40);
/** Batches of CARD_SUBMITS measured one after the other: one slow moment moves one batch, not the median. */
const CARD_BATCHES = Number(process.env.BENCH_CARD_BATCHES ?? 3);
/** Extends submitted (and answered) before the measured ones: the path's first runs compile it. */
const CARD_WARMUP = Number(process.env.BENCH_CARD_WARMUP ?? 40);
const MANY_SPACES = Number(process.env.BENCH_SPACES ?? 10_000);
const REPLY_TIMEOUT_MS = 20_000;
const FRAMEWORK_DIR = process.env.BENCH_FRAMEWORK_DIR ?? "/tmp/fw";
const PROFILE_DIR = process.env.BENCH_PROFILE;
/** BENCH_PROFILE_200=1: profile the 200 events/s phase too. */
const PROFILE_200 = process.env.BENCH_PROFILE_200 === "1";
/**
 * A file to append each open-loop phase's events to, to look into a tail: JSON lines of the bot,
 * the rate, each event's send time and latency, the bot's pauses and this process's own GC pauses
 * (the emulator's: a pause here delays every bot's events in flight).
 */
const TRACE_FILE = process.env.BENCH_TRACE;
/** Parts to run (a: side by side and card submits; start: production start; b; timers). */
const ONLY = new Set((process.env.BENCH_ONLY ?? "a,start,b,timers").split(","));
/** Bots in (a): pg, pglite, bare, framework. */
const BOTS = new Set((process.env.BENCH_BOTS ?? "pg,pglite,bare,framework").split(","));

// ---- helpers ---------------------------------------------------------------------------------

interface Ready {
  event: "ready";
  url: string;
  startMs: number;
  before?: Memory;
  after: Memory;
}

interface Pauses {
  loopMaxMs: number;
  gcMs: number;
  gcMaxMs: number;
}

interface BotChild {
  pid: number;
  ready: Ready;
  /** CPU time (user + system) this process has used so far, in ms. */
  cpuMs(): Promise<number>;
  /** The round trips the bot counted (trials-bot only) up to the last cpuMs() report. */
  roundTrips(): RoundTrips | null;
  /** Its longest event-loop stall and GC pauses between the last two cpuMs() reports. */
  pauses(): Pauses | null;
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  /** Asks the bot to stop; resolves with its memory just before stopping. */
  stop(): Promise<Memory | null>;
}

/** Starts a bench child (bench/child.ts protocol) in a fresh Node process and waits for "ready". */
async function spawnChild(script: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<BotChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--expose-gc", ...nodeFlags, "--import", "tsx", join(HERE, script)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = createInterface({ input: must(child.stdout, `${script} stdout pipe`) });
  const messages: Record<string, unknown>[] = [];
  const waiters = new Set<(m: Record<string, unknown>) => void>();
  lines.on("line", (line) => {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not ours
    }
    messages.push(m);
    for (const w of [...waiters]) w(m);
  });
  /** The next message of this kind (consumed), or null on timeout / exit. */
  const next = (event: string, timeoutMs: number) =>
    new Promise<Record<string, unknown> | null>((resolve) => {
      const queued = messages.find((m) => m.event === event);
      if (queued) {
        messages.splice(messages.indexOf(queued), 1);
        return resolve(queued);
      }
      const done = (m: Record<string, unknown> | null) => {
        clearTimeout(timer);
        waiters.delete(wait);
        if (m) messages.splice(messages.indexOf(m), 1);
        resolve(m);
      };
      const wait = (m: Record<string, unknown>) => m.event === event && done(m);
      const timer = setTimeout(() => done(null), timeoutMs);
      waiters.add(wait);
      void exited.then(() => done(null));
    });
  const ready = (await next("ready", 90_000)) as Ready | null;
  if (!ready) {
    child.kill();
    throw new Error(`${script} did not start`);
  }
  const stdin = must(child.stdin, `${script} stdin pipe`);
  const say = (line: string) => stdin.write(`${line}\n`);
  let lastCounts: RoundTrips | null = null;
  let lastPauses: Pauses | null = null;
  return {
    roundTrips: () => lastCounts,
    pauses: () => lastPauses,
    pid: must(child.pid, `${script} pid`),
    ready,
    async cpuMs() {
      say("cpu");
      const m = (await next("cpu", 10_000)) as { userUs: number; systemUs: number } | null;
      if (!m) throw new Error(`${script}: no cpu report`);
      lastCounts = (m as { counts?: RoundTrips }).counts ?? null;
      lastPauses = (m as { pauses?: Pauses }).pauses ?? null;
      return (m.userUs + m.systemUs) / 1000;
    },
    async profileStart() {
      say("profile-start");
      await next("profiling", 10_000);
    },
    async profileStop(file: string) {
      say(`profile-stop ${file}`);
      await next("profiled", 30_000);
    },
    async stop() {
      stdin.end("stop\n");
      const stopped = await next("stopped", 15_000);
      const timer = setTimeout(() => child.kill(), 15_000);
      await exited;
      clearTimeout(timer);
      return (stopped?.memory as Memory | undefined) ?? null;
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return must(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1], "percentile rank");
}

function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = Math.floor(finite.length / 2);
  const upper = must(finite[mid], "median value");
  return finite.length % 2 ? upper : (must(finite[mid - 1], "median value") + upper) / 2;
}

const round = (n: number, digits = 1) =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : Number.NaN;
const show = (n: number, digits = 1) => (Number.isFinite(n) ? String(round(n, digits)) : "—");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inBatches<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<void>) {
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (const [i, item] of queue) await fn(item, i);
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Reply times: the emulator tells us when a bot posts in a thread. */
function watchReplies(emulator: WebexEmulator) {
  const waiting = new Map<string, (at: number) => void>();
  const replies = new Map<string, number>();
  const bots = new Set<string>();
  /** Per bot: events it answered more than once. */
  const doubled = new Map<string, number>();
  const world = emulator.world;
  const create = world.createMessage.bind(world);
  world.createMessage = (senderId, input) => {
    const message: Message = create(senderId, input);
    if (bots.has(senderId) && message.parentId) {
      const n = (replies.get(message.parentId) ?? 0) + 1;
      replies.set(message.parentId, n);
      if (n === 2) doubled.set(senderId, (doubled.get(senderId) ?? 0) + 1);
      waiting.get(message.parentId)?.(performance.now());
    }
    return message;
  };
  return {
    replies,
    bots,
    doubled,
    /** Resolves with the time the first reply to this message was created, or NaN after the timeout. */
    replyTo(messageId: string): Promise<number> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(messageId);
          resolve(Number.NaN);
        }, REPLY_TIMEOUT_MS);
        waiting.set(messageId, (at) => {
          clearTimeout(timer);
          waiting.delete(messageId);
          resolve(at);
        });
      });
    },
  };
}

// ---- the contestants -------------------------------------------------------------------------

interface Person {
  id: string;
  emails: string[];
}

interface Contestant {
  name: string;
  bot: BotChild;
  botId: string;
  roomId: string;
  store?: Store;
  cleanup(): Promise<void>;
}

const ROLES: PersonRole[] = ["full_admin", "sales_admin", "read_only"];
const CUSTOMERS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli"];

/**
 * Partner, 32 people, the linked space and five trials; `extra` more trials for the card bench.
 * Each customer's admin is a person in the emulator too: the trials' messages to them are
 * delivered when the bot starts, not refused and retried for minutes while the bench measures.
 */
async function seedStore(
  emulator: WebexEmulator,
  store: Store,
  people: readonly Person[],
  roomId: string,
  extra = 0,
): Promise<string[]> {
  await store.upsertPartner({
    id: "p-bright",
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: ["bright.example"],
    webexOrgId: null,
  });
  for (const [i, u] of people.entries()) {
    await store.upsertPerson({
      id: `pp-${i + 1}`,
      email: must(u.emails[0], `an email of person ${i + 1}`),
      webexPersonId: null,
      partnerId: "p-bright",
      role: must(ROLES[i % ROLES.length], "a role"),
      language: "en",
    });
  }
  await store.linkSpace({ roomId, kind: "partner", partnerId: "p-bright" });
  // Started ten days ago: a trial started today already ends in 30 days, so "extend by 30" (the
  // longest extension) would move nothing and be refused (R-EXT-1), and the card bench would
  // measure refusals instead of extensions.
  const commands = new TrialCommands({ store, clock: new ManualClock(new Date(Date.now() - 10 * 86_400_000)) });
  const firstEmail = must(people[0]?.emails[0], "the first person's email");
  const admin = must(await store.findPersonByEmail(firstEmail), `the seeded person ${firstEmail}`);
  const names = [...CUSTOMERS, ...Array.from({ length: extra }, (_, i) => `Card${String(i + 1).padStart(3, "0")}`)];
  for (const name of names) {
    const adminEmail = `it@${name.toLowerCase()}.example`;
    if (!emulator.world.personByEmail(adminEmail)) emulator.addPerson({ displayName: `${name} IT`, email: adminEmail });
    const outcome = await commands.startNewCustomer(
      { kind: "person", person: admin },
      {
        companyName: name,
        adminEmail,
        vertical: "Technology",
        country: "US",
        locationAcknowledged: true,
        setup: { services: ["messaging", "calling"] },
      },
    );
    if (!outcome.ok) throw new Error(`seeding ${name}: ${outcome.refusal.code}`);
  }
  return names.slice(CUSTOMERS.length).map((n) => n.toLowerCase());
}

function groupSpace(emulator: WebexEmulator, people: readonly Person[], name: string) {
  const bot = emulator.addBot({ displayName: name, email: `${name.toLowerCase().replace(/\W+/g, "-")}@webex.bot` });
  const room = emulator.createRoom({
    title: `${name}: Bright Partners trials`,
    creatorId: must(people[0], "the first person").id,
    memberIds: [...people.slice(1).map((u) => u.id), bot.id],
  });
  return { bot, room };
}

async function trialsBotOnPostgres(emulator: WebexEmulator, people: readonly Person[], cardTrials: number) {
  const { bot, room } = groupSpace(emulator, people, "Trials Bot PG");
  const db = await createPgDatabase("trials_bench");
  await applyMigrations({ kind: "postgres", url: db.url });
  const opened = await openDatabase({ kind: "postgres", url: db.url });
  const store = createPrismaStore(opened);
  const cardHandles = await seedStore(emulator, store, people, room.id, cardTrials);
  const child = await spawnChild(
    "bot-process.ts",
    {
      BENCH_EMULATOR_URL: emulator.url,
      BENCH_BOT_TOKEN: bot.token,
      BENCH_DATABASE_URL: db.url,
      BENCH_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
    },
    PROD_NODE_FLAGS,
  );
  const contestant: Contestant = {
    name: "trials-bot (PostgreSQL)",
    bot: child,
    botId: bot.id,
    roomId: room.id,
    store,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
  return { contestant, cardHandles, databaseUrl: db.url };
}

/** Waits until none of the bots has made a Webex request for a second (at most a minute). */
async function quiet(emulator: WebexEmulator, contestants: readonly Contestant[]): Promise<void> {
  const requests = () => contestants.reduce((n, c) => n + emulator.requestsBy(c.botId).length, 0);
  const deadline = Date.now() + 60_000;
  let seen = -1;
  while (requests() !== seen && Date.now() < deadline) {
    seen = requests();
    await sleep(1_000);
  }
  await emulator.idle();
}

async function trialsBotOnPglite(emulator: WebexEmulator, people: readonly Person[]): Promise<Contestant> {
  const { bot, room } = groupSpace(emulator, people, "Trials Bot PGlite");
  const dir = mkdtempSync(join(tmpdir(), "trials-bench-pglite-"));
  const config: DatabaseConfig = { kind: "pglite", dataDir: join(dir, "pglite") };
  // Seeded here, then closed: the bot process holds the directory's lock while it runs.
  const opened = await openDatabase(config);
  await applyMigrations(opened);
  const store = createPrismaStore(opened);
  await seedStore(emulator, store, people, room.id);
  await store.close();
  const child = await spawnChild("bot-process.ts", {
    BENCH_EMULATOR_URL: emulator.url,
    BENCH_BOT_TOKEN: bot.token,
    BENCH_PGLITE_DIR: config.dataDir,
    BENCH_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
  });
  return {
    name: "trials-bot (PGlite)",
    bot: child,
    botId: bot.id,
    roomId: room.id,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function plainBot(
  emulator: WebexEmulator,
  people: readonly Person[],
  name: string,
  script: string,
  env: Record<string, string> = {},
): Promise<Contestant> {
  const { bot, room } = groupSpace(emulator, people, name);
  const child = await spawnChild(script, {
    BENCH_EMULATOR_URL: emulator.url,
    BENCH_BOT_TOKEN: bot.token,
    BENCH_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
    ...env,
  });
  return { name, bot: child, botId: bot.id, roomId: room.id, cleanup: async () => {} };
}

// ---- load ------------------------------------------------------------------------------------

/** PostgreSQL statements and Redis commands (bench/round-trips.ts). */
interface RoundTrips {
  postgres: number;
  redis: number;
}

/** Round trips per event between two reports, or null when the bot counts none. */
function perEvent(before: RoundTrips | null, after: RoundTrips | null, events: number): RoundTrips | null {
  if (!before || !after) return null;
  return { postgres: (after.postgres - before.postgres) / events, redis: (after.redis - before.redis) / events };
}

interface Phase {
  /** PostgreSQL statements and Redis commands per event (closed loop, trials-bot only). */
  roundTrips?: RoundTrips | null;
  events: number;
  answered: number;
  wallMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuPerEventMs: number;
  /** The bot's longest event-loop stall and GC pauses during the phase (open loop only). */
  pauses?: Pauses | null;
  /** This process's CPU per event (the Webex emulator and the load driver), closed loop only. */
  emulatorCpuPerEventMs?: number;
}

type Watch = ReturnType<typeof watchReplies>;

function summarise(latencies: number[], events: number, wallMs: number, cpuMs: number): Phase {
  const answered = latencies.filter((l) => Number.isFinite(l)).sort((a, b) => a - b);
  return {
    events,
    answered: answered.length,
    wallMs,
    perSecond: (answered.length / wallMs) * 1000,
    // Unanswered events count as slower than any answered one.
    p50Ms:
      answered.length === events
        ? percentile(answered, 50)
        : percentile([...answered, ...Array(events - answered.length).fill(Infinity)], 50),
    p99Ms: answered.length === events ? percentile(answered, 99) : Number.POSITIVE_INFINITY,
    cpuPerEventMs: cpuMs / events,
  };
}

/** One `@bot whoami` from the i-th person; resolves with its latency (NaN if unanswered). */
async function whoami(emulator: WebexEmulator, watch: Watch, c: Contestant, people: readonly Person[], i: number) {
  const t0 = performance.now();
  const message = emulator.userSays(must(people[i % people.length], "a person").id, c.roomId, "whoami", {
    mentionBot: c.botId,
  });
  return (await watch.replyTo(message.id)) - t0;
}

async function closedLoop(
  emulator: WebexEmulator,
  watch: Watch,
  c: Contestant,
  people: readonly Person[],
  inFlight: number,
  events: number,
) {
  const latencies: number[] = [];
  const cpu0 = await c.bot.cpuMs();
  const trips0 = c.bot.roundTrips();
  const own0 = process.cpuUsage();
  const start = performance.now();
  await inBatches(
    Array.from({ length: events }, (_, i) => i),
    inFlight,
    async (i) => {
      latencies.push(await whoami(emulator, watch, c, people, i));
    },
  );
  const wallMs = performance.now() - start;
  const own = process.cpuUsage(own0);
  const cpu1 = await c.bot.cpuMs();
  return {
    ...summarise(latencies, events, wallMs, cpu1 - cpu0),
    emulatorCpuPerEventMs: (own.user + own.system) / 1000 / events,
    roundTrips: perEvent(trips0, c.bot.roundTrips(), events),
  };
}

/** Events at a fixed rate whatever the bot's pace (open loop), as Webex delivers them. */
async function openLoop(
  emulator: WebexEmulator,
  watch: Watch,
  c: Contestant,
  people: readonly Person[],
  perSecond: number,
  seconds: number,
) {
  const events = Math.round(perSecond * seconds);
  const cpu0 = await c.bot.cpuMs();
  const start = performance.now();
  const pending: Promise<number>[] = [];
  const sentAt: number[] = [];
  const ownGc: [number, number][] = [];
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) ownGc.push([Math.round(e.startTime - start), Math.round(e.duration * 10) / 10]);
  });
  if (TRACE_FILE) gcWatch.observe({ entryTypes: ["gc"] });
  for (let i = 0; i < events; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt.push(Math.round(performance.now() - start));
    pending.push(whoami(emulator, watch, c, people, i));
  }
  const latencies = await Promise.all(pending);
  const wallMs = performance.now() - start;
  const cpu1 = await c.bot.cpuMs();
  if (TRACE_FILE) {
    const ms = latencies.map((l) => Math.round(l * 10) / 10);
    gcWatch.disconnect();
    appendFileSync(
      TRACE_FILE,
      `${JSON.stringify({ bot: c.name, perSecond, sentAt, ms, pauses: c.bot.pauses(), ownGc })}\n`,
    );
  }
  return { ...summarise(latencies, events, wallMs, cpu1 - cpu0), pauses: c.bot.pauses() };
}

interface Round {
  levels: Map<number, Phase>;
  at50: Phase;
  at200: Phase;
}

// ---- (a2) card submits that extend a trial ---------------------------------------------------

/** How many of these customers' trials have an extension in the audit log, once all are or after 10 s. */
async function extendedTrials(store: Store, handles: readonly string[]): Promise<number> {
  const count = async () => {
    let n = 0;
    for (const handle of handles) {
      const customer = await store.findCustomerByHandle(handle);
      const audit = customer ? await store.auditOf({ customerId: customer.id }) : [];
      if (audit.some((a) => a.action === "trial.extended")) n++;
    }
    return n;
  };
  let extended = await count();
  for (let i = 0; i < 40 && extended < handles.length; i++) {
    await sleep(250);
    extended = await count();
  }
  return extended;
}

async function cardExtends(
  emulator: WebexEmulator,
  c: Contestant,
  people: readonly Person[],
  handles: readonly string[],
) {
  const admin = must(people[0], "the admin person");
  const botPosts = () => emulator.messagesSentBy(c.botId);
  const cardOf = (m: Message) =>
    m.attachments?.[0]?.content as { actions?: { data?: Record<string, unknown> }[] } | undefined;
  const button = (m: Message, action: string) => cardOf(m)?.actions?.find((a) => a.data?.action === action)?.data;
  const latestCardWith = (since: number, action: string) =>
    botPosts()
      .slice(since)
      .reverse()
      .find((m) => button(m, action));
  const until = async (what: () => unknown, label: string) => {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`card bench: ${label} timed out`);
      await sleep(5);
    }
  };
  // The edit card of each trial (trial show → its menu → "Extend or change services").
  const edits: Message[] = [];
  for (const handle of handles) {
    let since = botPosts().length;
    emulator.userSays(admin.id, c.roomId, `trial show ${handle}`, { mentionBot: c.botId });
    await until(() => latestCardWith(since, "open_edit"), `the menu of ${handle}`);
    const menu = must(latestCardWith(since, "open_edit"), `the menu of ${handle}`);
    since = botPosts().length;
    emulator.userSubmitsCard(admin.id, menu.id, must(button(menu, "open_edit"), "the open_edit button"));
    await until(() => latestCardWith(since, "extend"), `the edit card of ${handle}`);
    edits.push(must(latestCardWith(since, "extend"), `the edit card of ${handle}`));
  }
  await emulator.idle();
  await sleep(500);
  // Each handled submit ends with a POST /messages (the outcome; the card itself is removed).
  // Counted on from where the last look stopped: the emulator keeps every request of the run (a
  // few hundred thousand after the rounds), and scanning them all every 5 ms kept this process
  // busy beside the bot it measures.
  let scanned = 0;
  let postsSeen = 0;
  const posts = () => {
    const all = emulator.requests;
    for (; scanned < all.length; scanned++) {
      const r = all[scanned];
      if (r?.callerId === c.botId && r.method === "POST" && r.path.startsWith("/messages")) postsSeen++;
    }
    return postsSeen;
  };
  const store = must(c.store, `${c.name}'s store`);
  // All submitted within a moment, as a busy partner's people would. Done when every outcome is
  // posted and no message the extends queued (the partner's notices) is still unsent.
  const submitAll = async (some: Message[]) => {
    const before = posts();
    for (const edit of some) emulator.userSubmitsCard(admin.id, edit.id, { days: "30", ...button(edit, "extend") });
    await until(() => posts() - before >= some.length, "every extend outcome");
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    // Not every 5 ms: each look is a query on the PostgreSQL the bot is using.
    while ((await store.unsentOutbox(1)).length > 0) {
      if (Date.now() > deadline) throw new Error("card bench: the extends' messages were not all sent");
      await sleep(25);
    }
    await emulator.idle();
    await sleep(300);
  };
  const measured = edits.slice(CARD_WARMUP);
  await submitAll(edits.slice(0, CARD_WARMUP));
  if (PROFILE_DIR) await c.bot.profileStart();
  const batches: { cpuPerSubmitMs: number; wallMs: number; roundTrips: RoundTrips | null }[] = [];
  for (let b = 0; b * CARD_SUBMITS < measured.length; b++) {
    const batch = measured.slice(b * CARD_SUBMITS, (b + 1) * CARD_SUBMITS);
    const cpu0 = await c.bot.cpuMs();
    const trips0 = c.bot.roundTrips();
    const start = performance.now();
    await submitAll(batch);
    const wallMs = performance.now() - start;
    const cpuMs = (await c.bot.cpuMs()) - cpu0;
    batches.push({
      cpuPerSubmitMs: cpuMs / batch.length,
      wallMs,
      roundTrips: perEvent(trips0, c.bot.roundTrips(), batch.length),
    });
  }
  if (PROFILE_DIR) await c.bot.profileStop(join(PROFILE_DIR, "trials-bot-card-extend.cpuprofile"));
  const extended = await extendedTrials(store, handles);
  const trips = batches.map((b) => b.roundTrips).filter((t): t is RoundTrips => t !== null);
  return {
    submits: measured.length,
    batches: batches.length,
    warmup: edits.length - measured.length,
    extended,
    /** The median batch's; every batch's in `perBatchMs`. */
    cpuPerSubmitMs: median(batches.map((b) => b.cpuPerSubmitMs)),
    perBatchMs: batches.map((b) => b.cpuPerSubmitMs),
    roundTrips:
      trips.length > 0
        ? { postgres: median(trips.map((t) => t.postgres)), redis: median(trips.map((t) => t.redis)) }
        : null,
    wallMs: median(batches.map((b) => b.wallMs)),
  };
}

// ---- (a3) production start from dist/ ----------------------------------------------------------

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat (100 ticks a second). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024);
}

async function productionStart(emulator: WebexEmulator, people: readonly Person[]) {
  if (process.env.BENCH_SKIP_BUILD !== "1" || !existsSync(join(ROOT, "dist", "main.js"))) {
    const built = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    if (built.status !== 0) throw new Error("npm run build failed");
  }
  const { bot, room } = groupSpace(emulator, people, "Trials Bot dist");
  const db = await createPgDatabase("trials_bench_dist");
  await applyMigrations({ kind: "postgres", url: db.url });
  const opened = await openDatabase({ kind: "postgres", url: db.url });
  const store = createPrismaStore(opened);
  await seedStore(emulator, store, people, room.id);
  await store.close();
  const port = await freePort();
  const watch = watchReplies(emulator);
  watch.bots.add(bot.id);
  const t0 = performance.now();
  // BENCH_DIST_NODE_ARGS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/start" to profile the start.
  const nodeArgs = (process.env.BENCH_DIST_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...PROD_NODE_FLAGS, join(ROOT, "dist", "main.js")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      WEBEX_TOKEN: bot.token,
      WEBEX_API_URL: emulator.url,
      WEBEX_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      DATABASE_URL: db.url,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      QUEUE_PREFIX: `bench-dist-${process.pid}`,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let listeningMs = Number.NaN;
  const listening = new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: must(child.stdout, "dist/main.js stdout pipe") });
    lines.on("line", (line) => {
      if (line.includes('"trials-bot is listening"') && Number.isNaN(listeningMs)) {
        listeningMs = performance.now() - t0;
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`node dist/main.js exited with ${code}`)));
  });
  const timeout = setTimeout(() => child.kill(), 60_000);
  try {
    await listening;
    const pid = must(child.pid, "dist/main.js pid");
    const rssReady = rssMbOf(pid);
    const cpuReady = cpuMsOf(pid);
    const message = emulator.userSays(must(people[1], "a second person").id, room.id, "whoami", { mentionBot: bot.id });
    const t1 = await watch.replyTo(message.id);
    const reply = emulator.messagesIn(room.id).find((m) => m.parentId === message.id);
    await sleep(500);
    const rssAfter = rssMbOf(pid);
    return {
      listeningMs: Math.round(listeningMs),
      cpuReady,
      rssReady,
      rssAfter,
      answered: Number.isFinite(t1),
      reply: ((reply?.markdown ?? reply?.text ?? "").split("\n")[0] ?? "").slice(0, 100),
    };
  } finally {
    clearTimeout(timeout);
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    await db.drop();
  }
}

// ---- (b) start-up with 1 and with 10,000 spaces -----------------------------------------------

interface StartRun {
  spaces: number;
  seedMs: number;
  startMs: number;
  memory: Memory;
  baseline: Memory;
  restCalls: number;
  calls: string;
  roomOrMembershipListings: number;
}

async function startWith(spaces: number): Promise<StartRun> {
  const emulator = await startWebexEmulator();
  const db = await createPgDatabase("trials_bench");
  await applyMigrations({ kind: "postgres", url: db.url });
  const opened = await openDatabase({ kind: "postgres", url: db.url });
  const store = createPrismaStore(opened);
  let bot: BotChild | null = null;
  try {
    const t0 = performance.now();
    const botPerson = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
    const owner = emulator.addPerson({ displayName: "Space Owner", email: "owner@bright.example" });
    // Before the bot registers its webhooks: no "added to a space" event fires for these.
    const rooms = Array.from({ length: spaces }, (_, i) =>
      emulator.createRoom({ title: `Customer space ${i + 1}`, creatorId: owner.id, memberIds: [botPerson.id] }),
    );
    await store.upsertPartner({
      id: "p-bright",
      name: "Bright Partners",
      tier: "tier1",
      timeZone: "UTC",
      emailDomains: ["bright.example"],
      webexOrgId: null,
    });
    await inBatches(rooms, 16, async (room) =>
      store.linkSpace({ roomId: room.id, kind: "partner", partnerId: "p-bright" }),
    );
    const seedMs = Math.round(performance.now() - t0);
    const before = emulator.requests.length;
    bot = await spawnChild(
      "bot-process.ts",
      {
        BENCH_EMULATOR_URL: emulator.url,
        BENCH_BOT_TOKEN: botPerson.token,
        BENCH_DATABASE_URL: db.url,
        BENCH_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
      },
      PROD_NODE_FLAGS,
    );
    const calls = emulator.requests.slice(before).filter((r) => r.callerId === botPerson.id);
    const ready = bot.ready;
    await bot.stop();
    bot = null;
    const counted = new Map<string, number>();
    for (const c of calls) {
      const key = `${c.method} ${c.path.replace(/\/[A-Za-z0-9_=-]{20,}/g, "/{id}")}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    return {
      spaces,
      seedMs,
      startMs: ready.startMs,
      memory: ready.after,
      baseline: must(ready.before, "the memory before the spaces"),
      restCalls: calls.length,
      calls: [...counted].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(", "),
      roomOrMembershipListings: calls.filter((c) => c.method === "GET" && /^\/(rooms|memberships)(\?|$)/.test(c.path))
        .length,
    };
  } finally {
    await bot?.stop().catch(() => null);
    await emulator.close();
    await store.close();
    await db.drop();
  }
}

// ---- report ----------------------------------------------------------------------------------

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  // A short row (fewer cells than the header) pads as if its missing cells were empty.
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? ":" : "-") + "-".repeat(w) + (i === 0 ? "-" : ":")).join("|")}|`,
    ...rows.map((r) => line(r.map(String))),
  ].join("\n");
}

const range = (values: readonly number[], digits = 1) => {
  const finite = values.filter(Number.isFinite);
  if (finite.length < values.length && finite.length === 0) return "—";
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const missing = finite.length < values.length ? ` (${values.length - finite.length}× —)` : "";
  return lo === hi ? `${show(lo, digits)}${missing}` : `${show(lo, digits)}–${show(hi, digits)}${missing}`;
};

/** One round of (a) for one contestant: the closed-loop levels, then the open loops. */
async function runRound(
  emulator: WebexEmulator,
  watch: Watch,
  c: Contestant,
  people: readonly Person[],
  r: number,
  profiles: string[],
): Promise<Round> {
  console.log(`(a) round ${r + 1}/${ROUNDS}: ${c.name} …`);
  const levels = new Map<number, Phase>();
  for (const level of LEVELS) {
    const profile = PROFILE_DIR && r === 0 && level === CPU_LEVEL && c.name.startsWith("trials-bot");
    if (profile) await c.bot.profileStart();
    levels.set(level, await closedLoop(emulator, watch, c, people, level, EVENTS));
    if (profile) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      const file = join(PROFILE_DIR, `${c.name.replace(/\W+/g, "-").replace(/-+$/, "")}.cpuprofile`);
      await c.bot.profileStop(file);
      profiles.push(file);
    }
    await sleep(200);
  }
  const at50 = await openLoop(emulator, watch, c, people, 50, SECONDS_50);
  await sleep(200);
  const profile200 = PROFILE_DIR && PROFILE_200 && r === 0 && c.name.startsWith("trials-bot");
  if (profile200) await c.bot.profileStart();
  const at200 = await openLoop(emulator, watch, c, people, 200, SECONDS_200);
  if (profile200) {
    const file = join(PROFILE_DIR, `${c.name.replace(/\W+/g, "-").replace(/-+$/, "")}-200.cpuprofile`);
    await c.bot.profileStop(file);
    console.log(`CPU profile of the 200 events/s phase: ${file}`);
  }
  await emulator.idle();
  await sleep(500);
  return { levels, at50, at200 };
}

interface SideBySide {
  names: string[];
  rounds: Map<string, Round[]>;
  profiles: string[];
  card: Awaited<ReturnType<typeof cardExtends>> | null;
  /** Events answered more than once, per bot, and all answered, in (a) (before the card submits). */
  doubled: string;
  answeredInA: number;
}

/** (a) side by side, then (a2) the card submits; every contestant stopped and cleaned up after. */
async function sideBySide(
  emulator: WebexEmulator,
  watch: Watch,
  people: readonly Person[],
  frameworkPresent: boolean,
): Promise<SideBySide> {
  const contestants: Contestant[] = [];
  const rounds = new Map<string, Round[]>();
  const profiles: string[] = [];
  try {
    console.log("(a) starting the bots …");
    const pg =
      ONLY.has("a") && BOTS.has("pg")
        ? await trialsBotOnPostgres(emulator, people, CARD_SUBMITS * CARD_BATCHES + CARD_WARMUP)
        : null;
    if (pg) contestants.push(pg.contestant);
    if (ONLY.has("a") && BOTS.has("pglite")) contestants.push(await trialsBotOnPglite(emulator, people));
    if (ONLY.has("a") && BOTS.has("bare"))
      contestants.push(await plainBot(emulator, people, "bare node:http bot", "bare-bot.ts"));
    if (ONLY.has("a") && BOTS.has("framework") && frameworkPresent)
      contestants.push(
        await plainBot(emulator, people, "webex-node-bot-framework 2.3.14", "framework-bot.ts", {
          BENCH_FRAMEWORK_DIR: FRAMEWORK_DIR,
        }),
      );
    // The seeded trials' messages (to the customers' admins and the partner's space) go out when
    // a trials-bot starts; measured rounds begin once every bot has stopped posting.
    await quiet(emulator, contestants);
    for (const c of contestants) {
      watch.bots.add(c.botId);
      rounds.set(c.name, []);
      // Warm-up: the JIT, connection pools, and the first message of each person (which links
      // their Webex id to their registration).
      await closedLoop(emulator, watch, c, people, CPU_LEVEL, WARMUP);
    }
    for (let r = 0; r < ROUNDS; r++) {
      const order = contestants.map((_, i) => must(contestants[(i + r) % contestants.length], "a contestant"));
      for (const c of order) {
        const round = await runRound(emulator, watch, c, people, r, profiles);
        must(rounds.get(c.name), `the rounds of ${c.name}`).push(round);
      }
    }
    const doubled = contestants
      .filter((c) => watch.doubled.has(c.botId))
      .map((c) => `${c.name}: ${watch.doubled.get(c.botId)}`)
      .join(", ");
    const answeredInA = watch.replies.size;
    console.log(`(a2) ${CARD_BATCHES} × ${CARD_SUBMITS} card submits that extend a trial (trials-bot on PostgreSQL) …`);
    const card = pg ? await cardExtends(emulator, pg.contestant, people, pg.cardHandles) : null;
    return { names: contestants.map((c) => c.name), rounds, profiles, card, doubled, answeredInA };
  } finally {
    for (const c of contestants) {
      await c.bot.stop().catch(() => null);
      await c.cleanup().catch(() => undefined);
    }
  }
}

/** Per-contestant figures over the rounds of (a). */
function roundFigures(rounds: Map<string, Round[]>) {
  const med = (name: string, pick: (r: Round) => number) => median((rounds.get(name) ?? []).map(pick));
  const all = <T>(name: string, pick: (r: Round) => T): T[] => (rounds.get(name) ?? []).map(pick);
  const best = (r: Round) => Math.max(...[...r.levels.values()].map((p) => p.perSecond));
  const bestLevel = (r: Round) =>
    must([...r.levels.entries()].sort((a, b) => b[1].perSecond - a[1].perSecond)[0], "a level")[0];
  // Every round measures every level in LEVELS, CPU_LEVEL among them.
  const at = (r: Round, level: number) => must(r.levels.get(level), `the phase at ${level} in flight`);
  return { med, all, best, bestLevel, at };
}

function sideTable(a: SideBySide): string {
  const { all, med, best, bestLevel, at } = roundFigures(a.rounds);
  const names = a.names;
  return table(
    ["`@bot whoami`, 32 people, group space", ...names],
    [
      [
        `CPU per event at ${CPU_LEVEL} in flight (ms, bot process)`,
        ...names.map((n) =>
          range(
            all(n, (r) => at(r, CPU_LEVEL).cpuPerEventMs),
            2,
          ),
        ),
      ],
      [
        "  median of rounds",
        ...names.map((n) =>
          show(
            med(n, (r) => at(r, CPU_LEVEL).cpuPerEventMs),
            2,
          ),
        ),
      ],
      [
        "  the emulator's and load driver's CPU per event (ms, bench process)",
        ...names.map((n) =>
          show(
            med(n, (r) => at(r, CPU_LEVEL).emulatorCpuPerEventMs ?? Number.NaN),
            2,
          ),
        ),
      ],
      [
        `PostgreSQL statements / Redis commands per event at ${CPU_LEVEL} in flight`,
        ...names.map((n) => {
          const trips = all(n, (r) => at(r, CPU_LEVEL).roundTrips).filter((t): t is RoundTrips => !!t);
          if (trips.length === 0) return "—";
          return `${show(median(trips.map((t) => t.postgres)), 2)} / ${show(median(trips.map((t) => t.redis)), 2)}`;
        }),
      ],
      ["best replies/s (8/32/64 in flight)", ...names.map((n) => range(all(n, best), 0))],
      ["  median of rounds", ...names.map((n) => show(med(n, best), 0))],
      ["  at (in flight)", ...names.map((n) => all(n, bestLevel).join("/"))],
      ...LEVELS.map((l) => [
        `replies/s at ${l} in flight`,
        ...names.map((n) =>
          range(
            all(n, (r) => at(r, l).perSecond),
            0,
          ),
        ),
      ]),
      ["50 events/s: p50 ms", ...names.map((n) => range(all(n, (r) => r.at50.p50Ms)))],
      [
        "200 events/s: answered",
        ...names.map((n) => all(n, (r) => `${r.at200.answered}/${r.at200.events}`).join(", ")),
      ],
      ["200 events/s: p50 ms", ...names.map((n) => range(all(n, (r) => r.at200.p50Ms)))],
      ["200 events/s: p99 ms", ...names.map((n) => range(all(n, (r) => r.at200.p99Ms)))],
      [
        "200 events/s: longest event-loop stall / GC pauses in all / longest GC pause (ms)",
        ...names.map((n) =>
          all(n, (r) => r.at200.pauses)
            .map((p) => (p ? `${show(p.loopMaxMs, 0)} / ${show(p.gcMs, 0)} / ${show(p.gcMaxMs, 0)}` : "—"))
            .join(", "),
        ),
      ],
      [
        "200 events/s: CPU per event (ms)",
        ...names.map((n) =>
          range(
            all(n, (r) => r.at200.cpuPerEventMs),
            2,
          ),
        ),
      ],
    ],
  );
}

type ProductionStart = Awaited<ReturnType<typeof productionStart>>;

/** The goals of issue 13 and the ratios between contestants, as two tables. */
function goalTables(a: SideBySide, dist: ProductionStart | null, frameworkPresent: boolean): string[] {
  const { med, best, at } = roundFigures(a.rounds);
  const card = a.card;
  const pgName = "trials-bot (PostgreSQL)";
  const pgliteName = "trials-bot (PGlite)";
  const bareName = "bare node:http bot";
  const fwName = "webex-node-bot-framework 2.3.14";
  const goal = (ok: boolean) => (ok ? "met" : "NOT met");
  const pgCpu = med(pgName, (r) => at(r, CPU_LEVEL).cpuPerEventMs);
  const pgliteCpu = med(pgliteName, (r) => at(r, CPU_LEVEL).cpuPerEventMs);
  const pgBest = med(pgName, best);
  const bareBest = med(bareName, best);
  const fwBest = frameworkPresent ? med(fwName, best) : Number.NaN;
  const pgP99 = med(pgName, (r) => r.at200.p99Ms);
  const goals = table(
    ["goal (issue 13)", "figure (median of rounds)", "goal", ""],
    [
      ["whoami CPU per event, PostgreSQL", `${show(pgCpu, 2)} ms`, "≤ 1.5 ms", goal(pgCpu <= 1.5)],
      ["whoami CPU per event, PGlite", `${show(pgliteCpu, 2)} ms`, "≤ 3 ms", goal(pgliteCpu <= 3)],
      [
        "card extend CPU per submit, PostgreSQL",
        card ? `${show(card.cpuPerSubmitMs, 2)} ms` : "—",
        "≤ 4 ms",
        card ? goal(card.cpuPerSubmitMs <= 4) : "—",
      ],
      [
        "best replies/s ÷ framework's",
        frameworkPresent ? `×${show(pgBest / fwBest, 2)}` : "— (no framework)",
        "≥ ×2",
        frameworkPresent ? goal(pgBest / fwBest >= 2) : "—",
      ],
      [
        "best replies/s ÷ bare bot's",
        `${show((pgBest / bareBest) * 100, 0)} %`,
        "≥ 25 %",
        goal(pgBest / bareBest >= 0.25),
      ],
      ["200 events/s sustained, p99, PostgreSQL", `${show(pgP99)} ms`, "≤ 20 ms", goal(pgP99 <= 20)],
      [
        "production start (dist) to listening",
        dist ? `${dist.listeningMs} ms (CPU ${dist.cpuReady} ms)` : "—",
        "≤ 2000 ms",
        dist ? goal(dist.listeningMs <= 2000) : "—",
      ],
      [
        "production RSS when ready",
        dist ? `${dist.rssReady} MB` : "—",
        "≤ 150 MB",
        dist ? goal(dist.rssReady <= 150) : "—",
      ],
    ],
  );
  const ratios = table(
    ["ratio (medians of rounds)", "value"],
    [
      ["CPU per event: PGlite ÷ PostgreSQL", `×${show(pgliteCpu / pgCpu, 2)}`],
      [
        "CPU per event: PostgreSQL ÷ bare bot",
        `×${show(pgCpu / med(bareName, (r) => at(r, CPU_LEVEL).cpuPerEventMs), 2)}`,
      ],
      ...(frameworkPresent
        ? [
            [
              "CPU per event: PostgreSQL ÷ framework",
              `×${show(pgCpu / med(fwName, (r) => at(r, CPU_LEVEL).cpuPerEventMs), 2)}`,
            ],
          ]
        : []),
      ["best replies/s: PostgreSQL ÷ bare bot", `×${show(pgBest / bareBest, 2)}`],
      ...(frameworkPresent ? [["best replies/s: PostgreSQL ÷ framework", `×${show(pgBest / fwBest, 2)}`]] : []),
      ["best replies/s: PGlite ÷ PostgreSQL", `×${show(med(pgliteName, best) / pgBest, 2)}`],
    ],
  );
  return [goals, ratios];
}

/** The card submits, the production start and the CPU profiles, as report paragraphs. */
function detailSections(a: SideBySide, dist: ProductionStart | null): string[] {
  const { card, profiles } = a;
  const sections: string[] = [];
  if (card)
    sections.push(
      `Card submit that extends a trial (trials-bot on PostgreSQL, each batch submitted within a moment): ${card.batches} batches of ${Math.round(card.submits / card.batches)} submits measured one after the other, after ${card.warmup} unmeasured ones, ${card.extended} of ${card.submits + card.warmup} trials extended, **${show(card.cpuPerSubmitMs, 2)} ms CPU per submit** (median of the batches; batches ${card.perBatchMs.map((ms) => show(ms, 2)).join(", ")} ms) in the bot process (the outcome post, the card removal and the partner's notices included; from a batch's first submit to 300 ms after its last message is sent), ${Math.round(card.wallMs)} ms wall per batch${card.roundTrips ? `; ${show(card.roundTrips.postgres, 2)} PostgreSQL statements and ${show(card.roundTrips.redis, 2)} Redis commands per submit` : ""}.`,
      "",
    );
  if (dist)
    sections.push(
      `Production start (\`npm run build\`, \`${PROD_COMMAND}\`, PostgreSQL, Redis, LOG_LEVEL=info): **listening ${dist.listeningMs} ms after spawn (${dist.cpuReady} ms of CPU), RSS ${dist.rssReady} MB when ready** (${dist.rssAfter} MB after answering one \`whoami\`: ${dist.answered ? `"${dist.reply}"` : "NOT answered"}).`,
      "",
    );
  for (const file of profiles) {
    sections.push(
      `CPU profile ${file.replace(`${ROOT}/`, "")} (32 in flight, round 1; self time by where it is spent):`,
      "",
      "```",
      summariseProfile(file),
      "```",
      "",
    );
  }
  return sections;
}

function startUpSection(one: StartRun, many: StartRun): string[] {
  const ratio = (x: number, y: number) => (y === 0 ? "—" : `×${round(x / y, 2)}`);
  return [
    "## Start-up with many spaces",
    "",
    table(
      ["bot start-up (tsx, bench/bot-process.ts)", "1 space", `${MANY_SPACES.toLocaleString("en")} spaces`, "ratio"],
      [
        ["RSS after start (MB)", one.memory.rssMb, many.memory.rssMb, ratio(many.memory.rssMb, one.memory.rssMb)],
        [
          "heap used after start (MB)",
          one.memory.heapUsedMb,
          many.memory.heapUsedMb,
          ratio(many.memory.heapUsedMb, one.memory.heapUsedMb),
        ],
        ["start time (ms)", one.startMs, many.startMs, ratio(many.startMs, one.startMs)],
        ["REST calls at start", one.restCalls, many.restCalls, ratio(many.restCalls, one.restCalls)],
        ["room/membership listings at start", one.roomOrMembershipListings, many.roomOrMembershipListings, "—"],
      ],
    ),
    "",
    `- REST calls at start, 1 space: ${one.calls}. ${MANY_SPACES.toLocaleString("en")} spaces: ${many.calls}. Seeding ${MANY_SPACES.toLocaleString("en")} rooms and spaces took ${round(many.seedMs / 1000)} s (not part of the start).`,
    "",
  ];
}

function measuredSection(machine: string, totalS: number, a: SideBySide, notes: readonly string[]): string[] {
  const { answeredInA, doubled } = a;
  return [
    "## How it was measured",
    "",
    `- Machine: ${machine}, shared (other work may run meanwhile: compare within one run). ${ROUNDS} rounds; each round runs every bot in turn (the order rotates), each bot is its own Node process (tsx loader, \`--expose-gc\`) with its own bot account, webhook secret and group space of the same ${PEOPLE} people. Whole bench: ${totalS} s.`,
    `- Latency: from the emulator's \`userSays\` (message created, signed webhook about to be POSTed) to the bot's reply in the thread being created in the emulator. Closed loop: after ${WARMUP} unmeasured events per bot (${CPU_LEVEL} in flight), ${EVENTS} events per level, each person in turn, the next sent when one is answered. Open loop: events sent at 50/s for ${SECONDS_50} s and at 200/s for ${SECONDS_200} s whatever the bot's pace; an event unanswered after ${REPLY_TIMEOUT_MS / 1000} s counts as unanswered (p99 then "—").`,
    `- CPU per event: the bot process's own \`process.cpuUsage()\` (user + system) across the phase ÷ events; PostgreSQL's and the emulator's CPU are not in it. The emulator and the load driver share one process (this one); its own CPU per event is shown beside it: all of them share the machine's two cores, so it bounds every bot's replies per second. The emulator posts webhooks over kept-alive node:http connections, as the bots call it. trials-bot logs at info (one line per command) into /dev/null; it runs its BullMQ workers on Redis as in production; on PostgreSQL with production's V8 flags (${PROD_NODE_FLAGS.join(" ") || "none"}), on PGlite without them, as the sandbox's \`npm start\`.`,
    `- The bare bot: node:http, HMAC check, keep-alive GET /messages/{id} and POST /messages, nothing stored. The framework: its \`hears("whoami")\` replying with the person it looked up (its own message and person GETs), behind a minimal node:http shim instead of Express. Webhooks: the bare bot registers one unfiltered \`messages:created\` webhook and the framework its own unfiltered firehose (\`all:all\`), as such bots do, so Webex also sends them each of their own replies (a second signed webhook per event, which they check and drop); trials-bot registers it filtered (\`roomType=direct\`, and \`roomType=group&mentionedPeople=me\`), so in this group space it is sent only the commands.`,
    `- ${answeredInA} events answered in (a) in all, ${doubled ? `some more than once: ${doubled}` : "each exactly once"}.`,
    ...notes,
    "",
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}`;
  console.log(`trials-bot bench on ${machine}`);
  const frameworkPresent = existsSync(join(FRAMEWORK_DIR, "node_modules", "webex-node-bot-framework", "package.json"));
  const notes: string[] = [];
  if (!frameworkPresent) {
    const note = `webex-node-bot-framework is not installed in ${FRAMEWORK_DIR} (BENCH_FRAMEWORK_DIR): skipped. To include it: mkdir -p ${FRAMEWORK_DIR} && cd ${FRAMEWORK_DIR} && npm init -y && npm install -E webex-node-bot-framework@2.3.14`;
    console.log(`note: ${note}`);
    notes.push(`- ${note}.`);
  }

  // (a) side by side
  // Webex keeps idle client connections open for a while; the emulator's default (1 s, which
  // Node's agents read as "do not reuse") would make every bot reconnect for every call.
  const emulator = await startWebexEmulator({ keepAliveTimeoutMs: 60_000 });
  const watch = watchReplies(emulator);
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) =>
    emulator.addPerson({ displayName: `User ${i + 1}`, email: `user${i + 1}@bright.example` }),
  );
  const a = await sideBySide(emulator, watch, people, frameworkPresent);
  let dist: ProductionStart | null = null;
  if (ONLY.has("start"))
    try {
      console.log(`(a3) production start: npm run build, ${PROD_COMMAND} on PostgreSQL …`);
      dist = await productionStart(emulator, people);
    } catch (error) {
      notes.push(`- (a3) production start failed: ${(error as Error).message}`);
    }

  await emulator.close();

  let one: StartRun | null = null;
  let many: StartRun | null = null;
  if (MANY_SPACES > 0 && ONLY.has("b")) {
    console.log("(b) start-up with 1 space …");
    one = await startWith(1);
    console.log(`(b) start-up with ${MANY_SPACES.toLocaleString("en")} spaces (seeding the emulator and the store) …`);
    many = await startWith(MANY_SPACES);
  }
  let timers: Awaited<ReturnType<typeof benchTimers>> | null = null;
  if (process.env.BENCH_TIMERS !== "0" && ONLY.has("timers")) {
    console.log("(c)(d) timers: Redis memory per active trial, reconcile time …");
    timers = await benchTimers();
  }
  let listExpiring: Awaited<ReturnType<typeof benchListExpiring>> | null = null;
  if (process.env.BENCH_LIST !== "0") {
    console.log("(f) trial list expiring 7 over 10,000 trials …");
    listExpiring = await benchListExpiring();
  }
  console.log("(e) store and Webex calls per event (issue 9) …");
  const callBudget = await benchCallBudget();
  console.log(callBudget);
  const totalS = round((performance.now() - started) / 1000);

  const sections = [
    `# trials-bot bench — ${new Date().toISOString()}`,
    "",
    "## Per-event cost, side by side",
    "",
    sideTable(a),
    "",
    ...goalTables(a, dist, frameworkPresent).flatMap((t) => [t, ""]),
    ...detailSections(a, dist),
    ...(one && many ? startUpSection(one, many) : []),
  ];
  if (timers) sections.push("## Timers", "", timers.markdown, "");
  if (listExpiring) sections.push("## trial list expiring", "", listExpiring.markdown, "");
  sections.push("## Store and Webex calls per event", "", callBudget, "");
  sections.push(...measuredSection(machine, totalS, a, notes));
  const report = sections.join("\n");
  console.log(`\n${report}`);
  mkdirSync(join(HERE, "results"), { recursive: true });
  writeFileSync(join(HERE, "results", "latest.md"), report);
  console.log("written to bench/results/latest.md");
}

await main();
