// The plain-SQL reads (prisma/store/sql-reads.ts) against what Prisma's client reads from the same
// rows through the same mappers, on PostgreSQL and PGlite: every field, with every optional one
// set and with every optional one empty; lists in order; in a session whose TimeZone and
// DateStyle are not UTC and ISO.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../app/store.ts";
import type { PrismaClient } from "../../prisma/generated/client.ts";
import {
  customerFromRow,
  customerInclude,
  deviceFromRow,
  partnerFromRow,
  personFromRow,
  trialFromRow,
} from "../../prisma/mapping.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import type { Sql, SqlQuery } from "../../prisma/sql.ts";
import { readCustomer, readTrial, readTrialFacts, trialFactsReader } from "../../prisma/store/sql-reads.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { customer, device, partner, person, trial } from "./fixtures.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";

/** The reads as they were on Prisma's client: the reference. */
function prismaReads(prisma: PrismaClient) {
  return {
    async trialFacts(id: string) {
      const row = await prisma.trial.findUnique({
        where: { id },
        include: {
          customer: { include: customerInclude },
          partner: { include: { people: { orderBy: { email: "asc" } } } },
          devices: { orderBy: [{ shippedAt: "asc" }, { id: "asc" }] },
        },
      });
      if (!row) return null;
      const { customer, partner, devices, ...rest } = row;
      return {
        trial: trialFromRow(rest),
        customer: customerFromRow(customer),
        partner: partnerFromRow(partner),
        partnerPeople: partner.people.map(personFromRow),
        devices: devices.map(deviceFromRow),
      };
    },
    async getTrial(id: string) {
      const row = await prisma.trial.findUnique({ where: { id } });
      return row ? trialFromRow(row) : null;
    },
    async getCustomer(where: { id: string } | { handle: string }) {
      const row = await prisma.customer.findUnique({ where, include: customerInclude });
      return row ? customerFromRow(row) : null;
    },
  };
}

/** Every optional field set: text with quotes and non-ASCII, JSON, arrays, dates, instants with and without milliseconds. */
async function seedFull(store: Store) {
  await store.upsertPartner(partner({ webexOrgId: 'org-"quoted"-파트너', emailDomains: ["a.example", "b.example"] }));
  await store.upsertPartner(partner({ id: "p-beta", name: "Beta", webexOrgId: null, emailDomains: [] }));
  await store.upsertPerson(
    person({ id: "u-zoe", email: "zoe@acme-net.example", webexPersonId: "wx-zoe", language: "ko" }),
  );
  await store.upsertPerson(
    person({ id: "u-bob", email: "bob@acme-net.example", webexPersonId: null, role: "read_only" }),
  );
  await store.upsertPerson(person());
  await store.commit({
    customer: customer({
      webexOrgId: "org-globex",
      purchasedServices: ["messaging", "calling"],
      admins: [
        { email: "zed@globex.example", role: "full_admin", language: "ko" },
        { email: "amy@globex.example", role: "other", language: "en" },
        { email: "mia@globex.example", role: "other", language: "ko" },
      ],
      managingPartners: [
        { partnerId: "p-beta", access: "provisioning_admin" },
        { partnerId: "p-acme", access: "full_admin" },
      ],
    }),
    trial: {
      next: trial({
        status: "converted",
        meetings: { siteUrl: "globex.webex.com", timeZone: "America/New_York" },
        conversion: {
          orderNumber: "SO-1",
          provisioningContactEmail: "amy@globex.example",
          provisioningContactKind: "customer_admin",
          trialAdminEmail: "zed@globex.example",
          paidServices: ["meetings", "calling"],
        },
        cancelReason: "line 1\nline 2 — «ok»",
        handledTimers: {
          reminder_before_end: "2026-04-23T00:00:00.000Z",
          consent_deadline: "2026-03-08T09:00:00.123Z",
        },
        updatedAt: new Date("2026-04-02T10:11:12.120Z"),
      }),
      expectedVersion: null,
    },
    devices: [
      device({ id: "d-2", shippedAt: new Date("2026-03-03T00:00:00.000Z") }),
      device(),
      device({
        id: "d-0",
        serialShipped: "FOC0",
        serialReturned: "FOC0-R",
        returnStatus: "mismatch",
        eulaExpiryDate: "1969-12-31",
        shippedAt: new Date("1969-12-31T23:59:59.999Z"),
        returnedAt: new Date("2026-04-30T23:59:59.001Z"),
      }),
    ],
    audit: [],
    outbox: [],
  });
}

