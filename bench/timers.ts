// Timers bench (called by bench/run.ts; alone: `npx tsx bench/timers.ts`):
//  (c) Redis memory per active trial: N active trials (3 pending deadlines each: reminder 7 days
//      before, end-day reminder, expiry; Redis holds each trial's next one as its job) seeded
//      with SQL, reconciled into an empty queue prefix; INFO memory used_memory before/after, and
//      MEMORY USAGE and encoding of one trial's job hash.
//  (d) Time to reconcile N trials: from an empty Redis (every job added), then again with
//      nothing to do (steady state, the periodic reconcile). One run each.
// N = BENCH_TIMER_TRIALS (default 100,000). The queue prefix is the bench's own; its keys are
// deleted afterwards (never FLUSHDB).
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { systemClock } from "../app/clock.ts";
import { readConfig } from "../app/config.ts";
import { createLogger } from "../app/logger.ts";
import { startJobs } from "../jobs/index.ts";
import { createRedis, deleteKeysWithPrefix } from "../jobs/redis.ts";
import { type ReconcileReport, timerJobId } from "../jobs/timers.ts";
import { openDatabase } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createPgDatabase } from "../test/store/harness.ts";

export interface TimersBench {
  trials: number;
  jobs: number;
  seedMs: number;
  usedMemoryDeltaBytes: number;
  bytesPerTrial: number;
  oneTrialKeysBytes: number;
  jobEncoding: string;
  reconcileEmptyMs: number;
  reconcileSteadyMs: number;
  storeReadMs: number;
  markdown: string;
}

const phases = (r: ReconcileReport) =>
  `read Redis ${r.phasesMs.redis} ms, read the store ${r.phasesMs.store} ms, write Redis ${r.phasesMs.write} ms`;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function usedMemory(redis: ReturnType<typeof createRedis>): Promise<number> {
  const info = await redis.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
}

export async function benchTimers(trials = Number(process.env.BENCH_TIMER_TRIALS ?? 100_000)): Promise<TimersBench> {
  const created = await createPgDatabase("trials_bench_timers");
  const prefix = `bench-timers-${randomBytes(4).toString("hex")}`;
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = createRedis(redisUrl);
  const db = await openDatabase({ kind: "postgres", url: created.url });
  try {
    await applyMigrations(db);
    const t0 = performance.now();
    const sql = (q: string) => db.prisma.$executeRawUnsafe(q);
    await sql(
      `INSERT INTO partners (id, name, tier, time_zone, email_domains) VALUES ('p-bench', 'Bench', 'tier1', 'UTC', '{}')`,
    );
    await sql(`INSERT INTO customers (id, handle, name, vertical, country, region, purchased_services)
               SELECT 'c-' || g, 'c' || g, 'Customer ' || g, 'Retail', 'US', 'US', '{}' FROM generate_series(1, ${trials}) g`);
    await sql(`INSERT INTO trials (id, partner_id, customer_id, kind, status, services, length_days, time_zone, start_date, end_date, created_at, updated_at, version)
               SELECT 't-' || g, 'p-bench', 'c-' || g, 'new_customer', 'active', '{messaging}', 30, 'UTC', current_date, current_date + 8 + (g % 30), now(), now(), 1
               FROM generate_series(1, ${trials}) g`);
    await sql(`INSERT INTO timers (trial_id, kind, due_at)
               SELECT 't-' || g, k.kind, date_trunc('day', now()) + (8 + (g % 30)) * interval '1 day' + k.off
               FROM generate_series(1, ${trials}) g
               CROSS JOIN (VALUES ('reminder_before_end', interval '-7 days 15 hours'), ('reminder_end_day', interval '-15 hours'), ('expiry', interval '0')) AS k(kind, off)`);
    const seedMs = Math.round(performance.now() - t0);

    const store = createPrismaStore(db);
    const config = readConfig({ LOG_LEVEL: "silent", REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
    const noDelivery = {
      deliver: async () => ({ outcome: "missing" as const }),
      unsentIds: async () => [],
      deadClaims: async () => [],
    };
    const jobs = await startJobs({
      config,
      store,
      clock: systemClock,
      logger: createLogger(config),
      delivery: noDelivery,
      digest: async () => {
        throw new Error("bench: no digest");
      },
      fireTimer: async () => {
        throw new Error("bench: no firing");
      },
      options: { workers: false, reconcileAtStart: false, reconcileEveryMs: 0 },
    });
    try {
      const r0 = performance.now();
      await store.nextTimers();
      const storeReadMs = Math.round(performance.now() - r0);

      const before = await usedMemory(redis);
      const empty = await jobs.timers.reconcile();
      const after = await usedMemory(redis);
      const steady = await jobs.timers.reconcile();

      const oneKey = `${prefix}:timers:${timerJobId("t-1")}`;
      const oneTrialKeysBytes = Number((await redis.memory("USAGE", oneKey, "SAMPLES", "0")) ?? 0);
      const jobEncoding = String(await redis.object("ENCODING", oneKey));
      const jobsCount = empty.added;
      const delta = after - before;
      const result = {
        trials,
        jobs: jobsCount,
        seedMs,
        usedMemoryDeltaBytes: delta,
        bytesPerTrial: Math.round(delta / trials),
        oneTrialKeysBytes,
        jobEncoding,
        reconcileEmptyMs: empty.ms,
        reconcileSteadyMs: steady.ms,
        storeReadMs,
      };
      const n = trials.toLocaleString("en");
      const markdown = [
        `| timers (BullMQ on Redis) | ${n} active trials |`,
        `|---|---|`,
        `| pending deadlines (store) / delayed jobs (Redis) | ${(trials * 3).toLocaleString("en")} / ${jobsCount.toLocaleString("en")} (the next deadline of each trial) |`,
        `| Redis used_memory delta | ${round(delta / 1024 / 1024)} MB |`,
        `| Redis memory per active trial | ${result.bytesPerTrial} B (MEMORY USAGE of one trial's job hash: ${oneTrialKeysBytes} B, ${jobEncoding}; the rest is the key space entry and the delayed sorted set) |`,
        `| reconcile, empty Redis (every job added) | ${(empty.ms / 1000).toFixed(2)} s (${phases(empty)}) |`,
        `| reconcile, nothing to do (steady state) | ${(steady.ms / 1000).toFixed(2)} s (${phases(steady)}) |`,
        `| of which reading each trial's next timer (Store.nextTimers) | ${(storeReadMs / 1000).toFixed(2)} s |`,
        "",
        `- (c)/(d) ${n} active trials seeded with SQL in ${(seedMs / 1000).toFixed(1)} s (not measured); queue prefix of its own, deleted afterwards. One run each (median of one run).`,
      ].join("\n");
      return { ...result, markdown };
    } finally {
      await jobs.close();
    }
  } finally {
    await deleteKeysWithPrefix(redis, prefix).catch(() => 0);
    await redis.quit();
    await db.close();
    await created.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = await benchTimers();
  console.log(r.markdown);
  process.exit(0);
}
