// What replicas share in the database (prisma/replica-store.ts), two replicas' views of one
// PostgreSQL database: a recorded webhook is claimed by the replica that recorded it, another
// replica takes it only after the lease ran out (or never, once handled); a restarted replica takes
// back its previous boot's claims at once; a question is answered once; the test clock only moves forward.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../prisma/database.ts";
import { applyMigrations } from "../../prisma/migrations-runner.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { createReplicaStore, type ReplicaStore } from "../../prisma/replica-store.ts";
import { createPgDatabase } from "../store/harness.ts";

let drop: () => Promise<void>;
let dbA: Database;
let dbB: Database;
let a: ReplicaStore;
let b: ReplicaStore;
const A = { instance: "host-a:trials", id: "host-a:trials/boot1" };
const B = { instance: "host-b:trials", id: "host-b:trials/boot1" };
const envelope = { resource: "messages", event: "created", data: { id: "m" } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  const created = await createPgDatabase("trials_replicas");
  drop = created.drop;
  await applyMigrations({ kind: "postgres", url: created.url });
  dbA = await openDatabase({ kind: "postgres", url: created.url });
  dbB = await openDatabase({ kind: "postgres", url: created.url });
  a = createReplicaStore(dbA);
  b = createReplicaStore(dbB);
}, 60_000);
afterAll(async () => {
  await dbA?.close();
  await dbB?.close();
  await drop?.();
});

describe("webhook inbox claims", () => {
  it("the recording replica holds the event; another takes it only once the lease ran out, and not once it is handled", async () => {
    expect(await a.recordClaimedWebhook("k1", envelope, new Date(), A, 2_000)).toBe(true);
    expect(await b.recordClaimedWebhook("k1", envelope, new Date(), B, 400)).toBe(false);
    expect(await b.claimWebhook("k1", B, 60_000)).toBe(false);
    // Its own claim, again (a retry pass on the recording replica).
    expect(await a.claimWebhook("k1", A, 2_000)).toBe(true);
    // Renewed while handling: still A's after the first lease would have run out.
    await sleep(1_200);
    expect(await a.renewWebhookClaims(["k1"], A, 2_000)).toBe(1);
    await sleep(1_200);
    expect(await b.claimWebhook("k1", B, 60_000)).toBe(false);
    // A stopped renewing (killed, cut off): after the lease B takes it, and then A cannot.
    await sleep(2_100);
    expect(await b.claimWebhook("k1", B, 60_000)).toBe(true);
    expect(await a.claimWebhook("k1", A, 2_000)).toBe(false);
    expect(await a.renewWebhookClaims(["k1"], A, 2_000)).toBe(0);
    // Handled: nobody claims it any more.
    await createPrismaStore(dbB).markWebhookHandled("k1", new Date());
    expect(await b.claimWebhook("k1", B, 60_000)).toBe(false);
  });

  it("two replicas claiming one free event at once: exactly one gets it", async () => {
    const store = createPrismaStore(dbA);
    for (let i = 0; i < 20; i++) {
      await store.recordWebhook(`free-${i}`, envelope, new Date());
      const got = await Promise.all([a.claimWebhook(`free-${i}`, A, 60_000), b.claimWebhook(`free-${i}`, B, 60_000)]);
      expect(got.filter(Boolean)).toHaveLength(1);
    }
  });

  it("a restarted replica (same instance, new boot) takes back its predecessor's claims at once", async () => {
    expect(await a.recordClaimedWebhook("k2", envelope, new Date(), A, 60_000)).toBe(true);
    expect(await a.claimWebhook("k2", { ...A, id: "host-a:trials/boot2" }, 60_000)).toBe(true);
    expect(await b.claimWebhook("k2", B, 60_000)).toBe(false);
  });
});

describe("pending confirmations", () => {
  it("a question is taken once, whichever replica asks for it; an expired one is not taken", async () => {
    await a.putConfirmation("room|person", { q: 1 }, new Date(Date.now() + 60_000));
    const both = await Promise.all([
      a.takeConfirmation("room|person", new Date()),
      b.takeConfirmation("room|person", new Date()),
    ]);
    expect(both.filter((x) => x !== null)).toEqual([{ q: 1 }]);
    await a.putConfirmation("room|person", { q: 2 }, new Date(Date.now() - 1));
    expect(await b.takeConfirmation("room|person", new Date())).toBeNull();
  });
});

describe("the test clock", () => {
  it("is saved only forward: a replica that moved it less does not take it back", async () => {
    const later = new Date("2026-05-01T00:00:00Z");
    expect(await a.saveClockForward("test_clock", later)).toEqual(later);
    expect(await b.saveClockForward("test_clock", new Date("2026-04-01T00:00:00Z"))).toEqual(later);
    expect(await createPrismaStore(dbB).getSetting("test_clock")).toEqual({ now: later.toISOString() });
  });
});
