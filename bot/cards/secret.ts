// The key that signs card references: CARD_SIGNING_SECRET when set; otherwise derived from the
// webhook secret in use (HMAC-SHA256 of a fixed label), so it is stable across restarts wherever
// WEBEX_WEBHOOK_SECRET is, and random per process in emulator mode (whose webhook secret is).
import { createHmac } from "node:crypto";

export function cardSigningSecret(configured: string | null, webhookSecret: string): string {
  if (configured) return configured;
  return createHmac("sha256", webhookSecret).update("trials-bot card references v1").digest("hex");
}
