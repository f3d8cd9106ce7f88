// The start-up warning about how Redis keeps the schedule, on the real Redis and on fakes.
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { checkRedisDurability, createRedis } from "../../jobs/redis.ts";
import { REDIS_URL } from "./harness.ts";

function capture() {
  const warnings: string[] = [];
  const logger = {
    warn: (_o: unknown, msg: string) => warnings.push(msg),
    debug: () => undefined,
  } as unknown as Logger;
  return { logger, warnings };
}

const fake = (values: Record<string, string>) =>
  ({ config: async (_get: string, name: string) => [name, values[name]] }) as unknown as Redis;

const redis = createRedis(REDIS_URL);
afterAll(async () => {
  await redis.quit();
});

describe("Redis durability check at start", () => {
  it("reads save, appendonly and maxmemory-policy from the real Redis and warns exactly when they put jobs at risk", async () => {
    const { logger, warnings } = capture();
    const d = await checkRedisDurability(redis, logger);
    const off = d.save === "" && d.appendonly !== "yes";
    expect(warnings.some((w) => w.includes("persistence is off"))).toBe(off);
    expect(warnings.some((w) => w.includes("maxmemory-policy"))).toBe(d.maxmemoryPolicy !== "noeviction");
  });

  it("warns when persistence is off and when keys may be evicted; quiet with AOF and noeviction", async () => {
    const risky = capture();
    const d = await checkRedisDurability(
      fake({ save: "", appendonly: "no", "maxmemory-policy": "allkeys-lru" }),
      risky.logger,
    );
    expect(d.problems).toHaveLength(2);
    expect(risky.warnings.join("\n")).toMatch(/persistence is off[\s\S]*maxmemory-policy is allkeys-lru/);
    const safe = capture();
    expect(
      (await checkRedisDurability(fake({ save: "", appendonly: "yes", "maxmemory-policy": "noeviction" }), safe.logger))
        .problems,
    ).toEqual([]);
    expect(
      (
        await checkRedisDurability(
          fake({ save: "3600 1", appendonly: "no", "maxmemory-policy": "noeviction" }),
          safe.logger,
        )
      ).problems,
    ).toEqual([]);
    expect(safe.warnings).toEqual([]);
  });
});
