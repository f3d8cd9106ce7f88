// Group commit for the statements every webhook runs: recording it (before Webex gets its
// 200), reading who sent it, marking it handled. The statements of one turn of the event loop
// go as one (the records and the marks of a turn together; DataLoader, flushed on setImmediate):
// under load one INSERT records a dozen events instead of a dozen INSERTs, and one at a time it
// costs one loop turn. Each caller still learns its own outcome, and a failed statement fails every caller in it (each webhook is then
// answered 503 and delivered again), so nothing acknowledged is lost. Outbox delivery's
// statements (store/outbox.ts, trials.ts, partners.ts) are grouped the same way: a failed claim
// or mark fails every delivery in it, so no row is claimed or marked without its caller knowing.
import DataLoader from "dataloader";
import type { Sql } from "./sql.ts";

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

type InboxRequest = ({ kind: "record" } & RecordRequest) | ({ kind: "handled" } & HandledRequest);

// Marking a webhook handled is a write to the same table as recording the next ones: the marks
// and the records of one turn go as one statement (the marks in a WITH clause, which PostgreSQL
// always runs). One loader per database, shared by the stores that record and that mark.
const inboxes = new WeakMap<Sql, DataLoader<InboxRequest, boolean>>();

function inbox(sql: Sql): DataLoader<InboxRequest, boolean> {
  let loader = inboxes.get(sql);
  if (!loader) {
    loader = new DataLoader<InboxRequest, boolean>((requests) => writeInbox(sql, requests), options);
    inboxes.set(sql, loader);
  }
  return loader;
}

/** Resolves true for the first request of a key not recorded before; false for every repeat. */
export function recordBatcher(sql: Sql): { load(request: RecordRequest): Promise<boolean> } {
  const loader = inbox(sql);
  return { load: (request) => loader.load({ kind: "record", ...request }) };
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

/** The INSERT that records webhooks, its parameters numbered from `$from`. */
function recordSql(from: number): string {
  const [keys, ats, envelopes, claimant, lease] = [0, 1, 2, 3, 4].map((i) => `$${from + i}`);
  return `INSERT INTO processed_events (key, at, envelope, claimed_by, claim_until)
         SELECT e.key, e.at, e.envelope, ${claimant}, clock_timestamp() + make_interval(secs => ${lease}::double precision / 1000)
           FROM unnest(${keys}::text[], ${ats}::timestamptz[], ${envelopes}::jsonb[]) AS e(key, at, envelope)
         ON CONFLICT (key) DO NOTHING
         RETURNING key`;
}

async function writeInbox(sql: Sql, requests: readonly InboxRequest[]): Promise<boolean[]> {
  const marks = requests.filter((r) => r.kind === "handled");
  const records = requests.filter((r): r is { kind: "record" } & RecordRequest => r.kind === "record");
  const markValues = [marks.map((r) => r.key), marks.map((r) => r.at.toISOString())];
  const inserted = new Set<string>();
  // One claimant and lease per process in practice; grouped so each row gets its own.
  const groups = [...groupBy(records, (r) => `${r.claimantId}\u0000${r.leaseMs}`).values()];
  for (const [i, group] of groups.entries()) {
    const first = group[0] as RecordRequest;
    const withMarks = i === 0 && marks.length > 0;
    const { rows } = await sql.query<{ key: string }>(
      withMarks ? "trials_handled_and_recorded_webhooks" : "trials_record_claimed_webhooks",
      withMarks ? `WITH handled AS (${MARK_HANDLED}) ${recordSql(3)}` : recordSql(1),
      [
        ...(withMarks ? markValues : []),
        group.map((r) => r.key),
        group.map((r) => r.at.toISOString()),
        group.map((r) => JSON.stringify(r.envelope)),
        first.claimantId,
        first.leaseMs,
      ],
    );
    for (const row of rows) inserted.add(row.key);
  }
  if (marks.length > 0 && groups.length === 0) await sql.query("trials_webhooks_handled", MARK_HANDLED, markValues);
  // The same key twice in one statement is one row: only its first request recorded it.
  return requests.map((r) => (r.kind === "handled" ? true : inserted.delete(r.key)));
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
