// The bot: Webex events in, replies out. The receiver verifies and hands events here; this
// reads the message, identifies the sender from the store, parses, and answers in the thread.
import type { Logger } from "pino";
import { createCardSubmitHandler } from "./cards/submit.ts";
import { placedIn } from "./cards/thread.ts";
import { formatParseError } from "./commands/help.ts";
import { parseCommand } from "./commands/parse.ts";
import type { UseCases } from "./handlers/context.ts";
import { handleCommand } from "./handlers/index.ts";
import { translate } from "./i18n/index.ts";
import { messageReads } from "./message-reads.ts";
import type { WebexClient } from "./webex/client.ts";
import { WebexApiError } from "./webex/errors.ts";
import { stripBotMention } from "./webex/mentions.ts";
import type { AdaptiveCard, Message, WebhookEnvelope } from "./webex/types.ts";

export interface BotIdentity {
  id: string;
  displayName: string;
}

export interface BotDeps {
  client: WebexClient;
  app: UseCases;
  me: BotIdentity;
  botAdmins: readonly string[];
  logger: Logger;
}

export function createBot(deps: BotDeps) {
  const { client, app, me, logger } = deps;

  const reads = messageReads({ client, identify: app.identify.bind(app), botAdmins: deps.botAdmins, me });

  // Card submits (attachmentActions:created); only when the use cases can build cards.
  const cardSubmits = app.cards
    ? createCardSubmitHandler({ client, app, cards: app.cards, me, botAdmins: deps.botAdmins, logger })
    : null;

  async function reply(to: Message, markdown: string, card?: AdaptiveCard): Promise<void> {
    // Webex threads have one level: a reply to a reply goes to the thread's root.
    const parentId = to.parentId ?? to.id;
    // A card says which thread it is in, so its submit is answered there without reading it back.
    if (card) card = placedIn(card, parentId);
    try {
      await client.createMessage({ roomId: to.roomId, parentId, markdown, ...(card ? { card } : {}) });
    } catch (error) {
      if (!(error instanceof WebexApiError)) throw error;
      // The event is already recorded as processed: the reply must not be lost with it.
      logger.warn({ err: error, roomId: to.roomId }, "reply failed; queued in the outbox");
      await app.enqueueReplies([
        {
          to: { kind: "room", roomId: to.roomId, parentId },
          template: "bot.reply",
          data: { markdown, ...(card ? { card } : {}) },
        },
      ]);
    }
  }

  async function onMessage(envelope: WebhookEnvelope, log: Logger): Promise<void> {
    if (envelope.data.personId === me.id) return;
    const read = await reads.take(envelope);
    if (!read) return;
    const { message, sender } = read;
    const text = stripBotMention(message, me);
    const ctx = { sender, roomId: message.roomId, lang: sender.language, app };
    const parsed = parseCommand(text, { testClock: !!app.testClock });
    log.info({ command: parsed.ok ? parsed.command.name : "unparsed", person: sender.email }, "command");
    if (!parsed.ok) return reply(message, formatParseError(parsed.error, sender.language));
    try {
      // `customer import` may come with the CSV attached as a file instead of pasted.
      const attached =
        parsed.command.name === "customer.import" && message.files?.[0]
          ? (await client.downloadFile(message.files[0])).bytes.toString("utf8")
          : null;
      const answer = await handleCommand(ctx, parsed.command, attached);
      if (answer.card && answer.cardAfterText) {
        await reply(message, answer.markdown);
        await reply(message, translate(sender.language, "reply.card_follows"), answer.card);
      } else {
        await reply(message, answer.markdown, answer.card);
      }
    } catch (error) {
      // The database went away mid-command: nothing was written; fail the event so it is handled
      // again once the database is back (boot/webhook-retries.ts), instead of answering "went wrong".
      if (app.isUnavailable(error)) throw error;
      log.error({ err: error }, "command failed");
      await reply(message, translate(sender.language, "reply.failed"));
    }
  }

  async function onMembership(envelope: WebhookEnvelope): Promise<void> {
    // Only our own arrival in a space: introduce ourselves and say how to link the space.
    if (envelope.data.personId !== me.id || !envelope.data.roomId) return;
    // A direct space opens when the bot first writes to someone: there is nothing to link there.
    if (envelope.data.roomType === "direct") return;
    await client.createMessage({ roomId: envelope.data.roomId, markdown: translate("en", "reply.intro") });
  }

  return {
    /** For the receiver: a message's reads start while its webhook is being recorded. */
    prefetch: { start: reads.start, forget: reads.forget },
    async onEvent(envelope: WebhookEnvelope): Promise<void> {
      const log = logger.child({ resource: envelope.resource, event: envelope.event, dataId: envelope.data.id });
      if (envelope.resource === "messages" && envelope.event === "created") return onMessage(envelope, log);
      if (envelope.resource === "memberships" && envelope.event === "created") return onMembership(envelope);
      if (envelope.resource === "attachmentActions" && envelope.event === "created" && cardSubmits)
        return cardSubmits.onAttachmentAction(envelope, log);
      log.debug("event not handled");
    },
  };
}
