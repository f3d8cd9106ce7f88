// The Store port (app/store.ts) in memory: a persistence adapter like prisma/, with the same
// behaviour (the contract suite test/store/store-suite.ts runs both), for fast use-case tests and
// for running the bot without a database. Nothing survives the process.
import type { StoreHealth } from "../app/ports/health.ts";
import type { Store } from "../app/store.ts";
import { memoryAudit } from "./audit.ts";
import { memoryCommit } from "./commit.ts";
import { memoryCustomers } from "./customers.ts";
import { StoreClosedError } from "./errors.ts";
import { memoryOutbox } from "./outbox.ts";
import { memoryPartners, memoryPeople, memorySpaces } from "./partners.ts";
import { memorySettings } from "./settings.ts";
import { MemoryState } from "./state.ts";
import { memoryTrials } from "./trials.ts";
import { memoryWebhooks } from "./webhooks.ts";

export { ConstraintError, StoreClosedError } from "./errors.ts";

export interface MemoryStoreOptions {
  /**
   * The store's own clock (the database's, in the Prisma store): outbox creation times and
   * claim leases. Default: the system clock, never a bot's test clock.
   */
  now?: () => Date;
}

function memoryHealth(state: MemoryState): StoreHealth {
  return {
    async ping() {
      if (state.closed) throw new StoreClosedError();
    },
    isUnavailable: (error) => error instanceof StoreClosedError,
    async close() {
      state.closed = true;
    },
  };
}

/** Every call on a closed store fails as on a database that went away. */
function refusingWhenClosed<T extends object>(state: MemoryState, port: T): T {
  const guarded = { ...port } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(port)) {
    if (typeof fn !== "function") continue;
    guarded[name] = (...args: unknown[]) =>
      state.closed ? Promise.reject(new StoreClosedError()) : (fn as (...a: unknown[]) => unknown)(...args);
  }
  return guarded as T;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date());
  const state = new MemoryState();
  const data = refusingWhenClosed(state, {
    ...memoryPartners(state),
    ...memoryPeople(state),
    ...memorySpaces(state),
    ...memoryCustomers(state),
    ...memoryTrials(state),
    ...memoryCommit(state, now),
    ...memoryAudit(state),
    ...memoryWebhooks(state),
    ...memorySettings(state),
    ...memoryOutbox(state, now),
  });
  return { ...data, ...memoryHealth(state) };
}
