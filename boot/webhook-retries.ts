// Hands back to the bot the webhooks that were recorded (and so acknowledged) but whose
// handling failed. Started by the composition root (boot/start-bot.ts).
import type { Logger } from "pino";
import type { Store } from "../app/store.ts";
import { parseEnvelope } from "../bot/http/envelope.ts";
import type { WebexReceiver } from "../bot/http/receiver.ts";
import type { InboxClaims } from "./replicas/inbox-claims.ts";

/**
 * Hands back to the bot the webhooks that were recorded (and so acknowledged) but whose handling
 * failed: the database went away mid-handling, Webex could not be read, or the process stopped.
 * Backs off per event and gives up after MAX_WEBHOOK_ATTEMPTS, so a poison event cannot loop.
 * Events older than a day are left alone (Webex itself gives up long before).
 */
const MAX_WEBHOOK_ATTEMPTS = 6;
export function startWebhookRetries(
  receiver: WebexReceiver,
  store: Pick<Store, "markWebhookHandled" | "unhandledWebhooks">,
  logger: Logger,
  everyMs: number,
  handledUnmarked: Set<string>,
  inbox: Pick<InboxClaims, "claim">,
): { stop(): void; runOnce(): Promise<number> } {
  const attempts = new Map<string, { n: number; nextAt: number }>();
  const graceMs = Math.min(everyMs, 1_000);
  let running: Promise<number> | null = null;
  const pass = async (): Promise<number> => {
    const now = Date.now();
    for (const key of [...handledUnmarked]) {
      await store.markWebhookHandled(key, new Date());
      handledUnmarked.delete(key);
    }
    // Not those of the last moment: they are being handled now (here, or by the replica that
    // recorded them), and under load they were most of what the pass read every few seconds.
    const pending = await store.unhandledWebhooks(new Date(now - 86_400_000), 100, new Date(now - graceMs));
    let handled = 0;
    for (const row of pending) {
      if (receiver.inFlightKeys().has(row.key)) continue;
      const a = attempts.get(row.key) ?? { n: 0, nextAt: 0 };
      if (a.nextAt > now) continue;
      // Another replica may be handling it (it recorded it, or retries it): only the claimant does.
      if (!(await inbox.claim(row.key))) continue;
      const envelope = parseEnvelope(Buffer.from(JSON.stringify(row.envelope)));
      if (!envelope || a.n >= MAX_WEBHOOK_ATTEMPTS) {
        logger.error({ key: row.key, attempts: a.n }, "webhook given up: its handling kept failing");
        await store.markWebhookHandled(row.key, new Date());
        attempts.delete(row.key);
        continue;
      }
      if (await receiver.redeliver(envelope)) {
        handled += 1;
        attempts.delete(row.key);
      } else {
        attempts.set(row.key, { n: a.n + 1, nextAt: now + Math.min(60_000, everyMs * 2 ** a.n) });
      }
    }
    if (handled > 0) logger.info({ handled }, "webhooks whose handling had failed were handled");
    return handled;
  };
  const runOnce = () => (running ??= pass().finally(() => (running = null)));
  const timer =
    everyMs > 0
      ? setInterval(() => {
          // While the database is down this fails like the handling did: next tick.
          runOnce().catch((err: unknown) => logger.debug({ err }, "webhook retry pass failed"));
        }, everyMs)
      : null;
  timer?.unref();
  // Events a stopped (or killed) process recorded and never handled: at once, not after a tick.
  if (everyMs > 0) runOnce().catch((err: unknown) => logger.debug({ err }, "webhook retry pass failed"));
  return { stop: () => timer && clearInterval(timer), runOnce };
}
