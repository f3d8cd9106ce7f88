// The unit of work: one database transaction per accepted decision, as plain SQL (../sql.ts):
// through Prisma's client each statement cost about six times the CPU of a pg prepared
// statement. The writes of a decision that touches no customer (an extend, a change of
// services, a cancel, a conversion, a timer firing) go as one statement (../sql-compose.ts),
// on its own: PostgreSQL runs a statement outside BEGIN as its own transaction, and the
// statement fails itself when its claim was taken or its trial changed meanwhile, so nothing of
// it is written. One round trip whatever the decision writes; with BEGIN and COMMIT it was
// three, each costing the bot as much CPU as the statement (issue 13). The transaction limits
// (txOptions) bound the commits that still run as a transaction (those with a customer); a
// one-statement commit waits for a pooled connection as every other statement does.
import { AlreadyClaimedError, type Commit, type CommitStore, ConcurrentChangeError } from "../../app/ports/commit.ts";
import type { SqlQuery } from "../sql.ts";
import { composeStatements, REFUSAL_SQLSTATE, type StatementPart } from "../sql-compose.ts";
import { auditWrite } from "./audit.ts";
import type { PrismaContext } from "./context.ts";
import { unlinkPartners, writeCustomer } from "./customers.ts";
import { newOutboxRows, outboxWrite } from "./outbox.ts";
import { devicesWrite, timersWrite, trialWrite } from "./trials.ts";

const CLAIM = "INSERT INTO processed_events (key, at) VALUES ($1::text, $2::timestamptz) ON CONFLICT DO NOTHING";

/**
 * The writes of a commit but its customer's, in the order their locks are taken: the claim
 * first (a concurrent commit of the same claim waits on that row and then finds it taken), then
 * the trial (a stale version is known before anything else counts, and the row lock orders
 * concurrent commits of one trial).
 */
function writesOf(change: Commit, outbox: ReturnType<typeof newOutboxRows>): StatementPart[] {
  const parts: StatementPart[] = [];
  if (change.claim !== undefined)
    parts.push({
      tag: "commit_claim",
      text: CLAIM,
      values: [change.claim, new Date().toISOString()],
      mustWrite: "claim",
    });
  if (change.trial) parts.push(trialWrite(change.trial.next, change.trial.expectedVersion));
  const devices = devicesWrite(change.devices ?? []);
  if (devices) parts.push(devices);
  if (change.timers) parts.push(...timersWrite(change.timers.trialId, change.timers.pending));
  for (const part of [auditWrite(change.audit), outboxWrite(outbox)]) if (part) parts.push(part);
  return parts;
}

/** The refusal when a write that must write wrote nothing: the claim was taken, or the trial changed meanwhile. */
function refusal(change: Commit, part: string): Error | null {
  if (part === "claim" && change.claim !== undefined) return new AlreadyClaimedError(change.claim);
  if (part === "trial" && change.trial) return new ConcurrentChangeError(change.trial.next.id);
  return null;
}

/** A composed statement that failed itself (sql-compose.ts) names the part that wrote nothing. */
function refusalOf(change: Commit, error: unknown): Error | null {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === REFUSAL_SQLSTATE && typeof e.message === "string" ? refusal(change, e.message) : null;
}

async function runOne(tx: SqlQuery, change: Commit, part: StatementPart): Promise<void> {
  const { count } = await tx.query(`trials_${part.tag}`, part.text, part.values);
  const refused = part.mustWrite && count === 0 ? refusal(change, part.mustWrite) : null;
  if (refused) throw refused;
}

/**
 * A commit with a customer: its customer's rows (the customer, then its admins and managing
 * partners replaced, which a single statement may not both delete and insert) go one statement
 * at a time, the customer after an existing trial's update and before a new trial that needs it.
 */
async function writeOneByOne(tx: SqlQuery, change: Commit, parts: readonly StatementPart[]): Promise<void> {
  let i = 0;
  while (i < parts.length && (parts[i]?.tag === "commit_claim" || parts[i]?.tag === "trial_update"))
    await runOne(tx, change, parts[i++] as StatementPart);
  if (change.customer) await writeCustomer(tx, change.customer);
  for (; i < parts.length; i++) await runOne(tx, change, parts[i] as StatementPart);
  if (change.unlink) await unlinkPartners(tx, change.unlink.customerId, change.unlink.partnerIds);
}

export function prismaCommit({ sql, txOptions }: PrismaContext): CommitStore {
  return {
    async commit(change) {
      const outbox = newOutboxRows(change.outbox);
      const parts = writesOf(change, outbox);
      if (change.customer || change.unlink) {
        await sql.transaction((tx) => writeOneByOne(tx, change, parts), txOptions);
      } else if (parts.length > 0) {
        const statement = composeStatements(parts);
        await sql.query(statement.name, statement.text, statement.values).catch((error: unknown) => {
          throw refusalOf(change, error) ?? error;
        });
      }
      return { outboxIds: outbox.map((r) => r.id) };
    },
  };
}
