// The store contract: every implementation of the Store port (app/store.ts) behaves the same.
// Run on the in-memory store (memory.test.ts, unit), PGlite (pglite.test.ts) and PostgreSQL
// (postgres.test.ts). Every port method is exercised here; what only a database has (its SQL
// plumbing, its migrations) is tested beside its target.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Commit, ConcurrentChangeError, type Store } from "../../app/store.ts";
import { audit, customer, device, message, partner, person, timer, trial } from "./fixtures.ts";

/** A Store implementation under test. */
export interface StoreTarget {
  name: string;
  /** An empty store for the next test (the same one emptied, or a new one). */
  reset(): Promise<Store>;
  dispose(): Promise<void>;
}

function emptyCommit(over: Partial<Commit> = {}): Commit {
  return { audit: [], outbox: [], ...over };
}

/** `more` adds a target's own tests, which may use the target the suite made. */
export function defineStoreSuite<T extends StoreTarget>(
  makeTarget: () => Promise<T>,
  more?: (current: () => T) => void,
): void {
  let target: T;
  let store: Store;

  beforeAll(async () => {
    const started = performance.now();
    target = await makeTarget();
    if (target.name !== "memory") {
      console.log(`[store ${target.name}] ready in ${Math.round(performance.now() - started)} ms`);
    }
  });
  afterAll(async () => {
    await target?.dispose();
  });
  beforeEach(async () => {
    store = await target.reset();
  });

  /** A partner, its customer and an active trial at version 1. */
  async function seedTrial(over: Parameters<typeof trial>[0] = {}) {
    await store.upsertPartner(partner());
    const t = trial(over);
    await store.commit(emptyCommit({ customer: customer(), trial: { next: t, expectedVersion: null } }));
    return (await store.getTrial(t.id))!;
  }

  describe("partners, people, spaces", () => {
    it("round-trips partners and finds them by name, case-insensitively", async () => {
      await store.upsertPartner(partner());
      await store.upsertPartner(
        partner({ id: "p-beta", name: "Beta Telecom", tier: "tier2", emailDomains: [], webexOrgId: null }),
      );
      expect(await store.getPartner("p-acme")).toEqual(partner());
      expect(await store.findPartnerByName("acme networks")).toEqual(partner());
      expect(await store.findPartnerByName("nobody")).toBeNull();
      expect((await store.listPartners()).map((p) => p.id)).toEqual(["p-acme", "p-beta"]);
      await store.upsertPartner(partner({ tier: "tier2", timeZone: "UTC" }));
      expect(await store.getPartner("p-acme")).toEqual(partner({ tier: "tier2", timeZone: "UTC" }));
      expect(await store.getPartner("missing")).toBeNull();
    });

    it("round-trips people and looks them up", async () => {
      await store.upsertPartner(partner());
      const ops = person({
        id: "u-ops",
        email: "ops@webex.example",
        webexPersonId: null,
        partnerId: null,
        role: "ops",
        language: "ko",
      });
      await store.upsertPerson(person());
      await store.upsertPerson(ops);
      expect(await store.findPersonByEmail("alice@acme-net.example")).toEqual(person());
      expect(await store.findPersonByWebexId("wx-alice")).toEqual(person());
      expect(await store.findPersonByEmail("ops@webex.example")).toEqual(ops);
      expect(await store.listPartnerPeople("p-acme")).toEqual([person()]);
      expect(await store.listOpsPeople()).toEqual([ops]);

      await store.setPersonLanguage("alice@acme-net.example", "ko");
      expect((await store.findPersonByEmail("alice@acme-net.example"))?.language).toBe("ko");
      await store.upsertPerson(person({ role: "read_only" }));
      expect((await store.findPersonByEmail("alice@acme-net.example"))?.role).toBe("read_only");

      expect(await store.removePerson("alice@acme-net.example")).toBe(true);
      expect(await store.removePerson("alice@acme-net.example")).toBe(false);
      expect(await store.findPersonByEmail("alice@acme-net.example")).toBeNull();
      expect(await store.findPersonByWebexId("wx-alice")).toBeNull();
    });

    it("links spaces and finds the space for a partner or ops", async () => {
      await store.upsertPartner(partner());
      expect(await store.spaceFor("partner", "p-acme")).toBeNull();
      await store.linkSpace({ roomId: "room-ops", kind: "ops", partnerId: null });
      await store.linkSpace({ roomId: "room-acme", kind: "partner", partnerId: "p-acme" });
      expect(await store.findSpace("room-acme")).toEqual({ roomId: "room-acme", kind: "partner", partnerId: "p-acme" });
      expect(await store.findSpace("room-none")).toBeNull();
      expect(await store.spaceFor("partner", "p-acme")).toEqual({
        roomId: "room-acme",
        kind: "partner",
        partnerId: "p-acme",
      });
      expect(await store.spaceFor("ops", null)).toEqual({ roomId: "room-ops", kind: "ops", partnerId: null });
    });

    it("R-EXP-6: a partner's own ops space, linked last, is never the trials team's ops space (issue 10)", async () => {
      await store.upsertPartner(partner());
      await store.linkSpace({ roomId: "room-ops", kind: "ops", partnerId: null });
      await store.linkSpace({ roomId: "room-acme-ops", kind: "ops", partnerId: "p-acme" });
      expect(await store.spaceFor("ops", null)).toEqual({ roomId: "room-ops", kind: "ops", partnerId: null });
      expect(await store.spaceFor("ops", "p-acme")).toEqual({
        roomId: "room-acme-ops",
        kind: "ops",
        partnerId: "p-acme",
      });
      expect(await store.spaceFor("ops", "p-other")).toBeNull();
    });

    it("names are not patterns: the customer search matches LIKE wildcards literally (issue 10)", async () => {
      await store.upsertPartner(partner());
      await store.upsertCustomer(customer());
      for (const text of ["glob_x", "g%x", "%", "_"]) expect(await store.searchCustomers(text), text).toEqual([]);
      expect((await store.searchCustomers("globex")).map((c) => c.handle)).toEqual(["globex"]);
    });
  });

  describe("customers", () => {
    it("round-trips a customer with its admins and managing partners in order", async () => {
      await store.upsertPartner(partner());
      await store.upsertPartner(partner({ id: "p-beta", name: "Beta" }));
      const c = customer({
        managingPartners: [
          { partnerId: "p-beta", access: "provisioning_admin" },
          { partnerId: "p-acme", access: "full_admin" },
        ],
        purchasedServices: ["calling", "messaging"],
        webexOrgId: "org-globex",
      });
      await store.upsertCustomer(c);
      expect(await store.getCustomer("c-globex")).toEqual(c);
      expect(await store.findCustomerByHandle("globex")).toEqual(c);
      expect(await store.findCustomerByHandle("nope")).toBeNull();

      // Replacing: lists are replaced, not merged.
      const c2 = customer({
        admins: [{ email: "new@globex.example", role: "full_admin", language: "en" }],
        managingPartners: [],
      });
      await store.upsertCustomer(c2);
      expect(await store.getCustomer("c-globex")).toEqual(c2);
    });

    it("searches customers by name or handle and by admin e-mail", async () => {
      await store.upsertPartner(partner());
      await store.upsertCustomer(customer());
      await store.upsertCustomer(
        customer({
          id: "c-init",
          handle: "initech",
          name: "Initech",
          admins: [{ email: "amy@globex.example", role: "other", language: "en" }],
        }),
      );
      await store.upsertCustomer(customer({ id: "c-umb", handle: "umbrella", name: "Umbrella Corp", admins: [] }));
      expect((await store.searchCustomers("CORP")).map((c) => c.id)).toEqual(["c-globex", "c-umb"]);
      expect((await store.searchCustomers("tech")).map((c) => c.id)).toEqual(["c-init"]);
      expect(await store.searchCustomers("zzz")).toEqual([]);
      expect((await store.listCustomers()).map((c) => c.id)).toEqual(["c-globex", "c-init", "c-umb"]);
      expect((await store.customersAdministeredBy("amy@globex.example")).map((c) => c.id)).toEqual([
        "c-globex",
        "c-init",
      ]);
      expect(await store.customersAdministeredBy("nobody@x.example")).toEqual([]);
    });
  });

  describe("trials and commit", () => {
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
      await store.commit(
        emptyCommit({ timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-31T00:00:00Z")] } }),
      );
      expect(await store.pendingTimers("t-1")).toEqual([timer("expiry", "2026-05-31T00:00:00Z")]);
      expect(await store.pendingTimers()).toEqual([
        timer("consent_deadline", "2026-03-08T00:00:00Z", "t-2"),
        timer("expiry", "2026-05-31T00:00:00Z"),
      ]);
      await store.commit(emptyCommit({ timers: { trialId: "t-1", pending: [] } }));
      expect(await store.pendingTimers("t-1")).toEqual([]);
      expect(await store.pendingTimers("t-2")).toHaveLength(1);
    });

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
  });

  describe("audit", () => {
    it("appends entries and reads them back in order, latest `limit` on request", async () => {
      await store.appendAudit([audit("a1", { trialId: null }), audit("a2", { customerId: "c-other", trialId: null })]);
      await store.upsertPartner(partner());
      const t = trial();
      await store.commit(
        emptyCommit({
          customer: customer(),
          trial: { next: t, expectedVersion: null },
          audit: [audit("c1"), audit("c2")],
        }),
      );
      await store.appendAudit([audit("a3", { at: new Date("2020-01-01T00:00:00Z") })]);
      const all = await store.auditOf({});
      expect(all.map((a) => a.action)).toEqual(["a1", "a2", "c1", "c2", "a3"]);
      const ids = all.map((a) => BigInt(a.id));
      expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : 1)));
      expect(new Set(all.map((a) => a.id)).size).toBe(5);
      const { id: _id, ...first } = all[2]!;
      expect(first).toEqual(audit("c1"));
      expect((await store.auditOf({ trialId: "t-1" })).map((a) => a.action)).toEqual(["c1", "c2", "a3"]);
      expect((await store.auditOf({ customerId: "c-globex" })).map((a) => a.action)).toEqual(["a1", "c1", "c2", "a3"]);
      expect((await store.auditOf({ customerId: "c-globex", limit: 2 })).map((a) => a.action)).toEqual(["c2", "a3"]);
      expect(await store.auditOf({ trialId: "none" })).toEqual([]);
    });
  });

  describe("webhook events", () => {
    it("records an event key once", async () => {
      const at = new Date("2026-03-01T00:00:00Z");
      expect(await store.markEventProcessed("evt-1", at)).toBe(true);
      expect(await store.markEventProcessed("evt-1", at)).toBe(false);
      expect(await store.markEventProcessed("evt-2", at)).toBe(true);
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.markEventProcessed("evt-3", at)));
      expect(concurrent.filter(Boolean)).toHaveLength(1);
    });

    it("forgets a key so the event can be handled again, and only that key", async () => {
      const at = new Date("2026-03-01T00:00:00Z");
      await store.markEventProcessed("card:n1", at);
      await store.markEventProcessed("card:n2", at);
      await store.forgetEvent("card:n1");
      expect(await store.markEventProcessed("card:n1", at)).toBe(true);
      expect(await store.markEventProcessed("card:n2", at)).toBe(false);
    });
  });

  describe("outbox", () => {
    it("keeps messages pending in order until sent, counting attempts", async () => {
      const t = await seedTrial();
      await store.commit(
        emptyCommit({
          trial: { next: t, expectedVersion: 1 },
          outbox: [
            message("partner.trial_active", { n: 1 }),
            message("customer.trial_started", { n: 2, when: "2026-03-01" }),
          ],
        }),
      );
      const [id3] = await store.enqueueMessages([
        { to: { kind: "email", email: "zed@globex.example", language: "ko" }, template: "ops.event", data: { n: 3 } },
      ]);
      const pending = await store.pendingOutbox(10);
      expect(pending.map((o) => o.message.data)).toEqual([{ n: 1 }, { n: 2, when: "2026-03-01" }, { n: 3 }]);
      expect(pending[2]).toMatchObject({
        id: id3,
        state: "pending",
        attempts: 0,
        sentAt: null,
        webexMessageId: null,
        lastError: null,
      });
      expect(pending[2]!.message).toEqual({
        to: { kind: "email", email: "zed@globex.example", language: "ko" },
        template: "ops.event",
        data: { n: 3 },
      });
      expect(pending[0]!.createdAt).toBeInstanceOf(Date);
      expect((await store.pendingOutbox(2)).map((o) => o.id)).toEqual(pending.slice(0, 2).map((o) => o.id));

      const [a, b, c] = pending.map((o) => o.id) as [string, string, string];
      await store.markOutboxAttempt(a, "timeout", false);
      expect(await store.getOutboxRow(a)).toMatchObject({ state: "pending", attempts: 1, lastError: "timeout" });
      const sentAt = new Date("2026-03-01T10:00:00.000Z");
      await store.markOutboxSent(a, "wx-msg-1", sentAt);
      expect(await store.getOutboxRow(a)).toMatchObject({
        state: "sent",
        attempts: 2,
        sentAt,
        webexMessageId: "wx-msg-1",
      });
      await store.markOutboxAttempt(b, "404 room not found", true);
      expect(await store.getOutboxRow(b)).toMatchObject({
        state: "failed",
        attempts: 1,
        lastError: "404 room not found",
      });
      expect((await store.pendingOutbox(10)).map((o) => o.id)).toEqual([c]);
      expect(await store.getOutboxRow("nope")).toBeNull();
      expect(await store.enqueueMessages([])).toEqual([]);
    });
  });

  describe("outbox claims and the jobs' additions", () => {
    it("commit returns the ids of the outbox rows it inserted, in order", async () => {
      await store.upsertPartner(partner());
      const result = await store.commit({
        customer: customer(),
        trial: { next: trial(), expectedVersion: null },
        audit: [],
        outbox: [message("partner.trial_started", { n: 1 }), message("partner.trial_extended", { n: 2 })],
      });
      expect(result.outboxIds).toHaveLength(2);
      const rows = await Promise.all(result.outboxIds.map((id) => store.getOutboxRow(id)));
      expect(rows.map((r) => r?.message.data.n)).toEqual([1, 2]);
      expect((await store.commit({ audit: [], outbox: [] })).outboxIds).toEqual([]);
    });

    it("claimOutbox: a pending row once; a fresh claim blocks others; an expired claim is handed over as abandoned; sent/failed never", async () => {
      const [a, b] = await store.enqueueMessages([message(), message()]);
      const first = await store.claimOutbox(a!, 60_000);
      expect(first).toMatchObject({ row: { id: a, state: "sending", claimedBy: null }, abandonedClaimAt: null });
      expect(first!.row.claimedAt).toBeInstanceOf(Date);
      expect(await store.getOutboxRow(a!)).toEqual(first!.row);
      // Claimed less than the lease ago: nobody else gets it.
      expect(await store.claimOutbox(a!, 60_000)).toBeNull();
      expect((await store.unsentOutbox(10)).map((r) => r.id)).toEqual([a, b]);
      expect((await store.unsentOutbox(1)).map((r) => r.id)).toEqual([a]);
      expect((await store.pendingOutbox(10)).map((r) => r.id)).toEqual([b]);
      // Lease over (0 ms): handed over, saying when the lost claim was made.
      const again = await store.claimOutbox(a!, 0);
      expect(again?.abandonedClaimAt?.getTime()).toBe(first!.row.claimedAt!.getTime());
      await store.markOutboxSent(a!, "wx-1", new Date());
      expect(await store.claimOutbox(a!, 0)).toBeNull();
      await store.claimOutbox(b!, 60_000);
      await store.markOutboxAttempt(b!, "404", true);
      expect(await store.claimOutbox(b!, 0)).toBeNull();
      expect(await store.claimOutbox("nope", 0)).toBeNull();
      expect(await store.unsentOutbox(10)).toEqual([]);
    });

    it("claimOutbox: two workers claiming one row at once: exactly one wins", async () => {
      const [id] = await store.enqueueMessages([message()]);
      const results = await Promise.all([
        store.claimOutbox(id!, 60_000),
        store.claimOutbox(id!, 60_000),
        store.claimOutbox(id!, 60_000),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it("a retry after a failed attempt makes the row pending again and claimable", async () => {
      const [id] = await store.enqueueMessages([message()]);
      await store.claimOutbox(id!, 60_000);
      await store.markOutboxAttempt(id!, "429", false);
      expect(await store.getOutboxRow(id!)).toMatchObject({ state: "pending", attempts: 1 });
      expect(await store.claimOutbox(id!, 60_000)).toMatchObject({ abandonedClaimAt: null });
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
      // An instance whose name merely starts the same is another instance.
      expect(await store.claimOutbox(mine!, 60_000, { id: "host/boot-3", instance: "host" })).toBeNull();
      // The restarted instance takes its dead claim over, as abandoned (Webex may have the message).
      const taken = await store.claimOutbox(mine!, 60_000, newBoot);
      expect(taken?.abandonedClaimAt).toBeInstanceOf(Date);
      expect(taken?.row.claimedBy).toBe("host-a/boot-2");
      expect(await store.claimOutbox(theirs!, 60_000, newBoot)).toBeNull();
    });

    it("enqueueMessageOnce inserts a row under its id only once (R-EXP-6: one digest a day)", async () => {
      expect(
        await store.enqueueMessageOnce("digest-2026-03-02", message("ops.daily_digest", { date: "2026-03-02" })),
      ).toBe(true);
      expect(await store.enqueueMessageOnce("digest-2026-03-02", message("ops.daily_digest", { date: "again" }))).toBe(
        false,
      );
      expect(await store.getOutboxRow("digest-2026-03-02")).toMatchObject({
        id: "digest-2026-03-02",
        state: "pending",
        attempts: 0,
        message: { template: "ops.daily_digest", data: { date: "2026-03-02" } },
      });
      expect((await store.pendingOutbox(10)).map((r) => r.id)).toEqual(["digest-2026-03-02"]);
    });

    it("marking a row that does not exist is an error", async () => {
      await expect(store.markOutboxSent("nope", "wx-1", new Date())).rejects.toThrow();
      await expect(store.markOutboxAttempt("nope", "x", false)).rejects.toThrow();
    });

    it("messages are stored as JSON: what is read back is what JSON keeps", async () => {
      const when = new Date("2026-03-01T10:00:00.000Z");
      const [id] = await store.enqueueMessages([
        { ...message(), data: { when, gone: undefined, list: [1, "two", null] } as Record<string, unknown> },
      ]);
      expect((await store.getOutboxRow(id!))?.message.data).toEqual({
        when: "2026-03-01T10:00:00.000Z",
        list: [1, "two", null],
      });
    });

    it("listDevices: every trial's units, or only those in the given return statuses", async () => {
      await store.upsertPartner(partner());
      await store.commit({
        customer: customer(),
        trial: { next: trial(), expectedVersion: null },
        devices: [device({ id: "d-1" }), device({ id: "d-2", serialShipped: "FOC2", returnStatus: "missing" })],
        audit: [],
        outbox: [],
      });
      expect((await store.listDevices()).map((d) => d.id)).toEqual(["d-1", "d-2"]);
      expect((await store.listDevices({ returnStatuses: ["missing", "mismatch"] })).map((d) => d.id)).toEqual(["d-2"]);
      expect(await store.listDevices({ returnStatuses: [] })).toEqual([]);
    });
  });

  describe("webhook inbox, settings, health", () => {
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

      expect((await store.unhandledWebhooks(at, 10)).map((w) => [w.key, w.envelope, w.at])).toEqual([
        ["messages:created:m-1", envelope, at],
        ["messages:created:m-2", { ...envelope, data: { id: "m-2" } }, new Date(at.getTime() + 1000)],
      ]);
      expect((await store.unhandledWebhooks(at, 1)).map((w) => w.key)).toEqual(["messages:created:m-1"]);
      expect(await store.unhandledWebhooks(new Date(at.getTime() + 500), 10)).toHaveLength(1);
      await store.markWebhookHandled("messages:created:m-1", at);
      expect((await store.unhandledWebhooks(at, 10)).map((w) => w.key)).toEqual(["messages:created:m-2"]);
      // Still a known key: a repeat delivery is a duplicate.
      expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(false);
      expect(await store.markEventProcessed("messages:created:m-1", at)).toBe(false);
      // Forgotten, it may be recorded again.
      await store.forgetEvent("messages:created:m-1");
      expect(await store.recordWebhook("messages:created:m-1", envelope, at)).toBe(true);
    });

    it("settings survive as JSON and are replaced", async () => {
      expect(await store.getSetting("test_clock")).toBeNull();
      await store.putSetting("test_clock", { now: "2026-04-01T10:00:00.000Z" });
      await store.putSetting("test_clock", { now: "2026-05-01T10:00:00.000Z" });
      await store.putSetting("other", [1, { a: true }]);
      expect(await store.getSetting("test_clock")).toEqual({ now: "2026-05-01T10:00:00.000Z" });
      expect(await store.getSetting("other")).toEqual([1, { a: true }]);
    });

    it("ping answers while the store is reachable; an ordinary error is not unavailability", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(store.isUnavailable(new Error("boom"))).toBe(false);
      expect(store.isUnavailable(new ConcurrentChangeError("t-1"))).toBe(false);
    });
  });

  describe("constraints and literal matching", () => {
    it("a person, space or managing partner naming a partner that does not exist is refused", async () => {
      await expect(store.upsertPerson(person({ partnerId: "p-none" }))).rejects.toThrow();
      await expect(store.linkSpace({ roomId: "r", kind: "partner", partnerId: "p-none" })).rejects.toThrow();
      await expect(store.upsertCustomer(customer())).rejects.toThrow();
      expect(await store.findPersonByEmail(person().email)).toBeNull();
      expect(await store.findSpace("r")).toBeNull();
      expect(await store.getCustomer("c-globex")).toBeNull();
    });

    it("two people may not share a Webex id; two customers may not share a handle", async () => {
      await store.upsertPartner(partner());
      await store.upsertPerson(person());
      await expect(store.upsertPerson(person({ id: "u-bob", email: "bob@acme-net.example" }))).rejects.toThrow();
      await store.upsertCustomer(customer());
      await expect(store.upsertCustomer(customer({ id: "c-other", name: "Other" }))).rejects.toThrow();
      expect((await store.listCustomers()).map((c) => c.id)).toEqual(["c-globex"]);
      expect(await store.listPartnerPeople("p-acme")).toEqual([person()]);
    });

    it("a commit for a customer or trial that does not exist writes nothing", async () => {
      await store.upsertPartner(partner());
      await expect(
        store.commit(emptyCommit({ trial: { next: trial(), expectedVersion: null }, audit: [audit("x")] })),
      ).rejects.toThrow();
      await expect(
        store.commit(emptyCommit({ timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-01T00:00:00Z")] } })),
      ).rejects.toThrow();
      expect(await store.countTrials()).toBe(0);
      expect(await store.auditOf({})).toEqual([]);
      expect(await store.pendingTimers()).toEqual([]);
    });

    it("a trial that was never created cannot be updated (a concurrent change)", async () => {
      await store.upsertPartner(partner());
      await store.upsertCustomer(customer());
      await expect(store.commit(emptyCommit({ trial: { next: trial(), expectedVersion: 1 } }))).rejects.toBeInstanceOf(
        ConcurrentChangeError,
      );
      expect(await store.getTrial("t-1")).toBeNull();
    });

    it("a timer of another trial in a commit is refused, and nothing is written", async () => {
      const t = await seedTrial();
      await expect(
        store.commit({
          trial: { next: t, expectedVersion: 1 },
          timers: { trialId: "t-1", pending: [timer("expiry", "2026-05-01T00:00:00Z", "t-2")] },
          audit: [audit("x")],
          outbox: [message()],
        }),
      ).rejects.toThrow();
      expect((await store.getTrial("t-1"))?.version).toBe(1);
      expect(await store.auditOf({})).toEqual([]);
      expect(await store.unsentOutbox(10)).toEqual([]);
    });

    it("names are not patterns: partner names and site URLs match LIKE wildcards literally", async () => {
      await seedTrial();
      for (const name of ["%", "_", "Acme_Networks", "Acme%", "acme networks%"]) {
        expect(await store.findPartnerByName(name), name).toBeNull();
      }
      expect((await store.findPartnerByName("  ACME NETWORKS "))?.id).toBe("p-acme");
      for (const url of ["%", "globex_webex.com", "globex.webex.%"]) {
        expect(await store.isSiteUrlTaken(url), url).toBe(false);
      }
      expect(await store.isSiteUrlTaken(" globex.webex.com ")).toBe(true);
    });

    it("what a caller does with a value it read or wrote does not change the store", async () => {
      await store.upsertPartner(partner());
      const c = customer();
      await store.upsertCustomer(c);
      c.admins.push({ email: "late@globex.example", role: "other", language: "en" });
      const read = (await store.getCustomer("c-globex"))!;
      read.managingPartners.length = 0;
      expect(await store.getCustomer("c-globex")).toEqual(customer());
    });

    it("setting the language of nobody changes nothing; the audit of a limit of 0 is empty", async () => {
      await store.setPersonLanguage("nobody@x.example", "ko");
      expect(await store.findPersonByEmail("nobody@x.example")).toBeNull();
      await store.appendAudit([audit("a1")]);
      await store.appendAudit([]);
      expect(await store.auditOf({ limit: 0 })).toEqual([]);
      expect((await store.auditOf({ limit: 5 })).map((a) => a.action)).toEqual(["a1"]);
    });
  });

  more?.(() => target);
}
