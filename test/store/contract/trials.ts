// The store contract: trials, devices, timers and commit.
import { beforeEach, expect, it } from "vitest";
import { type Commit, ConcurrentChangeError, type Store } from "../../../app/store.ts";
import type { Trial } from "../../../domain/model.ts";
import { audit, customer, device, message, partner, timer, trial } from "../fixtures.ts";
import { type ContractContext, emptyCommit, seedTrialIn } from "./helpers.ts";

export function trialRoundTrips(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("round-trips a trial with every field, its devices and timers; the store sets version 1", async () => {
    await store.upsertPartner(partner());
    const t = trial({ version: 99 });
    const devices = [device(), device({ id: "d-2", serialShipped: "FOC456", model: "Board 55" })];
    await store.commit(
      emptyCommit({
        customer: customer(),
        trial: { next: t, expectedVersion: null },
        devices,
        timers: {
          trialId: "t-1",
          pending: [timer("expiry", "2026-05-01T00:00:00Z"), timer("reminder_before_end", "2026-04-23T00:00:00Z")],
        },
      }),
    );
    expect(await store.getTrial("t-1")).toEqual({ ...t, version: 1 });
    expect(await store.getCustomer("c-globex")).toEqual(customer());
    expect(await store.devicesOfTrial("t-1")).toEqual(devices);
    expect(await store.pendingTimers("t-1")).toEqual([
      timer("reminder_before_end", "2026-04-23T00:00:00Z"),
      timer("expiry", "2026-05-01T00:00:00Z"),
    ]);
    expect(await store.countTrials()).toBe(1);
    expect(await store.getTrial("nope")).toBeNull();
  });
  it("round-trips the nullable shapes of a trial", async () => {
    await store.upsertPartner(partner());
    const t = trial({
      status: "pending_consent",
      meetings: null,
      devices: null,
      startDate: null,
      endDate: null,
      consentAdminEmail: null,
      consentRequestedAt: null,
      consentDeadline: null,
      partnerAccess: null,
      pendingDeviceExtension: null,
      deviceDaysUsed: 0,
      devicesSince: null,
      handledTimers: {},
      cancelReason: null,
    });
    await store.commit(emptyCommit({ customer: customer(), trial: { next: t, expectedVersion: null } }));
    expect(await store.getTrial("t-1")).toEqual({ ...t, version: 1 });

    // And back from filled to empty, and a conversion.
    const converted = trial({
      status: "converted",
      conversion: { orderNumber: "SO-1", provisioningContactEmail: "zed@globex.example", paidServices: ["calling"] },
      cancelReason: "n/a",
      version: 1,
    });
    await store.commit(emptyCommit({ trial: { next: converted, expectedVersion: 1 } }));
    expect(await store.getTrial("t-1")).toEqual({ ...converted, version: 2 });
    const cleared = { ...t, version: 2 };
    await store.commit(emptyCommit({ trial: { next: cleared, expectedVersion: 2 } }));
    expect(await store.getTrial("t-1")).toEqual({ ...t, version: 3 });
  });
}

