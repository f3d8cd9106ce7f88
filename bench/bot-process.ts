// trials-bot under benchmark, alone in its own process (spawned by bench/run.ts) so its CPU and
// memory figures are its own: starts the bot against the emulator URL it is given, reports start
// time and memory as one JSON line on stdout, then serves bench/child.ts's commands (cpu, profile,
// stop). Logs at info (one line per command, as in production) into /dev/null: their cost counts,
// the pipe does not.
//
// env: BENCH_EMULATOR_URL, BENCH_BOT_TOKEN, BENCH_WEBHOOK_SECRET, and BENCH_DATABASE_URL
// (PostgreSQL) or BENCH_PGLITE_DIR (embedded PGlite); BENCH_LOG_LEVEL (default info).
import { destination } from "pino";
import { readConfig } from "../app/config.ts";
import { createLogger } from "../app/logger.ts";
import { startBot } from "../boot/start-bot.ts";
import { createRedis, deleteKeysWithPrefix } from "../jobs/redis.ts";
import { memory, need, send, serveCommands } from "./child.ts";
import { countRoundTrips, roundTrips } from "./round-trips.ts";

countRoundTrips();

const before = memory();
// Its own queue prefix: the bot reconciles its (empty) timers at start and must not touch others'.
const config = {
  ...readConfig({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info" }),
  port: 0,
  queuePrefix: `bench-bot-${process.pid}`,
};
const pgliteDir = process.env.BENCH_PGLITE_DIR;
const t0 = performance.now();
const bot = await startBot({
  config,
  logger: createLogger(config, destination({ dest: "/dev/null", sync: false })),
  webex: { token: need("BENCH_BOT_TOKEN"), baseUrl: need("BENCH_EMULATOR_URL"), secret: need("BENCH_WEBHOOK_SECRET") },
  database: pgliteDir ? { kind: "pglite", dataDir: pgliteDir } : { kind: "postgres", url: need("BENCH_DATABASE_URL") },
  host: "127.0.0.1",
});
const startMs = Math.round(performance.now() - t0);
// Let start-up garbage settle before measuring.
await new Promise((r) => setTimeout(r, 300));
send({ event: "ready", url: bot.url, startMs, before, after: memory() });

serveCommands(
  async () => {
    await bot.stop();
    const redis = createRedis(config.redisUrl);
    await deleteKeysWithPrefix(redis, config.queuePrefix);
    await redis.quit();
  },
  () => ({ ...roundTrips }),
);
