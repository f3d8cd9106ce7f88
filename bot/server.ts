// The composition root: database, store, use cases, Webex client, webhook receiver, outbox.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Logger } from "pino";
import { AdminCommands } from "../app/admin-commands.ts";
import { systemClock, type Clock } from "../app/clock.ts";
import type { Config } from "../app/config.ts";
import type { Store } from "../app/store.ts";
import { TrialCommands } from "../app/trial-commands.ts";
import { TrialQueries } from "../app/trial-queries.ts";
import { openDatabase, type DatabaseConfig } from "../prisma/database.ts";
import { applyMigrations, migrationStatus } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createBot } from "./bot.ts";
import { Confirmations } from "./confirmations.ts";
import { createReceiver } from "./http/receiver.ts";
import { OutboxDelivery } from "./outbox-delivery.ts";
import { OutboxSender } from "./outbox-sender.ts";
import { WebexClient } from "./webex/client.ts";
import { registerWebhooks } from "./webex/webhooks.ts";

export interface RunningBot {
  /** Where the webhook receiver listens. */
  url: string;
  store: Store;
  outbox: OutboxDelivery;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Overrides for tests and the local emulator. */
  webex?: { token: string; baseUrl: string; secret: string; publicUrl?: string };
  database?: DatabaseConfig;
  /** How often the outbox is delivered (ms); 0 = only when asked (tests). */
  outboxIntervalMs?: number;
  host?: string;
}

export class StartupError extends Error {}

export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const token = options.webex?.token ?? config.webexToken;
  const secret = options.webex?.secret ?? config.webhookSecret ?? randomBytes(24).toString("hex");
  if (!token) throw new StartupError("WEBEX_TOKEN is not set");

  const dbConfig: DatabaseConfig = options.database ?? (config.databaseUrl ? { kind: "postgres", url: config.databaseUrl } : { kind: "pglite", dataDir: join(config.dataDir, "pglite") });
  const db = await openDatabase(dbConfig);
  try {
    if (db.kind === "postgres") {
      // Production databases are migrated on purpose (npm run db:migrate), never by a start.
      const status = await migrationStatus(db);
      if (!status.upToDate) throw new StartupError(`the database is not up to date (pending: ${status.pending.join(", ") || "-"}; failed: ${status.failed.join(", ") || "-"}): run npm run db:migrate`);
    } else {
      const applied = await applyMigrations(db);
      logger.info({ database: db.description, ms: applied.ms }, "embedded database ready");
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const store = createPrismaStore(db);

  const client = new WebexClient({ token, baseUrl: options.webex?.baseUrl ?? config.webexApiUrl, logger });
  const me = await client.me();
  const app = {
    store,
    clock,
    commands: new TrialCommands({ store, clock }),
    queries: new TrialQueries(store, clock),
    admin: new AdminCommands(store, clock, { defaultTimeZone: config.defaultTimeZone }),
    confirmations: new Confirmations(),
  };
  const bot = createBot({ client, app, me: { id: me.id, displayName: me.displayName }, botAdmins: config.botAdmins, logger });
  const sender = new OutboxSender({ store, client, clock, logger });
  const outbox = new OutboxDelivery({ store, sender, logger });
  const receiver = createReceiver({
    secret,
    logger,
    dedupe: (key) => store.markEventProcessed(key, clock.now()),
    onEvent: async (event) => {
      await bot.onEvent(event);
      // Messages a command produced go out at once, not on the next tick.
      await outbox.deliverPending();
    },
  });
  const address = await receiver.listen({ port: config.port, host: options.host ?? "0.0.0.0" });
  const url = address.replace("0.0.0.0", "127.0.0.1").replace("[::]", "127.0.0.1");
  const publicUrl = options.webex?.publicUrl ?? config.publicUrl ?? url;
  const hooks = await registerWebhooks(client, { publicUrl, secret, namePrefix: "trials-bot", logger });
  logger.info({ url, publicUrl, bot: me.displayName, webhooks: { created: hooks.created.length, updated: hooks.updated.length } }, "trials-bot is listening");
  if (options.outboxIntervalMs !== 0) outbox.start(options.outboxIntervalMs ?? 1000);

  return {
    url,
    store,
    outbox,
    async stop() {
      await receiver.close();
      await outbox.stop();
      await store.close();
    },
  };
}
