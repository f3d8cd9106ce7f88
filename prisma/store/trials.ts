// Trials, device units and timers on Prisma: reads (the hot ones plain SQL, sql-reads.ts), and the
// writes `commit` makes (plain SQL, ../sql.ts).
import type { TrialFilter, TrialStore } from "../../app/ports/trials.ts";
import type { TimerSpec } from "../../domain/effects.ts";
import { LIVE_STATUSES } from "../../domain/eligibility.ts";
import type { DeviceUnit, Trial, TrialStatus } from "../../domain/model.ts";
import { listBatcher } from "../batched-statements.ts";
import type { Prisma, Timer as TimerRow } from "../generated/client.ts";
import { dateToDb, deviceFromRow, deviceToRow, timerFromRow, trialFromRow, trialToData } from "../mapping.ts";
import type { StatementPart } from "../sql-compose.ts";
import {
  columnArrays,
  DEVICE_UNITS,
  fieldsOf,
  insertRowSql,
  insertRowsSql,
  onConflictUpdate,
  rowValues,
  selectColumns,
  TIMERS,
  TRIALS,
  updateRowSql,
} from "../sql-rows.ts";
import { literal, type PrismaContext } from "./context.ts";
import { readTrial, trialFactsReader } from "./sql-reads.ts";
import { readTrialSummaries } from "./trial-summaries.ts";

/** R-SVC-2: a Meetings site stays taken while its trial is live, and for good once converted. */
const SITE_HOLDING_STATUSES: TrialStatus[] = [...LIVE_STATUSES, "converted"];

const BY_SHIPPING = [{ shippedAt: "asc" as const }, { id: "asc" as const }];

/** The whole of `listTrials`' filter. */
export function trialWhere(filter: TrialFilter): Prisma.TrialWhereInput {
  const where: Prisma.TrialWhereInput = {};
  if (filter.partnerId !== undefined) where.partnerId = filter.partnerId;
  if (filter.customerId !== undefined) where.customerId = filter.customerId;
  if (filter.endingOnOrBefore !== undefined) {
    // "Active trials whose endDate is on or before": restricted to active unless the
    // filter names statuses itself.
    where.endDate = { lte: dateToDb(filter.endingOnOrBefore) };
    if (filter.statuses === undefined) where.status = "active";
  }
  if (filter.statuses !== undefined) where.status = { in: filter.statuses };
  return where;
}

const INSERT_TRIAL = insertRowSql(TRIALS, "ON CONFLICT DO NOTHING");
const UPDATE_TRIAL = updateRowSql(TRIALS, (p) => `version = $${p}::integer`);

/**
 * Writes the trial; counts 1 when written, 0 when its version moved on (a concurrent change). A
 * new trial is inserted unless one with its id is already there (someone else created it). An
 * update is conditional on the version read: it takes the row lock, and a concurrent commit of
 * the same version waits for ours and then finds the version moved on (PostgreSQL re-checks
 * the WHERE after the wait), so exactly one of them wins.
 */
export function trialWrite(next: Trial, expectedVersion: number | null): StatementPart {
  const data = trialToData(next);
  if (expectedVersion === null)
    return {
      tag: "trial_insert",
      text: INSERT_TRIAL,
      values: rowValues(TRIALS, { ...data, version: 1 }),
      mustWrite: "trial",
    };
  const values = [...rowValues(TRIALS, { ...data, version: expectedVersion + 1 }), expectedVersion];
  return { tag: "trial_update", text: UPDATE_TRIAL, values, mustWrite: "trial" };
}

const TIMERS_GONE = "DELETE FROM timers WHERE trial_id = $1::text AND NOT (kind = ANY($2::text[]))";
const UPSERT_TIMERS = insertRowsSql(TIMERS, "ON CONFLICT (trial_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at");

/**
 * Replaces the pending timers of one trial; (trialId, kind) identifies a timer: the last one
 * wins. The timers of kinds no longer pending go, the others are inserted or moved: the two
 * touch different rows, so they may share a statement.
 */
export function timersWrite(trialId: string, pending: readonly TimerSpec[]): StatementPart[] {
  const byKind = new Map<string, TimerSpec>();
  for (const t of pending) {
    if (t.trialId !== trialId) {
      throw new Error(`commit: timer ${t.kind} is for trial ${t.trialId}, not ${trialId}`);
    }
    byKind.set(t.kind, t);
  }
  const rows = [...byKind.values()].map((t) => ({ trialId, kind: t.kind, dueAt: t.dueAt }));
  return [
    { tag: "timers_gone", text: TIMERS_GONE, values: [trialId, rows.map((r) => r.kind)] },
    { tag: "timers_upsert", text: UPSERT_TIMERS, values: columnArrays(TIMERS, rows) },
  ];
}

