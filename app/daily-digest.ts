// R-EXP-6: the daily ops digest, queued for the ops space once per digest date, whatever the
// retries or the number of bot instances. The queue adapter runs it on its cron and delivers the
// row it wrote.
import { buildDigest } from "../domain/digest.ts";
import type { Store } from "./store.ts";

export type DigestStore = Pick<
  Store,
  "listTrials" | "listCustomers" | "listPartners" | "listDevices" | "enqueueMessageOnce"
>;

export interface QueuedDigest {
  date: string;
  /** False when the digest of that date was queued before. */
  queued: boolean;
  outboxId: string;
}

export async function queueDailyDigest(
  deps: { store: DigestStore; timeZone: string },
  now: Date,
): Promise<QueuedDigest> {
  const { store } = deps;
  const [trials, customers, partners, devices] = await Promise.all([
    store.listTrials({}),
    store.listCustomers(),
    store.listPartners(),
    store.listDevices({ returnStatuses: ["missing", "mismatch"] }),
  ]);
  const digest = buildDigest({ now, timeZone: deps.timeZone, trials, customers, partners, devices });
  const outboxId = `digest-${digest.date}`;
  const queued = await store.enqueueMessageOnce(outboxId, {
    to: { kind: "ops_space" },
    template: "ops.daily_digest",
    data: { ...digest },
  });
  return { date: digest.date, queued, outboxId };
}
