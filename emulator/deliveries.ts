// Delivers webhook events the way Webex does: to each active webhook whose owner can see the event
// (a bot in a group room only hears messages that mention it), honouring the filter, signed with
// the webhook's secret over the exact bytes sent. Deliveries run in the background, as in Webex;
// tests await idle(). They go over kept-alive connections (node:http): Node's fetch cost the bench
// process more CPU per event than the bots it measured, so the emulator, not the bot, set the
// best replies per second.
import { sign } from "../bot/webex/signature.ts";
import { nodeTransport } from "../bot/webex/transport.ts";
import type { WebhookData, WebhookEnvelope } from "../bot/webex/types.ts";
import type { StoredWebhook, World, WorldEvent } from "./world.ts";

export interface DeliveryRecord {
  webhookId: string;
  ownerId: string;
  targetUrl: string;
  resource: string;
  event: string;
  dataId: string;
  body: WebhookEnvelope;
  /** HTTP status from the target, or undefined when the request failed (then see error). */
  status?: number;
  error?: string;
  at: string;
}

export class Dispatcher {
  readonly log: DeliveryRecord[] = [];
  /** Each delivery is POSTed this many times (Webex may repeat deliveries). */
  duplicateDeliveries = 1;
  private readonly inFlight = new Set<Promise<void>>();
  // Idle sockets close after 2 s, before a receiver's own idle timeout (Node's default is 5 s) can
  // close one just as a delivery reuses it.
  private readonly transport = nodeTransport({ idleTimeoutMs: 2_000 });

  constructor(
    private readonly world: () => World,
    private readonly timeoutMs = 10_000,
  ) {}

  dispatch(e: WorldEvent): void {
    const world = this.world();
    for (const wh of world.webhooks.values()) {
      if (wh.status !== "active") continue;
      if (wh.resource !== e.resource && wh.resource !== "all") continue;
      if (wh.event !== e.event && wh.event !== "all") continue;
      const data = visibleData(world, wh, e);
      if (!data || !matchesFilter(wh, data)) continue;
      const owner = world.people.get(wh.createdBy);
      const envelope: WebhookEnvelope = {
        id: wh.id,
        name: wh.name,
        targetUrl: wh.targetUrl,
        resource: e.resource,
        event: e.event,
        ...(wh.filter ? { filter: wh.filter } : {}),
        orgId: owner?.orgId ?? "",
        createdBy: wh.createdBy,
        appId: wh.appId ?? "",
        ownedBy: "creator",
        status: "active",
        created: wh.created,
        actorId: e.actorId,
        data,
      };
      this.track(this.send(wh, envelope));
    }
  }

  /** Resolves when no delivery is in flight, including ones started by deliveries' handlers meanwhile. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    const guarded = p.catch(() => {});
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  private async send(wh: StoredWebhook, envelope: WebhookEnvelope): Promise<void> {
    const body = JSON.stringify(envelope);
    const headers: Record<string, string> = {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "webex-emulator",
    };
    if (wh.secret) headers["x-spark-signature"] = sign(wh.secret, body);
    const times = Math.max(1, Math.floor(this.duplicateDeliveries));
    for (let i = 0; i < times; i++) {
      const record: DeliveryRecord = {
        webhookId: wh.id,
        ownerId: wh.createdBy,
        targetUrl: wh.targetUrl,
        resource: envelope.resource,
        event: envelope.event,
        dataId: envelope.data.id,
        body: envelope,
        at: new Date().toISOString(),
      };
      try {
        record.status = await this.post(wh.targetUrl, headers, body);
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
      }
      this.log.push(record);
    }
  }

  /** Ends the kept-alive connections (deliveries in flight finish first: see the emulator's close). */
  close(): void {
    this.transport.close();
  }

  private async post(url: string, headers: Record<string, string>, body: string): Promise<number> {
    const request = { method: "POST", url, headers, body, timeoutMs: this.timeoutMs };
    try {
      return (await this.transport(request)).status;
    } catch (err) {
      // A kept-alive socket the receiver closed just before it was reused: one more try on a new one.
      if ((err as NodeJS.ErrnoException).code !== "ECONNRESET") throw err;
      return (await this.transport(request)).status;
    }
  }
}

/** The event's data as this webhook's owner is allowed to receive it, or null if not theirs to see. */
function visibleData(world: World, wh: StoredWebhook, e: WorldEvent): WebhookData | null {
  const ownerId = wh.createdBy;
  const owner = world.people.get(ownerId);
  if (!owner) return null;
  switch (e.resource) {
    case "messages": {
      const m = e.message;
      if (!world.isMember(m.roomId, ownerId)) return null;
      if (
        owner.type === "bot" &&
        m.roomType === "group" &&
        m.personId !== ownerId &&
        !(m.mentionedPeople ?? []).includes(ownerId)
      ) {
        return null;
      }
      return {
        id: m.id,
        roomId: m.roomId,
        roomType: m.roomType,
        personId: m.personId,
        personEmail: m.personEmail,
        ...(m.mentionedPeople ? { mentionedPeople: m.mentionedPeople } : {}),
        ...(m.parentId ? { parentId: m.parentId } : {}),
        created: m.created,
      };
    }
    case "memberships": {
      const ms = e.membership;
      if (!world.isMember(ms.roomId, ownerId)) return null;
      return { ...ms };
    }
    case "attachmentActions": {
      // Only the app that sent the card hears its submissions.
      if (e.cardAuthorId !== ownerId) return null;
      const a = e.action;
      return {
        id: a.id,
        type: a.type,
        messageId: a.messageId,
        personId: a.personId,
        roomId: a.roomId,
        created: a.created,
      };
    }
  }
}

/** Webex filters are `key=value` pairs joined by `&`; `mentionedPeople=me` means the owner. */
function matchesFilter(wh: StoredWebhook, data: WebhookData): boolean {
  if (!wh.filter) return true;
  for (const [key, value] of new URLSearchParams(wh.filter)) {
    const actual = data[key];
    if (key === "mentionedPeople") {
      const want = value === "me" ? wh.createdBy : value;
      if (!Array.isArray(actual) || !actual.includes(want)) return false;
    } else if (String(actual ?? "") !== value) {
      return false;
    }
  }
  return true;
}
