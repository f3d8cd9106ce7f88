// Where a card sits: Webex's attachment action names the card's room and message, not its thread,
// and reading the card message back costs a Webex call per submit. So a card posted by the bot
// carries its thread in each Submit button's data ("" for a card at the top of a space); the
// submit's answer goes there. It only places the bot's answer within the action's room (which
// Webex sets); rights come from the signed reference and the person who clicked.
import type { AdaptiveCard } from "../webex/types.ts";

export const THREAD_FIELD = "thread";

/** The card with its thread root (undefined: top level) in every Submit action's data. */
export function placedIn(card: AdaptiveCard, parentId: string | undefined): AdaptiveCard {
  const actions = card.actions?.map((a) => {
    const action = a as { type?: unknown; data?: Record<string, unknown> };
    if (action.type !== "Action.Submit") return a;
    return { ...action, data: { ...action.data, [THREAD_FIELD]: parentId ?? "" } };
  });
  return actions ? { ...card, actions } : card;
}

/** Where the submitted card sits: its thread root, "" at the top level; null when the card did not say. */
export function threadOf(inputs: Record<string, unknown>): string | null {
  const thread = inputs[THREAD_FIELD];
  return typeof thread === "string" ? thread : null;
}
