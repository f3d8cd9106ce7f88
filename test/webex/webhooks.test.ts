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

const options = { publicUrl: "https://bot.example.com/", secret: "s1", namePrefix: "trials-bot" };

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("registerWebhooks", () => {
  it("registers the three subscriptions at the webhook path", async () => {
    const result = await registerWebhooks(w.client, options);
    expect(result.created).toHaveLength(3);
    const hooks = w.emulator.webhooksOf(w.bot.id);
    expect(hooks.map((h) => `${h.resource}:${h.event}`).sort()).toEqual([
      "attachmentActions:created",
      "memberships:created",
      "messages:created",
    ]);
    for (const h of hooks) {
      expect(h.targetUrl).toBe("https://bot.example.com/webex/webhook");
      expect(h.secret).toBe("s1");
      expect(h.name.startsWith("trials-bot ")).toBe(true);
    }
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
    expect(again.updated).toHaveLength(3);

    const hooks = w.emulator.webhooksOf(w.bot.id);
    expect(hooks.map((h) => h.id)).toEqual(firstIds);
    const ours = hooks.filter((h) => h.id !== foreign.id);
    expect(ours).toHaveLength(3);
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
    await w.client.createWebhook({
      name: "trials-bot messages:created",
      targetUrl: "https://old.example.com/webex/webhook",
      resource: "messages",
      event: "created",
    });
    await w.client.createWebhook({
      name: "trials-bot old copy",
      targetUrl: "https://old.example.com/webex/webhook",
      resource: "messages",
      event: "created",
    });
    const result = await registerWebhooks(w.client, options);
    expect(result.deleted).toHaveLength(1);
    expect(result.updated).toHaveLength(1);
    expect(result.created).toHaveLength(2);
    expect(w.emulator.webhooksOf(w.bot.id)).toHaveLength(3);
  });

  it("a surplus webhook that another replica removed first is no failure", async () => {
    const hook = { targetUrl: "https://old.example.com/webex/webhook", resource: "messages", event: "created" };
    await w.client.createWebhook({ name: "trials-bot messages:created", ...hook });
    const copy = await w.client.createWebhook({ name: "trials-bot old copy", ...hook });
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
    expect(w.emulator.webhooksOf(w.bot.id)).toHaveLength(3);
  });

  it("replicas registering at the same time end with one webhook per subscription, the oldest", async () => {
    const results = await Promise.all([1, 2, 3].map(() => registerWebhooks(w.client, options)));
    const hooks = w.emulator.webhooksOf(w.bot.id);
    expect(hooks.map((h) => `${h.resource}:${h.event}`).sort()).toEqual([
      "attachmentActions:created",
      "memberships:created",
      "messages:created",
    ]);
    // Each kept webhook is the oldest created for its subscription.
    const created = results.flatMap((r) => r.created);
    for (const h of hooks) {
      const same = created.filter((c) => c.resource === h.resource && c.event === h.event);
      const oldest = same.sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || (a.id < b.id ? -1 : 1))[0];
      expect(h.id).toBe(oldest!.id);
    }
  });
});
