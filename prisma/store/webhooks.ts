// The webhook inbox and the keys of events already seen, on Prisma (table processed_events).
import type { WebhookStore } from "../../app/ports/webhooks.ts";
import { handledBatcher } from "../batched-statements.ts";
import { Prisma } from "../generated/client.ts";
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
    async unhandledWebhooks(since, limit) {
      const rows = await prisma.processedEvent.findMany({
        where: { at: { gte: since }, handledAt: null, NOT: { envelope: { equals: Prisma.DbNull } } },
        orderBy: { at: "asc" },
        take: limit,
      });
      return rows.map((r) => ({ key: r.key, envelope: r.envelope, at: r.at }));
    },
  };
}
