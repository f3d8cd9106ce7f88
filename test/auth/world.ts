// Two partners on one real store (PostgreSQL), for the tenant-isolation tests: Alpha and Beta,
// each with a person in every partner role, a customer with an active trial, and a partner
// space; the trials team's ops space; an ops person, a bot admin, customer admins and a
// stranger. Commands run as typed in chat (parse → identify → handleCommand) and card submits
// through the real submit handler on a stand-in Webex client; `alphaRows()` reads every row
// that belongs to Alpha (or to the trials team), so a test can assert that none changed.
import pino, { type Logger } from "pino";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { TrialCommands } from "../../app/trial-commands.ts";
import { createUseCases } from "../../boot/use-cases.ts";
import { CardService } from "../../bot/cards/service.ts";
import { createCardSubmitHandler } from "../../bot/cards/submit.ts";
import { formatParseError } from "../../bot/commands/help.ts";
import { parseCommand } from "../../bot/commands/parse.ts";
import { Confirmations } from "../../bot/confirmations.ts";
import type { UseCases } from "../../bot/handlers/context.ts";
import { handleCommand } from "../../bot/handlers/index.ts";
import { identify } from "../../bot/identity.ts";
import type { WebexClient } from "../../bot/webex/client.ts";
import { type CardRef, CardSigner } from "../../cards/reference.ts";
import type { Customer, Partner, Trial } from "../../domain/model.ts";
import type { PersonRole } from "../../domain/roles.ts";
import type { Database } from "../../prisma/database.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { createReplicaStore } from "../../prisma/replica-store.ts";
import { queryRaw } from "../../prisma/testing.ts";
import { postgresTarget, type TestTarget } from "../store/harness.ts";

export const NOW = new Date("2026-03-12T10:00:00Z");
export const SEEDED_AT = new Date("2026-03-02T10:00:00Z");
export const BOT_ADMIN = "root@trials.example";

export const ALPHA: Partner = {
  id: "p-alpha",
  name: "Alpha Partners",
  tier: "tier1",
  timeZone: "UTC",
  emailDomains: ["alpha.example"],
  webexOrgId: null,
};
export const BETA: Partner = {
  id: "p-beta",
  name: "Beta Partners",
  tier: "tier1",
  timeZone: "UTC",
  emailDomains: ["beta.example"],
  webexOrgId: null,
};

const ROLE_LOCAL: Record<Exclude<PersonRole, "ops">, string> = {
  full_admin: "admin",
  sales_full_admin: "salesfull",
  sales_admin: "seller",
  read_only: "viewer",
};

/** Someone who types to the bot: a Webex identity (registered with the bot or not). */
export interface Who {
  label: string;
  email: string;
  webexPersonId: string;
}

const who = (label: string, email: string): Who => ({ label, email, webexPersonId: `wx-${email}` });

export const partnerPerson = (p: Partner, role: Exclude<PersonRole, "ops">): Who =>
  who(`${p.name.split(" ")[0]} ${role}`, `${ROLE_LOCAL[role]}@${p.emailDomains[0]}`);
export const OPS = who("ops", "ops@trials.example");
export const BOT_ADMIN_WHO = who("bot admin", BOT_ADMIN);
export const ACME_ADMIN = who("Acme's customer admin", "boss@acme.example");
export const GLOBEX_ADMIN = who("Globex's customer admin", "zed@globex.example");
export const STRANGER = who("stranger", "stranger@elsewhere.example");

export const ROOMS = { alpha: "room-alpha", beta: "room-beta", ops: "room-ops", fresh: "room-fresh" } as const;

