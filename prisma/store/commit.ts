// The unit of work: one database transaction per accepted decision, as plain SQL (../sql.ts):
// a card submit runs a handful of statements here, and through Prisma's client each cost about
// six times the CPU of a pg prepared statement.
import { AlreadyClaimedError, type CommitStore } from "../../app/ports/commit.ts";
import type { AuditEntry, OutgoingMessage } from "../../domain/effects.ts";
import { auditToRow } from "../mapping.ts";
import type { SqlQuery } from "../sql.ts";
import { AUDIT_LOG, columnArrays, insertRowsSql, OUTBOX } from "../sql-rows.ts";
import type { PrismaContext } from "./context.ts";
import { unlinkPartners, writeCustomer } from "./customers.ts";
import { newOutboxRows } from "./outbox.ts";
import { writeDevices, writeTimers, writeTrial } from "./trials.ts";

// The audit entries and the messages of a decision in one statement (a round trip less per
// commit): the outbox insert's parameters follow the audit's.
const AUDIT_PARAMS = Object.keys(AUDIT_LOG.columns).length;
const AUDIT_AND_OUTBOX = `WITH audit AS (${insertRowsSql(AUDIT_LOG)}) ${insertRowsSql(OUTBOX).replace(
  /\$(\d+)/g,
  (_, n: string) => `$${Number(n) + AUDIT_PARAMS}`,
)}`;

/** Appends the entries and inserts the messages, each in their order; returns the messages' ids. */
async function insertAuditAndOutbox(
  tx: SqlQuery,
  audit: readonly AuditEntry[],
  messages: readonly OutgoingMessage[],
): Promise<string[]> {
  if (audit.length === 0 && messages.length === 0) return [];
  const rows = newOutboxRows(messages);
  await tx.query("trials_audit_and_outbox", AUDIT_AND_OUTBOX, [
    ...columnArrays(AUDIT_LOG, audit.map(auditToRow)),
    ...columnArrays(OUTBOX, rows),
  ]);
  return rows.map((r) => r.id);
}

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
        return { outboxIds: await insertAuditAndOutbox(tx, change.audit, change.outbox) };
      }, txOptions);
    },
  };
}
