// What every part of the Prisma store shares: the client and the transaction limits.
import type { PrismaClient } from "../generated/client.ts";
import type { Sql, TransactionLimits } from "../sql.ts";

export interface PrismaContext {
  prisma: PrismaClient;
  /** Plain SQL for the statements every webhook runs, the writes of `commit` and the hot reads (see ../sql.ts). */
  sql: Sql;
  txOptions: TransactionLimits;
}

/**
 * Text to match as it is: Prisma's case-insensitive `equals` and `contains` are ILIKE, whose
 * wildcards and escape character would otherwise match any text (a partner named "%").
 */
export function literal(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
