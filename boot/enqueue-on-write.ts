// Outbox rows written outside a use case's commit (the bot queues a chat reply Webex refused)
// get their delivery job at once, as a commit's rows do through afterCommit; without it only the
// sweep (every minute) would find them. The store is the truth: a failed enqueue is logged and
// left to the sweep.
import type { Logger } from "pino";
import type { Store } from "../app/store.ts";

export function enqueueOnWrite(store: Store, enqueue: (ids: string[]) => Promise<void>, logger: Logger): Store {
  const enqueueMessages: Store["enqueueMessages"] = async (messages) => {
    const ids = await store.enqueueMessages(messages);
    if (ids.length > 0)
      await enqueue(ids).catch((err: unknown) => logger.warn({ err, ids }, "outbox rows not enqueued; the sweep will"));
    return ids;
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === "enqueueMessages") return enqueueMessages;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
