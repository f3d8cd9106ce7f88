// The Store port (app/store.ts) on Prisma: PostgreSQL or PGlite, see database.ts.
import { randomUUID } from "node:crypto";
import {
  ConcurrentChangeError,
  type Commit,
  type CommitResult,
  type OutboxClaim,
  type OutboxRow,
  type Space,
  type SpaceKind,
  type Store,
  type StoredAuditEntry,
  type TrialFilter,
} from "../app/store.ts";
import type { AuditEntry, OutgoingMessage, TimerSpec } from "../domain/effects.ts";
import { LIVE_STATUSES } from "../domain/eligibility.ts";
import type { Customer, Language, Partner, Person, Trial, TrialStatus } from "../domain/model.ts";
import type { Database } from "./database.ts";
import { Prisma } from "./generated/client.ts";
import {
  auditFromRow,
  auditToRow,
  customerAdminRows,
  customerFromRow,
  customerInclude,
  customerToRow,
  dateToDb,
  deviceFromRow,
  deviceToRow,
  managingPartnerRows,
  outboxFromRow,
  outboxToRow,
  partnerFromRow,
  partnerToRow,
  personFromRow,
  personToRow,
  spaceFromRow,
  timerFromRow,
  trialFromRow,
  trialToData,
} from "./mapping.ts";

type Tx = Prisma.TransactionClient;

/** R-SVC-2: a Meetings site stays taken while its trial is live, and for good once converted. */
const SITE_HOLDING_STATUSES: TrialStatus[] = [...LIVE_STATUSES, "converted"];

export interface PrismaStoreOptions {
  /** Longest wait for a transaction to start (PGlite runs one at a time). Default 10 s. */
  maxWaitMs?: number;
  /** Longest a commit transaction may run. Default 20 s. */
  timeoutMs?: number;
}