export function commitVersions(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const seedTrial = (over: Partial<Trial> = {}) => seedTrialIn(store, over);
  it("bumps the version on each accepted commit and refuses a stale one", async () => {
    const t = await seedTrial();
    expect(t.version).toBe(1);
    await store.commit(emptyCommit({ trial: { next: { ...t, lengthDays: 90 }, expectedVersion: 1 } }));
    const t2 = (await store.getTrial("t-1"))!;
    expect(t2).toMatchObject({ lengthDays: 90, version: 2 });
    await expect(
      store.commit(emptyCommit({ trial: { next: { ...t, lengthDays: 30 }, expectedVersion: 1 } })),
    ).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await store.getTrial("t-1"))!.lengthDays).toBe(90);
  });
  it("refuses to create a trial whose id exists, as a concurrent change", async () => {
    await seedTrial();
    const err = await store
      .commit(
        emptyCommit({ trial: { next: trial({ lengthDays: 30 }), expectedVersion: null }, audit: [audit("again")] }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentChangeError);
    expect((err as ConcurrentChangeError).trialId).toBe("t-1");
    expect((await store.getTrial("t-1"))!.lengthDays).toBe(60);
    expect(await store.auditOf({})).toEqual([]);
  });
  it("writes nothing of a commit whose trial version is stale", async () => {
    const t = await seedTrial();
    await store.commit(
      emptyCommit({
        trial: { next: t, expectedVersion: 1 },
        timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-01T00:00:00Z")] },
      }),
    );
    const stale: Commit = {
      trial: { next: { ...t, status: "cancelled" }, expectedVersion: 1 },
      customer: customer({ name: "Renamed", admins: [] }),
      devices: [device()],
      timers: { trialId: "t-1", pending: [] },
      unlink: { customerId: "c-globex", partnerIds: ["p-acme"] },
      audit: [audit("trial.cancelled")],
      outbox: [message("partner.trial_cancelled")],
    };
    await expect(store.commit(stale)).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect(await store.getTrial("t-1")).toEqual({ ...t, version: 2 });
    expect(await store.getCustomer("c-globex")).toEqual(customer());
    expect(await store.devicesOfTrial("t-1")).toEqual([]);
    expect(await store.pendingTimers("t-1")).toEqual([timer("expiry", "2026-05-01T00:00:00Z")]);
    expect(await store.auditOf({})).toEqual([]);
    expect(await store.pendingOutbox(10)).toEqual([]);
  });
  it("rolls back the whole commit when a later write fails", async () => {
    const t = await seedTrial();
    const failing: Commit = {
      trial: { next: { ...t, status: "expired" }, expectedVersion: 1 },
      devices: [device({ trialId: "no-such-trial" })], // foreign key violation after the trial update
      audit: [audit("trial.expired")],
      outbox: [message("partner.trial_expired")],
    };
    await expect(store.commit(failing)).rejects.toThrow();
    expect(await store.getTrial("t-1")).toEqual(t);
    expect(await store.auditOf({})).toEqual([]);
    expect(await store.pendingOutbox(10)).toEqual([]);
  });
}

