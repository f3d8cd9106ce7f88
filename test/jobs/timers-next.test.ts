// Store.nextTimers: each trial's earliest pending timer, the one Redis schedules (jobs/timers.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../app/store.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { customer, partner, timer, trial } from "../store/fixtures.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "../store/harness.ts";

describe.each([
  ["postgres", postgresTarget],
  ["pglite", pgliteTarget],
])("Store.nextTimers on %s", (_name, makeTarget) => {
  let target: TestTarget;
  let store: Store;
  beforeAll(async () => {
    target = await makeTarget();
    store = createPrismaStore(target.db);
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it("one timer per trial: the earliest; ties go to the first kind by name; trials without timers have none", async () => {
    await store.upsertPartner(partner());
    const seed = async (id: string, customerId: string, pending: ReturnType<typeof timer>[]) =>
      store.commit({
        customer: customer({ id: customerId, handle: customerId }),
        trial: { next: trial({ id, customerId }), expectedVersion: null },
        timers: { trialId: id, pending },
        audit: [],
        outbox: [],
      });
    await seed("t-1", "c-1", [
      timer("expiry", "2026-05-01T00:00:00Z", "t-1"),
      timer("reminder_before_end", "2026-04-23T00:00:00Z", "t-1"),
      timer("reminder_end_day", "2026-05-01T00:00:00Z", "t-1"),
    ]);
    await seed("t-2", "c-2", [
      timer("user_notice", "2026-06-01T00:00:00Z", "t-2"),
      timer("lapse", "2026-06-01T00:00:00Z", "t-2"),
      timer("calling_release", "2026-06-16T00:00:00Z", "t-2"),
    ]);
    await seed("t-3", "c-3", []);
    // The rows come back as one string with \x1f between fields: an id may hold one.
    await seed("t-4\x1fx", "c-4", [timer("expiry", "2026-07-01T00:00:00.123Z", "t-4\x1fx")]);
    const next = await store.nextTimers();
    expect(next.sort((a, b) => a.trialId.localeCompare(b.trialId))).toEqual([
      timer("reminder_before_end", "2026-04-23T00:00:00Z", "t-1"),
      timer("lapse", "2026-06-01T00:00:00Z", "t-2"),
      timer("expiry", "2026-07-01T00:00:00.123Z", "t-4\x1fx"),
    ]);
  });
});
