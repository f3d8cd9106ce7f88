// The webhook inbox and the keys of events already seen, on Prisma (table processed_events).
import type { WebhookStore } from "../../app/ports/webhooks.ts";
import { handledBatcher } from "../batched-statements.ts";
import type { Prisma } from "../generated/client.ts";
import type { PrismaContext } from "./context.ts";

export function prismaWebhooks({ prisma, sql }: PrismaContext): WebhookStore {
  const handled = handledBatcher(sql);
  return {
    async markEventProcessed(key, at) {
      const { count } = await prisma.processedEvent.createMany({ data: [{ key, at }], skipDuplicates: true });
      return count === 1;
    },
    async forgetEvent(key) {
      await prisma.processedEvent.deleteMany({ where: { key } });
    },
    async recordWebhook(key, envelope, at) {
      const { count } = await prisma.processedEvent.createMany({
        data: [{ key, at, envelope: envelope as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
      return count === 1;
    },
    async markWebhookHandled(key, at) {
      // After every webhook: grouped with the others of the same moment (../batched-statements.ts).
      await handled.load({ key, at });
    },
    async unhandledWebhooks(since, limit, before) {
      // Plain SQL: the retry pass runs every few seconds beside the webhooks (Prisma's pipeline
      // cost milliseconds of the event loop per pass).
      const { rows } = await sql.query<{ key: string; envelope: unknown; at: Date }>(
        "trials_unhandled_webhooks",
        `SELECT key, envelope, at FROM processed_events
          WHERE at >= $1::timestamptz AND ($2::timestamptz IS NULL OR at < $2::timestamptz)
            AND handled_at IS NULL AND envelope IS NOT NULL
          ORDER BY at, key LIMIT $3::integer`,
        [since.toISOString(), before?.toISOString() ?? null, Math.max(0, limit)],
      );
      return rows.map((r) => ({ key: r.key, envelope: r.envelope, at: new Date(r.at) }));
    },
  };
}
