// Which replica handles a recorded webhook. The replica that records an event (before Webex gets
// its 200) claims it in the same statement and handles it at once; a retry pass, on any replica,
// hands back only events it can claim: unclaimed, claimed by a replica whose lease ran out
// (killed, or cut off from the database), or claimed by this instance (this boot, or the boot a
// restart replaced). While an event is being handled its claim is renewed, so a slow handling is
// not taken over. With the inbox's handled mark this keeps the guarantee across replicas: an
// acknowledged webhook is neither lost nor handled twice.
import { randomBytes } from "node:crypto";
import type { Logger } from "../../bot/webex/logger.ts";
import type { InboxClaimant, ReplicaStore } from "../../prisma/replica-store.ts";

/** A claim outlives a replica that stopped renewing it by this long; then another takes the event. */
export const INBOX_LEASE_MS = 120_000;

export interface InboxClaims {
  readonly claimant: InboxClaimant;
  /** The receiver's dedupe: records the event, claimed by this replica; false for a repeat delivery. */
  record(key: string, envelope: unknown, at: Date): Promise<boolean>;
  /** Claims a recorded event for a retry; false when another replica holds it. */
  claim(key: string): Promise<boolean>;
  /** Renews, every renewEveryMs, the claims on the keys `handling()` names (events still being handled). */
  startRenewing(handling: () => Iterable<string>): void;
  stop(): void;
}

export function createInboxClaims(deps: {
  store: Pick<ReplicaStore, "recordClaimedWebhook" | "claimWebhook" | "renewWebhookClaims">;
  /** Stable across restarts of the same replica (host and queue prefix, as the outbox claims). */
  instance: string;
  logger: Logger;
  leaseMs?: number;
  renewEveryMs?: number;
}): InboxClaims {
  const leaseMs = deps.leaseMs ?? INBOX_LEASE_MS;
  const claimant: InboxClaimant = { instance: deps.instance, id: `${deps.instance}/${randomBytes(6).toString("hex")}` };
  let timer: NodeJS.Timeout | null = null;
  return {
    claimant,
    record: (key, envelope, at) => deps.store.recordClaimedWebhook(key, envelope, at, claimant, leaseMs),
    claim: (key) => deps.store.claimWebhook(key, claimant, leaseMs),
    startRenewing(handling) {
      if (timer) return;
      timer = setInterval(
        () => {
          const keys = [...handling()];
          if (keys.length === 0) return;
          // While the database is away this fails like the handling does; the next tick tries again.
          deps.store
            .renewWebhookClaims(keys, claimant, leaseMs)
            .catch((err: unknown) => deps.logger.debug({ err }, "renewing webhook claims failed"));
        },
        deps.renewEveryMs ?? Math.max(1_000, Math.floor(leaseMs / 4)),
      );
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
