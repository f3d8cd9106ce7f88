// Group commit for the statements every webhook runs: recording it (before Webex gets its
// 200), reading who sent it, marking it handled. The statements of one turn of the event loop
// go as one (DataLoader, flushed on setImmediate): under load one INSERT records a dozen events
// instead of a dozen INSERTs, and one at a time it costs one loop turn. Each caller still learns
// its own outcome, and a failed statement fails every caller in it (each webhook is then
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

/** Resolves true for the first request of a key not recorded before; false for every repeat. */
export function recordBatcher(sql: Sql): DataLoader<RecordRequest, boolean> {
  return new DataLoader<RecordRequest, boolean>(async (requests) => {
    const inserted = new Set<string>();
    // One claimant and lease per process in practice; grouped so each row gets its own.
    for (const group of groupBy(requests, (r) => `${r.claimantId}\u0000${r.leaseMs}`)) {
      const first = group[0] as RecordRequest;
      const { rows } = await sql.query<{ key: string }>(
        "trials_record_claimed_webhooks",
        `INSERT INTO processed_events (key, at, envelope, claimed_by, claim_until)
         SELECT e.key, e.at, e.envelope, $4, clock_timestamp() + make_interval(secs => $5::double precision / 1000)
           FROM unnest($1::text[], $2::timestamptz[], $3::jsonb[]) AS e(key, at, envelope)
         ON CONFLICT (key) DO NOTHING
         RETURNING key`,
        [
          group.map((r) => r.key),
          group.map((r) => r.at.toISOString()),
          group.map((r) => JSON.stringify(r.envelope)),
          first.claimantId,
          first.leaseMs,
        ],
      );
      for (const row of rows) inserted.add(row.key);
    }
    // The same key twice in one statement is one row: only its first request recorded it.
    return requests.map((r) => inserted.delete(r.key));
  }, options);
}

export function handledBatcher(sql: Sql): DataLoader<HandledRequest, true> {
  return new DataLoader<HandledRequest, true>(async (requests) => {
    // The envelope is kept no longer than needed; the key stays for deduplication.
    await sql.query(
      "trials_webhooks_handled",
      `UPDATE processed_events p SET handled_at = h.at, envelope = NULL
         FROM unnest($1::text[], $2::timestamptz[]) AS h(key, at)
        WHERE p.key = h.key`,
      [requests.map((r) => r.key), requests.map((r) => r.at.toISOString())],
    );
    return requests.map(() => true as const);
  }, options);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
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
    const { rows } = await sql.query<R>(name, text, [[...new Set(keys)]]);
    const byKey = new Map(rows.map((r) => [String(r[keyColumn]), r]));
    return keys.map((k) => byKey.get(k) ?? null);
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
    const { rows } = await sql.query<R>(name, text, [[...new Set(keys)]]);
    const byKey = new Map<string, R[]>();
    for (const r of rows) {
      const k = String(r[keyColumn]);
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    return keys.map((k) => byKey.get(k) ?? []);
  }, options);
}
