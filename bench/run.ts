// `npm run bench`: a benchmark script (not a test). The bot runs in a child process
// (bench/bot-process.ts) on a fresh PostgreSQL database; this process runs the Webex emulator,
// plays the users and measures.
//
// (a) webhook → reply: people @mention the bot with `trial list` / `help`; latency is from the
//     emulator's userSays (message created, webhook about to go out) to the bot's reply being
//     created in the emulator (POST /messages handled). Sequential, then with bounded concurrency.
// (b) start-up with 1 and with 10,000 spaces the bot is a member of (rooms + memberships in the
//     emulator, linked spaces in the store): the bot's memory after start and the REST calls it
//     made while starting. Start-up must not grow with the number of spaces.
//
// (c), (d) timers on BullMQ: Redis memory per active trial, time to reconcile 100,000 trials
//     (bench/timers.ts).
//
// Results are printed and written to bench/results/latest.md. Figures come from one run.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { systemClock } from "../app/clock.ts";
import type { Store } from "../app/store.ts";
import { TrialCommands } from "../app/trial-commands.ts";
import type { PersonRole } from "../domain/roles.ts";
import type { Message } from "../bot/webex/types.ts";
import { startWebexEmulator, type WebexEmulator } from "../emulator/index.ts";
import { openDatabase } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createPgDatabase } from "../test/store/harness.ts";
import { benchListExpiring } from "./list-expiring.ts";
import { benchTimers } from "./timers.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");
const BOT_PROCESS = join(HERE, "bot-process.ts");

const WARMUP = 20;
const SEQUENTIAL = 60;
/** BENCH_COMMANDS / BENCH_SPACES override the sizes (for a longer soak or a quicker check). */
const LOADED = Number(process.env.BENCH_COMMANDS ?? 300);
const CONCURRENCY = 8;
const USERS = 6;
const MANY_SPACES = Number(process.env.BENCH_SPACES ?? 10_000);
const REPLY_TIMEOUT_MS = 30_000;

// ---- helpers ---------------------------------------------------------------------------------

interface Memory {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  gc: boolean;
}
interface Ready {
  event: "ready";
  url: string;
  startMs: number;
  before: Memory;
  after: Memory;
}

interface BotChild {
  ready: Ready;
  /** Asks the bot to stop; resolves with its memory just before stopping. */
  stop(): Promise<Memory | null>;
}

/** Starts bench/bot-process.ts in a fresh Node process and waits for its "ready" line. */
async function spawnBot(env: Record<string, string>): Promise<BotChild> {
  const child: ChildProcess = spawn(process.execPath, ["--expose-gc", "--import", "tsx", BOT_PROCESS], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! });
  const messages: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  lines.on("line", (line) => {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not ours
    }
    messages.push(m);
    for (const w of waiters.splice(0)) w(m);
  });
  const next = (event: string, timeoutMs: number) =>
    new Promise<Record<string, unknown> | null>((resolve) => {
      const found = messages.find((m) => m.event === event);
      if (found) return resolve(found);
      const timer = setTimeout(() => resolve(null), timeoutMs);
      const wait = (m: Record<string, unknown>) =>
        m.event === event ? (clearTimeout(timer), resolve(m)) : waiters.push(wait);
      waiters.push(wait);
      void exited.then(() => (clearTimeout(timer), resolve(messages.find((x) => x.event === event) ?? null)));
    });
  const ready = (await next("ready", 60_000)) as Ready | null;
  if (!ready) {
    child.kill();
    throw new Error("the bot process did not start");
  }
  return {
    ready,
    async stop() {
      child.stdin!.end("stop\n");
      const stopped = await next("stopped", 15_000);
      const timer = setTimeout(() => child.kill(), 15_000);
      await exited;
      clearTimeout(timer);
      return (stopped?.memory as Memory | undefined) ?? null;
    },
  };
}

async function freshDatabase() {
  const db = await createPgDatabase("trials_bench");
  await applyMigrations({ kind: "postgres", url: db.url });
  const opened = await openDatabase({ kind: "postgres", url: db.url });
  const store = createPrismaStore(opened);
  return {
    url: db.url,
    store,
    drop: async () => {
      await store.close();
      await db.drop();
    },
  };
}

