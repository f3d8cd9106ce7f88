// The sender's lookup in the store runs while the message's text is fetched from Webex, and both
// may start while the webhook is being recorded (the receiver's prefetch): the reply waits for the
// slowest of them, not for each one after the other.
// (`it`'s 5 s limit only catches a bot that waits for the store before reading the message.)
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Sender } from "../../app/identify-sender.ts";
import { createBot } from "../../bot/bot.ts";
import type { UseCases } from "../../bot/handlers/context.ts";
import type { WebexClient } from "../../bot/webex/client.ts";
import type { Message, WebhookEnvelope } from "../../bot/webex/types.ts";

const me = { id: "bot-id", displayName: "Trials Bot" };
const sender = (webexPersonId: string, email: string): Sender => ({
  webexPersonId,
  email,
  person: null,
  partner: null,
  isBotAdmin: false,
  language: "en",
  customerAdminOf: [],
});
const message = (over: Partial<Message> = {}): Message =>
  ({
    id: "m-1",
    roomId: "r-1",
    roomType: "direct",
    personId: "p-1",
    personEmail: "ann@acme.example",
    text: "whoami",
    created: "2026-12-02T00:00:00.000Z",
    ...over,
  }) as Message;
const envelope = {
  id: "wh",
  name: "x",
  targetUrl: "t",
  resource: "messages",
  event: "created",
  data: { id: "m-1", roomId: "r-1", personId: "p-1", personEmail: "ann@acme.example" },
} as WebhookEnvelope;

function world(read: Message) {
  const order: string[] = [];
  let reading!: () => void;
  const readStarted = new Promise<void>((resolve) => (reading = resolve));
  const client = {
    async getMessage() {
      order.push("get message");
      reading();
      return read;
    },
    async createMessage(m: { markdown: string }) {
      order.push(`reply: ${m.markdown.split("\n")[0]}`);
      return message({ id: "reply" });
    },
  } as unknown as WebexClient;
  const app = {
    // Answers only once the message is being read: a bot that waited for this answer before
    // reading the message would never get one (the test times out).
    identify: async (_admins: readonly string[], id: string, email: string) => {
      order.push(`identify ${id} ${email}`);
      await readStarted;
      return sender(id, email);
    },
  } as unknown as UseCases;
  const bot = createBot({ client, app, me, botAdmins: [], logger: pino({ level: "silent" }) });
  return { bot, order };
}

describe("a message's sender", () => {
  it("is looked up from the signed envelope while the message is read, once", async () => {
    const { bot, order } = world(message());
    await bot.onEvent(envelope);
    // Asked before the message was read (a bot asking after it would show the reverse order).
    expect(order.slice(0, 2)).toEqual(["identify p-1 ann@acme.example", "get message"]);
    expect(order.filter((o) => o.startsWith("identify"))).toHaveLength(1);
    expect(order.at(-1)).toMatch(/^reply: /);
  }, 5_000);

  it("is looked up again from the message when the message names someone else", async () => {
    const { bot, order } = world(message({ personId: "p-2", personEmail: "bob@acme.example" }));
    await bot.onEvent(envelope);
    expect(order.filter((o) => o.startsWith("identify"))).toEqual([
      "identify p-1 ann@acme.example",
      "identify p-2 bob@acme.example",
    ]);
  });

  it("is read once when the receiver's prefetch started the reads, and again after it forgot them", async () => {
    const { bot, order } = world(message());
    bot.prefetch.start(envelope);
    expect(order).toEqual(["identify p-1 ann@acme.example", "get message"]); // before any handling
    await bot.onEvent(envelope);
    expect(order.filter((o) => o === "get message")).toHaveLength(1);
    expect(order.at(-1)).toMatch(/^reply: /);
    order.length = 0;
    bot.prefetch.start(envelope);
    bot.prefetch.forget(envelope);
    await bot.onEvent(envelope);
    expect(order.filter((o) => o === "get message")).toHaveLength(2);
  });
});
