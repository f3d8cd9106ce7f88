// Redis connections for the queues, and the start-up check of how Redis keeps its data.
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

/**
 * A connection for BullMQ. Workers need maxRetriesPerRequest null (their blocking commands wait
 * through reconnects); producers share that setting: callers bound their own waits.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...options });
}

function configValue(reply: unknown): string | null {
  // CONFIG GET answers [name, value] (RESP2 shape; ioredis 6 keeps it under RESP3 "legacy").
  if (Array.isArray(reply)) return reply.length >= 2 ? String(reply[1]) : null;
  if (reply && typeof reply === "object") return String(Object.values(reply as Record<string, unknown>)[0] ?? "");
  return null;
}

export interface RedisDurability {
  /** RDB snapshot rules (CONFIG GET save): "" when snapshots are off. */
  save: string | null;
  /** "yes" when the append-only file is on. */
  appendonly: string | null;
  maxmemoryPolicy: string | null;
  /** What is wrong, for the warning; empty when Redis keeps the schedule safely. */
  problems: string[];
}

/**
 * The store is the source of truth and the bot reconciles at start, so a Redis that loses its
 * data loses no deadline; still, a Redis without persistence loses the schedule on every restart
 * until the bot reconciles, and one that evicts keys under memory pressure drops jobs silently.
 */
export async function checkRedisDurability(redis: Redis, logger: Logger): Promise<RedisDurability> {
  const read = async (name: string): Promise<string | null> => {
    try {
      return configValue(await redis.config("GET", name));
    } catch (err) {
      // Managed Redis services often disable CONFIG.
      logger.debug({ err, name }, "CONFIG GET refused");
      return null;
    }
  };
  const [save, appendonly, maxmemoryPolicy] = [
    await read("save"),
    await read("appendonly"),
    await read("maxmemory-policy"),
  ];
  const problems: string[] = [];
  if (save !== null && appendonly !== null && save.trim() === "" && appendonly !== "yes") {
    problems.push(
      "persistence is off (CONFIG GET save is empty and appendonly is no): a Redis restart loses every scheduled job until the bot reconciles from the database",
    );
  }
  if (maxmemoryPolicy !== null && maxmemoryPolicy !== "noeviction") {
    problems.push(
      `maxmemory-policy is ${maxmemoryPolicy}, not noeviction: Redis may evict queue keys under memory pressure`,
    );
  }
  for (const problem of problems) logger.warn({ save, appendonly, maxmemoryPolicy }, `Redis: ${problem}`);
  return { save, appendonly, maxmemoryPolicy, problems };
}

/** Redis's run id (INFO server): a new one means the server restarted. Null when INFO is refused. */
export async function redisRunId(redis: Redis): Promise<string | null> {
  try {
    const info = await redis.info("server");
    return /^run_id:(\S+)/m.exec(info)?.[1] ?? null;
  } catch {
    // Some managed services rename or refuse INFO: the sentinel key alone then tells a loss.
    return null;
  }
}

/** Deletes every key under a prefix (SCAN + UNLINK; never FLUSHDB). For tests and benches. */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
