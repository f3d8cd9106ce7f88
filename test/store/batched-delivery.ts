// The statements of outbox delivery, grouped (prisma/batched-statements.ts): the claims, the
// marks as sent, a trial's timers and the recipient reads of one turn go as one statement each,
// and every caller gets what it got when the calls came one at a time. Run on both databases by
// batched-statements.test.ts.
import { beforeEach, expect, it } from "vitest";
import { type RecipientStore, recipientOf } from "../../app/delivery/recipients.ts";
import type { OutboxClaim, OutboxClaimant, OutboxRow, OutboxStore, Store, TrialStore } from "../../app/store.ts";
import type { OutgoingMessage } from "../../domain/effects.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import type { Sql } from "../../prisma/sql.ts";
import type { PrismaContext } from "../../prisma/store/context.ts";
import { prismaCustomers } from "../../prisma/store/customers.ts";
import { prismaOutbox } from "../../prisma/store/outbox.ts";
import { prismaPeople, prismaSpaces } from "../../prisma/store/partners.ts";
import { prismaTrials } from "../../prisma/store/trials.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { emptyCommit, seedTrialIn } from "./contract/helpers.ts";
import { message, partner, person, timer, trial } from "./fixtures.ts";
import type { TestTarget } from "./harness.ts";

export interface BatchContext {
  target(): TestTarget;
  /** The target's plain SQL, counting each statement's name in `statements`. */
  counted(): Sql;
  statements(): string[];
  /** While on, every counted statement fails as a lost connection would. */
  failing: { on: boolean };
  /** Statements run side by side (PostgreSQL; PGlite runs one at a time). */
  concurrent: boolean;
}

const me: OutboxClaimant = { id: "host:test/boot1", instance: "host:test" };
const other: OutboxClaimant = { id: "host-b/boot-9", instance: "host-b" };
const STALE = new Date("2026-01-01T00:00:00.000Z");

/** A claim or row as a comparable value: instants set by this run's claims read "claimed now". */
function claimShape(claim: OutboxClaim | null, since: number) {
  return claim && { row: rowShape(claim.row, since), abandonedClaimAt: claim.abandonedClaimAt?.toISOString() ?? null };
}

function rowShape(row: OutboxRow | null, since: number) {
  if (!row) return null;
  const { createdAt: _, claimedAt, ...rest } = row;
  const claimed = claimedAt === null ? null : claimedAt.getTime() >= since ? "claimed now" : claimedAt.toISOString();
  return { ...rest, claimedAt: claimed };
}

async function settle<T>(calls: Array<() => Promise<T>>, oneAtATime: boolean) {
  if (!oneAtATime) return Promise.allSettled(calls.map((c) => c()));
  const out: PromiseSettledResult<T>[] = [];
  for (const c of calls) out.push(...(await Promise.allSettled([c()])));
  return out;
}

