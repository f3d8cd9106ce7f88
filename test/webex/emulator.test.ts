import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifySignature } from "../../bot/webex/signature.ts";
import { decodeWebexId } from "../../emulator/index.ts";
import { setUp, type World } from "./fixtures.ts";

let w: World;
let hook: { server: Server; url: string; received: { headers: Record<string, unknown>; raw: string }[] };

beforeEach(async () => {
  w = await setUp();
  const received: { headers: Record<string, unknown>; raw: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hook = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
});

afterEach(async () => {
  await w.emulator.close();
  await new Promise((r) => hook.server.close(r));
});

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(w.emulator.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("Webex emulator REST", () => {
  it("needs a valid bearer token and answers with Webex's error body", async () => {
    for (const token of [undefined, "bogus"]) {
      const res = await call("GET", "/people/me", token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        message: expect.any(String),
        errors: [{ description: expect.any(String) }],
        trackingId: expect.any(String),
      });
      expect(res.headers.get("trackingid")).toBe(res.body.trackingId);
    }
  });

  it("enforces the 7439-byte limit in bytes, and one attachment per message", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    const ok = await call("POST", "/messages", w.bot.token, { roomId: room.id, text: `${"é".repeat(3719)}a` });
    expect(ok.status).toBe(200);
    const tooLong = await call("POST", "/messages", w.bot.token, { roomId: room.id, markdown: "é".repeat(3720) });
    expect(tooLong.status).toBe(400);
    const card = {
      contentType: "application/vnd.microsoft.card.adaptive",
      content: { type: "AdaptiveCard", version: "1.3" },
    };
    expect(
      (await call("POST", "/messages", w.bot.token, { roomId: room.id, text: "x", attachments: [card, card] })).status,
    ).toBe(400);
    expect((await call("POST", "/messages", w.bot.token, { roomId: room.id })).status).toBe(400);
    expect(w.emulator.messagesSentBy(w.bot.id)).toHaveLength(1);
  });

  it("answers 403 to non-members and 404 to unknown ids", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id });
    expect((await call("POST", "/messages", w.bot.token, { roomId: room.id, text: "hi" })).status).toBe(403);
    expect((await call("GET", "/messages/unknown", w.bot.token)).status).toBe(404);
    expect((await call("GET", "/attachment/actions/unknown", w.bot.token)).status).toBe(404);
    expect((await call("GET", `/rooms/${room.id}`, w.bot.token)).status).toBe(404);
    expect(
      (await call("PUT", "/webhooks/unknown", w.bot.token, { name: "n", targetUrl: "https://x.example" })).status,
    ).toBe(404);
  });

  it("shapes messages like Webex: ids, timestamps, email, mentions in html", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    const m = w.emulator.userSays(w.alice.id, room.id, "status <now>", { mentionBot: true });
    expect(decodeWebexId(m.id)).toMatchObject({ kind: "MESSAGE" });
    expect(decodeWebexId(m.roomId)).toMatchObject({ kind: "ROOM" });
    expect(Date.parse(m.created)).not.toBeNaN();
    expect(m).toMatchObject({
      personEmail: "alice@partner.example",
      text: "Trials Bot status <now>",
      mentionedPeople: [w.bot.id],
      roomType: "group",
    });
    expect(m.html).toBe(
      `<p><spark-mention data-object-type="person" data-object-id="${w.bot.id}">Trials Bot</spark-mention> status &lt;now&gt;</p>`,
    );
  });

  it("lets a bot read only group messages that mention it", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    const plain = w.emulator.userSays(w.alice.id, room.id, "between humans");
    const mention = w.emulator.userSays(w.alice.id, room.id, "help", { mentionBot: true });
    expect((await call("GET", `/messages/${plain.id}`, w.bot.token)).status).toBe(404);
    expect((await call("GET", `/messages/${mention.id}`, w.bot.token)).status).toBe(200);
    expect((await call("GET", `/messages/${plain.id}`, w.alice.token)).status).toBe(200);
  });

  it("paginates with max and an RFC 5988 Link header", async () => {
    for (let i = 0; i < 3; i++)
      await call("POST", "/webhooks", w.bot.token, {
        name: `h${i}`,
        targetUrl: "https://x.example",
        resource: "messages",
        event: "created",
      });
    const first = await call("GET", "/webhooks?max=2", w.bot.token);
    expect(first.body.items).toHaveLength(2);
    const link = first.headers.get("link");
    expect(link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/webhooks\?.*>; rel="next"$/);
    const next = link!.slice(1, link!.indexOf(">"));
    const res = await fetch(next, { headers: { authorization: `Bearer ${w.bot.token}` } });
    expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(res.headers.get("link")).toBeNull();
    expect((await call("GET", "/webhooks?max=0", w.bot.token)).status).toBe(400);
  });

  it("delivers webhooks signed over the raw body and honours the filter", async () => {
    const roomA = w.emulator.createRoom({ creatorId: w.alice.id });
    const roomB = w.emulator.createRoom({ creatorId: w.alice.id });
    await call("POST", "/webhooks", w.alice.token, {
      name: "a",
      targetUrl: hook.url,
      resource: "messages",
      event: "created",
      filter: `roomId=${roomA.id}`,
      secret: "k",
    });
    w.emulator.userSays(w.alice.id, roomB.id, "not for the hook");
    const m = w.emulator.userSays(w.alice.id, roomA.id, "for the hook");
    await w.emulator.idle();
    expect(hook.received).toHaveLength(1);
    const { headers, raw } = hook.received[0]!;
    expect(verifySignature("k", raw, headers["x-spark-signature"] as string)).toBe(true);
    expect(JSON.parse(raw)).toMatchObject({
      resource: "messages",
      event: "created",
      filter: `roomId=${roomA.id}`,
      actorId: w.alice.id,
      data: { id: m.id, roomId: roomA.id },
    });
    expect(JSON.parse(raw).data).not.toHaveProperty("text");
  });

  it("sends card submissions only to the card's author", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    await call("POST", "/webhooks", w.alice.token, {
      name: "alice",
      targetUrl: `${hook.url}?who=alice`,
      resource: "attachmentActions",
      event: "created",
    });
    await call("POST", "/webhooks", w.bot.token, {
      name: "bot",
      targetUrl: `${hook.url}?who=bot`,
      resource: "attachmentActions",
      event: "created",
    });
    const [cardMsg] = await w.client.createMessage({
      roomId: room.id,
      text: "card",
      card: { type: "AdaptiveCard", version: "1.3" },
    });
    w.emulator.userSubmitsCard(w.alice.id, cardMsg!.id, { a: 1 });
    await w.emulator.idle();
    expect(w.emulator.deliveries.map((d) => d.targetUrl)).toEqual([`${hook.url}?who=bot`]);
    expect(() => w.emulator.userSubmitsCard(w.bob.id, cardMsg!.id, {})).toThrow();
  });

  it("logs every request with caller and status, including injected faults", async () => {
    w.emulator.injectFaults({ status: 500, count: 1, path: "/people" });
    await call("GET", "/people/me", w.bot.token);
    await call("GET", "/people/me", w.bot.token);
    expect(w.emulator.requests.map((r) => [r.method, r.path, r.status, r.callerId, r.fault ?? false])).toEqual([
      ["GET", "/people/me", 500, w.bot.id, true],
      ["GET", "/people/me", 200, w.bot.id, false],
    ]);
  });
});
