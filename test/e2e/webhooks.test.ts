// The Webex transport end to end: signature check, repeated deliveries, rate limits, and the bot
// being added to a space. The emulator delivers signed webhooks over HTTP to the running bot.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sign } from "../../bot/webex/signature.ts";
import type { WebhookEnvelope } from "../../bot/webex/types.ts";
import { WEBHOOK_PATH } from "../../bot/webex/webhooks.ts";
import { type E2E, startE2E, textOf, waitFor } from "./harness.ts";

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

async function processedEventKeys(): Promise<string[]> {
  const client = new pg.Client({ connectionString: e.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>("SELECT key FROM processed_events");
    return rows.map((r) => r.key);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("webhooks through the Webex emulator", () => {
  it("a webhook with a bad signature gets 401 and nothing is processed", async () => {
    // A real message the bot could read, created while the bot's webhooks are paused so the
    // emulator does not deliver it: the test posts the delivery itself.
    const hooks = e.emulator.webhooksOf(e.botPerson.id);
    const messagesHook = hooks.find((w) => w.resource === "messages" && w.event === "created")!;
    for (const w of hooks) w.status = "inactive";
    const message = e.emulator.userSays(e.people.salesAdmin.id, e.room.id, "whoami", { mentionBot: true });
    for (const w of hooks) w.status = "active";
    await e.emulator.idle();

    const envelope: WebhookEnvelope = {
      id: messagesHook.id,
      name: messagesHook.name,
      targetUrl: messagesHook.targetUrl,
      resource: "messages",
      event: "created",
      orgId: messagesHook.orgId,
      createdBy: messagesHook.createdBy,
      appId: messagesHook.appId ?? "",
      ownedBy: "creator",
      status: "active",
      created: messagesHook.created,
      actorId: e.people.salesAdmin.id,
      data: {
        id: message.id,
        roomId: e.room.id,
        roomType: "group",
        personId: e.people.salesAdmin.id,
        personEmail: "sam@bright.example",
        mentionedPeople: [e.botPerson.id],
        created: message.created,
      },
    };
    const body = JSON.stringify(envelope);
    const post = (headers: Record<string, string>) =>
      fetch(e.bot.url + WEBHOOK_PATH, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    const callsBefore = e.emulator.requestsBy(e.botPerson.id).length;

    expect((await post({ "x-spark-signature": sign("not-the-webhook-secret", body) })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    // The right secret over other bytes is as wrong as a wrong secret.
    expect((await post({ "x-spark-signature": sign(e.secret, `${body} `) })).status).toBe(401);

    await sleep(300);
    expect(e.repliesTo(message.id)).toEqual([]);
    expect(e.emulator.requestsBy(e.botPerson.id)).toHaveLength(callsBefore); // not even read
    expect(await processedEventKeys()).not.toContain(`messages:created:${message.id}`);

    // The same delivery, correctly signed, is handled: the rejected ones left no trace behind.
    expect((await post({ "x-spark-signature": sign(e.secret, body) })).status).toBe(200);
    await waitFor(() => e.repliesTo(message.id).length > 0, "the reply to the signed delivery");
    await e.settle();
    expect(e.repliesTo(message.id)).toHaveLength(1);
    expect(textOf(e.repliesTo(message.id)[0]!)).toContain("sam@bright.example");
    expect(await processedEventKeys()).toContain(`messages:created:${message.id}`);
  });

  it("a delivery repeated three times is handled once: exactly one reply", async () => {
    e.emulator.duplicateDeliveries = 3;
    try {
      const replies = await e.say(e.people.readOnly, "trial list");
      expect(replies).toHaveLength(1);
      expect(textOf(replies[0]!)).toContain("**Acme**");
      const messageId = replies[0]!.parentId!;
      const deliveries = e.emulator.deliveries.filter((d) => d.dataId === messageId);
      expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    } finally {
      e.emulator.duplicateDeliveries = 1;
    }
  });

  it("a burst of 429s is ridden out: every reply delivered exactly once, none lost, none doubled", async () => {
    const faultsBefore = e.emulator.requests.filter((r) => r.fault).length;
    const botMessagesBefore = e.emulator.messagesSentBy(e.botPerson.id).length;
    // 12 faults over 8 concurrent commands: each Webex call meets at most two 429s in a row
    // (the client retries up to three), so a loss would be the bot's fault, not the budget's.
    e.emulator.injectFaults({ status: 429, retryAfter: 1, count: 12, path: /^\/messages/ });
    const { fullAdmin, salesAdmin, readOnly, stranger } = e.people;
    const asked = [fullAdmin, salesAdmin, readOnly, stranger].flatMap((p) => [
      e.emulator.userSays(p.id, e.room.id, "whoami", { mentionBot: true }),
      e.emulator.userSays(p.id, e.room.id, "help", { mentionBot: true }),
    ]);
    try {
      await e.emulator.idle();
      await waitFor(
        () => asked.every((m) => e.repliesTo(m.id).length > 0),
        "a reply to each of the 8 commands",
        20_000,
      );
      await e.settle(300);
    } finally {
      e.emulator.clearFaults(); // whatever happened, the next test starts without leftovers
    }

    expect(e.emulator.requests.filter((r) => r.fault).length - faultsBefore).toBe(12);
    for (const m of asked) expect(e.repliesTo(m.id), `replies to ${m.text}`).toHaveLength(1);
    // Nothing else was posted either (no doubled top-level message).
    expect(e.emulator.messagesSentBy(e.botPerson.id).length - botMessagesBefore).toBe(asked.length);
  });

  it("a reply Webex keeps refusing past the retry bound is not lost: it goes out once from the outbox", async () => {
    const botMessagesBefore = e.emulator.messagesSentBy(e.botPerson.id).length;
    // The first try and all three retries of the reply fail; the outbox's later try gets through.
    e.emulator.injectFaults({ status: 503, count: 4, path: /^\/messages$/, method: "POST" });
    try {
      const asked = e.emulator.userSays(e.people.readOnly.id, e.room.id, "whoami", { mentionBot: true });
      await e.emulator.idle();
      const reply = await waitFor(() => e.repliesTo(asked.id)[0], "the reply, from the outbox", 20_000);
      await e.settle(300);
      expect(textOf(reply)).toContain(e.people.readOnly.emails[0]!);
      expect(e.repliesTo(asked.id)).toHaveLength(1);
      expect(e.emulator.messagesSentBy(e.botPerson.id).length - botMessagesBefore).toBe(1);
      expect(await e.store.pendingOutbox(10)).toEqual([]);
    } finally {
      e.emulator.clearFaults();
    }
  });

  it("a direct space gets no 'link this space' introduction: there is nothing to link", async () => {
    const dm = e.emulator.userSaysDirect(e.people.readOnly.id, e.botPerson.id, "whoami");
    await e.emulator.idle();
    await waitFor(
      () => e.emulator.messagesIn(dm.roomId).some((m) => m.personId === e.botPerson.id),
      "the bot's answer in the direct space",
    );
    await e.settle();
    const fromBot = e.emulator.messagesIn(dm.roomId).filter((m) => m.personId === e.botPerson.id);
    expect(fromBot).toHaveLength(1);
    expect(textOf(fromBot[0]!)).not.toContain("space link");
  });

  it("added to a space, the bot introduces itself and says how to link the space", async () => {
    const { fullAdmin, readOnly } = e.people;
    const room = e.emulator.createRoom({
      title: "Bright Partners — EMEA",
      creatorId: fullAdmin.id,
      memberIds: [readOnly.id],
    });
    e.emulator.addMember(room.id, e.botPerson.id, { by: fullAdmin.id });
    await e.emulator.idle();
    const intro = await waitFor(() => e.botPostsIn(room.id)[0], "the bot's introduction");
    await e.settle();
    expect(e.botPostsIn(room.id)).toHaveLength(1);
    expect(textOf(intro)).toContain("I'm **trials-bot**");
    expect(textOf(intro)).toContain("`space link <partner> partner`");

    // Someone else joining later is no cue for another introduction.
    const other = e.emulator.addPerson({ displayName: "Nora Newcomer", email: "nora@bright.example" });
    e.emulator.addMember(room.id, other.id, { by: fullAdmin.id });
    await e.settle();
    expect(e.botPostsIn(room.id)).toHaveLength(1);

    // Following the introduction links the space.
    const linked = await e.say(fullAdmin, 'space link "Bright Partners" partner', { roomId: room.id });
    expect(linked.map(textOf)).toEqual([
      "Done: this space belongs to **Bright Partners**. Trial news for the partner comes here.",
    ]);
    expect(await e.store.findSpace(room.id)).toMatchObject({ kind: "partner", partnerId: "p-bright" });
  });
});
