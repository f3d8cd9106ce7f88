// Group commit for the statements every webhook runs: recording it (before Webex gets its
// 200), reading who sent it, marking it handled. The statements of one turn of the event loop
// go as one (the records, the senders read and the marks of a turn together: a message's sender
// is read in the same turn as its record, see bot/message-reads.ts; DataLoader, flushed on setImmediate):
// under load one INSERT records a dozen events instead of a dozen INSERTs, and one at a time it
// costs one loop turn. Each caller still learns its own outcome, and a failed statement fails every caller in it (each webhook is then
// answered 503 and delivered again), so nothing acknowledged is lost. Outbox delivery's
// statements (store/outbox.ts, trials.ts, partners.ts) are grouped the same way: a failed claim
// or mark fails every delivery in it, so no row is claimed or marked without its caller knowing.
import DataLoader from "dataloader";
import type { Sql } from "./sql.ts";
import { PARTNERS, PEOPLE, selectColumns } from "./sql-rows.ts";

export interface RecordRequest {
  key: string;
  envelope: unknown;
  at: Date;
  claimantId: string;
  leaseMs: number;
}

export interface HandledRequest {
  key: string;
  at: Date;
}

const options = { cache: false, batchScheduleFn: (flush: () => void) => setImmediate(flush), maxBatchSize: 200 };

/**
 * The requests of one turn, `run` as one statement: `run` answers each request in its order (an
 * Error answers that caller alone); when `run` throws, every caller of the batch gets the error.
 */
export function batcher<K, V>(run: (requests: readonly K[]) => Promise<ReadonlyArray<V | Error>>): DataLoader<K, V> {
  return new DataLoader<K, V>(run, options);
}

/** A person and their partner (prefixed `pa_`, null columns when they have none), as read by a sender's Webex id. */
export type SenderRow = Record<string, unknown>;

type InboxRequest =
  | ({ kind: "record" } & RecordRequest)
  | ({ kind: "handled" } & HandledRequest)
  | { kind: "sender"; webexPersonId: string };

type InboxAnswer = boolean | SenderRow | null;

// Marking a webhook handled is a write to the same table as recording the next ones, and a
// message's sender is read as its webhook is recorded: the marks, the records and the sender
// reads of one turn go as one statement (the marks and the records in WITH clauses, which
// PostgreSQL always runs; the senders and the recorded keys as the rows). One loader per
// database, shared by the stores that record, that mark and that read senders.
const inboxes = new WeakMap<Sql, DataLoader<InboxRequest, InboxAnswer>>();

function inbox(sql: Sql): DataLoader<InboxRequest, InboxAnswer> {
  let loader = inboxes.get(sql);
  if (!loader) {
    loader = new DataLoader<InboxRequest, InboxAnswer>((requests) => runInbox(sql, requests), options);
    inboxes.set(sql, loader);
  }
  return loader;
}

/** Resolves true for the first request of a key not recorded before; false for every repeat. */
export function recordBatcher(sql: Sql): { load(request: RecordRequest): Promise<boolean> } {
  const loader = inbox(sql);
  return { load: async (request) => (await loader.load({ kind: "record", ...request })) === true };
}

/** Reads the person with this Webex id and their partner (null when nobody has it), in the turn's statement. */
export function senderBatcher(sql: Sql): { load(webexPersonId: string): Promise<SenderRow | null> } {
  const loader = inbox(sql);
  return {
    async load(webexPersonId) {
      const row = await loader.load({ kind: "sender", webexPersonId });
      return typeof row === "object" ? row : null;
    },
  };
}

/** Marks a recorded webhook handled (and drops its envelope: the key stays for deduplication). */
export function handledBatcher(sql: Sql): { load(request: HandledRequest): Promise<true> } {
  const loader = inbox(sql);
  return {
    async load(request) {
      await loader.load({ kind: "handled", ...request });
      return true;
    },
  };
}

const MARK_HANDLED = `UPDATE processed_events p SET handled_at = h.at, envelope = NULL
         FROM unnest($1::text[], $2::timestamptz[]) AS h(key, at)
        WHERE p.key = h.key`;

/**
 * The INSERT that records webhooks, its parameters numbered from `$from`. The envelopes come as
 * one JSON array (the n-th element is the n-th key's), not as a jsonb[]: pg would escape every
 * quote of every envelope into an array literal, the largest allocation of a webhook.
 */
function recordSql(from: number): string {
  const [keys, ats, envelopes, claimant, lease] = [0, 1, 2, 3, 4].map((i) => `$${from + i}`);
  return `INSERT INTO processed_events (key, at, envelope, claimed_by, claim_until)
         SELECT e.key, e.at, NULLIF(j.envelope, 'null'::jsonb), ${claimant}, clock_timestamp() + make_interval(secs => ${lease}::double precision / 1000)
           FROM unnest(${keys}::text[], ${ats}::timestamptz[]) WITH ORDINALITY AS e(key, at, ord)
           JOIN jsonb_array_elements(${envelopes}::jsonb) WITH ORDINALITY AS j(envelope, ord) ON j.ord = e.ord
         ON CONFLICT (key) DO NOTHING
         RETURNING key`;
}

const SENDER_COLUMNS = `${selectColumns(PEOPLE, "pe")}, ${selectColumns(PARTNERS, "pa", "pa_")}`;
/** As many NULLs as SENDER_COLUMNS has columns: a recorded key's row in the same result. */
const NO_SENDER = [PEOPLE, PARTNERS]
  .flatMap((t) => Object.keys(t.columns))
  .map(() => "NULL")
  .join(", ");

