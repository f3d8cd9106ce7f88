// Every test that starts the bot runs its BullMQ queues on the shared Redis under a prefix of its
// own (never another test's jobs), and deletes that prefix's keys when it is done.
import { randomBytes } from "node:crypto";
import { createRedis, deleteKeysWithPrefix } from "../../jobs/redis.ts";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function testQueuePrefix(kind: string): string {
  return `test-${kind}-${randomBytes(5).toString("hex")}`;
}

export async function deleteQueueKeys(prefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = createRedis(redisUrl);
  redis.on("error", () => undefined);
  try {
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
