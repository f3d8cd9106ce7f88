// The in-memory unit of work: a commit is applied whole or not at all (see state.ts).
import { AlreadyClaimedError, type CommitStore } from "../app/ports/commit.ts";
import { appendAudit } from "./audit.ts";
import { unlinkPartners, writeCustomer } from "./customers.ts";
import { insertOutbox } from "./outbox.ts";
import type { MemoryState } from "./state.ts";
import { writeDevice, writeTimers, writeTrial } from "./trials.ts";

export function memoryCommit(state: MemoryState, now: () => Date): CommitStore {
  return {
    async commit(change) {
      return state.atomically(() => {
        if (change.claim !== undefined) {
          // As in the database: the claim is recorded first, and a taken key writes nothing.
          if (state.tables.events.has(change.claim)) throw new AlreadyClaimedError(change.claim);
          const key = change.claim;
          state.put(state.tables.events, key, { key, at: now(), envelope: null, handledAt: null });
        }
        const trial = change.trial;
        // The same order as the Prisma store: a stale version fails before anything is written,
        // and a new trial needs its customer first.
        if (trial && trial.expectedVersion !== null) writeTrial(state, trial.next, trial.expectedVersion);
        if (change.customer) writeCustomer(state, change.customer);
        if (trial && trial.expectedVersion === null) writeTrial(state, trial.next, null);
        for (const device of change.devices ?? []) writeDevice(state, device);
        if (change.timers) writeTimers(state, change.timers.trialId, change.timers.pending);
        if (change.unlink) unlinkPartners(state, change.unlink.customerId, change.unlink.partnerIds);
        appendAudit(state, change.audit);
        return { outboxIds: insertOutbox(state, change.outbox, now()) };
      });
    },
  };
}
