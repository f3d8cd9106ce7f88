// The outbox on Prisma, with the delivery workers' claims (a lease timed by the database clock).
import { randomUUID } from "node:crypto";
import type { OutboxClaim, OutboxClaimant, OutboxStore } from "../../app/ports/outbox.ts";
import type { OutgoingMessage } from "../../domain/effects.ts";
import type { OutboxMessage as OutboxMessageRow } from "../generated/client.ts";
import { outboxFromRow, outboxToRow } from "../mapping.ts";
import type { Sql, SqlQuery } from "../sql.ts";
import { columnArrays, fieldsOf, insertRowsSql, OUTBOX, selectColumns } from "../sql-rows.ts";
import type { PrismaContext } from "./context.ts";

const OLDEST_FIRST = [{ createdAt: "asc" as const }, { seq: "asc" as const }];

const INSERT_OUTBOX = insertRowsSql(OUTBOX);

/** New outbox rows for the messages, each with its id; written by insertOutbox or with a commit's audit. */
export function newOutboxRows(messages: readonly OutgoingMessage[]) {
  const now = new Date();
  return messages.map((m) => outboxToRow(randomUUID(), m, now));
}

const outboxOf = (row: Record<string, unknown>) => outboxFromRow(fieldsOf<Omit<OutboxMessageRow, "seq">>(OUTBOX, row));

/** Inserts the messages in their order (their seq follows it) and returns their ids. */
export async function insertOutbox(tx: SqlQuery, messages: OutgoingMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = newOutboxRows(messages);
  await tx.query("trials_outbox_insert", INSERT_OUTBOX, columnArrays(OUTBOX, rows));
  return rows.map((r) => r.id);
}

// One statement: the row lock orders two workers claiming the same row, and the database clock
// times the lease (workers on several machines need not agree on the time). A claim by an
// earlier boot of the claimant's instance is dead at once: its process was replaced.
const CLAIM_SQL = `WITH prev AS (SELECT id, state, claimed_at, claimed_by FROM outbox WHERE id = $1 FOR UPDATE)
  UPDATE outbox o SET state = 'sending', claimed_at = clock_timestamp(), claimed_by = $3
  FROM prev
  WHERE o.id = prev.id
    AND (prev.state = 'pending'
         OR (prev.state = 'sending' AND (prev.claimed_at IS NULL
             OR prev.claimed_at < clock_timestamp() - make_interval(secs => $2::double precision / 1000)
             OR ($4::text IS NOT NULL AND prev.claimed_by IS DISTINCT FROM $3 AND starts_with(prev.claimed_by, $4::text || '/')))))
  RETURNING ${selectColumns(OUTBOX, "o")}, prev.state AS prev_state, prev.claimed_at AS prev_claimed_at`;

// Every message the bot sends is claimed, read and marked here: plain SQL (see ../sql.ts).
async function claimOutbox(
  sql: Sql,
  id: string,
  leaseMs: number,
  claimant?: OutboxClaimant,
): Promise<OutboxClaim | null> {
  const { rows } = await sql.query<Record<string, unknown> & { prev_state: string; prev_claimed_at: Date | null }>(
    "trials_outbox_claim",
    CLAIM_SQL,
    [id, leaseMs, claimant?.id ?? null, claimant?.instance ?? null],
  );
  const claimed = rows[0];
  if (!claimed) return null;
  return {
    row: outboxOf(claimed),
    abandonedClaimAt: claimed.prev_state === "sending" ? (claimed.prev_claimed_at ?? new Date(0)) : null,
  };
}

export function prismaOutbox({ prisma, sql }: PrismaContext): OutboxStore {
  return {
    async pendingOutbox(limit) {
      const rows = await prisma.outboxMessage.findMany({
        where: { state: "pending" },
        orderBy: OLDEST_FIRST,
        take: limit,
      });
      return rows.map(outboxFromRow);
    },
    async getOutboxRow(id) {
      const { rows } = await sql.query<Record<string, unknown>>(
        "trials_outbox_row",
        `SELECT ${selectColumns(OUTBOX, "o")} FROM outbox o WHERE o.id = $1`,
        [id],
      );
      return rows[0] ? outboxOf(rows[0]) : null;
    },
    async markOutboxSent(id, webexMessageId, at) {
      const { count } = await sql.query(
        "trials_outbox_sent",
        `UPDATE outbox SET state = 'sent', sent_at = $2::timestamptz, webex_message_id = $3, attempts = attempts + 1, last_error = NULL
          WHERE id = $1`,
        [id, at.toISOString(), webexMessageId],
      );
      if (count === 0) throw new Error(`outbox row ${id} not found`);
    },
    async markOutboxAttempt(id, error, failed) {
      const { count } = await sql.query(
        "trials_outbox_attempt",
        "UPDATE outbox SET state = $2, last_error = $3, attempts = attempts + 1 WHERE id = $1",
        [id, failed ? "failed" : "pending", error],
      );
      if (count === 0) throw new Error(`outbox row ${id} not found`);
    },
    async enqueueMessages(messages) {
      return insertOutbox(sql, messages);
    },
    async enqueueMessageOnce(id, message) {
      const { count } = await prisma.outboxMessage.createMany({
        data: [outboxToRow(id, message, new Date())],
        skipDuplicates: true,
      });
      return count === 1;
    },
    claimOutbox: (id, leaseMs, claimant) => claimOutbox(sql, id, leaseMs, claimant),
    async unsentOutbox(limit) {
      const rows = await prisma.outboxMessage.findMany({
        where: { state: { in: ["pending", "sending"] } },
        orderBy: OLDEST_FIRST,
        take: limit,
      });
      return rows.map(outboxFromRow);
    },
  };
}
