// The unit of work on Prisma: one database transaction per accepted decision.
import { AlreadyClaimedError, type CommitStore } from "../../app/ports/commit.ts";
import { auditToRow, deviceToRow } from "../mapping.ts";
import type { PrismaContext } from "./context.ts";
import { writeCustomer } from "./customers.ts";
import { insertOutbox } from "./outbox.ts";
import { writeTimers, writeTrial } from "./trials.ts";

export function prismaCommit({ prisma, txOptions }: PrismaContext): CommitStore {
  return {
    async commit(change) {
      return prisma.$transaction(async (tx) => {
        if (change.claim !== undefined) {
          // First: a concurrent commit of the same claim waits on this row and then finds it taken.
          const { count } = await tx.processedEvent.createMany({
            data: [{ key: change.claim, at: new Date() }],
            skipDuplicates: true,
          });
          if (count === 0) throw new AlreadyClaimedError(change.claim);
        }
        const trial = change.trial;
        // Update the trial first: a stale version fails before anything else is written, and
        // the row lock orders concurrent commits of one trial. A new trial needs its customer.
        if (trial && trial.expectedVersion !== null) await writeTrial(tx, trial.next, trial.expectedVersion);
        if (change.customer) await writeCustomer(tx, change.customer);
        if (trial && trial.expectedVersion === null) await writeTrial(tx, trial.next, null);
        for (const device of change.devices ?? []) {
          const { id, ...rest } = deviceToRow(device);
          await tx.deviceUnit.upsert({ where: { id }, create: { id, ...rest }, update: rest });
        }
        if (change.timers) await writeTimers(tx, change.timers.trialId, change.timers.pending);
        if (change.unlink && change.unlink.partnerIds.length > 0) {
          await tx.managingPartner.deleteMany({
            where: { customerId: change.unlink.customerId, partnerId: { in: change.unlink.partnerIds } },
          });
        }
        if (change.audit.length > 0) await tx.auditEntry.createMany({ data: change.audit.map(auditToRow) });
        return { outboxIds: await insertOutbox(tx, change.outbox) };
      }, txOptions);
    },
  };
}
