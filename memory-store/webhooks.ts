// The webhook inbox and the keys of events already seen, in memory.
import type { WebhookStore } from "../app/ports/webhooks.ts";
import type { MemoryState } from "./state.ts";
import { jsonCopy } from "./values.ts";

export function memoryWebhooks(state: MemoryState): WebhookStore {
  const { events } = state.tables;
  const record = (key: string, envelope: unknown, at: Date) => {
    if (events.has(key)) return false;
    state.put(events, key, { key, at: new Date(at), envelope, handledAt: null });
    return true;
  };
  return {
    async markEventProcessed(key, at) {
      return record(key, null, at);
    },
    async forgetEvent(key) {
      state.remove(events, key);
    },
    async recordWebhook(key, envelope, at) {
      return record(key, jsonCopy(envelope), at);
    },
    async markWebhookHandled(key, at) {
      // The envelope is kept no longer than needed; the key stays for deduplication.
      const e = events.get(key);
      if (e) state.put(events, key, { ...e, handledAt: new Date(at), envelope: null });
    },
    async unhandledWebhooks(since, limit, before) {
      const end = before?.getTime() ?? Number.POSITIVE_INFINITY;
      return [...events.values()]
        .filter((e) => e.at.getTime() >= since.getTime() && e.at.getTime() < end)
        .filter((e) => e.handledAt === null && e.envelope !== null)
        .sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .slice(0, Math.max(0, limit))
        .map((e) => ({ key: e.key, envelope: jsonCopy(e.envelope), at: new Date(e.at) }));
    },
  };
}
