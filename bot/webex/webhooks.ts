// Registers the bot's webhooks idempotently at start. Unlike frameworks that delete every webhook
// of the token, this touches only webhooks it owns (name starts with the prefix), so a second
// deployment, a developer's tunnel or an admin's own webhook survive.
import type { WebexClient } from "./client.ts";
import { WebexApiError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { silentLogger } from "./logger.ts";
import type { Webhook, WebhookEvent, WebhookResource } from "./types.ts";

export const WEBHOOK_PATH = "/webex/webhook";

export const BOT_SUBSCRIPTIONS: ReadonlyArray<{ resource: WebhookResource; event: WebhookEvent }> = [
  { resource: "messages", event: "created" },
  { resource: "attachmentActions", event: "created" },
  { resource: "memberships", event: "created" },
];

export interface RegisterWebhooksOptions {
  /** Public base URL of the bot, e.g. https://trials.example.com (no trailing path). */
  publicUrl: string;
  secret: string;
  /** Names are `${namePrefix} ${resource}:${event}`; webhooks with this prefix are ours. */
  namePrefix: string;
  logger?: Logger;
}

export interface RegisterWebhooksResult {
  created: Webhook[];
  updated: Webhook[];
  /** Our own surplus duplicates, removed. */
  deleted: string[];
}

type WebhookApi = Pick<WebexClient, "listWebhooks" | "createWebhook" | "updateWebhook" | "deleteWebhook">;

export async function registerWebhooks(
  client: WebhookApi,
  options: RegisterWebhooksOptions,
): Promise<RegisterWebhooksResult> {
  const log = options.logger ?? silentLogger;
  const prefix = options.namePrefix.trim();
  if (!prefix) throw new TypeError("registerWebhooks: namePrefix must not be empty");
  if (!options.secret) throw new TypeError("registerWebhooks: secret must not be empty");
  const targetUrl = options.publicUrl.replace(/\/+$/, "") + WEBHOOK_PATH;
  const existing = await client.listWebhooks();
  const ours = existing.filter((w) => w.name === prefix || w.name.startsWith(`${prefix} `));
  const result: RegisterWebhooksResult = { created: [], updated: [], deleted: [] };

  for (const sub of BOT_SUBSCRIPTIONS) {
    const name = `${prefix} ${sub.resource}:${sub.event}`;
    // A filter cannot be removed by PUT, so a filtered one of ours is replaced.
    const candidates = ours.filter((w) => w.resource === sub.resource && w.event === sub.event).sort(oldestFirst);
    const keep = candidates.find((w) => !w.filter);
    for (const extra of candidates) {
      if (extra === keep) continue;
      await deleteIfPresent(client, extra.id);
      result.deleted.push(extra.id);
      log.info({ webhookId: extra.id, name: extra.name }, "removed surplus webhook of ours");
    }
    if (keep) {
      result.updated.push(
        await client.updateWebhook(keep.id, { name, targetUrl, secret: options.secret, status: "active" }),
      );
      log.info({ webhookId: keep.id, name, targetUrl }, "webhook updated");
    } else {
      const created = await client.createWebhook({
        name,
        targetUrl,
        resource: sub.resource,
        event: sub.event,
        secret: options.secret,
      });
      result.created.push(created);
      log.info({ webhookId: created.id, name, targetUrl }, "webhook created");
    }
  }
  // Replicas starting together may each find none and each create one: every event would then be
  // delivered once per copy. Whoever created one looks again and keeps only the oldest of each
  // subscription, the same one whichever replica looks, so the copies converge to one.
  if (result.created.length > 0) {
    const again = (await client.listWebhooks()).filter((w) => w.name === prefix || w.name.startsWith(`${prefix} `));
    for (const sub of BOT_SUBSCRIPTIONS) {
      const [, ...surplus] = again
        .filter((w) => w.resource === sub.resource && w.event === sub.event && !w.filter)
        .sort(oldestFirst);
      for (const extra of surplus) {
        await deleteIfPresent(client, extra.id);
        result.deleted.push(extra.id);
        log.info({ webhookId: extra.id, name: extra.name }, "removed a duplicate webhook another replica created");
      }
    }
  }
  return result;
}

/** Oldest first (then by id): every replica picks the same one to keep. */
function oldestFirst(a: Webhook, b: Webhook): number {
  return (Date.parse(a.created) || 0) - (Date.parse(b.created) || 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Deletes a webhook that another replica, starting at the same time, may have removed first. */
async function deleteIfPresent(client: Pick<WebhookApi, "deleteWebhook">, id: string): Promise<void> {
  try {
    await client.deleteWebhook(id);
  } catch (error) {
    if (!(error instanceof WebexApiError && error.status === 404)) throw error;
  }
}
