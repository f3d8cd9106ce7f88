// The audit log in memory: append-only, ids increasing in append order.
import type { AuditStore, StoredAuditEntry } from "../app/ports/audit.ts";
import type { AuditEntry } from "../domain/effects.ts";
import type { MemoryState } from "./state.ts";
import { copy, jsonCopy } from "./values.ts";

export function appendAudit(state: MemoryState, entries: AuditEntry[]): void {
  for (const e of entries) {
    const stored: StoredAuditEntry = {
      id: String(state.nextSeq()),
      at: new Date(e.at),
      actor: e.actor,
      action: e.action,
      partnerId: e.partnerId ?? null,
      customerId: e.customerId ?? null,
      trialId: e.trialId ?? null,
      details: jsonCopy(e.details ?? {}),
    };
    state.append(state.tables.audit, stored);
  }
}

export function memoryAudit(state: MemoryState): AuditStore {
  return {
    async auditOf(filter) {
      const matching = state.tables.audit.filter(
        (e) =>
          (filter.customerId === undefined || e.customerId === filter.customerId) &&
          (filter.trialId === undefined || e.trialId === filter.trialId),
      );
      // The latest `limit` entries, oldest first.
      const from = filter.limit === undefined ? 0 : Math.max(0, matching.length - filter.limit);
      return matching.slice(from).map(copy);
    },
    async appendAudit(entries) {
      state.atomically(() => appendAudit(state, entries));
    },
  };
}
