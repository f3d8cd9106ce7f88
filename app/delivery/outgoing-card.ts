// The card an outgoing message carries: the consent request to customer admins (R-CONSENT-2/3),
// the expiry reminder to customer admins (R-EXP-1 with the Control Hub link, R-INT-1 "I'm
// interested in purchasing"), the ops approval of a device-trial extension (R-EXT-2), the next
// step after an accepted consent (R-CONSENT-4). Decided when the message is sent, from the trial
// as it is then: the card's reference names the trial's current version. A message whose trial
// moved on (consent no longer pending, no extension waiting) goes as text only.
import type { OutgoingMessage } from "../../domain/effects.ts";
import type { Language } from "../../domain/model.ts";
import { CONTROL_HUB_SUBSCRIPTIONS_URL } from "../../domain/notify.ts";
import type { AdaptiveCard, OutgoingCards } from "../ports/messaging.ts";
import type { Store } from "../store.ts";

export type CardStore = Pick<Store, "getTrial" | "getCustomer" | "getPartner">;

const CARD_TEMPLATES = new Set([
  "customer.consent_request",
  "customer.expiry_reminder",
  "ops.device_extension_approval",
  "partner.consent_accepted",
]);

function isCard(value: unknown): value is AdaptiveCard {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "AdaptiveCard";
}

export async function outgoingCard(
  deps: { store: CardStore; cards: OutgoingCards },
  message: OutgoingMessage,
  lang: Language,
): Promise<AdaptiveCard | null> {
  const { store, cards } = deps;
  // A chat reply queued after Webex refused it keeps the card it was built with.
  if (message.template === "bot.reply") return isCard(message.data.card) ? message.data.card : null;
  if (!CARD_TEMPLATES.has(message.template)) return null;
  const trialId = typeof message.data.trialId === "string" ? message.data.trialId : null;
  const trial = trialId ? await store.getTrial(trialId) : null;
  const customer = trial ? await store.getCustomer(trial.customerId) : null;
  if (!trial || !customer) return null;
  const partner = (await store.getPartner(trial.partnerId))?.name ?? "";
  const text = (key: string) => (typeof message.data[key] === "string" ? (message.data[key] as string) : "");
  switch (message.template) {
    case "customer.consent_request":
      return (
        cards.consent(lang, trial, customer, text("partner") || partner, text("requestedBy") || partner)?.card ?? null
      );
    case "customer.expiry_reminder":
      // R-TIME-1: the event's own end date and days left, not the clock at sending time.
      return (
        cards.reminder(lang, trial, customer, text("subscriptionsUrl") || CONTROL_HUB_SUBSCRIPTIONS_URL, {
          ...(text("endDate") ? { endDate: text("endDate") } : {}),
          ...(typeof message.data.daysLeft === "number" ? { daysLeft: message.data.daysLeft } : {}),
        })?.card ?? null
      );
    case "partner.consent_accepted":
      // R-CONSENT-4: the next step comes with its own button, while provisioning is still due.
      return trial.status === "awaiting_provisioning" ? (cards.provision(lang, trial, customer)?.card ?? null) : null;
    case "ops.device_extension_approval":
      // A message about a request that was replaced before it went out travels as text only.
      return (
        cards.opsExtension(lang, trial, customer, text("partner") || partner, text("requestId") || undefined)?.card ??
        null
      );
    default:
      return null;
  }
}
