// The Redis side of the timer jobs (jobs/timers.ts): the scripts that write and read them, and
// what a job's score in BullMQ's delayed set says about it.
//
// BullMQ 6.7 scores a delayed job (runAt ms) * 0x1000 + n, n its order among the jobs due in the
// same millisecond (getDelayedScore.lua), and only reads the millisecond part (promotion, the
// delay marker). When the job's run time IS its deadline (the wall clock, a deadline not yet
// due), our script puts the deadline's kind in those low 12 bits instead: such a score alone
// tells the job's deadline and kind, and the steady-state reconcile reads the delayed set instead
// of every job's hash. Every other job of ours (a deadline already due: it runs at once; a test
// clock: it runs at deadline + the clock's offset) has 0 there, and so has a score BullMQ wrote
// (a retry's backoff, a job put back because it ran early) unless 128 jobs of one millisecond
// went before it: their hashes are read. A score BullMQ made that happens to carry a code
// still names the instant the job runs; the job then fires whatever the store holds as due.
import type { Redis } from "ioredis";

export type RemoveOutcome = "removed" | "busy" | "changed";

import type { TimerKind } from "../domain/effects.ts";

const MS = 0x1000;
/** Codes are multiples of this: BullMQ's n after one of ours in the same millisecond is no code. */
const STEP = 0x80;

/** Never renumber: the codes live in Redis's scores. A new kind takes a free number (≤ 31). */
const KIND_CODES: Record<TimerKind, number> = {
  consent_deadline: 1,
  reminder_before_end: 2,
  reminder_end_day: 3,
  expiry: 4,
  user_notice: 5,
  lapse: 6,
  calling_release: 7,
  device_return_due: 8,
  device_return_overdue: 9,
};
const KIND_OF_LOW = new Map(Object.entries(KIND_CODES).map(([kind, code]) => [code * STEP, kind]));

/** The low bits of the score of a job whose run time is the deadline of this kind (0: unknown kind). */
export function kindBits(kind: string): number {
  return (KIND_CODES[kind as TimerKind] ?? 0) * STEP;
}

/** The score our add script writes for a job that runs at its deadline. */
export function deadlineScore(dueMs: number, kind: string): number {
  return dueMs * MS + kindBits(kind);
}

/** Whether a delayed job's score names its deadline and kind (see decodeScore). */
export function namesDeadline(score: number): boolean {
  return KIND_OF_LOW.has(score % MS);
}

/** The deadline and kind a delayed job's score names, or null when the score names none. */
export function decodeScore(score: number): { due: number; kind: string } | null {
  const low = score % MS;
  const kind = low === 0 ? undefined : KIND_OF_LOW.get(low);
  return kind === undefined ? null : { due: (score - low) / MS, kind };
}

// KEYS[1] the delayed set, KEYS[2] the marker. ARGV[1] the job key prefix, ARGV[2] timestamp
// (ms), ARGV[3] opts (JSON); then per job: id, name, data, delay (ms), the score's low bits. A
// job whose key exists is left alone (as BullMQ's add does with a duplicate id). The fields, the
// score and the marker are those of BullMQ 6.7's addDelayedJob (storeJob.lua,
// getDelayedScore.lua, addDelayMarkerIfNeeded.lua), except the score's low 12 bits (see the top
// of this file; deadlines of one instant have no order to keep). Its 'delayed' event is not
// emitted (nothing here listens).
const ADD_SCRIPT = `
local rcall = redis.call
local prefix, ts, opts = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local added = 0
for i = 4, #ARGV, 5 do
  local id, delay = ARGV[i], tonumber(ARGV[i + 3])
  local key = prefix .. id
  if rcall("EXISTS", key) == 0 then
    rcall("HSET", key, "name", ARGV[i + 1], "data", ARGV[i + 2], "opts", opts, "timestamp", ts, "delay", delay, "priority", 0)
    rcall("ZADD", KEYS[1], (ts + delay) * 0x1000 + tonumber(ARGV[i + 4]), id)
    added = added + 1
  end
end
local first = rcall("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
if first[2] then rcall("ZADD", KEYS[2], tonumber(first[2]) / 0x1000, "1") end
return added
`;

// ARGV[1] the job key prefix, then job ids: each job's name, data and timestamp (false when gone).
const READ_SCRIPT = `
local out = {}
for i = 2, #ARGV do out[i - 1] = redis.call("HMGET", ARGV[1] .. ARGV[i], "name", "data", "timestamp") end
return out
`;

