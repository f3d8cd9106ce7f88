// The retry pass (boot/webhook-retries.ts) hands back recorded webhooks whose handling failed,
// but not those of the last moment: they are being handled now, by this process or the replica
// that recorded them, and reading them on every pass was most of what the pass read under load.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { startWebhookRetries } from "../../boot/webhook-retries.ts";
import type { WebhookEnvelope } from "../../bot/webex/types.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";

const envelope = (id: string) => ({
  id: "wh-1",
  name: "trials-bot",
  resource: "messages",
  event: "created",
  data: { id, roomId: "r-1", personId: "p-1", personEmail: "a@bright.example" },
});

describe("the webhook retry pass", () => {
  it("hands back a webhook recorded a while ago and left unhandled, not one recorded a moment ago", async () => {
    const store = createMemoryStore();
    const now = Date.now();
    await store.recordWebhook("messages:created:old", envelope("old"), new Date(now - 5_000));
    await store.recordWebhook("messages:created:new", envelope("new"), new Date(now - 100));
    const redelivered: string[] = [];
    const receiver = {
      inFlightKeys: () => new Set<string>(),
      // Handled: the real receiver then marks it (its onHandled).
      redeliver: async (e: WebhookEnvelope) => {
        redelivered.push(e.data.id);
        await store.markWebhookHandled(`messages:created:${e.data.id}`, new Date());
        return true;
      },
    };
    const retries = startWebhookRetries(receiver as never, store, pino({ level: "silent" }), 0, new Set(), {
      claim: async () => true,
    });
    // everyMs 0: no timer, no grace; the same pass with a 5 s period leaves the last second alone.
    expect(await retries.runOnce()).toBe(2);
    await store.recordWebhook("messages:created:old2", envelope("old2"), new Date(now - 5_000));
    await store.recordWebhook("messages:created:new2", envelope("new2"), new Date(Date.now() - 100));
    const periodic = startWebhookRetries(receiver as never, store, pino({ level: "silent" }), 5_000, new Set(), {
      claim: async () => true,
    });
    try {
      await periodic.runOnce();
      expect(redelivered).toEqual(["old", "new", "old2"]);
    } finally {
      periodic.stop();
    }
  });
});
