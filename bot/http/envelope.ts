// Shape check of a webhook body: only what routing and deduplication rely on is required.
import type { WebhookEnvelope } from "../webex/types.ts";

export function parseEnvelope(raw: Buffer): WebhookEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  const data = v.data as Record<string, unknown> | undefined;
  if (typeof v.resource !== "string" || typeof v.event !== "string") return null;
  if (!data || typeof data !== "object" || typeof data.id !== "string" || data.id === "") return null;
  return value as WebhookEnvelope;
}