export function createPrismaStore(db: Database, options: PrismaStoreOptions = {}): Store {
  const prisma = db.prisma;
  const txOptions = { maxWait: options.maxWaitMs ?? 10_000, timeout: options.timeoutMs ?? 20_000 };

  async function writeCustomer(tx: Tx, customer: Customer): Promise<void> {
    const { id, ...rest } = customerToRow(customer);
    await tx.customer.upsert({ where: { id }, create: { id, ...rest }, update: rest });
    await tx.customerAdmin.deleteMany({ where: { customerId: id } });
    const admins = customerAdminRows(customer);
    if (admins.length > 0) await tx.customerAdmin.createMany({ data: admins });
    await tx.managingPartner.deleteMany({ where: { customerId: id } });
    const partners = managingPartnerRows(customer);
    if (partners.length > 0) await tx.managingPartner.createMany({ data: partners });
  }

  async function writeTrial(tx: Tx, next: Trial, expectedVersion: number | null): Promise<void> {
    const data = trialToData(next);
    if (expectedVersion === null) {
      // A trial with this id already there means someone else created it: a concurrent change.
      const { count } = await tx.trial.createMany({ data: [{ ...data, version: 1 }], skipDuplicates: true });
      if (count === 0) throw new ConcurrentChangeError(next.id);
      return;
    }
    const { id, ...rest } = data;
    // The conditional update takes the row lock; a concurrent commit of the same version waits
    // for ours and then finds the version moved on (PostgreSQL re-checks the WHERE after the
    // wait), so exactly one of them wins.
    const { count } = await tx.trial.updateMany({
      where: { id, version: expectedVersion },
      data: { ...rest, version: expectedVersion + 1 },
    });
    if (count === 0) throw new ConcurrentChangeError(next.id);
  }

  async function writeTimers(tx: Tx, trialId: string, pending: TimerSpec[]): Promise<void> {
    const byKind = new Map<string, TimerSpec>();
    for (const t of pending) {
      if (t.trialId !== trialId) {
        throw new Error(`commit: timer ${t.kind} is for trial ${t.trialId}, not ${trialId}`);
      }
      byKind.set(t.kind, t); // (trialId, kind) identifies a timer: the last one wins
    }
    await tx.timer.deleteMany({ where: { trialId } });
    if (byKind.size > 0) {
      await tx.timer.createMany({
        data: [...byKind.values()].map((t) => ({ trialId, kind: t.kind, dueAt: t.dueAt })),
      });
    }
  }

  async function insertOutbox(tx: Tx | typeof prisma, messages: OutgoingMessage[]): Promise<string[]> {
    if (messages.length === 0) return [];
    const now = new Date();
    const rows = messages.map((m) => outboxToRow(randomUUID(), m, now));
    await tx.outboxMessage.createMany({ data: rows });
    return rows.map((r) => r.id);
  }

  const store: Store = {
    // ── partners, people, spaces ──────────────────────────────────────────────────────────
    async upsertPartner(partner: Partner) {
      const { id, ...rest } = partnerToRow(partner);
      await prisma.partner.upsert({ where: { id }, create: { id, ...rest }, update: rest });
    },
    async getPartner(id) {
      const row = await prisma.partner.findUnique({ where: { id } });
      return row ? partnerFromRow(row) : null;
    },
    async findPartnerByName(name) {
      const row = await prisma.partner.findFirst({
        where: { name: { equals: name.trim(), mode: "insensitive" } },
        orderBy: { id: "asc" },
      });
      return row ? partnerFromRow(row) : null;
    },
    async listPartners() {
      return (await prisma.partner.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] })).map(partnerFromRow);
    },
    async upsertPerson(person: Person) {
      // The e-mail is a person's identity here (people are looked up, removed and re-registered
      // by e-mail); nothing references a person's id, so re-registering may give a new one.
      const row = personToRow(person);
      await prisma.person.upsert({ where: { email: row.email }, create: row, update: row });
    },
    async removePerson(email) {
      const { count } = await prisma.person.deleteMany({ where: { email } });
      return count > 0;
    },
    async findPersonByEmail(email) {
      const row = await prisma.person.findUnique({ where: { email } });
      return row ? personFromRow(row) : null;
    },
    async findPersonByWebexId(webexPersonId) {
      const row = await prisma.person.findUnique({ where: { webexPersonId } });
      return row ? personFromRow(row) : null;
    },
    async listPartnerPeople(partnerId) {
      return (await prisma.person.findMany({ where: { partnerId }, orderBy: { email: "asc" } })).map(personFromRow);
    },
    async listOpsPeople() {
      return (await prisma.person.findMany({ where: { role: "ops" }, orderBy: { email: "asc" } })).map(personFromRow);
    },
    async setPersonLanguage(email, language: Language) {
      await prisma.person.updateMany({ where: { email }, data: { language } });
    },
    async linkSpace(space: Space) {
      const data = { kind: space.kind, partnerId: space.partnerId, linkedAt: new Date() };
      await prisma.space.upsert({
        where: { roomId: space.roomId },
        create: { roomId: space.roomId, ...data },
        update: data,
      });
    },
    async findSpace(roomId) {
      const row = await prisma.space.findUnique({ where: { roomId } });
      return row ? spaceFromRow(row) : null;
    },
    async spaceFor(kind: SpaceKind, partnerId: string | null) {
      // The most recently linked space wins when a partner linked several. The partner is
      // always matched exactly: null is the trials team's ops space, never a partner's.
      const row = await prisma.space.findFirst({
        where: { kind, partnerId },
        orderBy: [{ linkedAt: "desc" }, { roomId: "asc" }],
      });
      return row ? spaceFromRow(row) : null;
    },

    // ── customers ─────────────────────────────────────────────────────────────────────────
    async upsertCustomer(customer) {
      await prisma.$transaction((tx) => writeCustomer(tx, customer), txOptions);
    },
    async getCustomer(id) {
      const row = await prisma.customer.findUnique({ where: { id }, include: customerInclude });
      return row ? customerFromRow(row) : null;
    },
    async getCustomers(ids) {
      if (ids.length === 0) return [];
      const rows = await prisma.customer.findMany({
        where: { id: { in: [...new Set(ids)] } },
        include: customerInclude,
      });
      return rows.map(customerFromRow);
    },
    async findCustomerByHandle(handle) {
      const row = await prisma.customer.findUnique({ where: { handle }, include: customerInclude });
      return row ? customerFromRow(row) : null;
    },
    async searchCustomers(text) {
      // Names are not patterns: LIKE's wildcards and its escape character are matched literally.
      const t = text.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = await prisma.customer.findMany({
        where: {
          OR: [{ name: { contains: t, mode: "insensitive" } }, { handle: { contains: t, mode: "insensitive" } }],
        },
        include: customerInclude,
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
      return rows.map(customerFromRow);
    },
    async listCustomers() {
      const rows = await prisma.customer.findMany({
        include: customerInclude,
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
      return rows.map(customerFromRow);
    },
    async customersAdministeredBy(email) {
      const rows = await prisma.customer.findMany({
        where: { admins: { some: { email } } },
        include: customerInclude,
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
      return rows.map(customerFromRow);
    },

    // ── trials ────────────────────────────────────────────────────────────────────────────
    async getTrial(id) {
      const row = await prisma.trial.findUnique({ where: { id } });
      return row ? trialFromRow(row) : null;
    },
    async listTrials(filter: TrialFilter) {
      const where: Prisma.TrialWhereInput = {};
      if (filter.partnerId !== undefined) where.partnerId = filter.partnerId;
      if (filter.customerId !== undefined) where.customerId = filter.customerId;
      if (filter.endingOnOrBefore !== undefined) {
        // "Active trials whose endDate is on or before": restricted to active unless the
        // filter names statuses itself.
        where.endDate = { lte: dateToDb(filter.endingOnOrBefore) };
        if (filter.statuses === undefined) where.status = "active";
      }
      if (filter.statuses !== undefined) where.status = { in: filter.statuses };
      const rows = await prisma.trial.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(trialFromRow);
    },
    async countTrials() {
      return prisma.trial.count();
    },
    async listDevices(filter = {}) {
      const rows = await prisma.deviceUnit.findMany({
        where: filter.returnStatuses ? { returnStatus: { in: filter.returnStatuses } } : {},
        orderBy: [{ shippedAt: "asc" }, { id: "asc" }],
      });
      return rows.map(deviceFromRow);
    },
    async devicesOfTrial(trialId) {
      const rows = await prisma.deviceUnit.findMany({
        where: { trialId },
        orderBy: [{ shippedAt: "asc" }, { id: "asc" }],
      });
      return rows.map(deviceFromRow);
    },
    async isSiteUrlTaken(siteUrl, exceptTrialId) {
      const row = await prisma.trial.findFirst({
        where: {
          meetingsSiteUrl: { equals: siteUrl.trim(), mode: "insensitive" },
          status: { in: SITE_HOLDING_STATUSES },
          ...(exceptTrialId !== undefined ? { id: { not: exceptTrialId } } : {}),
        },
        select: { id: true },
      });
      return row !== null;
    },
    async pendingTimers(trialId) {
      const rows = await prisma.timer.findMany({
        where: trialId === undefined ? {} : { trialId },
        orderBy: [{ dueAt: "asc" }, { trialId: "asc" }, { kind: "asc" }],
      });
      return rows.map(timerFromRow);
    },
    async nextTimers() {
      // One row per trial (not every pending row), read by an index-only scan of
      // (trial_id, due_at, kind), and sent as one text value: 100,000 rows through the client's
      // row decoding cost seconds, one string and a split a few ms. Fields: kind, epoch ms,
      // trial id (last: the only free text), separated by ASCII unit/record separators.
      const [row] = await prisma.$queryRaw<{ next: string | null }[]>`
        SELECT string_agg(kind || chr(31) || (extract(epoch FROM due_at) * 1000)::bigint || chr(31) || trial_id, chr(30)) AS next
        FROM (SELECT DISTINCT ON (trial_id) trial_id, kind, due_at FROM timers ORDER BY trial_id, due_at, kind) n`;
      if (!row?.next) return [];
      return row.next.split("\x1e").map((line) => {
        const [kind, ms, ...id] = line.split("\x1f");
        return { trialId: id.join("\x1f"), kind: kind as TimerSpec["kind"], dueAt: new Date(Number(ms)) };
      });
    },

    async commit(change: Commit): Promise<CommitResult> {
      return prisma.$transaction(async (tx) => {
        const trial = change.trial;
        // Update the trial first: a stale version fails before anything else is written, and
        // the row lock orders concurrent commits of one trial. A new trial needs its customer.
        if (trial && trial.expectedVersion !== null) await writeTrial(tx, trial.next, trial.expectedVersion);
        if (change.customer) await writeCustomer(tx, change.customer);
        if (trial && trial.expectedVersion === null) await writeTrial(tx, trial.next, null);
        for (const device of change.devices ?? []) {
          const { id, ...rest } = deviceToRow(device);
          await tx.deviceUnit.upsert({ where: { id }, create: { id, ...rest }, update: rest });
        }
        if (change.timers) await writeTimers(tx, change.timers.trialId, change.timers.pending);
        if (change.unlink && change.unlink.partnerIds.length > 0) {
          await tx.managingPartner.deleteMany({
            where: { customerId: change.unlink.customerId, partnerId: { in: change.unlink.partnerIds } },
          });
        }
        if (change.audit.length > 0) await tx.auditEntry.createMany({ data: change.audit.map(auditToRow) });
        return { outboxIds: await insertOutbox(tx, change.outbox) };
      }, txOptions);
    },

    // ── audit (append-only: no update or delete anywhere) ─────────────────────────────────
    async auditOf(filter) {
      const where: Prisma.AuditEntryWhereInput = {};
      if (filter.customerId !== undefined) where.customerId = filter.customerId;
      if (filter.trialId !== undefined) where.trialId = filter.trialId;
      // The latest `limit` entries, returned oldest first (the order they were appended).
      const rows = await prisma.auditEntry.findMany({
        where,
        orderBy: { id: "desc" },
        ...(filter.limit !== undefined ? { take: filter.limit } : {}),
      });
      return rows.reverse().map(auditFromRow) satisfies StoredAuditEntry[];
    },
    async appendAudit(entries: AuditEntry[]) {
      if (entries.length > 0) await prisma.auditEntry.createMany({ data: entries.map(auditToRow) });
    },

    // ── webhook deduplication ─────────────────────────────────────────────────────────────
    async markEventProcessed(key, at) {
      const { count } = await prisma.processedEvent.createMany({ data: [{ key, at }], skipDuplicates: true });
      return count === 1;
    },

    async forgetEvent(key) {
      await prisma.processedEvent.deleteMany({ where: { key } });
    },
    async recordWebhook(key, envelope, at) {
      const { count } = await prisma.processedEvent.createMany({
        data: [{ key, at, envelope: envelope as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
      return count === 1;
    },
    async markWebhookHandled(key, at) {
      // The envelope is kept no longer than needed; the key stays for deduplication.
      await prisma.processedEvent.updateMany({ where: { key }, data: { handledAt: at, envelope: Prisma.DbNull } });
    },
    async unhandledWebhooks(since, limit) {
      const rows = await prisma.processedEvent.findMany({
        where: { at: { gte: since }, handledAt: null, NOT: { envelope: { equals: Prisma.DbNull } } },
        orderBy: { at: "asc" },
        take: limit,
      });
      return rows.map((r) => ({ key: r.key, envelope: r.envelope, at: r.at }));
    },

    // ── settings ──────────────────────────────────────────────────────────────────────────
    async getSetting(key) {
      return (await prisma.botSetting.findUnique({ where: { key } }))?.value ?? null;
    },
    async putSetting(key, value) {
      const json = value as Prisma.InputJsonValue;
      await prisma.botSetting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
    },

    // ── outbox ────────────────────────────────────────────────────────────────────────────
    async pendingOutbox(limit) {
      const rows = await prisma.outboxMessage.findMany({
        where: { state: "pending" },
        orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
        take: limit,
      });
      return rows.map(outboxFromRow) satisfies OutboxRow[];
    },
    async getOutboxRow(id) {
      const row = await prisma.outboxMessage.findUnique({ where: { id } });
      return row ? outboxFromRow(row) : null;
    },
    async markOutboxSent(id, webexMessageId, at) {
      await prisma.outboxMessage.update({
        where: { id },
        data: { state: "sent", sentAt: at, webexMessageId, attempts: { increment: 1 }, lastError: null },
      });
    },
    async markOutboxAttempt(id, error, failed) {
      await prisma.outboxMessage.update({
        where: { id },
        data: { state: failed ? "failed" : "pending", lastError: error, attempts: { increment: 1 } },
      });
    },
    async enqueueMessages(messages) {
      return insertOutbox(prisma, messages);
    },
    async enqueueMessageOnce(id, message) {
      const { count } = await prisma.outboxMessage.createMany({
        data: [outboxToRow(id, message, new Date())],
        skipDuplicates: true,
      });
      return count === 1;
    },
    async claimOutbox(id, leaseMs, claimant): Promise<OutboxClaim | null> {
      // One statement: the row lock orders two workers claiming the same row, and the database
      // clock times the lease (workers on several machines need not agree on the time). A claim
      // by an earlier boot of the claimant's instance is dead at once: its process was replaced.
      const rows = await prisma.$queryRawUnsafe<
        Array<{ id: string; prev_state: string; prev_claimed_at: Date | null }>
      >(
        `WITH prev AS (SELECT id, state, claimed_at, claimed_by FROM outbox WHERE id = $1 FOR UPDATE)
         UPDATE outbox o SET state = 'sending', claimed_at = clock_timestamp(), claimed_by = $3
         FROM prev
         WHERE o.id = prev.id
           AND (prev.state = 'pending'
                OR (prev.state = 'sending' AND (prev.claimed_at IS NULL
                    OR prev.claimed_at < clock_timestamp() - make_interval(secs => $2::double precision / 1000)
                    OR ($4::text IS NOT NULL AND prev.claimed_by IS DISTINCT FROM $3 AND starts_with(prev.claimed_by, $4::text || '/')))))
         RETURNING o.id, prev.state AS prev_state, prev.claimed_at AS prev_claimed_at`,
        id,
        leaseMs,
        claimant?.id ?? null,
        claimant?.instance ?? null,
      );
      const claimed = rows[0];
      if (!claimed) return null;
      const row = await prisma.outboxMessage.findUnique({ where: { id } });
      if (!row) return null;
      return {
        row: outboxFromRow(row),
        abandonedClaimAt: claimed.prev_state === "sending" ? (claimed.prev_claimed_at ?? new Date(0)) : null,
      };
    },
    async unsentOutbox(limit) {
      const rows = await prisma.outboxMessage.findMany({
        where: { state: { in: ["pending", "sending"] } },
        orderBy: [{ createdAt: "asc" }, { seq: "asc" }],
        take: limit,
      });
      return rows.map(outboxFromRow);
    },

    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    isUnavailable: isDatabaseUnavailable,
    async close() {
      await db.close();
    },
  };
  return store;
}

// Connection-level failures, as pg, the Prisma driver adapter and the Prisma client report them:
// socket errors, PostgreSQL's shutdown/connection SQLSTATEs (57P01-03, class 08) and Prisma's
// "can't reach / closed / pool timeout" codes.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|Connection terminated|terminating connection|Can't reach database server|Server has closed the connection|the database system is (shutting down|starting up)|Client has encountered a connection error|DatabaseNotReachable|ConnectionClosed/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e && typeof e === "object" && !seen.has(e)) {
    seen.add(e);
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof o.code === "string" && UNAVAILABLE_CODES.has(o.code)) return true;
    if (typeof o.kind === "string" && /NotReachable|ConnectionClosed|SocketTimeout/.test(o.kind)) return true;
    if (typeof o.message === "string" && UNAVAILABLE_TEXT.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}
