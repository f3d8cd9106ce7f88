// The store's parts for recovering from restarts and outages, on PostgreSQL and PGlite: the
// webhook inbox (recorded before Webex is answered, handed back until handled), claims of outbox
// rows that a later boot of the same instance knows are dead, settings that survive a restart
// (the test clock), and the readiness ping.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../app/store.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";
import { message } from "./fixtures.ts";

for (const [name, makeTarget] of [
  ["PostgreSQL", postgresTarget],
  ["PGlite", pgliteTarget],
] as const) {
  describe(`store: recovery (${name})`, () => {
    let target: TestTarget;
    let store: Store;
    beforeAll(async () => {
      target = await makeTarget();
      store = createPrismaStore(target.db);
    });
    afterAll(async () => {
      await target?.dispose();
    });
    beforeEach(async () => {
      await truncateAll(target.db);
    });

    it("webhook inbox: recorded once with its envelope, listed until handled, then only its key is kept", async () => {
      const at = new Date("2026-03-01T00:00:00Z");
      const envelope = { resource: "messages", event: "created", data: { id: "m-1", roomId: "r" } };
      expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(true);
      expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(false);
      expect(
        await store.recordWebhook(
          "messages:created:m-2",
          { ...envelope, data: { id: "m-2" } },
          new Date(at.getTime() + 1000),
        ),
      ).toBe(true);
      // A card nonce (no envelope) is never handed back.
      await store.markEventProcessed("card:n1", at);

      expect((await store.unhandledWebhooks(at, 10)).map((w) => [w.key, w.envelope])).toEqual([
        ["messages:created:m-1", envelope],
        ["messages:created:m-2", { ...envelope, data: { id: "m-2" } }],
      ]);
      expect(await store.unhandledWebhooks(new Date(at.getTime() + 500), 10)).toHaveLength(1);
      await store.markWebhookHandled("messages:created:m-1", at);
      expect((await store.unhandledWebhooks(at, 10)).map((w) => w.key)).toEqual(["messages:created:m-2"]);
      // Still a known key: a repeat delivery is a duplicate.
      expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(false);
      expect(await store.markEventProcessed("messages:created:m-1", at)).toBe(false);
    });

    it("outbox claims: a claim by an earlier boot of the same instance is dead at once; another instance's fresh claim is not", async () => {
      const [mine, theirs] = await store.enqueueMessages([message(), message()]);
      const oldBoot = { id: "host-a/boot-1", instance: "host-a" };
      const newBoot = { id: "host-a/boot-2", instance: "host-a" };
      const other = { id: "host-b/boot-9", instance: "host-b" };
      expect((await store.claimOutbox(mine!, 60_000, oldBoot))?.row.claimedBy).toBe("host-a/boot-1");
      expect(await store.claimOutbox(theirs!, 60_000, other)).not.toBeNull();
      // The same boot, or without saying who asks: the lease holds.
      expect(await store.claimOutbox(mine!, 60_000, oldBoot)).toBeNull();
      expect(await store.claimOutbox(mine!, 60_000)).toBeNull();
      // The restarted instance takes its dead claim over, as abandoned (Webex may have the message).
      const taken = await store.claimOutbox(mine!, 60_000, newBoot);
      expect(taken?.abandonedClaimAt).toBeInstanceOf(Date);
      expect(taken?.row.claimedBy).toBe("host-a/boot-2");
      expect(await store.claimOutbox(theirs!, 60_000, newBoot)).toBeNull();
    });

    it("settings survive as JSON and are replaced", async () => {
      expect(await store.getSetting("test_clock")).toBeNull();
      await store.putSetting("test_clock", { now: "2026-04-01T10:00:00.000Z" });
      await store.putSetting("test_clock", { now: "2026-05-01T10:00:00.000Z" });
      expect(await store.getSetting("test_clock")).toEqual({ now: "2026-05-01T10:00:00.000Z" });
    });

    it("ping answers while the database is reachable", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
