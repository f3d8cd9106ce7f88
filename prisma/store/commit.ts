// The unit of work: one database transaction per accepted decision, as plain SQL (../sql.ts):
// a card submit runs a handful of statements here, and through Prisma's client each cost about
// six times the CPU of a pg prepared statement.
import { AlreadyClaimedError, type CommitStore } from "../../app/ports/commit.ts";
import { insertAudit } from "./audit.ts";
import type { PrismaContext } from "./context.ts";
import { unlinkPartners, writeCustomer } from "./customers.ts";
import { insertOutbox } from "./outbox.ts";
import { writeDevices, writeTimers, writeTrial } from "./trials.ts";

const CLAIM = "INSERT INTO processed_events (key, at) VALUES ($1::text, $2::timestamptz) ON CONFLICT DO NOTHING";

export function prismaCommit({ sql, txOptions }: PrismaContext): CommitStore {
  return {
    async commit(change) {
      return sql.transaction(async (tx) => {
        if (change.claim !== undefined) {
          // First: a concurrent commit of the same claim waits on this row and then finds it taken.
          const { count } = await tx.query("trials_commit_claim", CLAIM, [change.claim, new Date().toISOString()]);
          if (count === 0) throw new AlreadyClaimedError(change.claim);
        }
        const trial = change.trial;
        // Update the trial first: a stale version fails before anything else is written, and
        // the row lock orders concurrent commits of one trial. A new trial needs its customer.
        if (trial && trial.expectedVersion !== null) await writeTrial(tx, trial.next, trial.expectedVersion);
        if (change.customer) await writeCustomer(tx, change.customer);
        if (trial && trial.expectedVersion === null) await writeTrial(tx, trial.next, null);
        await writeDevices(tx, change.devices ?? []);
        if (change.timers) await writeTimers(tx, change.timers.trialId, change.timers.pending);
        if (change.unlink) await unlinkPartners(tx, change.unlink.customerId, change.unlink.partnerIds);
        await insertAudit(tx, change.audit);
        return { outboxIds: await insertOutbox(tx, change.outbox) };
      }, txOptions);
    },
  };
}
