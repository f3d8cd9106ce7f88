// What replicas of the bot must agree on beyond the trials themselves, kept in the database they
// share: who handles a recorded webhook (a lease, so a retry pass on one replica never handles an
// event another replica is handling), the questions waiting for a "yes", and the test clock's time
// (only ever moved forward, whichever replica moves it). Leases are timed by the database's clock,
// so replicas on several machines need not agree on the time.

import { recordBatcher } from "./batched-statements.ts";
import type { Database } from "./database.ts";
import type { Prisma } from "./generated/client.ts";

/** Who claims: `id` is this boot of the replica, `instance` the replica across its restarts. */
export interface InboxClaimant {
  id: string;
  instance: string;
}

export interface ReplicaStore {
  /**
   * Records a webhook (the inbox) already claimed by `claimant` for `leaseMs`, since this replica
   * handles it at once; false when the key was already recorded (a repeated delivery).
   */
  recordClaimedWebhook(
    key: string,
    envelope: unknown,
    at: Date,
    claimant: InboxClaimant,
    leaseMs: number,
  ): Promise<boolean>;
  /**
   * Claims a recorded, unhandled webhook for `leaseMs`: true when it is unclaimed, its claim ran
   * out, or the claim is this instance's (this boot, or an earlier boot the process replaced).
   */
  claimWebhook(key: string, claimant: InboxClaimant, leaseMs: number): Promise<boolean>;
  /** Extends this boot's claims on webhooks it is still handling; returns how many were extended. */
  renewWebhookClaims(keys: readonly string[], claimant: InboxClaimant, leaseMs: number): Promise<number>;

  /** Asks (or asks again, replacing) the question under `key`. */
  putConfirmation(key: string, value: unknown, expiresAt: Date): Promise<void>;
  /** The question under `key`, removed (whoever takes it first gets it), or null when none or expired. */
  takeConfirmation(key: string, now: Date): Promise<unknown>;

  /**
   * Saves the test clock's time under `settingKey` unless a later time is saved (another replica
   * moved it further meanwhile); returns the time saved now.
   */
  saveClockForward(settingKey: string, at: Date): Promise<Date>;
}

export function createReplicaStore(db: Pick<Database, "prisma" | "sql">): ReplicaStore {
  const { prisma, sql } = db;
  const records = recordBatcher(sql);
  return {
    recordClaimedWebhook(key, envelope, at, claimant, leaseMs) {
      // Every webhook runs this before Webex gets its 200: grouped with the others of the same
      // moment into one statement (batched-statements.ts).
      return records.load({ key, envelope, at, claimantId: claimant.id, leaseMs });
    },

    async claimWebhook(key, claimant, leaseMs) {
      // One statement: the row lock orders two replicas claiming the same event.
      const n = await prisma.$executeRawUnsafe(
        `UPDATE processed_events
            SET claimed_by = $2, claim_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
          WHERE key = $1 AND handled_at IS NULL AND envelope IS NOT NULL
            AND (claim_until IS NULL OR claim_until < clock_timestamp() OR claimed_by = $2
                 OR starts_with(claimed_by, $4::text || '/'))`,
        key,
        claimant.id,
        leaseMs,
        claimant.instance,
      );
      return n === 1;
    },

    async renewWebhookClaims(keys, claimant, leaseMs) {
      if (keys.length === 0) return 0;
      return prisma.$executeRawUnsafe(
        `UPDATE processed_events
            SET claim_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
          WHERE key = ANY($1::text[]) AND claimed_by = $2 AND handled_at IS NULL`,
        [...keys],
        claimant.id,
        leaseMs,
      );
    },

    async putConfirmation(key, value, expiresAt) {
      const json = value as Prisma.InputJsonValue;
      await prisma.pendingConfirmation.upsert({
        where: { key },
        create: { key, value: json, expiresAt },
        update: { value: json, expiresAt },
      });
    },

    async takeConfirmation(key, now) {
      // DELETE … RETURNING: of two replicas taking the same answer, one gets the row.
      const rows = await prisma.$queryRawUnsafe<Array<{ value: unknown; expires_at: Date }>>(
        `DELETE FROM pending_confirmations WHERE key = $1 RETURNING value, expires_at`,
        key,
      );
      const row = rows[0];
      return row && row.expires_at.getTime() > now.getTime() ? row.value : null;
    },

    async saveClockForward(settingKey, at) {
      const iso = at.toISOString();
      const rows = await prisma.$queryRawUnsafe<Array<{ now: string }>>(
        `INSERT INTO bot_settings (key, value, updated_at) VALUES ($1, jsonb_build_object('now', $2::text), now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
           WHERE (bot_settings.value->>'now') IS NULL OR (bot_settings.value->>'now')::timestamptz < $2::timestamptz
         RETURNING value->>'now' AS now`,
        settingKey,
        iso,
      );
      if (rows[0]) return new Date(rows[0].now);
      const kept = await prisma.botSetting.findUnique({ where: { key: settingKey } });
      const t = Date.parse(String((kept?.value as { now?: unknown } | null)?.now));
      return Number.isFinite(t) ? new Date(t) : at;
    },
  };
}