// Removes jobs only while they still are the job reconcile (or a sync) read: a sync that replaced
// or removed one meanwhile wins. ARGV[1] the job key prefix (BullMQ's queue.toKey(""): the state keys are
// built from it, as BullMQ's own removeJob does); then per job: id, its score in the delayed set
// when that identified it ("" otherwise), and else the name, data and timestamp its hash had.
// Returns each job's outcome, in order: "removed"; "busy" = a worker holds its lock (never
// removed); "changed" = no longer the job read (left alone).
// The removal is BullMQ 6.7's removeJob (removeJob-2.lua → removeJobWithChildren.lua) for a job
// with no parent, child, deduplication id or scheduler, which timer jobs never have: out of
// whichever state holds it (removeJobFromAnyState.lua's order), its keys deleted
// (removeJobKeys.lua) and, when there were any, a 'removed' event in the events stream, trimmed
// to the queue's opts.maxLenEvents (getOrSetMaxEvents.lua). Like BullMQ, the delay marker is
// left as it is (a worker woken early finds nothing due and waits again).
const REMOVE_SCRIPT = `
local rcall = redis.call
local prefix = ARGV[1]
local each = {}
local maxEvents
local sets = { "completed", "waiting-children", "delayed", "failed", "prioritized" }
local lists = { "wait", "paused", "active" }
for i = 2, #ARGV, 5 do
  local id, score = ARGV[i], ARGV[i + 1]
  local key = prefix .. id
  local same
  if score ~= "" then
    local now = rcall("ZSCORE", prefix .. "delayed", id)
    same = now ~= false and tonumber(now) == tonumber(score)
  else
    local job = rcall("HMGET", key, "name", "data", "timestamp")
    same = job[2] == ARGV[i + 3] and (job[1] or "") == ARGV[i + 2] and (job[3] or "") == ARGV[i + 4]
  end
  if rcall("EXISTS", key .. ":lock") == 1 then
    each[#each + 1] = "busy"
  elseif not same then
    each[#each + 1] = "changed"
  else
    local prev = "unknown"
    for _, s in ipairs(sets) do
      if rcall("ZREM", prefix .. s, id) == 1 then prev = s break end
    end
    if prev == "unknown" then
      for _, l in ipairs(lists) do
        if rcall("LREM", prefix .. l, 1, id) == 1 then prev = l break end
      end
    end
    if rcall("DEL", key, key .. ":logs", key .. ":dependencies", key .. ":processed", key .. ":failed",
        key .. ":unsuccessful") > 0 then
      if not maxEvents then
        maxEvents = rcall("HGET", prefix .. "meta", "opts.maxLenEvents")
        if not maxEvents then
          maxEvents = 10000
          rcall("HSET", prefix .. "meta", "opts.maxLenEvents", maxEvents)
        end
      end
      rcall("XADD", prefix .. "events", "MAXLEN", "~", maxEvents, "*", "event", "removed", "jobId", id, "prev", prev)
    end
    each[#each + 1] = "removed"
  end
end
return each
`;

// Gives delayed jobs written before the kind went into the score (or put back by BullMQ) the
// score of their deadline, when they still are the job that was read: KEYS as the add script,
// ARGV[1] the job key prefix, then per job: id, the score read, name, data, new score. Returns
// how many moved.
const RESTAMP_SCRIPT = `
local rcall = redis.call
local moved = 0
for i = 2, #ARGV, 5 do
  local id, new = ARGV[i], tonumber(ARGV[i + 4])
  local key = ARGV[1] .. id
  local score = rcall("ZSCORE", KEYS[1], id)
  local job = rcall("HMGET", key, "name", "data", "timestamp")
  if score and tonumber(score) == tonumber(ARGV[i + 1]) and job[1] == ARGV[i + 2] and job[2] == ARGV[i + 3] then
    rcall("ZADD", KEYS[1], "XX", new, id)
    rcall("HSET", key, "delay", math.floor(new / 0x1000) - tonumber(job[3] or 0))
    moved = moved + 1
  end
end
local first = rcall("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
if moved > 0 and first[2] then rcall("ZADD", KEYS[2], tonumber(first[2]) / 0x1000, "1") end
return moved
`;

// Every live job id in one atomic read: KEYS the delayed set, wait, paused, active and
// prioritized. The delayed set comes as one string, id and score alternating, NUL-separated
// (ids come from the database, whose text holds no NUL): 200,000 reply elements cost the client
// more than the whole read costs Redis.
const SCHEDULE_SCRIPT = `
local rcall = redis.call
return {
  table.concat(rcall("ZRANGE", KEYS[1], 0, -1, "WITHSCORES"), "\\0"),
  rcall("LRANGE", KEYS[2], 0, -1),
  rcall("LRANGE", KEYS[3], 0, -1),
  rcall("LRANGE", KEYS[4], 0, -1),
  rcall("ZRANGE", KEYS[5], 0, -1)
}
`;

export interface TimerScripts {
  trialsAddTimerJobs(delayedKey: string, markerKey: string, ...args: (string | number)[]): Promise<number>;
  trialsReadTimerJobs(...args: string[]): Promise<[string | null, string | null, string | null][]>;
  /** Each job's outcome, in order. */
  trialsRemoveTimerJobs(...args: string[]): Promise<RemoveOutcome[]>;
  trialsRestampTimerJobs(delayedKey: string, markerKey: string, ...args: (string | number)[]): Promise<number>;
  trialsReadTimerSchedule(...keys: string[]): Promise<[string, ...string[][]]>;
}

export function timerScripts(connection: Redis): TimerScripts {
  const c = connection as Redis & Partial<TimerScripts>;
  if (!c.trialsAddTimerJobs) connection.defineCommand("trialsAddTimerJobs", { numberOfKeys: 2, lua: ADD_SCRIPT });
  if (!c.trialsReadTimerJobs) connection.defineCommand("trialsReadTimerJobs", { numberOfKeys: 0, lua: READ_SCRIPT });
  if (!c.trialsRemoveTimerJobs)
    connection.defineCommand("trialsRemoveTimerJobs", { numberOfKeys: 0, lua: REMOVE_SCRIPT });
  if (!c.trialsRestampTimerJobs)
    connection.defineCommand("trialsRestampTimerJobs", { numberOfKeys: 2, lua: RESTAMP_SCRIPT });
  if (!c.trialsReadTimerSchedule)
    connection.defineCommand("trialsReadTimerSchedule", { numberOfKeys: 5, lua: SCHEDULE_SCRIPT });
  return connection as unknown as TimerScripts;
}
