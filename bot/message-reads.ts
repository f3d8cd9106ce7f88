// What handling a message reads first: the message itself (Webex) and who sent it (the store).
// Both start as soon as the webhook arrives (the receiver's prefetch, while the event is being
// recorded), and the sender's lookup beside the message's read: the signed envelope names the
// sender. So neither the record nor the store's read adds to the reply's wait.
import type { Sender } from "../app/identify-sender.ts";
import type { UseCases } from "./handlers/context.ts";
import type { WebexClient } from "./webex/client.ts";
import type { Message, WebhookEnvelope } from "./webex/types.ts";

export interface MessageRead {
  message: Message;
  sender: Sender;
}

export interface MessageReadsDeps {
  client: Pick<WebexClient, "getMessage">;
  identify: UseCases["identify"];
  botAdmins: readonly string[];
  me: { id: string };
}

// Reads started for events that were then neither handled nor forgotten (a handling that failed
// before it asked) are dropped past this many.
const KEPT = 10_000;

const isMessageCreated = (e: WebhookEnvelope) => e.resource === "messages" && e.event === "created";

export function messageReads({ client, identify, botAdmins, me }: MessageReadsDeps) {
  const started = new Map<string, Promise<MessageRead | null>>();

  /** The message and its sender; null for the bot's own message. */
  async function read(envelope: WebhookEnvelope): Promise<MessageRead | null> {
    const { personId, personEmail } = envelope.data;
    const early = personId && personEmail ? identify(botAdmins, personId, personEmail) : null;
    early?.catch(() => undefined); // awaited below unless the message cannot be read
    const message = await client.getMessage(envelope.data.id);
    if (message.personId === me.id) return null;
    // Looked up again if the message names someone other than the envelope did.
    const sender =
      early && message.personId === personId && message.personEmail === personEmail
        ? await early
        : await identify(botAdmins, message.personId, message.personEmail);
    return { message, sender };
  }

  return {
    /** The receiver's prefetch: starts the reads of a message event (none for the bot's own). */
    start(envelope: WebhookEnvelope): void {
      if (!isMessageCreated(envelope) || envelope.data.personId === me.id) return;
      if (started.size >= KEPT) started.clear();
      const reading = read(envelope);
      reading.catch(() => undefined); // its handler awaits it, or it is forgotten
      started.set(envelope.data.id, reading);
    },
    forget(envelope: WebhookEnvelope): void {
      started.delete(envelope.data.id);
    },
    /** The reads started for this event, or new ones (a redelivery, a replica's retry). */
    take(envelope: WebhookEnvelope): Promise<MessageRead | null> {
      const reading = started.get(envelope.data.id);
      started.delete(envelope.data.id);
      return reading ?? read(envelope);
    },
  };
}
