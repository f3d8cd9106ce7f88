// The Store port (app/store.ts) on Prisma: PostgreSQL or PGlite, see database.ts. One module per
// aggregate in store/; this file puts them together.
import type { Store } from "../app/store.ts";
import type { Database } from "./database.ts";
import { prismaAudit } from "./store/audit.ts";
import { prismaCommit } from "./store/commit.ts";
import type { PrismaContext } from "./store/context.ts";
import { prismaCustomers } from "./store/customers.ts";
import { prismaHealth } from "./store/health.ts";
import { prismaOutbox } from "./store/outbox.ts";
import { prismaPartners, prismaPeople, prismaSpaces } from "./store/partners.ts";
import { prismaSettings } from "./store/settings.ts";
import { prismaTrials } from "./store/trials.ts";
import { prismaWebhooks } from "./store/webhooks.ts";

export { isDatabaseUnavailable } from "./store/health.ts";

export interface PrismaStoreOptions {
  /** Longest wait for a transaction to start (PGlite runs one at a time). Default 10 s. */
  maxWaitMs?: number;
  /** Longest a commit transaction may run. Default 20 s. */
  timeoutMs?: number;
}

export function createPrismaStore(db: Database, options: PrismaStoreOptions = {}): Store {
  const ctx: PrismaContext = {
    prisma: db.prisma,
    sql: db.sql,
    txOptions: { maxWait: options.maxWaitMs ?? 10_000, timeout: options.timeoutMs ?? 20_000 },
  };
  return {
    ...prismaPartners(ctx),
    ...prismaPeople(ctx),
    ...prismaSpaces(ctx),
    ...prismaCustomers(ctx),
    ...prismaTrials(ctx),
    ...prismaCommit(ctx),
    ...prismaAudit(ctx),
    ...prismaWebhooks(ctx),
    ...prismaSettings(ctx),
    ...prismaOutbox(ctx),
    ...prismaHealth(db),
  };
}
