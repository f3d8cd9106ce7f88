// The outbox on Prisma, with the delivery workers' claims (a lease timed by the database clock).
import { randomUUID } from "node:crypto";
import type { OutboxClaim, OutboxClaimant, OutboxStore } from "../../app/ports/outbox.ts";
import type { OutgoingMessage } from "../../domain/effects.ts";
import { batcher } from "../batched-statements.ts";
import type { OutboxMessage as OutboxMessageRow } from "../generated/client.ts";
import { outboxFromRow, outboxToRow } from "../mapping.ts";
import type { Sql, SqlQuery } from "../sql.ts";
import type { StatementPart } from "../sql-compose.ts";
import { columnArrays, fieldsOf, insertRowsSql, OUTBOX, selectColumns } from "../sql-rows.ts";
import type { PrismaContext } from "./context.ts";

const OLDEST_FIRST = [{ createdAt: "asc" as const }, { seq: "asc" as const }];

const INSERT_OUTBOX = insertRowsSql(OUTBOX);

/** New outbox rows for the messages, each with its id (written by outboxWrite). */
export function newOutboxRows(messages: readonly OutgoingMessage[]) {
  const now = new Date();
  return messages.map((m) => outboxToRow(randomUUID(), m, now));
}

const outboxOf = (row: Record<string, unknown>) => outboxFromRow(fieldsOf<Omit<OutboxMessageRow, "seq">>(OUTBOX, row));

/** Inserts the rows in their order (their seq follows it); alone or in a commit's statement. */
export function outboxWrite(rows: ReturnType<typeof newOutboxRows>): StatementPart | null {
  if (rows.length === 0) return null;
  return { tag: "outbox_insert", text: INSERT_OUTBOX, values: columnArrays(OUTBOX, rows) };
}

/** Inserts the messages in their order and returns their ids. */
async function insertOutbox(tx: SqlQuery, messages: OutgoingMessage[]): Promise<string[]> {
  const rows = newOutboxRows(messages);
  const part = outboxWrite(rows);
  if (part) await tx.query(`trials_${part.tag}`, part.text, part.values);
  return rows.map((r) => r.id);
}

interface ClaimRequest {
  id: string;
  leaseMs: number;
  claimant: OutboxClaimant | undefined;
}

// The claims of one turn in one statement (several deliveries start at once after a commit),
// each request with its own lease and claimant. The rows are locked in id order, so two workers
// claiming overlapping rows wait for each other instead of deadlocking; the row lock orders them
// as it ordered single claims, and the database clock times the lease (workers on several
// machines need not agree on the time). A claim by an earlier boot of the claimant's instance is
// dead at once: its process was replaced. One row asked for twice in a turn (two callers racing
// for it) goes to the first request, in call order, that may claim it, and the others get null:
// one after the other they would find its fresh claim (only a lease of 0 would hand it on, which
// a batch never does). DISTINCT ON keeps that choice ours: an UPDATE joined to two rows of one
// target uses either.
const CLAIM_SQL = `WITH r AS (
    SELECT * FROM unnest($1::text[], $2::double precision[], $3::text[], $4::text[])
      WITH ORDINALITY AS r(id, lease_ms, claimant, instance, ord)
  ), prev AS MATERIALIZED (
    SELECT id, state, claimed_at, claimed_by FROM outbox WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
  ), won AS (
    SELECT DISTINCT ON (r.id) r.id, r.claimant, r.ord, prev.state AS prev_state, prev.claimed_at AS prev_claimed_at
      FROM r JOIN prev ON prev.id = r.id
     WHERE prev.state = 'pending'
        OR (prev.state = 'sending' AND (prev.claimed_at IS NULL
            OR prev.claimed_at < clock_timestamp() - make_interval(secs => r.lease_ms / 1000)
            OR (r.instance IS NOT NULL AND prev.claimed_by IS DISTINCT FROM r.claimant
                AND starts_with(prev.claimed_by, r.instance || '/'))))
     ORDER BY r.id, r.ord
  )
  UPDATE outbox o SET state = 'sending', claimed_at = clock_timestamp(), claimed_by = won.claimant
    FROM won
   WHERE o.id = won.id
  RETURNING ${selectColumns(OUTBOX, "o")}, won.ord::integer AS ord, won.prev_state, won.prev_claimed_at`;

type ClaimedRow = Record<string, unknown> & { ord: number; prev_state: string; prev_claimed_at: Date | null };

function claimBatcher(sql: Sql) {
  return batcher<ClaimRequest, OutboxClaim | null>(async (requests) => {
    const { rows } = await sql.query<ClaimedRow>("trials_outbox_claim_many", CLAIM_SQL, [
      requests.map((r) => r.id),
      requests.map((r) => r.leaseMs),
      requests.map((r) => r.claimant?.id ?? null),
      requests.map((r) => r.claimant?.instance ?? null),
    ]);
    const byOrd = new Map(rows.map((row) => [row.ord, row]));
    return requests.map((_, i) => {
      const claimed = byOrd.get(i + 1);
      if (!claimed) return null;
      return {
        row: outboxOf(claimed),
        abandonedClaimAt: claimed.prev_state === "sending" ? (claimed.prev_claimed_at ?? new Date(0)) : null,
      };
    });
  });
}

interface SentRequest {
  id: string;
  webexMessageId: string;
  at: Date;
}

// The rows sent in one turn, marked by one statement, whatever state they are in (as a single
// mark did: the message is in Webex). One row marked twice in a turn counts both attempts and
// keeps the later call's message id and time, as two marks one after the other would. Rows are
// locked in id order, as the claims lock them, so the two never deadlock.
const SENT_SQL = `WITH s AS (
    SELECT id, count(*)::integer AS n, (array_agg(at ORDER BY ord DESC))[1] AS at,
           (array_agg(wx ORDER BY ord DESC))[1] AS wx
      FROM unnest($1::text[], $2::timestamptz[], $3::text[]) WITH ORDINALITY AS u(id, at, wx, ord)
     GROUP BY id
  ), locked AS MATERIALIZED (
    SELECT id FROM outbox WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE
  )
  UPDATE outbox o SET state = 'sent', sent_at = s.at, webex_message_id = s.wx, attempts = o.attempts + s.n,
         last_error = NULL
    FROM s JOIN locked ON locked.id = s.id
   WHERE o.id = s.id
  RETURNING o.id`;

function sentBatcher(sql: Sql) {
  return batcher<SentRequest, true>(async (requests) => {
    const { rows } = await sql.query<{ id: string }>("trials_outbox_sent_many", SENT_SQL, [
      requests.map((r) => r.id),
      requests.map((r) => r.at.toISOString()),
      requests.map((r) => r.webexMessageId),
    ]);
    const marked = new Set(rows.map((r) => r.id));
    return requests.map((r) => (marked.has(r.id) ? true : new Error(`outbox row ${r.id} not found`)));
  });
}

export function prismaOutbox({ prisma, sql }: PrismaContext): OutboxStore {
  // Every message the bot sends is claimed and marked sent; the rows of a commit are delivered
  // at once: grouped plain SQL, see ../batched-statements.ts.
  const claims = claimBatcher(sql);
  const sent = sentBatcher(sql);
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
      await sent.load({ id, webexMessageId, at });
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
    claimOutbox: (id, leaseMs, claimant) => claims.load({ id, leaseMs, claimant }),
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
