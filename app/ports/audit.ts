// The audit log: append-only.
import type { AuditEntry } from "../../domain/effects.ts";

export interface StoredAuditEntry extends AuditEntry {
  /** Increasing in the order entries were appended. */
  id: string;
}

export interface AuditStore {
  /** The latest `limit` matching entries (all without a limit), oldest first. */
  auditOf(filter: { customerId?: string; trialId?: string; limit?: number }): Promise<StoredAuditEntry[]>;
  /** For state changes outside trials (admin commands): audit entries only. */
  appendAudit(entries: AuditEntry[]): Promise<void>;
}