/** Every optional field empty (and an extension request stored before requests had ids and end dates). */
async function seedSparse(store: Store, db: { sql: SqlQuery }) {
  await store.commit({
    customer: customer({ id: "c-bare", handle: "bare", admins: [], managingPartners: [], purchasedServices: [] }),
    trial: {
      next: trial({
        id: "t-bare",
        customerId: "c-bare",
        services: [],
        meetings: null,
        devices: null,
        startDate: null,
        endDate: null,
        consentAdminEmail: null,
        consentRequestedAt: null,
        consentDeadline: null,
        partnerAccess: null,
        conversion: null,
        deviceDaysUsed: 0,
        devicesSince: null,
        handledTimers: {},
      }),
      expectedVersion: null,
    },
    audit: [],
    outbox: [],
  });
  await db.sql.query(
    "test_legacy_extension",
    "UPDATE trials SET extension_id = NULL, extension_end_date = NULL WHERE id = $1::text",
    ["t-bare"],
  );
}

for (const [name, makeTarget] of [
  ["PostgreSQL", postgresTarget],
  ["PGlite", pgliteTarget],
] as const) {
  describe(`plain-SQL reads read what Prisma reads (${name})`, () => {
    let target: TestTarget;
    let store: Store;
    let reference: ReturnType<typeof prismaReads>;
    beforeAll(async () => {
      target = await makeTarget();
      store = createPrismaStore(target.db);
      reference = prismaReads(target.db.prisma);
    });
    afterAll(async () => {
      await target?.dispose();
    });
    beforeEach(async () => {
      await truncateAll(target.db);
      await seedFull(store);
      await seedSparse(store, target.db);
    });

    /** Each read in a session whose clock and date style differ from the UTC/ISO defaults. */
    const inOtherSession = <T>(read: (sql: SqlQuery) => Promise<T>) =>
      target.db.sql.transaction(async (tx) => {
        await tx.query("test_set_zone", "SET LOCAL TimeZone = 'Pacific/Chatham'", []);
        await tx.query("test_set_datestyle", "SET LOCAL DateStyle = 'SQL, DMY'", []);
        return read(tx);
      });

    it("trialFacts: every field, every list in order, with everything set and with nothing set", async () => {
      for (const id of ["t-1", "t-bare", "t-missing"]) {
        const expected = await reference.trialFacts(id);
        expect(await store.trialFacts(id)).toStrictEqual(expected);
        expect(await inOtherSession((sql) => readTrialFacts(sql, id))).toStrictEqual(expected);
      }
      const facts = (await store.trialFacts("t-1"))!;
      // The reference itself holds what the seed wrote, so the comparison is not of two empty reads.
      expect(facts.devices.map((d) => d.id)).toEqual(["d-0", "d-1", "d-2"]);
      expect(facts.partnerPeople.map((p) => p.id)).toEqual(["u-alice", "u-bob", "u-zoe"]);
      expect(facts.customer.admins.map((a) => a.email)).toEqual([
        "zed@globex.example",
        "amy@globex.example",
        "mia@globex.example",
      ]);
      expect(facts.customer.managingPartners.map((m) => m.partnerId)).toEqual(["p-beta", "p-acme"]);
      expect(facts.devices[0]!.shippedAt).toEqual(new Date("1969-12-31T23:59:59.999Z"));
      expect(facts.trial.conversion?.orderNumber).toBe("SO-1");
      expect((await store.trialFacts("t-bare"))!.trial.pendingDeviceExtension?.id).toBe(
        "t-bare:2026-04-01T01:02:03.004Z",
      );
    });

    it("trialFacts of one moment are one statement; each caller gets its own trial's facts", async () => {
      const names: string[] = [];
      const counted: Sql = {
        query(name, text, values) {
          names.push(name);
          return target.db.sql.query(name, text, values);
        },
        transaction: (fn, limits) => target.db.sql.transaction(fn, limits),
      };
      const ids = ["t-1", "t-missing", "t-bare", "t-1"];
      const read = trialFactsReader(counted);
      const got = await Promise.all(ids.map(read));
      expect(names).toEqual(["trials_trial_facts_of_many"]);
      for (const [i, id] of ids.entries()) expect(got[i]).toStrictEqual(await reference.trialFacts(id));
      expect(got.map((f) => f?.trial.id ?? null)).toEqual(["t-1", null, "t-bare", "t-1"]);
    });

    it("getTrial, getCustomer and findCustomerByHandle", async () => {
      for (const id of ["t-1", "t-bare", "t-missing"]) {
        const expected = await reference.getTrial(id);
        expect(await store.getTrial(id)).toStrictEqual(expected);
        expect(await inOtherSession((sql) => readTrial(sql, id))).toStrictEqual(expected);
      }
      for (const [id, handle] of [
        ["c-globex", "globex"],
        ["c-bare", "bare"],
        ["c-missing", "missing"],
      ] as const) {
        const expected = await reference.getCustomer({ id });
        expect(await store.getCustomer(id)).toStrictEqual(expected);
        expect(await store.findCustomerByHandle(handle)).toStrictEqual(await reference.getCustomer({ handle }));
        expect(await inOtherSession((sql) => readCustomer(sql, "handle", handle))).toStrictEqual(expected);
      }
      expect((await store.getCustomer("c-globex"))!.admins).toHaveLength(3);
    });
  });
}