async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Resolves reply times: the emulator tells us when the bot posts a reply in a thread. */
function watchReplies(emulator: WebexEmulator, botId: string) {
  const waiting = new Map<string, (at: number) => void>();
  const replies = new Map<string, number>();
  const world = emulator.world;
  const create = world.createMessage.bind(world);
  world.createMessage = (senderId, input) => {
    const message: Message = create(senderId, input);
    if (senderId === botId && message.parentId) {
      replies.set(message.parentId, (replies.get(message.parentId) ?? 0) + 1);
      waiting.get(message.parentId)?.(performance.now());
    }
    return message;
  };
  return {
    replies,
    /** Resolves with the time the first reply to this message was created. */
    replyTo(messageId: string): Promise<number> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no reply to ${messageId} within ${REPLY_TIMEOUT_MS} ms`)),
          REPLY_TIMEOUT_MS,
        );
        waiting.set(messageId, (at) => {
          clearTimeout(timer);
          waiting.delete(messageId);
          resolve(at);
        });
      });
    },
  };
}

// ---- (a) webhook → reply ---------------------------------------------------------------------

interface LatencyRun {
  label: string;
  commands: number;
  concurrency: number;
  wallMs: number;
  perSecond: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

async function throughput() {
  const db = await freshDatabase();
  const emulator = await startWebexEmulator();
  let bot: BotChild | null = null;
  try {
    const botPerson = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
    const roles: PersonRole[] = ["full_admin", "sales_admin", "read_only"];
    const users = Array.from({ length: USERS }, (_, i) =>
      emulator.addPerson({ displayName: `User ${i + 1}`, email: `user${i + 1}@bright.example` }),
    );
    const room = emulator.createRoom({
      title: "Bright Partners trials",
      creatorId: users[0]!.id,
      memberIds: [...users.slice(1).map((u) => u.id), botPerson.id],
    });

    const store: Store = db.store;
    await store.upsertPartner({
      id: "p-bright",
      name: "Bright Partners",
      tier: "tier1",
      timeZone: "UTC",
      emailDomains: ["bright.example"],
      webexOrgId: null,
    });
    for (const [i, u] of users.entries()) {
      await store.upsertPerson({
        id: `pp-${i + 1}`,
        email: u.emails[0]!,
        webexPersonId: null,
        partnerId: "p-bright",
        role: roles[i % roles.length]!,
        language: "en",
      });
    }
    await store.linkSpace({ roomId: room.id, kind: "partner", partnerId: "p-bright" });
    const commands = new TrialCommands({ store, clock: systemClock });
    const admin = (await store.findPersonByEmail(users[0]!.emails[0]!))!;
    for (const name of ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]) {
      const outcome = await commands.startNewCustomer(
        { kind: "person", person: admin },
        {
          companyName: name,
          adminEmail: `it@${name.toLowerCase()}.example`,
          vertical: "Technology",
          country: "US",
          locationAcknowledged: true,
          setup: { services: ["messaging", "calling"] },
        },
      );
      if (!outcome.ok) throw new Error(`seeding ${name}: ${outcome.refusal.code}`);
    }

    const secret = randomBytes(24).toString("hex");
    bot = await spawnBot({
      BENCH_EMULATOR_URL: emulator.url,
      BENCH_BOT_TOKEN: botPerson.token,
      BENCH_DATABASE_URL: db.url,
      BENCH_WEBHOOK_SECRET: secret,
    });
    const watch = watchReplies(emulator, botPerson.id);

    const run = async (label: string, count: number, concurrency: number): Promise<LatencyRun> => {
      const latencies: number[] = [];
      const start = performance.now();
      await inBatches(
        Array.from({ length: count }, (_, i) => i),
        concurrency,
        async (i) => {
          const user = users[i % users.length]!;
          const text = i % 2 === 0 ? "trial list" : "help";
          const t0 = performance.now();
          const message = emulator.userSays(user.id, room.id, text, { mentionBot: true });
          const t1 = await watch.replyTo(message.id);
          latencies.push(t1 - t0);
        },
      );
      const wallMs = performance.now() - start;
      latencies.sort((a, b) => a - b);
      return {
        label,
        commands: count,
        concurrency,
        wallMs: Math.round(wallMs),
        perSecond: round((count / wallMs) * 1000),
        medianMs: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
        maxMs: round(latencies[latencies.length - 1]!),
      };
    };

    await run("warm-up", WARMUP, 4);
    const sequential = await run("one at a time", SEQUENTIAL, 1);
    const loaded = await run(`${CONCURRENCY} in flight`, LOADED, CONCURRENCY);
    await emulator.idle();
    await new Promise((r) => setTimeout(r, 200));
    const total = WARMUP + SEQUENTIAL + LOADED;
    const doubled = [...watch.replies.values()].filter((n) => n !== 1).length;
    const memoryAfter = await bot.stop();
    bot = null;
    return { sequential, loaded, total, answered: watch.replies.size, doubled, memoryAfter, users: USERS };
  } finally {
    await bot?.stop().catch(() => null);
    await emulator.close();
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
  const db = await freshDatabase();
  let bot: BotChild | null = null;
  try {
    const t0 = performance.now();
    const botPerson = emulator.addBot({ displayName: "Trials Bot", email: "trials-bot@webex.bot" });
    const owner = emulator.addPerson({ displayName: "Space Owner", email: "owner@bright.example" });
    // Before the bot registers its webhooks: no "added to a space" event fires for these.
    const rooms = Array.from({ length: spaces }, (_, i) =>
      emulator.createRoom({ title: `Customer space ${i + 1}`, creatorId: owner.id, memberIds: [botPerson.id] }),
    );
    await db.store.upsertPartner({
      id: "p-bright",
      name: "Bright Partners",
      tier: "tier1",
      timeZone: "UTC",
      emailDomains: ["bright.example"],
      webexOrgId: null,
    });
    await inBatches(rooms, 16, async (room) =>
      db.store.linkSpace({ roomId: room.id, kind: "partner", partnerId: "p-bright" }),
    );
    const seedMs = Math.round(performance.now() - t0);
    const botMemberships = [...emulator.world.memberships.values()].filter((m) => m.personId === botPerson.id).length;
    if (botMemberships !== spaces)
      throw new Error(`expected ${spaces} memberships of the bot, found ${botMemberships}`);

    const before = emulator.requests.length;
    bot = await spawnBot({
      BENCH_EMULATOR_URL: emulator.url,
      BENCH_BOT_TOKEN: botPerson.token,
      BENCH_DATABASE_URL: db.url,
      BENCH_WEBHOOK_SECRET: randomBytes(24).toString("hex"),
    });
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
      baseline: ready.before,
      restCalls: calls.length,
      calls: [...counted].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(", "),
      roomOrMembershipListings: calls.filter((c) => c.method === "GET" && /^\/(rooms|memberships)(\?|$)/.test(c.path))
        .length,
    };
  } finally {
    await bot?.stop().catch(() => null);
    await emulator.close();
    await db.drop();
  }
}

// ---- report ----------------------------------------------------------------------------------

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? ":" : "-") + "-".repeat(w) + (i === 0 ? "-" : ":")).join("|")}|`,
    ...rows.map((r) => line(r.map(String))),
  ].join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const cpu = cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}`;
  console.log(`trials-bot bench on ${machine}`);

  console.log(
    `(a) webhook → reply: ${WARMUP} warm-up, ${SEQUENTIAL} one at a time, ${LOADED} with ${CONCURRENCY} in flight, ${USERS} users …`,
  );
  const a = await throughput();
  console.log(`(b) start-up with 1 space …`);
  const one = await startWith(1);
  console.log(`(b) start-up with ${MANY_SPACES.toLocaleString("en")} spaces (seeding the emulator and the store) …`);
  const many = await startWith(MANY_SPACES);
  console.log(`(c)(d) timers: Redis memory per active trial, reconcile time …`);
  const timers = await benchTimers();
  const totalS = round((performance.now() - started) / 1000);

  const latency = table(
    [
      "webhook → reply (trial list / help)",
      "commands",
      "in flight",
      "wall ms",
      "replies/s",
      "median ms",
      "p99 ms",
      "max ms",
    ],
    [a.sequential, a.loaded].map((r) => [
      r.label,
      r.commands,
      r.concurrency,
      r.wallMs,
      r.perSecond,
      r.medianMs,
      r.p99Ms,
      r.maxMs,
    ]),
  );
  const ratio = (x: number, y: number) => (y === 0 ? "—" : `×${round(x / y, 2)}`);
  const startup = table(
    ["bot start-up", "1 space", `${MANY_SPACES.toLocaleString("en")} spaces`, "ratio"],
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
  );
  const notes = [
    `- Machine: ${machine}. One run; latencies are medians/percentiles over that run's commands.`,
    `- (a) The bot runs in its own process on a fresh PostgreSQL database; the emulator and the simulated users in this process. Latency runs from the emulator's \`userSays\` (message created, signed webhook about to be POSTed) to the bot's reply being created in the emulator (its \`POST /messages\` handled): webhook delivery, signature check, dedupe insert, \`GET /messages/{id}\`, identification, the command, the reply. Commands alternate \`trial list\` (5 trials) and \`help\` over ${a.users} users (full_admin, sales_admin, read_only). ${a.answered} of ${a.total} commands answered${a.doubled ? `, ${a.doubled} answered more than once` : ", each exactly once"}.`,
    `- (b) Each configuration starts the bot in a fresh Node process (\`--expose-gc\`; memory read after two GCs, 300 ms after \`startBot\` resolved) on a fresh PostgreSQL database. The emulator holds that many group rooms with the bot as member and the store that many linked spaces. Before start the process used ${one.baseline.rssMb} MB RSS / ${one.baseline.heapUsedMb} MB heap.`,
    `- REST calls at start, 1 space: ${one.calls}. ${MANY_SPACES.toLocaleString("en")} spaces: ${many.calls}.`,
    `- Bot process after the ${a.total} commands of (a): ${a.memoryAfter ? `${a.memoryAfter.rssMb} MB RSS, ${a.memoryAfter.heapUsedMb} MB heap used` : "not reported"}.`,
    `- Seeding ${MANY_SPACES.toLocaleString("en")} rooms + memberships in the emulator and spaces in the store took ${round(many.seedMs / 1000)} s (not part of the bot's start). Whole bench: ${totalS} s.`,
  ];
  const report = [
    `# trials-bot bench — ${new Date().toISOString()}`,
    "",
    latency,
    "",
    startup,
    "",
    timers.markdown,
    "",
    (await benchListExpiring()).markdown,
    "",
    ...notes,
    "",
  ].join("\n");
  console.log("\n" + report);
  mkdirSync(join(HERE, "results"), { recursive: true });
  writeFileSync(join(HERE, "results", "latest.md"), report);
  console.log(`written to bench/results/latest.md`);
}

await main();
