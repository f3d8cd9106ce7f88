// The store contract on the in-memory store (no server: in the unit project), and what only it has.
import { describe, expect, it } from "vitest";
import { createMemoryStore, StoreClosedError } from "../../memory-store/memory-store.ts";
import { message } from "./fixtures.ts";
import { defineStoreSuite } from "./store-suite.ts";

describe("in-memory store", () =>
  defineStoreSuite(async () => ({ name: "memory", reset: async () => createMemoryStore(), dispose: async () => {} })));

describe("in-memory store: its own clock and closing", () => {
  it("times outbox rows and claim leases by the clock it was given", async () => {
    let now = new Date("2026-03-01T10:00:00.000Z");
    const store = createMemoryStore({ now: () => now });
    const [id] = await store.enqueueMessages([message()]);
    expect((await store.getOutboxRow(id!))?.createdAt).toEqual(now);
    expect((await store.claimOutbox(id!, 60_000))?.row.claimedAt).toEqual(now);
    now = new Date(now.getTime() + 59_999);
    expect(await store.claimOutbox(id!, 60_000)).toBeNull();
    now = new Date(now.getTime() + 1);
    expect((await store.claimOutbox(id!, 60_000))?.abandonedClaimAt).toEqual(new Date("2026-03-01T10:00:00.000Z"));
  });

  it("a closed store refuses every call as unavailable", async () => {
    const store = createMemoryStore();
    await store.close();
    const error = await store.getTrial("t-1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreClosedError);
    expect(store.isUnavailable(error)).toBe(true);
    await expect(store.ping()).rejects.toBeInstanceOf(StoreClosedError);
  });
});