export interface World {
  store: Store;
  app: UseCases;
  clock: ManualClock;
  signer: CardSigner;
  /** Acme Corp (handle acme-corp), Alpha's; Globex Corporation (globex), Beta's. */
  acme: { customer: Customer; trial: Trial };
  globex: { customer: Customer; trial: Trial };
  /** Types `text` as `who` in `roomId`; resolves with the bot's reply (markdown). */
  say(who: Who, text: string, roomId?: string): Promise<string>;
  /** Submits a card with this reference and inputs as `who`; resolves with what the bot posted. */
  submit(who: Who, ref: Omit<CardRef, "issuedAt" | "nonce">, inputs: Record<string, unknown>): Promise<string>;
  /** Every row that belongs to Alpha or to the trials team (bot-wide ops space), as sorted JSON. */
  alphaRows(): Promise<string[]>;
  /** Every row of the database (but the record of processed webhook events), as sorted JSON. */
  allRows(): Promise<string[]>;
  /** A digest of allRows(), computed in the database (cheap to compare after every step). */
  digest(): Promise<string>;
  /** Puts every row back as seeded (and the clock, and pending questions). */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

async function seed(store: Store, clock: ManualClock): Promise<{ acme: World["acme"]; globex: World["globex"] }> {
  await store.upsertPartner(ALPHA);
  await store.upsertPartner(BETA);
  for (const p of [ALPHA, BETA]) {
    for (const role of Object.keys(ROLE_LOCAL) as Exclude<PersonRole, "ops">[]) {
      const w = partnerPerson(p, role);
      await store.upsertPerson({
        id: `u-${w.email}`,
        email: w.email,
        webexPersonId: w.webexPersonId,
        partnerId: p.id,
        role,
        language: "en",
      });
    }
  }
  await store.upsertPerson({
    id: "u-ops",
    email: OPS.email,
    webexPersonId: OPS.webexPersonId,
    partnerId: null,
    role: "ops",
    language: "en",
  });
  await store.linkSpace({ roomId: ROOMS.alpha, kind: "partner", partnerId: ALPHA.id });
  await store.linkSpace({ roomId: ROOMS.beta, kind: "partner", partnerId: BETA.id });
  await store.linkSpace({ roomId: ROOMS.ops, kind: "ops", partnerId: null });
  const start = async (p: Partner, companyName: string, adminEmail: string) => {
    const commands = new TrialCommands({ store, clock, newId: idsFrom(`${p.id}-seed`) });
    const seller = await store.findPersonByEmail(partnerPerson(p, "sales_admin").email);
    const outcome = await commands.startNewCustomer(
      { kind: "person", person: seller! },
      {
        companyName,
        adminEmail,
        vertical: "Manufacturing",
        country: "US",
        locationAcknowledged: true,
        setup: { services: ["messaging", "calling"] },
      },
    );
    if (!outcome.ok) throw new Error(`seed: ${outcome.refusal.code}`);
    const trial = outcome.trial!;
    return { trial, customer: (await store.getCustomer(trial.customerId))! };
  };
  // Started ten days ago, so a 30-day extension from today ends later than now (R-EXT-1).
  clock.set(SEEDED_AT);
  const seeded = {
    acme: await start(ALPHA, "Acme Corp", ACME_ADMIN.email),
    globex: await start(BETA, "Globex Corporation", GLOBEX_ADMIN.email),
  };
  clock.set(NOW);
  return seeded;
}

/** Stable ids for seeded rows (so a reset gives the same ones). */
function idsFrom(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}.`;
}

type Seeded = { acme: World["acme"]; globex: World["globex"] };

function speaker(store: Store, clock: ManualClock, app: UseCases): World["say"] {
  return async (w, text, roomId = ROOMS.alpha) => {
    const sender = await identify({ store, clock }, [BOT_ADMIN], w.webexPersonId, w.email);
    const parsed = parseCommand(text, { testClock: false });
    if (!parsed.ok) return formatParseError(parsed.error, sender.language);
    const reply = await handleCommand({ sender, roomId, lang: sender.language, app }, parsed.command);
    return reply.markdown;
  };
}

function cardSubmitter(app: UseCases, cards: CardService, signer: CardSigner, logger: Logger): World["submit"] {
  // A stand-in for Webex in card submits: one card message per submit, and what the bot posts.
  let posted: string[] = [];
  let pending: { personId: string; email: string; inputs: Record<string, unknown>; roomId: string } | null = null;
  const client = {
    async getAttachmentAction(id: string) {
      return {
        id,
        type: "submit",
        messageId: "card-message",
        personId: pending!.personId,
        roomId: pending!.roomId,
        inputs: pending!.inputs,
        created: NOW.toISOString(),
      };
    },
    async getMessage(id: string) {
      return { id, roomId: pending!.roomId, personId: "bot", personEmail: "bot@webex.bot", created: NOW.toISOString() };
    },
    async person(id: string) {
      return { id, emails: [pending!.email], displayName: pending!.email };
    },
    async deleteMessage() {},
    async createMessage(m: { markdown?: string }) {
      posted.push(m.markdown ?? "");
      return [{ id: `m-${posted.length}` }];
    },
  } as unknown as WebexClient;
  const submits = createCardSubmitHandler({ client, app, cards, me: { id: "bot" }, botAdmins: [BOT_ADMIN], logger });
  return async (w, ref, inputs) => {
    posted = [];
    pending = {
      personId: w.webexPersonId,
      email: w.email,
      inputs: { ...inputs, ref: signer.sign(ref) },
      roomId: ROOMS.alpha,
    };
    await submits.onAttachmentAction(
      {
        id: "wh",
        name: "t",
        resource: "attachmentActions",
        event: "created",
        data: { id: `act-${Math.random()}` },
      } as never,
      logger,
    );
    return posted.join("\n");
  };
}

/** Alpha's rows, table by table (a Beta trial for Acme, after a consent request, is Beta's). */
function alphaRowsOf(rows: string[], seeded: Seeded): string[] {
  const acmeCustomer = seeded.acme.customer.id;
  const acmeTrial = seeded.acme.trial.id;
  const alpha = `"partner_id":"${ALPHA.id}"`;
  const mine: Record<string, (j: string) => boolean> = {
    partners: (j) => j.includes(`"id":"${ALPHA.id}"`),
    people: (j) => j.includes(alpha) || j.includes(`"role":"ops"`),
    spaces: (j) =>
      j.includes(alpha) || j.includes(`"partner_id":null`) || j.includes(ROOMS.alpha) || j.includes(ROOMS.ops),
    customers: (j) => j.includes(`"id":"${acmeCustomer}"`),
    customer_admins: (j) => j.includes(acmeCustomer),
    managing_partners: (j) => j.includes(acmeCustomer) || j.includes(alpha),
    trials: (j) => j.includes(alpha),
    device_units: (j) => j.includes(acmeTrial),
    timers: (j) => j.includes(acmeTrial),
    audit_log: (j) => j.includes(alpha),
    // A message to Alpha (its spaces, its people) or about Alpha's trial; text Beta typed
    // into its own messages (an Alpha address as a contact) does not make them Alpha's.
    outbox: (j) => {
      const { message } = JSON.parse(j) as {
        message: { to: { partnerId?: string; email?: string }; data: { trialId?: string } };
      };
      return (
        message.to.partnerId === ALPHA.id ||
        (message.to.email ?? "").endsWith("@alpha.example") ||
        message.data.trialId === acmeTrial
      );
    },
  };
  return rows.filter((row) => {
    const [table, ...rest] = row.split(" ");
    const j = rest.join(" ");
    const test = mine[table!];
    // A table this helper does not know (a later migration): all of it counts.
    return test ? test(j) : true;
  });
}

/** Snapshots of every row, and a reset to the rows as they are now (after seeding). */
async function rowSnapshots(db: Database): Promise<Pick<World, "allRows" | "digest" | "reset">> {
  let tables: string[] | null = null;
  const tableNames = async () =>
    (tables ??= (
      await queryRaw<{ tablename: string }>(
        db,
        `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY 1`,
      )
    ).map((r) => r.tablename));
  const snapshotSql = async () =>
    (await tableNames()).map((t) => `SELECT '${t} ' || row_to_json(x)::text AS j FROM "${t}" x`).join(" UNION ALL ");
  const baseline = new Map<string, string[]>();
  for (const t of await tableNames()) {
    baseline.set(
      t,
      (await queryRaw<{ j: string }>(db, `SELECT row_to_json(x)::text AS j FROM "${t}" x`)).map((r) => r.j),
    );
  }
  return {
    async allRows() {
      const rows = await queryRaw<{ j: string }>(db, await snapshotSql());
      return (
        rows
          .map((r) => r.j)
          // Bookkeeping, not anyone's data: the webhook inbox and the questions waiting for a "yes".
          .filter((j) => !j.startsWith("processed_events ") && !j.startsWith("pending_confirmations "))
          .sort()
      );
    },
    async digest() {
      const sql = `SELECT md5(coalesce(string_agg(j, '|' ORDER BY j), '')) AS d FROM (${await snapshotSql()}) s WHERE j NOT LIKE 'processed_events %' AND j NOT LIKE 'pending_confirmations %'`;
      return (await queryRaw<{ d: string }>(db, sql))[0]!.d;
    },
    async reset() {
      // Back to the seeded rows in one transaction (much faster than emptying and seeding again):
      // every table emptied and refilled from the rows read after seeding.
      const tables = await tableNames();
      const prisma = db.prisma;
      await prisma.$transaction([
        prisma.$executeRawUnsafe("SET LOCAL session_replication_role = replica"),
        ...tables.map((t) => prisma.$executeRawUnsafe(`DELETE FROM "${t}"`)),
        ...tables
          .filter((t) => baseline.get(t)?.length)
          .map((t) =>
            prisma.$executeRawUnsafe(
              `INSERT INTO "${t}" SELECT * FROM json_populate_recordset(NULL::"${t}", $1::json)`,
              `[${baseline.get(t)!.join(",")}]`,
            ),
          ),
      ]);
    },
  };
}

export async function createWorld(): Promise<World> {
  const target: TestTarget = await postgresTarget();
  const store = createPrismaStore(target.db);
  const clock = new ManualClock(NOW);
  const signer = new CardSigner("tenant-isolation-test-secret");
  const cards = new CardService(signer, store, clock);
  const shared = createReplicaStore(target.db);
  const app = createUseCases({ store, clock, defaultTimeZone: "UTC", cards, confirmations: shared });
  const seeded = await seed(store, clock);
  const logger = pino({ level: "silent" });
  const rows = await rowSnapshots(target.db);

  const world: World = {
    store,
    app,
    clock,
    signer,
    get acme() {
      return seeded.acme;
    },
    get globex() {
      return seeded.globex;
    },
    say: speaker(store, clock, app),
    submit: cardSubmitter(app, cards, signer, logger),
    alphaRows: async () => alphaRowsOf(await world.allRows(), seeded),
    allRows: rows.allRows,
    digest: rows.digest,
    async reset() {
      await rows.reset();
      // The clock and the questions waiting for a "yes" too.
      clock.set(NOW);
      app.confirmations = new Confirmations(shared);
    },
    dispose: () => target.dispose(),
  };
  return world;
}
