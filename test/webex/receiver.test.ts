import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createReceiver, type WebexReceiver } from "../../bot/http/receiver.ts";
import { stripBotMention } from "../../bot/webex/mentions.ts";
import { sign } from "../../bot/webex/signature.ts";
import type { WebhookEnvelope } from "../../bot/webex/types.ts";
import { registerWebhooks } from "../../bot/webex/webhooks.ts";
import { recordingLogger, setUp, type World } from "./fixtures.ts";

const secret = "webhook-secret-for-tests";

let w: World;
let receiver: WebexReceiver;
let receiverUrl: string;
let handled: WebhookEnvelope[];
let handler: (e: WebhookEnvelope) => Promise<void>;
let ready: boolean;
let log: ReturnType<typeof recordingLogger>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeEach(async () => {
  w = await setUp();
  handled = [];
  handler = async (e) => {
    handled.push(e);
  };
  ready = true;
  log = recordingLogger();
  const seen = new Set<string>();
  receiver = createReceiver({
    secret,
    dedupe: async (key) => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    },
    onEvent: (e) => handler(e),
    isReady: async () => ready,
    logger: log,
  });
  const address = await receiver.listen({ port: 0, host: "127.0.0.1" });
  receiverUrl = address;
  await registerWebhooks(w.client, { publicUrl: receiverUrl, secret, namePrefix: "trials-bot" });
  process.on("unhandledRejection", onUnhandled);
});

afterEach(async () => {
  process.off("unhandledRejection", onUnhandled);
  await w.emulator.close();
  await receiver.close();
});

/** Everything Webex sent has arrived and every handler has finished. */
async function settle(): Promise<void> {
  await w.emulator.idle();
  await receiver.drain();
}

