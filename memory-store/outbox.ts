// The outbox in memory, with the delivery workers' claims and leases.
import { randomUUID } from "node:crypto";
import type { OutboxClaimant, OutboxRow, OutboxStore } from "../app/ports/outbox.ts";
import type { OutgoingMessage } from "../domain/effects.ts";
import { notFound } from "./errors.ts";
import type { MemoryState, OutboxEntry } from "./state.ts";
import { compareBy, copy, jsonCopy } from "./values.ts";

const byAge = compareBy<OutboxEntry>(
  (e) => e.row.createdAt.getTime(),
  (e) => e.seq,
);

function newEntry(state: MemoryState, id: string, message: OutgoingMessage, createdAt: Date): OutboxEntry {
  const row: OutboxRow = {
    id,
    message: jsonCopy(message),
    state: "pending",
    attempts: 0,
    createdAt,
    claimedAt: null,
    claimedBy: null,
    sentAt: null,
    webexMessageId: null,
    lastError: null,
  };
  return { row, seq: state.nextSeq() };
}

export function insertOutbox(state: MemoryState, messages: OutgoingMessage[], now: Date): string[] {
  return messages.map((m) => {
    const entry = newEntry(state, randomUUID(), m, new Date(now));
    state.put(state.tables.outbox, entry.row.id, entry);
    return entry.row.id;
  });
}

/**
 * Whether a row may be claimed now: pending, or sending under a claim older than the lease (at
 * millisecond resolution, so a lease of 0 is always over), or claimed by an earlier boot of the
 * claimant's own instance (that process was replaced).
 */
function claimable(row: OutboxRow, leaseMs: number, now: number, claimant?: OutboxClaimant): boolean {
  if (row.state === "pending") return true;
  if (row.state !== "sending") return false;
  if (row.claimedAt === null || row.claimedAt.getTime() + leaseMs <= now) return true;
  const by = row.claimedBy ?? null;
  return claimant !== undefined && by !== null && by !== claimant.id && by.startsWith(`${claimant.instance}/`);
}

export function memoryOutbox(state: MemoryState, now: () => Date): OutboxStore {
  const { outbox } = state.tables;
  const list = (keep: (r: OutboxRow) => boolean, limit: number) =>
    [...outbox.values()]
      .filter((e) => keep(e.row))
      .sort(byAge)
      .slice(0, Math.max(0, limit))
      .map((e) => copy(e.row));
  const update = (id: string, change: (r: OutboxRow) => Partial<OutboxRow>) => {
    const entry = outbox.get(id);
    if (!entry) throw notFound(`outbox ${id}`);
    state.put(outbox, id, { ...entry, row: { ...entry.row, ...change(entry.row) } });
  };
  return {
    async pendingOutbox(limit) {
      return list((r) => r.state === "pending", limit);
    },
    async unsentOutbox(limit) {
      return list((r) => r.state === "pending" || r.state === "sending", limit);
    },
    async getOutboxRow(id) {
      const entry = outbox.get(id);
      return entry ? copy(entry.row) : null;
    },
    async markOutboxSent(id, webexMessageId, at) {
      update(id, (r) => ({
        state: "sent",
        sentAt: new Date(at),
        webexMessageId,
        attempts: r.attempts + 1,
        lastError: null,
      }));
    },
    async markOutboxAttempt(id, error, failed) {
      update(id, (r) => ({ state: failed ? "failed" : "pending", lastError: error, attempts: r.attempts + 1 }));
    },
    async enqueueMessages(messages) {
      return state.atomically(() => insertOutbox(state, messages, now()));
    },
    async enqueueMessageOnce(id, message) {
      if (outbox.has(id)) return false;
      state.put(outbox, id, newEntry(state, id, message, now()));
      return true;
    },
    async claimOutbox(id, leaseMs, claimant) {
      const entry = outbox.get(id);
      const at = now();
      if (!entry || !claimable(entry.row, leaseMs, at.getTime(), claimant)) return null;
      const prev = entry.row;
      const row: OutboxRow = { ...prev, state: "sending", claimedAt: at, claimedBy: claimant?.id ?? null };
      state.put(outbox, id, { ...entry, row });
      return {
        row: copy(row),
        abandonedClaimAt: prev.state === "sending" ? (prev.claimedAt ?? new Date(0)) : null,
      };
    },
  };
}
