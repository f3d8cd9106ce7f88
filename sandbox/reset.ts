// `npm run sandbox:reset`: deletes the sandbox's data directory (DATA_DIR, default ./data), so the
// next `npm start` begins again with fresh demo data. It refuses while a sandbox (or bot) runs on
// that directory, and refuses a directory the sandbox did not create. The sandbox's queues in an
// external Redis (REDIS_URL) are cleared too.
import { existsSync, rmSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import { type Config, ConfigError, readConfig } from "../app/config.ts";
import { type DirectoryLock, DirectoryLockedError, lockDirectory } from "../prisma/dir-lock.ts";
import { SANDBOX_MARKER, sandboxQueuePrefix } from "./index.ts";
import { redisAnswers } from "./redis.ts";

export type ResetOutcome = { ok: true; deleted: boolean; message: string } | { ok: false; message: string };

export async function resetSandbox(input: {
  dataDir: string;
  redisUrl?: string;
  queuePrefix?: string;
}): Promise<ResetOutcome> {
  const dir = resolve(input.dataDir);
  if (!existsSync(dir)) return { ok: true, deleted: false, message: `nothing to reset: ${dir} does not exist` };
  if (!existsSync(join(dir, SANDBOX_MARKER))) {
    return {
      ok: false,
      message: `${dir} is not a sandbox data directory (it has no ${SANDBOX_MARKER}); it may hold a real bot's data, so it is left alone. Delete it by hand if you mean to.`,
    };
  }
  let lock: DirectoryLock;
  try {
    lock = lockDirectory(join(dir, "pglite"));
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      return {
        ok: false,
        message: `the sandbox is running on ${dir} (pid ${error.holderPid ?? "unknown"}${error.holderHost && error.holderHost !== hostname() ? ` on ${error.holderHost}` : ""}): stop it first (Ctrl+C in its terminal), then run npm run sandbox:reset again.`,
      };
    }
    throw error;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
  } finally {
    lock.release();
  }
  const cleared =
    input.redisUrl && input.queuePrefix
      ? await clearQueues(input.redisUrl, sandboxQueuePrefix(input.queuePrefix, dir))
      : 0;
  return {
    ok: true,
    deleted: true,
    message: `deleted ${dir}${cleared ? ` and ${cleared} queue key(s) in Redis` : ""}; npm start creates fresh demo data.`,
  };
}

/** Deletes the sandbox's BullMQ keys from an external Redis; 0 when Redis does not answer. */
async function clearQueues(url: string, prefix: string): Promise<number> {
  if (!(await redisAnswers(url))) return 0;
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sandbox:reset: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const outcome = await resetSandbox({
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
  });
  if (outcome.ok) {
    console.log(`sandbox:reset: ${outcome.message}`);
  } else {
    console.error(`sandbox:reset refused: ${outcome.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
