import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebexClient } from "../../bot/webex/client.ts";
import { WebexApiError } from "../../bot/webex/errors.ts";
import { MAX_MESSAGE_BYTES } from "../../bot/webex/split.ts";
import type { AdaptiveCard } from "../../bot/webex/types.ts";
import { decodeWebexId } from "../../emulator/index.ts";
import { setUp, utf8, type World } from "./fixtures.ts";

const card: AdaptiveCard = {
  type: "AdaptiveCard",
  version: "1.3",
  body: [{ type: "Input.Text", id: "customer", label: "Customer" }],
  actions: [{ type: "Action.Submit", title: "Start trial" }],
};

async function failure(p: Promise<unknown>): Promise<WebexApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WebexApiError);
    return err as WebexApiError;
  }
  throw new Error("expected the call to fail");
}

let w: World;
beforeEach(async () => {
  w = await setUp();
});
afterEach(async () => {
  await w.emulator.close();
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("WebexClient against the emulator", () => {
  it("me() returns the bot's own person record", async () => {
    const me = await w.client.me();
    expect(me).toMatchObject({ id: w.bot.id, type: "bot", displayName: "Trials Bot" });
    expect(decodeWebexId(me.id)?.kind).toBe("PEOPLE");
  });

  it("finds people by email and by id", async () => {
    expect((await w.client.personByEmail("ALICE@partner.example"))?.id).toBe(w.alice.id);
    expect(await w.client.personByEmail("nobody@nowhere.example")).toBeNull();
    expect((await w.client.person(w.bob.id)).displayName).toBe("Bob Customer");
    expect((await failure(w.client.person("nope"))).code).toBe("not_found");
  });

  it("sends a card to a room, reads it back and deletes it", async () => {
    const room = w.emulator.createRoom({ title: "Partner space", creatorId: w.alice.id, memberIds: [w.bot.id] });
    const [sent] = await w.client.createMessage({ roomId: room.id, markdown: "Start a trial", card });
    expect(sent).toBeDefined();
    expect(decodeWebexId(sent!.id)?.kind).toBe("MESSAGE");
    const got = await w.client.getMessage(sent!.id);
    expect(got.attachments).toEqual([{ contentType: "application/vnd.microsoft.card.adaptive", content: card }]);
    expect(got).toMatchObject({ roomId: room.id, personId: w.bot.id, markdown: "Start a trial" });
    expect(w.emulator.messagesIn(room.id).map((m) => m.id)).toEqual([sent!.id]);

    const edited = await w.client.editMessage(sent!.id, { roomId: room.id, markdown: "Trial **started**" });
    expect(edited).toMatchObject({ id: sent!.id, markdown: "Trial **started**", updated: expect.any(String) });
    expect(w.emulator.messagesIn(room.id)[0]!.markdown).toBe("Trial **started**");

    await w.client.deleteMessage(sent!.id);
    expect((await failure(w.client.getMessage(sent!.id))).code).toBe("not_found");
    expect(w.emulator.messagesIn(room.id)).toEqual([]);
  });

  it("sends 1:1 by email and replies in a thread", async () => {
    const [dm] = await w.client.createMessage({ toPersonEmail: "bob@customer.example", text: "hello" });
    const room = await w.client.getRoom(dm!.roomId);
    expect(room.type).toBe("direct");
    const [reply] = await w.client.createMessage({ roomId: dm!.roomId, parentId: dm!.id, text: "in thread" });
    expect(reply!.parentId).toBe(dm!.id);
    expect(w.emulator.messagesIn(room.id).map((m) => m.text)).toEqual(["hello", "in thread"]);
  });

  it("refuses to post where the bot is not a member (403 → forbidden, with Webex's trackingId)", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bob.id] });
    const err = await failure(w.client.createMessage({ roomId: room.id, text: "hi" }));
    expect(err).toMatchObject({ code: "forbidden", status: 403 });
    expect(err.trackingId).toMatch(/^EMULATOR_/);
    expect(w.emulator.messagesIn(room.id)).toHaveLength(0);
  });

  it("rejects a bad token as unauthorized without retrying", async () => {
    const client = new WebexClient({ token: "wrong", baseUrl: w.emulator.url, sleep: async () => {} });
    const err = await failure(client.me());
    expect(err).toMatchObject({ code: "unauthorized", status: 401, attempts: 1 });
    expect(w.emulator.requests.filter((r) => r.path === "/people/me")).toHaveLength(1);
  });

  it("splits a long multi-byte markdown message into parts each within 7439 bytes", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    const paragraph = (i: number) =>
      `## Abschnitt ${i} – Überblick 🚀\n${"Prüfung der Testphase für 日本語のお客様 👩🏽‍💻, ".repeat(12)}`;
    const markdown = Array.from({ length: 30 }, (_, i) => paragraph(i)).join("\n\n");
    expect(utf8(markdown)).toBeGreaterThan(3 * MAX_MESSAGE_BYTES);

    const sent = await w.client.createMessage({ roomId: room.id, markdown });
    expect(sent.length).toBeGreaterThanOrEqual(4);
    const stored = w.emulator.messagesIn(room.id);
    expect(stored.map((m) => m.id)).toEqual(sent.map((m) => m.id));
    for (const m of stored) {
      expect(utf8(m.markdown!)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(m.markdown).not.toContain("\uFFFD");
      // Cut at paragraph boundaries: every part starts with a heading.
      expect(m.markdown!.startsWith("## Abschnitt")).toBe(true);
    }
    const squash = (s: string) => s.replace(/\s+/g, "");
    expect(squash(stored.map((m) => m.markdown).join(""))).toBe(squash(markdown));
  });

  it("shortens the fallback text of a card instead of splitting it", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    const sent = await w.client.createMessage({ roomId: room.id, markdown: "ü".repeat(5000), card });
    expect(sent).toHaveLength(1);
    const [m] = w.emulator.messagesIn(room.id);
    expect(utf8(m!.markdown!)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(m!.markdown!.endsWith("…")).toBe(true);
    expect(m!.attachments).toHaveLength(1);
  });

  it("follows Link rel=next through every page of webhooks", async () => {
    for (let i = 0; i < 5; i++) {
      await w.client.createWebhook({
        name: `hook ${i}`,
        targetUrl: `https://example.com/${i}`,
        resource: "messages",
        event: "created",
      });
    }
    const all = await w.client.listWebhooks({ max: 2 });
    expect(all.map((h) => h.name)).toEqual(["hook 0", "hook 1", "hook 2", "hook 3", "hook 4"]);
    const gets = w.emulator.requests.filter((r) => r.method === "GET" && r.path.startsWith("/webhooks"));
    expect(gets).toHaveLength(3);
  });

  it("waits out 429 Retry-After and then succeeds", async () => {
    w.emulator.injectFaults({ status: 429, retryAfter: 2, count: 2, path: "/people/me" });
    const me = await w.client.me();
    expect(me.id).toBe(w.bot.id);
    expect(w.sleeps).toEqual([2000, 2000]);
    expect(w.emulator.requests.filter((r) => r.path === "/people/me").map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it("rides out a real 1-second Retry-After with the default sleep", async () => {
    const client = new WebexClient({ token: w.bot.token, baseUrl: w.emulator.url });
    w.emulator.injectFaults({ status: 429, retryAfter: 1, count: 1, path: "/people/me" });
    const started = Date.now();
    await client.me();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("gives up on persistent 429 with a typed rate_limited error", async () => {
    w.emulator.injectFaults({ status: 429, retryAfter: 1, count: 100 });
    const err = await failure(w.client.me());
    expect(err).toMatchObject({ code: "rate_limited", status: 429, retryAfter: 1, attempts: 4 });
    expect(err.trackingId).toBeTruthy();
  });

  it("does not wait a Retry-After longer than allowed", async () => {
    const client = new WebexClient({
      token: w.bot.token,
      baseUrl: w.emulator.url,
      retry: { maxRetryAfterMs: 10_000 },
      sleep: async () => {},
    });
    w.emulator.injectFaults({ status: 429, retryAfter: 3600, count: 1 });
    expect(await failure(client.me())).toMatchObject({ code: "rate_limited", attempts: 1, retryAfter: 3600 });
  });

  it("retries 5xx with growing backoff and succeeds", async () => {
    w.emulator.injectFaults({ status: 503, count: 2, path: "/people/me" });
    await w.client.me();
    expect(w.sleeps).toHaveLength(2);
    expect(w.sleeps[1]!).toBeGreaterThan(0);
    expect(w.sleeps[0]!).toBeLessThanOrEqual(500);
    expect(w.sleeps[1]!).toBeGreaterThanOrEqual(500);
  });

  it("ends persistent 5xx in a typed server_error after the retry bound", async () => {
    w.emulator.injectFaults({ status: 502, count: 100 });
    const err = await failure(w.client.me());
    expect(err).toMatchObject({ code: "server_error", status: 502, attempts: 4 });
    expect(w.emulator.requests).toHaveLength(4);
  });

  it("types a cut connection as a network error after retrying", async () => {
    w.emulator.injectFaults({ reset: true, count: 100 });
    const err = await failure(w.client.me());
    expect(err).toMatchObject({ code: "network", attempts: 4 });
    expect(err.status).toBeUndefined();
  });

  it("types an unreachable API as a network error", async () => {
    const url = w.emulator.url;
    await w.emulator.close();
    const client = new WebexClient({ token: "t", baseUrl: url, retry: { maxServerRetries: 1 }, sleep: async () => {} });
    expect(await failure(client.me())).toMatchObject({ code: "network", attempts: 2 });
    w = await setUp();
  });

  it("recovers from a single cut connection", async () => {
    w.emulator.injectFaults({ reset: true, count: 1 });
    await expect(w.client.me()).resolves.toMatchObject({ id: w.bot.id });
  });

  it("never sends the token to a host a Link header points at", async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response(JSON.stringify({ items: [] }), {
        status: 200,
        headers: {
          link: '<https://evil.example/v1/webhooks?cursor=x>; rel="next"',
          "content-type": "application/json",
        },
      });
    };
    const client = new WebexClient({ token: "secret-token", baseUrl: "https://webexapis.com/v1", fetch: fakeFetch });
    expect(await failure(client.listWebhooks())).toMatchObject({ code: "unsafe_url" });
    expect(seen).toEqual(["https://webexapis.com/v1/webhooks"]);
  });

  it("never follows a Link header out of the API's path, however it is spelled", async () => {
    for (const next of ["https://webexapis.com/v1/../admin", "https://webexapis.com/v1/%2E%2E/admin"]) {
      const seen: string[] = [];
      const fakeFetch: typeof fetch = async (input) => {
        seen.push(String(input));
        return new Response(JSON.stringify({ items: [] }), {
          status: 200,
          headers: { link: `<${next}>; rel="next"`, "content-type": "application/json" },
        });
      };
      const client = new WebexClient({ token: "secret-token", baseUrl: "https://webexapis.com/v1", fetch: fakeFetch });
      expect(await failure(client.listWebhooks())).toMatchObject({ code: "unsafe_url" });
      expect(seen).toEqual(["https://webexapis.com/v1/webhooks"]);
    }
  });
});
