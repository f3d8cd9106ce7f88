// Counts what trials-bot asks of PostgreSQL and Redis, for the bench's per-event figures: each
// statement on a pooled pg client (a round trip; PGlite's in-process queries are not counted) and
// each Redis command (a pipeline's commands count one by one, though they share a round trip).
import { Redis } from "ioredis";
import type pg from "pg";
import { CharAsTextClient } from "../prisma/adapters.ts";

export const roundTrips = { postgres: 0, redis: 0 };

export function countRoundTrips(): void {
  const query = CharAsTextClient.prototype.query;
  CharAsTextClient.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    roundTrips.postgres += 1;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof sendCommand>) {
    roundTrips.redis += 1;
    return sendCommand.apply(this, args);
  };
}
