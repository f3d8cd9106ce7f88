// The bot under benchmark, alone in its own process (spawned by bench/run.ts) so its memory
// figures are its own: starts the bot against the emulator URL it is given, reports start time
// and memory as one JSON line on stdout, serves webhooks until stdin says "stop", then stops.
//
// env: BENCH_EMULATOR_URL, BENCH_BOT_TOKEN, BENCH_DATABASE_URL, BENCH_WEBHOOK_SECRET.
import { createInterface } from "node:readline";
import { readConfig } from "../app/config.ts";
import { createLogger } from "../app/logger.ts";
import { startBot } from "../boot/start-bot.ts";
import { createRedis, deleteKeysWithPrefix } from "../jobs/redis.ts";

const need = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`bench/bot-process: ${name} is not set`);
  return v;
};

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

function memory() {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    externalMb: mb(m.external),
    gc: gc !== undefined,
  };
}

const before = memory();
// Its own queue prefix: the bot reconciles its (empty) timers at start and must not touch others'.
const config = { ...readConfig({ LOG_LEVEL: "silent" }), port: 0, queuePrefix: `bench-bot-${process.pid}` };
const t0 = performance.now();
const bot = await startBot({
  config,
  logger: createLogger(config),
  webex: { token: need("BENCH_BOT_TOKEN"), baseUrl: need("BENCH_EMULATOR_URL"), secret: need("BENCH_WEBHOOK_SECRET") },
  database: { kind: "postgres", url: need("BENCH_DATABASE_URL") },
  host: "127.0.0.1",
});
const startMs = Math.round(performance.now() - t0);
// Let start-up garbage settle before measuring.
await new Promise((r) => setTimeout(r, 300));
process.stdout.write(JSON.stringify({ event: "ready", url: bot.url, startMs, before, after: memory() }) + "\n");

const lines = createInterface({ input: process.stdin });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const last = memory();
  await bot.stop();
  const redis = createRedis(config.redisUrl);
  await deleteKeysWithPrefix(redis, config.queuePrefix);
  await redis.quit();
  process.stdout.write(JSON.stringify({ event: "stopped", memory: last }) + "\n");
  lines.close();
  process.exit(0);
};
lines.on("line", (line) => {
  if (line.trim() === "stop") void stop();
});
lines.on("close", () => void stop());