/** The senders with these Webex ids (`$from`), each row with `recorded_key` NULL. */
function senderSql(from: number): string {
  return `SELECT ${SENDER_COLUMNS}, NULL AS recorded_key
       FROM people pe LEFT JOIN partners pa ON pa.id = pe.partner_id
      WHERE pe.webex_person_id = ANY($${from}::text[])`;
}

/**
 * One statement for what it is given: marks (a WITH clause), records (a WITH clause whose keys
 * come back as rows with `recorded_key`), senders (rows of their columns). Its name follows from
 * which of the three it has.
 */
function inboxStatement(
  marks: readonly HandledRequest[],
  records: readonly RecordRequest[],
  senders: readonly string[],
): { name: string; text: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  if (marks.length > 0) {
    clauses.push(`handled AS (${MARK_HANDLED})`);
    values.push(
      marks.map((r) => r.key),
      marks.map((r) => r.at.toISOString()),
    );
  }
  const first = records[0];
  if (first) {
    clauses.push(`recorded AS (${recordSql(values.length + 1)})`);
    values.push(
      records.map((r) => r.key),
      records.map((r) => r.at.toISOString()),
      JSON.stringify(records.map((r) => r.envelope ?? null)),
      first.claimantId,
      first.leaseMs,
    );
  }
  const selects: string[] = [];
  if (senders.length > 0) {
    selects.push(senderSql(values.length + 1));
    values.push(senders);
  }
  if (first) selects.push(`SELECT ${senders.length > 0 ? `${NO_SENDER}, ` : ""}key AS recorded_key FROM recorded`);
  if (selects.length === 0) selects.push("SELECT 1 AS done");
  const name = `trials_inbox_${marks.length > 0 ? "h" : ""}${first ? "r" : ""}${senders.length > 0 ? "s" : ""}`;
  return {
    name,
    text: `${clauses.length > 0 ? `WITH ${clauses.join(", ")} ` : ""}${selects.join(" UNION ALL ")}`,
    values,
  };
}

async function runInbox(sql: Sql, requests: readonly InboxRequest[]): Promise<InboxAnswer[]> {
  const marks = requests.filter((r): r is { kind: "handled" } & HandledRequest => r.kind === "handled");
  const records = requests.filter((r): r is { kind: "record" } & RecordRequest => r.kind === "record");
  const senders = [...new Set(requests.flatMap((r) => (r.kind === "sender" ? [r.webexPersonId] : [])))];
  const inserted = new Set<string>();
  const senderRows = new Map<string, SenderRow>();
  // One claimant and lease per process in practice; grouped so each row gets its own. The
  // first statement carries the marks and the sender reads too.
  const groups = [...groupBy(records, (r) => `${r.claimantId}\u0000${r.leaseMs}`).values()];
  for (let i = 0; i < Math.max(groups.length, 1); i++) {
    const statement = inboxStatement(i === 0 ? marks : [], groups[i] ?? [], i === 0 ? senders : []);
    const { rows } = await sql.query<SenderRow & { recorded_key: string | null }>(
      statement.name,
      statement.text,
      statement.values,
    );
    for (const row of rows) {
      if (row.recorded_key != null) inserted.add(row.recorded_key);
      else if (row.webex_person_id != null) senderRows.set(String(row.webex_person_id), row);
    }
  }
  // The same key twice in one statement is one row: only its first request recorded it.
  return requests.map((r) => {
    if (r.kind === "handled") return true;
    if (r.kind === "record") return inserted.delete(r.key);
    return senderRows.get(r.webexPersonId) ?? null;
  });
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Rows looked up by one key column, the lookups of one moment in one `= ANY($1)` statement (who
 * sent each webhook, and their partner, are read on every event). `text` selects `keyColumn`
 * among its columns and has `$1::text[]` for the keys.
 */
export function lookupBatcher<R extends object>(
  sql: Sql,
  name: string,
  text: string,
  keyColumn: keyof R & string,
): DataLoader<string, R | null> {
  return new DataLoader<string, R | null>(async (keys) => {
    const byKey = await rowsByKey<R>(sql, name, text, keyColumn, keys);
    return keys.map((k) => byKey.get(k)?.[0] ?? null);
  }, options);
}

/**
 * lookupBatcher for keys with any number of rows each (a trial's timers): each key gets its rows
 * in the statement's order, [] when none.
 */
export function listBatcher<R extends object>(
  sql: Sql,
  name: string,
  text: string,
  keyColumn: keyof R & string,
): DataLoader<string, R[]> {
  return new DataLoader<string, R[]>(async (keys) => {
    const byKey = await rowsByKey<R>(sql, name, text, keyColumn, keys);
    return keys.map((k) => byKey.get(k) ?? []);
  }, options);
}

/** The rows of `text` for these keys ($1, each once), by their key column, in the statement's order. */
async function rowsByKey<R extends object>(
  sql: Sql,
  name: string,
  text: string,
  keyColumn: keyof R & string,
  keys: readonly string[],
): Promise<Map<string, R[]>> {
  const { rows } = await sql.query<R>(name, text, [[...new Set(keys)]]);
  return groupBy(rows, (r) => String(r[keyColumn]));
}