const UPSERT_DEVICES = insertRowsSql(DEVICE_UNITS, onConflictUpdate(DEVICE_UNITS, ["id"]));

/** Creates or replaces device units; of two with one id, the later wins (as one upsert after another). */
export function devicesWrite(devices: readonly DeviceUnit[]): StatementPart | null {
  if (devices.length === 0) return null;
  // One statement may not change a row twice: keep the last of each id.
  const rows = [...new Map(devices.map((d) => [d.id, deviceToRow(d)])).values()];
  return { tag: "devices_upsert", text: UPSERT_DEVICES, values: columnArrays(DEVICE_UNITS, rows) };
}

export function prismaTrials({ prisma, sql }: PrismaContext): TrialStore {
  const readTrialFacts = trialFactsReader(sql);
  // One trial's timers are read after every commit that moves its deadlines (the timer job's
  // sync), several at once when a burst of commits is delivered: grouped plain SQL, see
  // ../batched-statements.ts.
  const timersOfTrial = listBatcher<Record<string, unknown>>(
    sql,
    "trials_timers_of_trials",
    `SELECT ${selectColumns(TIMERS, "t")} FROM timers t WHERE t.trial_id = ANY($1::text[]) ORDER BY t.due_at, t.kind`,
    "trial_id",
  );
  return {
    // Read on every card submit and most trial commands: one plain-SQL statement each (sql-reads.ts).
    getTrial(id) {
      return readTrial(sql, id);
    },
    trialFacts(id) {
      return readTrialFacts(id);
    },
    async listTrials(filter) {
      const rows = await prisma.trial.findMany({
        where: trialWhere(filter),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      return rows.map(trialFromRow);
    },
    listTrialSummaries(filter) {
      return readTrialSummaries(prisma, filter);
    },
    async countTrials() {
      return prisma.trial.count();
    },
    async listDevices(filter = {}) {
      const rows = await prisma.deviceUnit.findMany({
        where: filter.returnStatuses ? { returnStatus: { in: filter.returnStatuses } } : {},
        orderBy: BY_SHIPPING,
      });
      return rows.map(deviceFromRow);
    },
    async devicesOfTrial(trialId) {
      const rows = await prisma.deviceUnit.findMany({ where: { trialId }, orderBy: BY_SHIPPING });
      return rows.map(deviceFromRow);
    },
    async isSiteUrlTaken(siteUrl, exceptTrialId) {
      const row = await prisma.trial.findFirst({
        where: {
          meetingsSiteUrl: { equals: literal(siteUrl.trim()), mode: "insensitive" },
          status: { in: SITE_HOLDING_STATUSES },
          ...(exceptTrialId !== undefined ? { id: { not: exceptTrialId } } : {}),
        },
        select: { id: true },
      });
      return row !== null;
    },
    async nextTimers() {
      // One row per trial (not every pending row), read by an index-only scan of
      // (trial_id, due_at, kind), and sent as one text value: 100,000 rows through the client's
      // row decoding cost seconds, one string and a split a few ms. Fields: kind, epoch ms,
      // trial id (last: the only free text), separated by ASCII unit/record separators.
      const [row] = await prisma.$queryRaw<{ next: string | null }[]>`
        SELECT string_agg(kind || chr(31) || (extract(epoch FROM due_at) * 1000)::bigint || chr(31) || trial_id, chr(30)) AS next
        FROM (SELECT DISTINCT ON (trial_id) trial_id, kind, due_at FROM timers ORDER BY trial_id, due_at, kind) n`;
      return row?.next ? parseNextTimers(row.next) : [];
    },
    async pendingTimers(trialId) {
      if (trialId === undefined) {
        const rows = await prisma.timer.findMany({ orderBy: [{ dueAt: "asc" }, { trialId: "asc" }, { kind: "asc" }] });
        return rows.map(timerFromRow);
      }
      const rows = await timersOfTrial.load(trialId);
      return rows.map((r) => timerFromRow(fieldsOf<TimerRow>(TIMERS, r)));
    },
  };
}

/** Store.nextTimers's rows out of its one string, by offsets: splitting every row into an array cost about 1.6 times the CPU. */
function parseNextTimers(text: string): TimerSpec[] {
  const out: TimerSpec[] = [];
  for (let at = 0; at < text.length; ) {
    const ms = text.indexOf("\x1f", at) + 1;
    const id = text.indexOf("\x1f", ms) + 1;
    const end = text.indexOf("\x1e", id);
    const stop = end < 0 ? text.length : end;
    out.push({
      trialId: text.slice(id, stop),
      kind: text.slice(at, ms - 1) as TimerSpec["kind"],
      dueAt: new Date(Number(text.slice(ms, id - 1))),
    });
    at = stop + 1;
  }
  return out;
}
