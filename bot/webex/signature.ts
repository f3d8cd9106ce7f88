// Webex signs each webhook delivery: X-Spark-Signature = hex HMAC-SHA1 of the raw request body,
// keyed with the webhook's secret. It must be checked over the bytes as received: re-serialised
// JSON differs (key order, escapes, spacing) and would reject genuine deliveries.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-spark-signature";

export function sign(secret: string, rawBody: Buffer | string): string {
  return createHmac("sha1", secret).update(rawBody).digest("hex");
}

/** True only for a well-formed signature matching the body; compared in constant time. */
export function verifySignature(
  secret: string,
  rawBody: Buffer | string,
  signature: string | undefined | null,
): boolean {
  if (!secret || typeof signature !== "string") return false;
  const given = signature.trim().toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(given)) return false;
  const expected = Buffer.from(sign(secret, rawBody), "hex");
  const actual = Buffer.from(given, "hex");
  // Both are 20 bytes here; the check keeps timingSafeEqual from throwing if that ever changes.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
