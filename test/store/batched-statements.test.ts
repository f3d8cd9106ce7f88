// Group commit of the webhook inbox (prisma/batched-statements.ts) on both databases: the
// webhooks of one moment are recorded, marked handled, and their senders read, by one statement;
// each caller still gets its own answer, and a failed statement fails every caller in it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReplicaStore } from "../../prisma/replica-store.ts";
import type { Sql } from "../../prisma/sql.ts";
import { prismaPartners, prismaPeople } from "../../prisma/store/partners.ts";
import { prismaWebhooks } from "../../prisma/store/webhooks.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { deliveryBatches } from "./batched-delivery.ts";
import { pgliteTarget, postgresTarget, type TestTarget } from "./harness.ts";

const claimant = { instance: "host:test", id: "host:test/boot1" };
const envelope = (id: string) => ({ resource: "messages", event: "created", data: { id } });

function counting(sql: Sql, failing: { on: boolean }) {
  const statements: string[] = [];
  const counted: Sql = {
    async query(name, text, values) {
      statements.push(name);
      if (failing.on) throw new Error("connection terminated unexpectedly");
      return sql.query(name, text, values);
    },
    transaction: (fn) => sql.transaction(fn),
  };
  return { counted, statements };
}

for (const make of [postgresTarget, pgliteTarget]) {
  // biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
  describe(`webhook inbox group commit on ${make === postgresTarget ? "PostgreSQL" : "PGlite"}`, () => {
    let target: TestTarget;
    let statements: string[];
    let counted: Sql;
    const txOptions = { maxWait: 10_000, timeout: 20_000 };
    const failing = { on: false };
    let replicas: ReturnType<typeof createReplicaStore>;
    let webhooks: ReturnType<typeof prismaWebhooks>;
    beforeAll(async () => {
      target = await make();
    });
    afterAll(() => target?.dispose());
    beforeEach(async () => {
      await truncateAll(target.db);
      const c = counting(target.db.sql, failing);
      statements = c.statements;
      counted = c.counted;
      failing.on = false;
      replicas = createReplicaStore({ prisma: target.db.prisma, sql: c.counted });
      webhooks = prismaWebhooks({
        prisma: target.db.prisma,
        sql: c.counted,
        txOptions: { maxWait: 10_000, timeout: 20_000 },
      });
    });
    const record = (key: string) => replicas.recordClaimedWebhook(key, envelope(key), new Date(), claimant, 60_000);

    it("records the webhooks of one moment in one statement; a repeat, in it or later, is not new", async () => {
      const keys = Array.from({ length: 12 }, (_, i) => `m:${i}`);
      const answers = await Promise.all([...keys.map(record), record("m:3")]);
      expect(answers).toEqual([...keys.map(() => true), false]);
      expect(statements).toHaveLength(1);
      expect(await record("m:5")).toBe(false);
      expect(await record("m:new")).toBe(true);
      const rows = await target.db.sql.query<{ n: number }>(
        "t_count",
        "SELECT count(*)::int AS n FROM processed_events",
        [],
      );
      expect(rows.rows[0]?.n).toBe(13);
      // Each key keeps its own envelope (they travel as one JSON array beside the keys).
      const stored = await target.db.sql.query<{ key: string; id: string }>(
        "t_envelopes",
        "SELECT key, envelope->'data'->>'id' AS id FROM processed_events ORDER BY key",
        [],
      );
      for (const row of stored.rows) expect(row.id).toBe(row.key);
    });

    it("marks the webhooks of one moment handled in one statement, dropping their envelopes", async () => {
      await Promise.all(["h:1", "h:2", "h:3"].map(record));
      statements.length = 0;
      const at = new Date("2026-12-02T10:00:00.000Z");
      await Promise.all(["h:1", "h:3"].map((k) => webhooks.markWebhookHandled(k, at)));
      expect(statements).toHaveLength(1);
      const unhandled = await webhooks.unhandledWebhooks(new Date(0), 10);
      expect(unhandled.map((u) => u.key)).toEqual(["h:2"]);
      const { rows } = await target.db.sql.query<{ key: string; handled_at: Date | null; envelope: unknown }>(
        "t_rows",
        "SELECT key, handled_at, envelope FROM processed_events ORDER BY key",
        [],
      );
      expect(rows.map((r) => [r.key, r.handled_at?.toISOString() ?? null, r.envelope === null])).toEqual([
        ["h:1", at.toISOString(), true],
        ["h:2", null, false],
        ["h:3", at.toISOString(), true],
      ]);
    });

    it("marks and records of one moment go as one statement; a repeat of a webhook being marked is not new", async () => {
      await Promise.all(["d:1", "d:2"].map(record));
      statements.length = 0;
      const at = new Date("2026-12-02T11:00:00.000Z");
      const [marked, ...recorded] = await Promise.all([
        webhooks.markWebhookHandled("d:1", at),
        record("d:3"),
        record("d:1"),
        webhooks.markWebhookHandled("d:2", at),
      ]);
      expect(marked).toBeUndefined();
      expect(recorded.slice(0, 2)).toEqual([true, false]);
      expect(statements).toEqual(["trials_inbox_hr"]);
      const { rows } = await target.db.sql.query<{ key: string; handled: boolean; envelope: boolean }>(
        "t_marked",
        "SELECT key, handled_at IS NOT NULL AS handled, envelope IS NOT NULL AS envelope FROM processed_events ORDER BY key",
        [],
      );
      expect(rows).toEqual([
        { key: "d:1", handled: true, envelope: false },
        { key: "d:2", handled: true, envelope: false },
        { key: "d:3", handled: false, envelope: true },
      ]);
    });

    it("reads the people and partners of one moment in one statement each; each caller gets its own", async () => {
      const people = prismaPeople({ prisma: target.db.prisma, sql: counted, txOptions });
      const partners = prismaPartners({ prisma: target.db.prisma, sql: counted, txOptions });
      await target.db.sql.query(
        "t_seed_partner",
        "INSERT INTO partners (id, name, tier, time_zone, email_domains) VALUES ('p1', 'Acme', 'tier1', 'UTC', '{acme.example}')",
        [],
      );
      for (const [id, webex] of [
        ["a", "wx-a"],
        ["b", "wx-b"],
      ])
        await target.db.sql.query(
          "t_seed_person",
          "INSERT INTO people (id, email, webex_person_id, partner_id, role, language) VALUES ($1, $1 || '@acme.example', $2, 'p1', 'read_only', 'ko')",
          [id, webex],
        );
      statements.length = 0;
      const found = await Promise.all(["wx-b", "wx-none", "wx-a", "wx-b"].map((w) => people.findSenderByWebexId(w)));
      expect(found.map((s) => s?.person.email ?? null)).toEqual([
        "b@acme.example",
        null,
        "a@acme.example",
        "b@acme.example",
      ]);
      expect(found[0]?.partner?.name).toBe("Acme");
      expect(found[0]?.person).toEqual({
        id: "b",
        email: "b@acme.example",
        webexPersonId: "wx-b",
        partnerId: "p1",
        role: "read_only",
        language: "ko",
      });
      const ps = await Promise.all(["p1", "p2"].map((id) => partners.getPartner(id)));
      expect(ps).toEqual([
        { id: "p1", name: "Acme", tier: "tier1", timeZone: "UTC", emailDomains: ["acme.example"], webexOrgId: null },
        null,
      ]);
      expect(statements).toEqual(["trials_inbox_s", "trials_partners_by_id"]);
    });

    it("records, marks and reads the senders of one moment in one statement; each caller gets its own", async () => {
      const people = prismaPeople({ prisma: target.db.prisma, sql: counted, txOptions });
      await target.db.sql.query(
        "t_seed_person_alone",
        "INSERT INTO people (id, email, webex_person_id, role, language) VALUES ('o', 'o@ops.example', 'wx-o', 'ops', 'en')",
        [],
      );
      await record("s:1");
      statements.length = 0;
      const at = new Date("2026-12-02T12:00:00.000Z");
      const [sender, nobody, fresh, repeat] = await Promise.all([
        people.findSenderByWebexId("wx-o"),
        people.findSenderByWebexId("wx-none"),
        record("s:2"),
        record("s:1"),
        webhooks.markWebhookHandled("s:1", at),
      ]);
      expect(statements).toEqual(["trials_inbox_hrs"]);
      expect(sender).toEqual({
        person: {
          id: "o",
          email: "o@ops.example",
          webexPersonId: "wx-o",
          partnerId: null,
          role: "ops",
          language: "en",
        },
        partner: null,
      });
      expect(nobody).toBeNull();
      expect([fresh, repeat]).toEqual([true, false]);
      const unhandled = await webhooks.unhandledWebhooks(new Date(0), 10);
      expect(unhandled.map((u) => u.key)).toEqual(["s:2"]);
    });

    it("fails every webhook of a statement that fails, and records none of them", async () => {
      failing.on = true;
      const settled = await Promise.allSettled(["f:1", "f:2", "f:3"].map(record));
      expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
      failing.on = false;
      expect(await Promise.all(["f:1", "f:2"].map(record))).toEqual([true, true]);
    });

    describe("outbox delivery", () => {
      deliveryBatches({
        target: () => target,
        counted: () => counted,
        statements: () => statements,
        failing,
        concurrent: make === postgresTarget,
      });
    });
  });
}