function post(body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${receiverUrl}/webex/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

const envelope = (dataId: string) =>
  JSON.stringify({
    id: "wh",
    name: "x",
    targetUrl: "t",
    resource: "messages",
    event: "created",
    data: { id: dataId, roomId: "r" },
  });

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("webhook receiver", () => {
  it("hands a signed delivery of a mention to the handler, once", async () => {
    const room = w.emulator.createRoom({ title: "Partner", creatorId: w.alice.id, memberIds: [w.bot.id] });
    await settle();
    handled.length = 0; // the membership events of the room's creation

    const said = w.emulator.userSays(w.alice.id, room.id, "start trial Acme", { mentionBot: true });
    await settle();

    expect(handled).toHaveLength(1);
    const event = handled[0]!;
    expect(event).toMatchObject({
      resource: "messages",
      event: "created",
      data: { id: said.id, roomId: room.id, personId: w.alice.id },
    });
    // What the bot would do next: read the text and strip its mention.
    const message = await w.client.getMessage(event.data.id);
    expect(stripBotMention(message, { id: w.bot.id, displayName: "Trials Bot" })).toBe("start trial Acme");
    expect(w.emulator.deliveries.filter((d) => d.dataId === said.id).map((d) => d.status)).toEqual([200]);
  });

  it("acknowledges before the handler finishes", async () => {
    let release!: () => void;
    handler = () => new Promise<void>((r) => (release = r));
    const res = await post(envelope("m-slow"), { "x-spark-signature": sign(secret, envelope("m-slow")) });
    expect(res.status).toBe(200);
    expect(receiver.inFlight()).toBe(1);
    release();
    await receiver.drain();
    expect(receiver.inFlight()).toBe(0);
  });

  it("handles a delivery Webex repeats only once", async () => {
    w.emulator.duplicateDeliveries = 3;
    const room = w.emulator.directRoom(w.bob.id, w.bot.id);
    await settle();
    handled.length = 0;
    const said = w.emulator.userSays(w.bob.id, room.id, "status");
    await settle();
    expect(w.emulator.deliveries.filter((d) => d.dataId === said.id)).toHaveLength(3);
    expect(handled.map((e) => e.data.id)).toEqual([said.id]);
  });

  it("rejects a missing or wrong signature with 401 and processes nothing", async () => {
    const body = envelope("m-forged");
    expect((await post(body)).status).toBe(401);
    expect((await post(body, { "x-spark-signature": sign("not-the-secret", body) })).status).toBe(401);
    expect((await post(body, { "x-spark-signature": "abc" })).status).toBe(401);
    // Signed over different bytes than sent.
    expect((await post(`${body} `, { "x-spark-signature": sign(secret, body) })).status).toBe(401);
    await receiver.drain();
    expect(handled).toEqual([]);
    // A forged attempt must not burn the dedupe key of the genuine event.
    expect((await post(body, { "x-spark-signature": sign(secret, body) })).status).toBe(200);
    await receiver.drain();
    expect(handled.map((e) => e.data.id)).toEqual(["m-forged"]);
  });

  it("answers 400 to a signed body that is not a Webex envelope", async () => {
    const body = JSON.stringify({ hello: "world" });
    expect((await post(body, { "x-spark-signature": sign(secret, body) })).status).toBe(400);
    expect(handled).toEqual([]);
  });

  it("survives a handler that throws, and keeps handling later deliveries", async () => {
    let calls = 0;
    handler = async (e) => {
      calls++;
      if (calls === 1) throw new Error("boom");
      handled.push(e);
    };
    const room = w.emulator.directRoom(w.alice.id, w.bot.id);
    await settle();
    calls = 0;
    handled.length = 0;
    w.emulator.userSays(w.alice.id, room.id, "first");
    await settle();
    const second = w.emulator.userSays(w.alice.id, room.id, "second");
    await settle();
    expect(handled.map((e) => e.data.id)).toEqual([second.id]);
    expect(log.lines.some((l) => l.level === "error" && l.msg === "webhook handler failed")).toBe(true);
    expect(unhandled).toEqual([]);
    expect((await fetch(`${receiverUrl}/healthz`)).status).toBe(200);
  });

  it("hears every 1:1 message but only mentions in a group space", async () => {
    const group = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id, w.bob.id] });
    const direct = w.emulator.directRoom(w.alice.id, w.bot.id);
    await settle();
    handled.length = 0;
    w.emulator.userSays(w.bob.id, group.id, "just chatting");
    const mention = w.emulator.userSays(w.bob.id, group.id, "help", { mentionBot: true });
    const dm = w.emulator.userSays(w.alice.id, direct.id, "help");
    await settle();
    expect(handled.map((e) => e.data.id).sort()).toEqual([mention.id, dm.id].sort());
  });

  it("delivers card submissions and memberships, with ids only", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id });
    await settle();
    handled.length = 0;
    w.emulator.addMember(room.id, w.bot.id);
    await settle();
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({
      resource: "memberships",
      event: "created",
      data: { roomId: room.id, personId: w.bot.id },
    });

    const [card] = await w.client.createMessage({
      roomId: room.id,
      text: "Pick",
      card: { type: "AdaptiveCard", version: "1.3", body: [], actions: [{ type: "Action.Submit", title: "Go" }] },
    });
    await settle();
    handled.length = 0; // the bot hears its own message too, as on Webex
    const action = w.emulator.userSubmitsCard(w.alice.id, card!.id, { service: "calling" });
    await settle();
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ resource: "attachmentActions", data: { id: action.id, messageId: card!.id } });
    expect(handled[0]!.data).not.toHaveProperty("inputs");
    expect((await w.client.getAttachmentAction(action.id)).inputs).toEqual({ service: "calling" });
  });

  it("reports health and readiness", async () => {
    expect((await fetch(`${receiverUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${receiverUrl}/readyz`)).status).toBe(200);
    ready = false;
    expect((await fetch(`${receiverUrl}/readyz`)).status).toBe(503);
  });

  it("waits for running handlers when closed", async () => {
    let finished = false;
    handler = async () => {
      await new Promise((r) => setTimeout(r, 100));
      finished = true;
    };
    const body = envelope("m-close");
    expect((await post(body, { "x-spark-signature": sign(secret, body) })).status).toBe(200);
    await receiver.close();
    expect(finished).toBe(true);
  });

  it("answers 404 to any other path or method, 413 to a body over the limit, and handles neither", async () => {
    expect((await fetch(`${receiverUrl}/webex/other`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${receiverUrl}/webex/webhook`)).status).toBe(404);
    const small = createReceiver({ secret, bodyLimit: 64, dedupe: async () => true, onEvent: (e) => handler(e) });
    const url = await small.listen({ port: 0, host: "127.0.0.1" });
    try {
      const big = envelope(`m-${"x".repeat(100)}`);
      const res = await fetch(`${url}/webex/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-spark-signature": sign(secret, big) },
        body: big,
      });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
    await settle();
    expect(handled).toEqual([]);
  });
});

describe("the bot's own messages", () => {
  it("are answered 200 without being recorded or handled; other people's and other events are", async () => {
    const recorded: string[] = [];
    const own = createReceiver({
      secret,
      selfId: "bot-person",
      dedupe: async (key) => {
        recorded.push(key);
        return true;
      },
      onEvent: async () => undefined,
    });
    const body = (resource: string, personId: string) =>
      JSON.stringify({
        id: "wh",
        name: "x",
        targetUrl: "t",
        resource,
        event: "created",
        data: { id: `${resource}-${personId}`, roomId: "r", personId },
      });
    const url = await own.listen({ port: 0, host: "127.0.0.1" });
    try {
      for (const [resource, personId] of [
        ["messages", "bot-person"],
        ["messages", "someone"],
        ["memberships", "bot-person"],
      ] as const) {
        const raw = body(resource, personId);
        const res = await fetch(`${url}/webex/webhook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-spark-signature": sign(secret, raw) },
          body: raw,
        });
        expect(res.status).toBe(200);
      }
      // The bot's arrival in a space (memberships) is still handled: it introduces itself.
      expect(recorded).toEqual(["messages:created:messages-someone", "memberships:created:memberships-bot-person"]);
    } finally {
      await own.close();
    }
  });
});
