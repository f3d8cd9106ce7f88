// Registers the bot's webhooks idempotently at start. Unlike frameworks that delete every webhook
// of the token, this touches only webhooks it owns (name starts with the prefix), so a second
// deployment, a developer's tunnel or an admin's own webhook survive.
import type { WebexClient } from "./client.ts";
import { WebexApiError } from "./errors.ts";
import type { Logger } from "./logger.ts";
import { silentLogger } from "./logger.ts";
import type { Webhook, WebhookEvent, WebhookResource } from "./types.ts";

export const WEBHOOK_PATH = "/webex/webhook";

export interface Subscription {
  resource: WebhookResource;
  event: WebhookEvent;
  /** Webex's filter, `key=value` pairs joined by `&`; it cannot be changed after creation. */
  filter?: string;
  /** Ends the webhook's name: `${namePrefix} ${label}`. */
  label: string;
}

export const BOT_SUBSCRIPTIONS: readonly Subscription[] = [
  // Webex sends a bot every message of a 1:1 space, but in a group space only those that mention it
  // and the bot's own. Asking for exactly the mentions in groups spares a webhook (its signature
  // check, its parse, its reply) for every message the bot itself posts there, which is most of
  // them: each command's answer, each notice, each card.
  { resource: "messages", event: "created", filter: "roomType=direct", label: "messages:created direct" },
  {
    resource: "messages",
    event: "created",
    filter: "roomType=group&mentionedPeople=me",
    label: "messages:created group mentions",
  },
  { resource: "attachmentActions", event: "created", label: "attachmentActions:created" },
  { resource: "memberships", event: "created", label: "memberships:created" },
];

export interface RegisterWebhooksOptions {
  /** Public base URL of the bot, e.g. https://trials.example.com (no trailing path). */
  publicUrl: string;
  secret: string;
  /** Names are `${namePrefix} ${label}`; webhooks with this prefix are ours. */
  namePrefix: string;
  logger?: Logger;
}

export interface RegisterWebhooksResult {
  created: Webhook[];
  updated: Webhook[];
  /** Our own surplus duplicates, and ours that no subscription wants any more, removed. */
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
  const isOurs = (w: Webhook) => w.name === prefix || w.name.startsWith(`${prefix} `);
  const ours = (await client.listWebhooks()).filter(isOurs);
  const result: RegisterWebhooksResult = { created: [], updated: [], deleted: [] };
  const remove = async (extra: Webhook, why: string) => {
    await deleteIfPresent(client, extra.id);
    result.deleted.push(extra.id);
    log.info({ webhookId: extra.id, name: extra.name }, why);
  };

  for (const sub of BOT_SUBSCRIPTIONS) {
    const name = `${prefix} ${sub.label}`;
    const [keep, ...extras] = ours.filter((w) => serves(w, sub)).sort(oldestFirst);
    for (const extra of extras) await remove(extra, "removed surplus webhook of ours");
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
        ...(sub.filter ? { filter: sub.filter } : {}),
        secret: options.secret,
      });
      result.created.push(created);
      log.info({ webhookId: created.id, name, targetUrl }, "webhook created");
    }
  }
  // Ours that no subscription wants (an earlier version's, or one whose filter differs: a filter
  // cannot be changed by PUT) go only now, after their replacements exist, so no event falls between.
  for (const old of ours.filter((w) => !BOT_SUBSCRIPTIONS.some((sub) => serves(w, sub)))) {
    await remove(old, "removed a webhook of ours that no subscription wants");
  }
  // Replicas starting together may each find none and each create one: every event would then be
  // delivered once per copy. Whoever created one looks again and keeps only the oldest of each
  // subscription, the same one whichever replica looks, so the copies converge to one.
  if (result.created.length > 0) {
    const again = (await client.listWebhooks()).filter(isOurs);
    for (const sub of BOT_SUBSCRIPTIONS) {
      const [, ...surplus] = again.filter((w) => serves(w, sub)).sort(oldestFirst);
      for (const extra of surplus) await remove(extra, "removed a duplicate webhook another replica created");
    }
  }
  return result;
}

/** Whether a webhook delivers what the subscription asks for: same resource, event and filter. */
function serves(w: Webhook, sub: Subscription): boolean {
  return w.resource === sub.resource && w.event === sub.event && sameFilter(w.filter, sub.filter);
}

/** Filters as sets of pairs: Webex may hand one back with its pairs in another order or encoded. */
function sameFilter(a: string | undefined, b: string | undefined): boolean {
  const pairs = (f: string | undefined) =>
    [...new URLSearchParams(f ?? "")]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join("&");
  return pairs(a) === pairs(b);
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
