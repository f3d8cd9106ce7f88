// `trial list expiring N` on the real PostgreSQL store: each trial's horizon is its own calendar
// day + N (time zones a day apart), and the listed trials are read with their customers at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialQueries, type TrialRow } from "../../app/trial-queries.ts";
import type { Person } from "../../domain/model.ts";
import type { Refusal } from "../../domain/refusals.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { customer, partner, trial } from "../store/fixtures.ts";
import { postgresTarget, type TestTarget } from "../store/harness.ts";

let target: TestTarget;
let store: Store;
// 2026-03-02 11:00 UTC: already 03-03 in Kiritimati (UTC+14), still 03-02 in Pago Pago (UTC−11).
const clock = new ManualClock(new Date("2026-03-02T11:00:00Z"));
const ops: Person = {
  id: "op1",
  email: "olga@ops.example",
  webexPersonId: null,
  partnerId: null,
  role: "ops",
  language: "en",
};
const partnerAdmin: Person = { ...ops, id: "pp1", email: "fa@acme.example", partnerId: "p-acme", role: "full_admin" };

const TRIALS = [
  // id, partner, zone, end date, status
  ["t-kir-in", "p-acme", "Pacific/Kiritimati", "2026-03-10", "active"], // 03-03 + 7 = 03-10: in
  ["t-kir-out", "p-acme", "Pacific/Kiritimati", "2026-03-11", "active"],
  ["t-pago-in", "p-acme", "Pacific/Pago_Pago", "2026-03-09", "active"], // 03-02 + 7 = 03-09: in
  ["t-pago-out", "p-acme", "Pacific/Pago_Pago", "2026-03-10", "active"], // a day past its own horizon
  ["t-utc-past", "p-acme", "UTC", "2026-03-01", "active"], // ended yesterday, not yet expired: listed
  ["t-expired", "p-acme", "UTC", "2026-03-05", "expired"],
  ["t-other", "p-beta", "UTC", "2026-03-05", "active"],
] as const;

beforeAll(async () => {
  target = await postgresTarget();
  store = createPrismaStore(target.db);
  await store.upsertPartner(partner());
  await store.upsertPartner(partner({ id: "p-beta", name: "Beta" }));
  for (const [id, partnerId, timeZone, endDate, status] of TRIALS) {
    await store.commit({
      customer: customer({ id: `c-${id}`, handle: id, name: id }),
      trial: {
        next: trial({ id, partnerId, customerId: `c-${id}`, timeZone, endDate, status, meetings: null }),
        expectedVersion: null,
      },
      audit: [],
      outbox: [],
    });
  }
});
afterAll(async () => {
  await target?.dispose();
});

const ONE_READ = { listTrialSummaries: 1, listTrials: 0, getCustomer: 0, getCustomers: 0 };

/** The store, counting the trial and customer reads. */
function counting(): { store: Store; reads: Record<keyof typeof ONE_READ, number> } {
  const reads = { listTrialSummaries: 0, listTrials: 0, getCustomer: 0, getCustomers: 0 };
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      if (typeof key === "string" && key in reads) reads[key as keyof typeof reads] += 1;
      return Reflect.get(target, key, receiver);
    },
  });
  return { store: counted, reads };
}

function ids(rows: TrialRow[] | Refusal): string[] {
  if (!Array.isArray(rows)) throw new Error(`refused: ${rows.code}`);
  return rows.map((r) => r.trial.id);
}

describe("trial list expiring N", () => {
  it("each trial's own calendar day + N, in its time zone; active trials only; one read with the customers", async () => {
    const { store: counted, reads } = counting();
    const queries = new TrialQueries(counted, clock);
    expect(ids(await queries.list(ops, { expiringWithinDays: 7 }))).toEqual([
      "t-utc-past",
      "t-other",
      "t-pago-in",
      "t-kir-in",
    ]);
    expect(reads).toEqual(ONE_READ);
    expect(ids(await queries.list(partnerAdmin, { expiringWithinDays: 7 }))).toEqual([
      "t-utc-past",
      "t-pago-in",
      "t-kir-in",
    ]);
    const rows = await queries.list(partnerAdmin, { expiringWithinDays: 7 });
    expect(Array.isArray(rows) && rows.map((r) => [r.customer.handle, r.daysLeft])).toEqual([
      ["t-utc-past", -1],
      ["t-pago-in", 7],
      ["t-kir-in", 7],
    ]);
  });

  it("without a filter: every trial of the partner but deleted ones, one read with the customers", async () => {
    const { store: counted, reads } = counting();
    const listed = ids(await new TrialQueries(counted, clock).list(partnerAdmin));
    expect([...listed].sort()).toEqual(
      TRIALS.filter((t) => t[1] === "p-acme")
        .map((t) => t[0])
        .sort(),
    );
    expect(reads).toEqual(ONE_READ);
  });
});
