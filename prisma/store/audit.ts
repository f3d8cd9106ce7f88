// The audit log on Prisma: append-only (no update or delete anywhere).
import type { AuditStore } from "../../app/ports/audit.ts";
import type { Prisma } from "../generated/client.ts";
import { auditFromRow, auditToRow } from "../mapping.ts";
import type { PrismaContext } from "./context.ts";

export function prismaAudit({ prisma }: PrismaContext): AuditStore {
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
      if (entries.length > 0) await prisma.auditEntry.createMany({ data: entries.map(auditToRow) });
    },
  };
}
