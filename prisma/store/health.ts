// Readiness, the errors that mean "the database could not be reached", and closing.
import type { StoreHealth } from "../../app/ports/health.ts";
import type { Database } from "../database.ts";

export function prismaHealth(db: Database): StoreHealth {
  return {
    async ping() {
      await db.prisma.$queryRawUnsafe("SELECT 1");
    },
    isUnavailable: isDatabaseUnavailable,
    async close() {
      await db.close();
    },
  };
}

// Connection-level failures, as pg, the Prisma driver adapter and the Prisma client report them:
// socket errors, PostgreSQL's shutdown/connection SQLSTATEs (57P01-03, class 08) and Prisma's
// "can't reach / closed / pool timeout" codes.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|Connection terminated|terminating connection|Can't reach database server|Server has closed the connection|the database system is (shutting down|starting up)|Client has encountered a connection error|DatabaseNotReachable|ConnectionClosed/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof o.code === "string" && UNAVAILABLE_CODES.has(o.code)) return true;
    if (typeof o.kind === "string" && /NotReachable|ConnectionClosed|SocketTimeout/.test(o.kind)) return true;
    if (typeof o.message === "string" && UNAVAILABLE_TEXT.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}
