// Whether an interrupted send reached Webex (the outbox asks after a worker died mid-send).
// Webex lists a group space's messages to a bot only with mentionedPeople=me, which leaves out the
// bot's own posts (a bare list is answered 403 "Failed to get activity."): there the answer is
// "cannot tell", not an error that would leave the row stuck.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebexMessaging } from "../../bot/webex/messaging.ts";
import { setUp, type World } from "./fixtures.ts";

let w: World;
let messaging: WebexMessaging;
const since = new Date(Date.now() - 60_000);

beforeEach(async () => {
  w = await setUp();
  messaging = new WebexMessaging(w.client);
});
afterEach(() => w.emulator.close());

async function list(query: string) {
  const res = await fetch(`${w.emulator.url}/messages?${query}`, {
    headers: { authorization: `Bearer ${w.bot.token}` },
  });
  return { status: res.status, body: (await res.json()) as { message?: string; items?: { id: string }[] } };
}

describe("the emulator lists a group space's messages to a bot as Webex does", () => {
  it("403 without mentionedPeople=me; with it, the mentions only, not the bot's own posts", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    const [own] = await w.client.createMessage({ roomId: room.id, markdown: "from the bot" });
    const mention = w.emulator.userSays(w.alice.id, room.id, "whoami", { mentionBot: w.bot.id });

    const bare = await list(`roomId=${encodeURIComponent(room.id)}`);
    expect(bare.status).toBe(403);
    expect(bare.body.message).toBe("Failed to get activity.");

    const mentions = await list(`roomId=${encodeURIComponent(room.id)}&mentionedPeople=me`);
    expect(mentions.status).toBe(200);
    expect(mentions.body.items?.map((m) => m.id)).toEqual([mention.id]);
    expect(own).toBeDefined();
  });

  it("a direct space's messages are listed whole", async () => {
    const [own] = await w.client.createMessage({ toPersonEmail: "alice@partner.example", markdown: "hello" });
    const listed = await list(`roomId=${encodeURIComponent(own?.roomId ?? "")}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items?.map((m) => m.id)).toEqual([own?.id]);
  });
});

describe("WebexMessaging.findPosted", () => {
  it("in a group space: cannot tell (and does not ask for the list Webex refuses)", async () => {
    const room = w.emulator.createRoom({ creatorId: w.alice.id, memberIds: [w.bot.id] });
    await w.client.createMessage({ roomId: room.id, markdown: "expiry notice" });
    const before = w.emulator.requests.length;
    await expect(messaging.findPosted({ roomId: room.id }, { markdown: "expiry notice" }, since)).resolves.toEqual({
      kind: "cannot_tell",
      why: expect.stringContaining("group space"),
    });
    expect(w.emulator.requests.slice(before).map((r) => `${r.method} ${r.path.split("?")[0]}`)).not.toContain(
      "GET /messages",
    );
  });

  it("to a person, and in a direct space by its room id: finds the post, or says it is not there", async () => {
    const email = "alice@partner.example";
    const [sent] = await w.client.createMessage({ toPersonEmail: email, markdown: "consent request" });
    const roomId = sent?.roomId ?? "";
    for (const to of [{ toPersonEmail: email }, { roomId }]) {
      await expect(messaging.findPosted(to, { markdown: "consent request" }, since)).resolves.toEqual({
        kind: "posted",
        messageId: sent?.id,
      });
      await expect(messaging.findPosted(to, { markdown: "something else" }, since)).resolves.toEqual({
        kind: "not_posted",
      });
    }
  });
});
