// The outbox delivery use case wired to its adapters: the store, Webex (the messaging port), the
// message catalogue and the cards that travel with messages.

import type { Logger } from "pino";
import type { Clock } from "../app/clock.ts";
import { DeliverOutbox } from "../app/delivery/deliver-outbox.ts";
import type { OutgoingCards } from "../app/ports/messaging.ts";
import type { Store } from "../app/store.ts";
import { messageTexts } from "../bot/i18n/message-texts.ts";
import type { WebexClient } from "../bot/webex/client.ts";
import { WebexMessaging } from "../bot/webex/messaging.ts";

export function outboxDelivery(deps: {
  store: Store;
  client: WebexClient;
  cards?: OutgoingCards;
  clock: Clock;
  logger: Logger;
}): DeliverOutbox {
  const { store, client, cards, clock, logger } = deps;
  return new DeliverOutbox({
    store,
    messaging: new WebexMessaging(client),
    texts: messageTexts,
    ...(cards ? { cards } : {}),
    clock,
    logger,
  });
}