export function concurrentCommitsAndTimers(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const seedTrial = (over: Partial<Trial> = {}) => seedTrialIn(store, over);
  it("lets exactly one of several concurrent commits of one version win, and loses nothing", async () => {
    const t = await seedTrial();
    const contenders = 6;
    const results = await Promise.allSettled(
      Array.from({ length: contenders }, (_, i) =>
        store.commit({
          trial: { next: { ...t, lengthDays: 30 + i }, expectedVersion: 1 },
          audit: [audit(`change.${i}`)],
          outbox: [message("partner.trial_extended", { i })],
        }),
      ),
    );
    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(contenders - 1);
    for (const r of lost) expect(r.reason).toBeInstanceOf(ConcurrentChangeError);
    const w = won[0]!;
    expect(await store.getTrial("t-1")).toMatchObject({ version: 2, lengthDays: 30 + w });
    expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual([`change.${w}`]);
    expect((await store.pendingOutbox(10)).map((o) => o.message.data)).toEqual([{ i: w }]);

    // A loser re-reads and retries: both changes are kept.
    const fresh = (await store.getTrial("t-1"))!;
    await store.commit({
      trial: { next: { ...fresh, status: "cancelled" }, expectedVersion: fresh.version },
      audit: [audit("retry")],
      outbox: [],
    });
    expect(await store.getTrial("t-1")).toMatchObject({ version: 3, lengthDays: 30 + w, status: "cancelled" });
    expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual([`change.${w}`, "retry"]);
  });
  it("replaces the timers of one trial only", async () => {
    await seedTrial();
    await store.commit(emptyCommit({ trial: { next: trial({ id: "t-2", meetings: null }), expectedVersion: null } }));
    await store.commit(
      emptyCommit({
        timers: {
          trialId: "t-1",
          pending: [timer("expiry", "2026-05-01T00:00:00Z"), timer("lapse", "2026-06-01T00:00:00Z")],
        },
      }),
    );
    await store.commit(
      emptyCommit({
        timers: { trialId: "t-2", pending: [timer("consent_deadline", "2026-03-08T00:00:00Z", "t-2")] },
      }),
    );
    await store.commit(emptyCommit({ timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-31T00:00:00Z")] } }));
    expect(await store.pendingTimers("t-1")).toEqual([timer("expiry", "2026-05-31T00:00:00Z")]);
    expect(await store.pendingTimers()).toEqual([
      timer("consent_deadline", "2026-03-08T00:00:00Z", "t-2"),
      timer("expiry", "2026-05-31T00:00:00Z"),
    ]);
    await store.commit(emptyCommit({ timers: { trialId: "t-1", pending: [] } }));
    expect(await store.pendingTimers("t-1")).toEqual([]);
    expect(await store.pendingTimers("t-2")).toHaveLength(1);
  });
}

export function devicesAndSiteUrls(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  const seedTrial = (over: Partial<Trial> = {}) => seedTrialIn(store, over);
  it("upserts devices and unlinks partners from a customer", async () => {
    await store.upsertPartner(partner({ id: "p-beta", name: "Beta" }));
    await seedTrial();
    await store.upsertCustomer(
      customer({
        managingPartners: [
          { partnerId: "p-acme", access: "full_admin" },
          { partnerId: "p-beta", access: "provisioning_admin" },
        ],
      }),
    );
    await store.commit(emptyCommit({ devices: [device()] }));
    const back = device({
      serialReturned: "FOC999",
      returnStatus: "mismatch",
      returnedAt: new Date("2026-06-01T10:00:00.000Z"),
    });
    await store.commit(emptyCommit({ devices: [back], unlink: { customerId: "c-globex", partnerIds: ["p-acme"] } }));
    expect(await store.devicesOfTrial("t-1")).toEqual([back]);
    expect((await store.getCustomer("c-globex"))!.managingPartners).toEqual([
      { partnerId: "p-beta", access: "provisioning_admin" },
    ]);
  });
  it("tells whether a Meetings site URL is taken by a live or converted trial", async () => {
    await seedTrial();
    expect(await store.isSiteUrlTaken("globex.webex.com")).toBe(true);
    expect(await store.isSiteUrlTaken("GLOBEX.webex.com")).toBe(true);
    expect(await store.isSiteUrlTaken("globex.webex.com", "t-1")).toBe(false);
    expect(await store.isSiteUrlTaken("other.webex.com")).toBe(false);
    for (const [status, taken] of [
      ["cancelled", false],
      ["deleted", false],
      ["lapsed", false],
      ["converted", true],
      ["expired", true],
      ["pending_consent", true],
    ] as const) {
      const cur = (await store.getTrial("t-1"))!;
      await store.commit(emptyCommit({ trial: { next: { ...cur, status }, expectedVersion: cur.version } }));
      expect([status, await store.isSiteUrlTaken("globex.webex.com")]).toEqual([status, taken]);
    }
  });
}

export function trialFilters(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("filters trials by partner, customer, status and end date", async () => {
    await store.upsertPartner(partner());
    await store.upsertPartner(partner({ id: "p-beta", name: "Beta" }));
    await store.upsertCustomer(customer());
    await store.upsertCustomer(customer({ id: "c-init", handle: "initech", name: "Initech" }));
    const specs = [
      trial({ id: "t-a", endDate: "2026-04-10", createdAt: new Date("2026-01-01T00:00:00Z") }),
      trial({ id: "t-b", endDate: "2026-04-11", createdAt: new Date("2026-01-02T00:00:00Z") }),
      trial({ id: "t-c", status: "expired", endDate: "2026-04-01", createdAt: new Date("2026-01-03T00:00:00Z") }),
      trial({
        id: "t-d",
        partnerId: "p-beta",
        customerId: "c-init",
        status: "pending_consent",
        startDate: null,
        endDate: null,
        createdAt: new Date("2026-01-04T00:00:00Z"),
      }),
    ];
    for (const t of specs) await store.commit(emptyCommit({ trial: { next: t, expectedVersion: null } }));
    const ids = async (f: Parameters<Store["listTrials"]>[0]) => (await store.listTrials(f)).map((t) => t.id);
    expect(await ids({})).toEqual(["t-a", "t-b", "t-c", "t-d"]);
    expect(await ids({ partnerId: "p-acme" })).toEqual(["t-a", "t-b", "t-c"]);
    expect(await ids({ customerId: "c-init" })).toEqual(["t-d"]);
    expect(await ids({ statuses: ["expired", "pending_consent"] })).toEqual(["t-c", "t-d"]);
    expect(await ids({ statuses: [] })).toEqual([]);
    expect(await ids({ endingOnOrBefore: "2026-04-10" })).toEqual(["t-a"]);
    expect(await ids({ endingOnOrBefore: "2026-04-11", partnerId: "p-acme" })).toEqual(["t-a", "t-b"]);
    expect(await ids({ endingOnOrBefore: "2026-04-10", statuses: ["active", "expired"] })).toEqual(["t-a", "t-c"]);
    expect(await ids({ partnerId: "p-beta", statuses: ["active"] })).toEqual([]);
  });
}

export function trialSummaries(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("lists trial summaries: listTrials' filter and order, the listed fields, the customer's name, whether the partner still manages it", async () => {
    await store.upsertPartner(partner());
    await store.upsertPartner(partner({ id: "p-beta", name: "Beta" }));
    await store.upsertCustomer(customer());
    // Initech names no managing partner: p-beta's cancelled trial left it (R-CONSENT-5).
    await store.upsertCustomer(customer({ id: "c-init", handle: "initech", name: "Initech", managingPartners: [] }));
    const specs = [
      trial({ id: "t-a", endDate: "2026-04-10", createdAt: new Date("2026-01-02T00:00:00Z") }),
      trial({ id: "t-b", endDate: "2026-04-11", createdAt: new Date("2026-01-01T00:00:00Z"), timeZone: "UTC" }),
      trial({
        id: "t-c",
        status: "converted",
        endDate: "2026-04-01",
        conversion: { orderNumber: "12345678", provisioningContactEmail: "fa@acme.example", paidServices: ["calling"] },
        createdAt: new Date("2026-01-03T00:00:00Z"),
      }),
      trial({
        id: "t-d",
        partnerId: "p-beta",
        customerId: "c-init",
        status: "cancelled",
        services: ["messaging"],
        endDate: null,
        createdAt: new Date("2026-01-04T00:00:00Z"),
      }),
    ];
    for (const t of specs) await store.commit(emptyCommit({ trial: { next: t, expectedVersion: null } }));
    const filters: Parameters<Store["listTrials"]>[0][] = [
      {},
      { partnerId: "p-acme" },
      { customerId: "c-init" },
      { statuses: ["converted", "cancelled"] },
      { statuses: [] },
      { endingOnOrBefore: "2026-04-10" },
      { endingOnOrBefore: "2026-04-11", partnerId: "p-acme" },
      { endingOnOrBefore: "2026-04-10", statuses: ["active", "converted"] },
      { partnerId: "p-beta", statuses: ["active"] },
    ];
    for (const f of filters) {
      const summaries = (await store.listTrialSummaries(f)).map((s) => s.trial.id);
      expect([f, summaries]).toEqual([f, (await store.listTrials(f)).map((t) => t.id)]);
    }
    const all = await store.listTrialSummaries({});
    expect(all.map((s) => s.trial.id)).toEqual(["t-b", "t-a", "t-c", "t-d"]);
    expect(all[2]).toEqual({
      trial: pick(specs[2]!, [
        "id",
        "partnerId",
        "customerId",
        "status",
        "services",
        "timeZone",
        "endDate",
        "conversion",
      ]),
      customer: { id: "c-globex", handle: "globex", name: "Globex Corporation" },
      partnerManages: true,
    });
    expect(all[3]).toMatchObject({
      trial: { id: "t-d", status: "cancelled", services: ["messaging"], endDate: null, conversion: null },
      customer: { id: "c-init", handle: "initech", name: "Initech" },
      partnerManages: false,
    });
    expect(all[0]?.trial).toMatchObject({ timeZone: "UTC", endDate: "2026-04-11", conversion: null });
    await expect(store.listTrialSummaries({ endingOnOrBefore: "10 April" })).rejects.toThrow(/calendar date/);
  });
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
