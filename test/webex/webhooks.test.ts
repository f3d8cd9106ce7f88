import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerWebhooks } from "../../bot/webex/webhooks.ts";
import { setUp, type World } from "./fixtures.ts";

let w: World;
beforeEach(async () => {
  w = await setUp();
});
afterEach(async () => {
  await w.emulator.close();
});

/**
 * Two webhooks of one subscription, the one registration keeps first: the older, or the lower id
 * when both were created in the same millisecond.
 */
function keptFirst<T extends { id: string; created: string }>(a: T, b: T): [T, T] {
  const aFirst = Date.parse(a.created) - Date.parse(b.created) || (a.id < b.id ? -1 : 1);
  return aFirst < 0 ? [a, b] : [b, a];
}

const options = { publicUrl: "https://bot.example.com/", secret: "s1", namePrefix: "trials-bot" };

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("registerWebhooks", () => {
  it("registers the subscriptions at the webhook path, messages filtered to what the bot acts on", async () => {
    const result = await registerWebhooks(w.client, options);
    expect(result.created).toHaveLength(4);
    const hooks = w.emulator.webhooksOf(w.bot.id);
    expect(hooks.map((h) => `${h.resource}:${h.event} ${h.filter ?? ""}`.trim()).sort()).toEqual([
      "attachmentActions:created",
      "memberships:created",
      "messages:created roomType=direct",
      "messages:created roomType=group&mentionedPeople=me",
    ]);
    for (const h of hooks) {
      expect(h.targetUrl).toBe("https://bot.example.com/webex/webhook");
      expect(h.secret).toBe("s1");
      expect(h.name.startsWith("trials-bot ")).toBe(true);
    }
  });

  it("hears every 1:1 message and each mention in a group, but not its own posts in a group", async () => {
    await registerWebhooks(w.client, options);
    const group = w.emulator.createRoom({ title: "Partner space", creatorId: w.alice.id, memberIds: [w.bot.id] });
    const asked = w.emulator.userSays(w.alice.id, group.id, "whoami", { mentionBot: true });
    const chatter = w.emulator.userSays(w.alice.id, group.id, "lunch?");
    const [reply] = await w.client.createMessage({
      roomId: group.id,
      parentId: asked.id,
      markdown: "You are **alice**.",
    });
    const direct = w.emulator.userSaysDirect(w.alice.id, w.bot.id, "help");
    await w.emulator.idle();
    const heard = w.emulator.deliveries
      .filter((d) => d.ownerId === w.bot.id && d.resource === "messages")
      .map((d) => d.dataId);
    // Each message the bot must answer arrives exactly once; its own reply in the group does not.
    expect(heard.sort()).toEqual([asked.id, direct.id].sort());
    expect(heard).not.toContain(chatter.id);
    expect(heard).not.toContain(reply!.id);
  });

  it("is idempotent, updates its own and leaves a foreign webhook alone", async () => {
    const foreign = await w.client.createWebhook({
      name: "ops-audit",
      targetUrl: "https://audit.example.com/in",
      resource: "messages",
      event: "created",
      secret: "theirs",
    });
    await registerWebhooks(w.client, options);
    const firstIds = w.emulator.webhooksOf(w.bot.id).map((h) => h.id);

    const again = await registerWebhooks(w.client, {
      ...options,
      publicUrl: "https://new-host.example.com",
      secret: "s2",
    });
    expect(again.created).toEqual([]);
    expect(again.updated).toHaveLength(4);

    const hooks = w.emulator.webhooksOf(w.bot.id);
    expect(hooks.map((h) => h.id)).toEqual(firstIds);
    const ours = hooks.filter((h) => h.id !== foreign.id);
    expect(ours).toHaveLength(4);
    for (const h of ours) {
      expect(h.targetUrl).toBe("https://new-host.example.com/webex/webhook");
      expect(h.secret).toBe("s2");
    }
    expect(hooks.find((h) => h.id === foreign.id)).toMatchObject({
      name: "ops-audit",
      targetUrl: "https://audit.example.com/in",
      secret: "theirs",
    });
    // No room or membership crawling at start.
    expect(w.emulator.requests.filter((r) => r.path.startsWith("/rooms") || r.path.startsWith("/memberships"))).toEqual(
      [],
    );
    expect(w.emulator.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("reactivates and de-duplicates its own webhooks", async () => {
    const hook = {
      targetUrl: "https://old.example.com/webex/webhook",
      resource: "attachmentActions",
      event: "created",
    };
    const [first, copy] = keptFirst(
      await w.client.createWebhook({ name: "trials-bot attachmentActions:created", ...hook }),
      await w.client.createWebhook({ name: "trials-bot old copy", ...hook }),
    );
    const result = await registerWebhooks(w.client, options);
    expect(result.deleted).toEqual([copy.id]);
    expect(result.updated.map((h) => h.id)).toEqual([first.id]);
    expect(result.created).toHaveLength(3);
    expect(w.emulator.webhooksOf(w.bot.id)).toHaveLength(4);
  });

  it("replaces an earlier version's unfiltered messages webhook, after its filtered ones exist", async () => {
    const old = await w.client.createWebhook({
      name: "trials-bot messages:created",
      targetUrl: "https://old.example.com/webex/webhook",
      resource: "messages",
      event: "created",
    });
    const result = await registerWebhooks(w.client, options);
    expect(result.deleted).toEqual([old.id]);
    const hooks = w.emulator.webhooksOf(w.bot.id);
    expect(hooks.map((h) => h.id)).not.toContain(old.id);
    expect(hooks.filter((h) => h.resource === "messages").map((h) => h.filter)).toHaveLength(2);
    // No moment without a messages webhook: the old one goes after both new ones are created.
    const calls = w.emulator.requests.map((r) => `${r.method} ${r.path}`);
    const lastCreate = calls.lastIndexOf("POST /webhooks");
    expect(calls.indexOf(`DELETE /webhooks/${old.id}`)).toBeGreaterThan(lastCreate);
  });

  it("keeps a webhook whose filter Webex lists with its pairs in another order or encoded", async () => {
    const kept = await w.client.createWebhook({
      name: "trials-bot messages:created group mentions",
      targetUrl: "https://old.example.com/webex/webhook",
      resource: "messages",
      event: "created",
      filter: "mentionedPeople=me&roomType=%67roup",
    });
    const result = await registerWebhooks(w.client, options);
    expect(result.deleted).toEqual([]);
    expect(result.updated.map((h) => h.id)).toEqual([kept.id]);
    expect(w.emulator.webhooksOf(w.bot.id)).toHaveLength(4);
  });

  it("a surplus webhook that another replica removed first is no failure", async () => {
    const hook = { targetUrl: "https://old.example.com/webex/webhook", resource: "memberships", event: "created" };
    const [, copy] = keptFirst(
      await w.client.createWebhook({ name: "trials-bot memberships:created", ...hook }),
      await w.client.createWebhook({ name: "trials-bot old copy", ...hook }),
    );
    // Another replica, starting at the same moment, deletes the copy between this one's listing and its delete.
    let raced = false;
    const racing = {
      listWebhooks: async () => {
        const listed = await w.client.listWebhooks();
        if (!raced) await w.client.deleteWebhook(copy.id);
        raced = true;
        return listed;
      },
      createWebhook: (input: Parameters<typeof w.client.createWebhook>[0]) => w.client.createWebhook(input),
      updateWebhook: (id: string, input: Parameters<typeof w.client.updateWebhook>[1]) =>
        w.client.updateWebhook(id, input),
      deleteWebhook: (id: string) => w.client.deleteWebhook(id),
    };
    const result = await registerWebhooks(racing, options);
    expect(result.deleted).toEqual([copy.id]);
    expect(w.emulator.webhooksOf(w.bot.id)).toHaveLength(4);
  });

  it("replicas registering at the same time end with one webhook per subscription, the oldest", async () => {
    const results = await Promise.all([1, 2, 3].map(() => registerWebhooks(w.client, options)));
    const hooks = w.emulator.webhooksOf(w.bot.id);
    const subscription = (h: { resource: string; event: string; filter?: string }) =>
      `${h.resource}:${h.event} ${h.filter ?? ""}`.trim();
    expect(hooks.map(subscription).sort()).toEqual([
      "attachmentActions:created",
      "memberships:created",
      "messages:created roomType=direct",
      "messages:created roomType=group&mentionedPeople=me",
    ]);
    // Each kept webhook is the oldest created for its subscription.
    const created = results.flatMap((r) => r.created);
    for (const h of hooks) {
      const same = created.filter((c) => subscription(c) === subscription(h));
      const oldest = same.sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || (a.id < b.id ? -1 : 1))[0];
      expect(h.id).toBe(oldest!.id);
    }
  });
});
