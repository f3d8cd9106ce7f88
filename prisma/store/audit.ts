// The audit log on Prisma: append-only (no update or delete anywhere).
import type { AuditStore } from "../../app/ports/audit.ts";
import type { AuditEntry } from "../../domain/effects.ts";
import type { Prisma } from "../generated/client.ts";
import { auditFromRow, auditToRow } from "../mapping.ts";
import type { SqlQuery } from "../sql.ts";
import type { StatementPart } from "../sql-compose.ts";
import { AUDIT_LOG, columnArrays, insertRowsSql } from "../sql-rows.ts";
import type { PrismaContext } from "./context.ts";

const INSERT_AUDIT = insertRowsSql(AUDIT_LOG);

/** Appends entries in their order (their ids follow it); alone or in a commit's statement. */
export function auditWrite(entries: readonly AuditEntry[]): StatementPart | null {
  if (entries.length === 0) return null;
  return { tag: "audit_insert", text: INSERT_AUDIT, values: columnArrays(AUDIT_LOG, entries.map(auditToRow)) };
}

async function insertAudit(tx: SqlQuery, entries: readonly AuditEntry[]): Promise<void> {
  const part = auditWrite(entries);
  if (part) await tx.query(`trials_${part.tag}`, part.text, part.values);
}

export function prismaAudit({ prisma, sql }: PrismaContext): AuditStore {
  return {
    async auditOf(filter) {
      const where: Prisma.AuditEntryWhereInput = {};
      if (filter.customerId !== undefined) where.customerId = filter.customerId;
      if (filter.trialId !== undefined) where.trialId = filter.trialId;
      // The latest `limit` entries, returned oldest first (the order they were appended).
      const rows = await prisma.auditEntry.findMany({
        where,
        orderBy: { id: "desc" },
        ...(filter.limit !== undefined ? { take: filter.limit } : {}),
      });
      return rows.reverse().map(auditFromRow);
    },
    async appendAudit(entries) {
      await insertAudit(sql, entries);
    },
  };
}
