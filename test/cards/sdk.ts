// Validates a card with the official Adaptive Cards SDK at schema 1.3, as Webex renders it. The
// package's ESM build does not load on Node 20; its UMD bundle does, without a DOM.
import { createRequire } from "node:module";
import type { AdaptiveCard } from "../../bot/webex/types.ts";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => {
    parse(json: unknown, ctx: unknown): void;
    validateProperties(): { validationEvents: { message: string }[] };
    getActionCount(): number;
  };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: { v1_3: unknown };
};

/** Every parse warning and validation failure the SDK reports at 1.3 (empty when the card is clean). */
export function sdkProblems(card: AdaptiveCard): string[] {
  const ctx = new AC.SerializationContext(AC.Versions.v1_3);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const e of parsed.validateProperties().validationEvents) out.push(`validate: ${e.message}`);
  return out;
}

/** Every action of a card, ShowCard sub-cards included. */
export function allActions(card: { actions?: unknown[] }): Record<string, unknown>[] {
  return (card.actions ?? []) as Record<string, unknown>[];
}