const outcome = <T, U>(s: PromiseSettledResult<T>, shape: (v: T) => U): { ok: U } | { error: string } =>
  s.status === "fulfilled" ? { ok: shape(s.value) } : { error: String((s.reason as Error).message) };

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
export function deliveryBatches(ctx: BatchContext): void {
  let seeding: Store;
  let context: PrismaContext;
  beforeEach(async () => {
    await truncateAll(ctx.target().db);
    seeding = createPrismaStore(ctx.target().db);
    context = { prisma: ctx.target().db.prisma, sql: ctx.counted(), txOptions: { maxWait: 10_000, timeout: 20_000 } };
  });
  const setState = (id: string, state: string, claimedAt: Date | null, claimedBy: string | null) =>
    ctx
      .target()
      .db.sql.query(
        "t_outbox_state",
        "UPDATE outbox SET state = $2, claimed_at = $3::timestamptz, claimed_by = $4 WHERE id = $1",
        [id, state, claimedAt?.toISOString() ?? null, claimedBy],
      );
  const enqueue = async (...ids: string[]) => {
    for (const id of ids) await seeding.enqueueMessageOnce(id, message("partner.trial_started", { id }));
  };

  /**
   * Runs `calls` one at a time and then, on the same data seeded again, all in one turn; `after`
   * reads what each run left.
   */
  async function bothWays<T, A = undefined>(
    seed: () => Promise<void>,
    calls: (s: OutboxStore & TrialStore) => Array<() => Promise<T>>,
    after: (since: number) => Promise<A> = async () => undefined as A,
  ) {
    const runs = [];
    for (const oneAtATime of [true, false]) {
      await truncateAll(ctx.target().db);
      await seed();
      // New batchers for each run: a store's grouping starts empty.
      const store = { ...prismaOutbox(context), ...prismaTrials(context) };
      ctx.statements().length = 0;
      const since = Date.now() - 50;
      const settled = await settle(calls(store), oneAtATime);
      const statements = [...ctx.statements()];
      runs.push({ settled, since, statements, after: await after(since) });
    }
    return runs as [(typeof runs)[number], (typeof runs)[number]];
  }

  it("claims of one turn: one statement, each caller's claim as one at a time (a fresh claim of another stays theirs, sent and failed never)", async () => {
    const recent = new Date(Date.now() - 1_000);
    const ids = ["o-pending", "o-pending-2", "o-fresh", "o-stale", "o-old-boot", "o-no-time", "o-sent", "o-failed"];
    const seed = async () => {
      await enqueue(...ids);
      await setState("o-fresh", "sending", recent, other.id);
      await setState("o-stale", "sending", STALE, other.id);
      await setState("o-old-boot", "sending", recent, "host:test/boot0");
      await setState("o-no-time", "sending", null, null);
      await setState("o-sent", "sent", STALE, me.id);
      await setState("o-failed", "failed", STALE, me.id);
    };
    const requests: Array<[string, number, OutboxClaimant | undefined]> = [
      ["o-pending", 60_000, me],
      ["o-pending", 60_000, me],
      ["o-fresh", 60_000, me],
      ["o-stale", 60_000, me],
      ["o-old-boot", 60_000, me],
      ["o-no-time", 60_000, undefined],
      ["o-sent", 0, me],
      ["o-failed", 0, me],
      ["o-missing", 0, me],
      ["o-pending-2", 0, undefined],
      ["o-fresh", 60_000, other],
    ];
    const [single, batched] = await bothWays(
      seed,
      (store) =>
        requests.map(
          ([id, lease, claimant]) =>
            () =>
              store.claimOutbox(id, lease, claimant),
        ),
      async (since) => (await Promise.all(ids.map((id) => seeding.getOutboxRow(id)))).map((r) => rowShape(r, since)),
    );
    expect(single.statements).toHaveLength(requests.length);
    expect(batched.statements).toEqual(["trials_outbox_claim_many"]);
    const results = batched.settled.map((s) => outcome(s, (c) => claimShape(c, batched.since)));
    expect(results).toEqual(single.settled.map((s) => outcome(s, (c) => claimShape(c, single.since))));
    expect(results.map((r) => ("ok" in r && r.ok ? (r.ok.abandonedClaimAt ?? "pending") : null))).toEqual([
      "pending",
      null,
      null,
      STALE.toISOString(),
      recent.toISOString(),
      new Date(0).toISOString(),
      null,
      null,
      null,
      "pending",
      null,
    ]);
    expect(results[0]).toMatchObject({ ok: { row: { id: "o-pending", state: "sending", claimedBy: me.id } } });
    expect(results[5]).toMatchObject({ ok: { row: { claimedBy: null, claimedAt: "claimed now" } } });
    expect(batched.after).toEqual(single.after);
    expect(batched.after.map((r) => [r?.state, r?.claimedBy])).toEqual([
      ["sending", me.id],
      ["sending", null],
      ["sending", other.id],
      ["sending", me.id],
      ["sending", me.id],
      ["sending", null],
      ["sent", me.id],
      ["failed", me.id],
    ]);
  });

  it("one row asked for several times in one turn: exactly one caller claims it, the first that may", async () => {
    await enqueue("o-x", "o-y", "o-z");
    await setState("o-y", "sending", new Date(Date.now() - 1_000), "host:test/boot0");
    const store = prismaOutbox(context);
    ctx.statements().length = 0;
    const x = await Promise.all([1, 2, 3].map(() => store.claimOutbox("o-x", 60_000, me)));
    expect(x.map((c) => c !== null)).toEqual([true, false, false]);
    // Another instance cannot take a fresh claim; this instance's new boot takes its old boot's, once.
    const y = await Promise.all([
      store.claimOutbox("o-y", 60_000, other),
      store.claimOutbox("o-y", 60_000, me),
      store.claimOutbox("o-y", 60_000, me),
      store.claimOutbox("o-y", 60_000),
    ]);
    expect(y.map((c) => c !== null)).toEqual([false, true, false, false]);
    expect(y[1]?.abandonedClaimAt).toBeInstanceOf(Date);
    // Even under a lease of 0 (one at a time, the second would take over the first's claim).
    const z = await Promise.all([store.claimOutbox("o-z", 0, me), store.claimOutbox("o-z", 0)]);
    expect(z.map((c) => c?.row.claimedBy ?? null)).toEqual([me.id, null]);
    expect(ctx.statements()).toEqual(Array(3).fill("trials_outbox_claim_many"));
    expect((await seeding.getOutboxRow("o-x"))?.claimedBy).toBe(me.id);
    expect((await seeding.getOutboxRow("o-y"))?.claimedBy).toBe(me.id);
  });

  it("marks of one turn: one statement, each row as marked one at a time (a row marked twice counts both), a missing row fails its caller alone", async () => {
    const ids = ["o-a", "o-b", "o-c", "o-failed"];
    const seed = async () => {
      await enqueue(...ids);
      for (const id of ["o-a", "o-b"]) await setState(id, "sending", STALE, me.id);
      await setState("o-failed", "failed", STALE, me.id);
    };
    const at = (n: number) => new Date(`2026-03-01T10:00:0${n}.000Z`);
    const requests: Array<[string, string, Date]> = [
      ["o-a", "wx-1", at(1)],
      ["o-b", "wx-2", at(2)],
      ["o-missing", "wx-3", at(3)],
      ["o-a", "wx-4", at(4)],
      ["o-c", "wx-5", at(5)],
      ["o-failed", "wx-6", at(6)],
    ];
    const [single, batched] = await bothWays(
      seed,
      (store) =>
        requests.map(
          ([id, wx, when]) =>
            () =>
              store.markOutboxSent(id, wx, when),
        ),
      async (since) => (await Promise.all(ids.map((id) => seeding.getOutboxRow(id)))).map((r) => rowShape(r, since)),
    );
    expect(single.statements).toHaveLength(requests.length);
    expect(batched.statements).toEqual(["trials_outbox_sent_many"]);
    const outcomes = (r: typeof single) => r.settled.map((s) => outcome(s, () => "marked"));
    expect(outcomes(batched)).toEqual(outcomes(single));
    expect(outcomes(batched)[2]).toEqual({ error: "outbox row o-missing not found" });
    expect(batched.after).toEqual(single.after);
    expect(batched.after[0]).toMatchObject({ state: "sent", attempts: 2, webexMessageId: "wx-4", sentAt: at(4) });
    expect(batched.after.map((r) => [r?.state, r?.webexMessageId, r?.attempts])).toEqual([
      ["sent", "wx-4", 2],
      ["sent", "wx-2", 1],
      ["sent", "wx-5", 1],
      ["sent", "wx-6", 1],
    ]);
  });

  it("a trial's pending timers, asked for several trials in one turn: one statement, each trial's own, soonest first", async () => {
    const seed = async () => {
      await seedTrialIn(seeding);
      for (const id of ["t-2", "t-3"])
        await seeding.commit(emptyCommit({ trial: { next: trial({ id, meetings: null }), expectedVersion: null } }));
      const at = "2026-03-08T00:00:00Z";
      await seeding.commit(
        emptyCommit({
          timers: {
            trialId: "t-1",
            pending: [timer("expiry", "2026-05-01T00:00:00Z"), timer("reminder_before_end", "2026-04-23T00:00:00Z")],
          },
        }),
      );
      await seeding.commit(
        emptyCommit({ timers: { trialId: "t-2", pending: [timer("lapse", at, "t-2"), timer("expiry", at, "t-2")] } }),
      );
    };
    const trials = ["t-2", "t-1", "t-3", "t-nope", "t-1"];
    const [single, batched] = await bothWays(seed, (store) => trials.map((id) => () => store.pendingTimers(id)));
    expect(single.statements).toHaveLength(trials.length);
    expect(batched.statements).toEqual(["trials_timers_of_trials"]);
    expect(batched.settled).toEqual(single.settled);
    expect(batched.settled.map((s) => (s.status === "fulfilled" ? s.value.map((t) => t.kind) : s.reason))).toEqual([
      ["expiry", "lapse"],
      ["reminder_before_end", "expiry"],
      [],
      [],
      ["reminder_before_end", "expiry"],
    ]);
  });

  it("recipients of one turn: a space with its people in one statement, people by e-mail in another; each as one at a time", async () => {
    await seeding.upsertPartner(partner());
    await seeding.upsertPartner(partner({ id: "p-beta", name: "Beta", emailDomains: ["beta.example"] }));
    const ops = person({ id: "u-ops", email: "ops@webex.example", webexPersonId: null, partnerId: null, role: "ops" });
    const bob = person({ id: "u-bob", email: "bob@acme-net.example", webexPersonId: "wx-bob", language: "ko" });
    const kim = person({ id: "u-kim", email: "kim@acme-net.example", webexPersonId: "wx-kim", language: "ko" });
    for (const p of [person(), ops, bob, kim]) await seeding.upsertPerson(p);
    await seeding.linkSpace({ roomId: "room-ops", kind: "ops", partnerId: null });
    await seeding.linkSpace({ roomId: "room-acme", kind: "partner", partnerId: "p-acme" });
    await seeding.linkSpace({ roomId: "room-acme-ops", kind: "ops", partnerId: "p-acme" });
    const store: RecipientStore = { ...prismaPeople(context), ...prismaSpaces(context), ...prismaCustomers(context) };
    const to = (t: OutgoingMessage["to"]): OutgoingMessage => ({ to: t, template: "ops.event", data: {} });
    const messages = [
      to({ kind: "partner_space", partnerId: "p-acme" }),
      to({ kind: "email", email: "bob@acme-net.example" }),
      to({ kind: "ops_space" }),
      to({ kind: "partner_space", partnerId: "p-beta" }),
      to({ kind: "ops_space", partnerId: "p-acme" }),
      to({ kind: "email", email: "ops@webex.example" }),
      to({ kind: "partner_space", partnerId: "p-acme" }),
    ];
    const texts = { languageOf: () => "en" as const };
    ctx.statements().length = 0;
    const single = [];
    for (const m of messages) single.push(await recipientOf(store, texts, m));
    expect(ctx.statements()).toHaveLength(messages.length);
    ctx.statements().length = 0;
    expect(await Promise.all(messages.map((m) => recipientOf(store, texts, m)))).toEqual(single);
    expect(ctx.statements().sort()).toEqual(["trials_people_by_email", "trials_spaces_with_people"]);
    expect(single).toEqual([
      { to: { roomId: "room-acme" }, lang: "ko" },
      { to: { toPersonEmail: "bob@acme-net.example" }, lang: "ko" },
      { to: { roomId: "room-ops" }, lang: "en" },
      "partner p-beta has no linked space (space link <partner> partner)",
      { to: { roomId: "room-acme-ops" }, lang: "ko" },
      { to: { toPersonEmail: "ops@webex.example" }, lang: "en" },
      { to: { roomId: "room-acme" }, lang: "ko" },
    ]);
    // The store calls themselves, concurrently and one at a time.
    const spaces = prismaSpaces(context);
    const keys: Array<["partner" | "ops", string | null]> = [
      ["partner", "p-acme"],
      ["ops", null],
      ["partner", "p-beta"],
      ["ops", "p-acme"],
      ["partner", null],
      ["partner", "p-acme"],
    ];
    const oneByOne = [];
    for (const [kind, p] of keys) oneByOne.push(await spaces.spaceWithPeople(kind, p));
    expect(await Promise.all(keys.map(([kind, p]) => spaces.spaceWithPeople(kind, p)))).toEqual(oneByOne);
    expect(oneByOne[0]).toEqual({
      space: { roomId: "room-acme", kind: "partner", partnerId: "p-acme" },
      people: [person(), bob, kim],
    });
    expect(oneByOne[1]?.people).toEqual([ops]);
    const people = prismaPeople(context);
    const emails = ["kim@acme-net.example", "nobody@x.example", "alice@acme-net.example", "kim@acme-net.example"];
    const found = [];
    for (const e of emails) found.push(await people.findPersonByEmail(e));
    ctx.statements().length = 0;
    expect(await Promise.all(emails.map((e) => people.findPersonByEmail(e)))).toEqual(found);
    expect(found).toEqual([kim, null, person(), kim]);
    expect(ctx.statements()).toEqual(["trials_people_by_email"]);
  });

  it.runIf(ctx.concurrent)(
    "claims and marks lock their rows in id order: a batch waiting for a row holds none after it, so two never deadlock",
    async () => {
      const { sql } = ctx.target().db;
      const ids = Array.from({ length: 12 }, (_, i) => `o-${String(i).padStart(2, "0")}`);
      // Written last id first (an update writes a new row version), so a scan of the table
      // meets the rows in the opposite order.
      const descending = [...ids].reverse();
      await enqueue(...descending);
      for (const op of ["claim", "mark"] as const) {
        for (const id of descending) await setState(id, "sending", STALE, other.id);
        const store = prismaOutbox(context);
        let held!: () => void;
        let release!: () => void;
        const holding = new Promise<void>((r) => (held = r));
        const released = new Promise<void>((r) => (release = r));
        const holder = sql.transaction(async (tx) => {
          await tx.query("t_hold_first", "SELECT id FROM outbox WHERE id = 'o-00' FOR UPDATE", []);
          held();
          await released;
        });
        await holding;
        // Asked for last id first too: whichever way the statement joins, it meets o-00 last.
        const batch = Promise.all(
          [...ids]
            .reverse()
            .map((id) => (op === "claim" ? store.claimOutbox(id, 60_000, me) : store.markOutboxSent(id, "wx", STALE))),
        );
        for (let waiting = 0, tries = 0; waiting === 0 && tries < 300; tries++) {
          await new Promise((r) => setTimeout(r, 10));
          const { rows } = await sql.query<{ n: number }>(
            "t_lock_waits",
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
            [],
          );
          waiting = rows[0]?.n ?? 0;
        }
        // Waiting for the first row, the batch has locked no other.
        const free = await sql.transaction(
          async (tx) =>
            (
              await tx.query<{ id: string }>(
                "t_free_rows",
                "SELECT id FROM outbox ORDER BY id FOR UPDATE SKIP LOCKED",
                [],
              )
            ).rows,
        );
        release();
        await holder;
        await batch;
        expect(
          free.map((r) => r.id),
          op,
        ).toEqual(ids.slice(1));
      }
    },
  );

  it("a failed statement fails every caller in it: nothing is claimed, marked or read silently", async () => {
    await enqueue("o-a", "o-b");
    await seedTrialIn(seeding);
    const store = {
      ...prismaOutbox(context),
      ...prismaTrials(context),
      ...prismaPeople(context),
      ...prismaSpaces(context),
    };
    ctx.failing.on = true;
    const settled = await Promise.allSettled<unknown>([
      store.claimOutbox("o-a", 60_000, me),
      store.claimOutbox("o-b", 60_000, me),
      store.markOutboxSent("o-a", "wx-1", new Date()),
      store.markOutboxSent("o-b", "wx-2", new Date()),
      store.pendingTimers("t-1"),
      store.pendingTimers("t-2"),
      store.spaceWithPeople("partner", "p-acme"),
      store.spaceWithPeople("ops", null),
      store.findPersonByEmail("alice@acme-net.example"),
      store.findPersonByEmail("bob@acme-net.example"),
    ]);
    expect(settled.map((s) => s.status)).toEqual(Array(10).fill("rejected"));
    ctx.failing.on = false;
    expect((await seeding.getOutboxRow("o-a"))?.state).toBe("pending");
    expect(
      (await Promise.all(["o-a", "o-b"].map((id) => store.claimOutbox(id, 60_000, me)))).map((c) => c?.row.id),
    ).toEqual(["o-a", "o-b"]);
  });
}
