// Issue 10: the authorization matrix. Every chat command × every role (bot admin, each partner
// role, ops, a customer admin, a stranger) × a target of the actor's own partner (Alpha) and of
// another partner (Beta), on the real store. Allowed: the reply is not a denial. Refused: the
// reply is a denial and no row of the database changed. R-ORG-2 decides the roles; R-ORG-1/4
// and issue 10 decide that a partner acts on its own people, spaces, customers and trials only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../bot/commands/table.ts";
import type { CommandName } from "../../bot/commands/types.ts";
import type { PersonRole } from "../../domain/roles.ts";
import {
  ACME_ADMIN,
  ALPHA,
  BETA,
  BOT_ADMIN_WHO,
  createWorld,
  OPS,
  partnerPerson,
  ROOMS,
  STRANGER,
  type Who,
  type World,
} from "./world.ts";

type Side = "own" | "other";
type Kind = "bot_admin" | Exclude<PersonRole, "ops"> | "ops" | "customer_admin" | "stranger";

const ACTORS: { kind: Kind; who: Who }[] = [
  { kind: "bot_admin", who: BOT_ADMIN_WHO },
  { kind: "full_admin", who: partnerPerson(ALPHA, "full_admin") },
  { kind: "sales_full_admin", who: partnerPerson(ALPHA, "sales_full_admin") },
  { kind: "sales_admin", who: partnerPerson(ALPHA, "sales_admin") },
  { kind: "read_only", who: partnerPerson(ALPHA, "read_only") },
  { kind: "ops", who: OPS },
  { kind: "customer_admin", who: ACME_ADMIN },
  { kind: "stranger", who: STRANGER },
];

const MANAGE: Kind[] = ["full_admin", "sales_full_admin", "sales_admin"];
const VIEW: Kind[] = [...MANAGE, "read_only"];
const REGISTERED: Kind[] = [...VIEW, "ops"];

/** What a target of each side is: Alpha's things for "own", Beta's for "other". */
const T: Record<Side, Target> = {
  own: {
    handle: "acme-corp",
    name: "Acme Corp",
    room: ROOMS.alpha,
    partner: ALPHA.name,
    viewer: "viewer@alpha.example",
    domain: "alpha.example",
  },
  other: {
    handle: "globex-corporation",
    name: "Globex Corporation",
    room: ROOMS.beta,
    partner: BETA.name,
    viewer: "viewer@beta.example",
    domain: "beta.example",
  },
};
type Target = { handle: string; name: string; room: string; partner: string; viewer: string; domain: string };

interface Case {
  command: CommandName;
  /** What is typed (in order), and in which room. */
  lines: (t: Target) => string[];
  room?: (t: Target) => string;
  allowed: (k: Kind, side: Side) => boolean;
  /** An allowed run must change rows (a refused one never may). */
  changes?: boolean;
  /** An allowed run says this (beyond not being a denial). */
  says?: (t: Target) => RegExp;
  /** A run never says this (another partner's customer), allowed or not. */
  hides?: (k: Kind) => RegExp | null;
}

const own = (kinds: Kind[]) => (k: Kind, side: Side) => kinds.includes(k) && side === "own";
const csv = (t: Target) =>
  `customer import\nname,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners\n${t.name},${t.handle},US,Retail,new.admin@${t.handle}.example,new.admin@${t.handle}.example,,`;

const CASES: Case[] = [
  { command: "help", lines: () => ["help"], allowed: () => true },
  { command: "whoami", lines: () => ["whoami"], allowed: () => true },
  // Customer admins choose their language too: consent requests and reminders reach them in it.
  {
    command: "lang",
    lines: () => ["lang ko"],
    allowed: (k) => REGISTERED.includes(k) || k === "customer_admin",
    changes: true,
  },
  // A list is of the actor's own partner's trials (ops: every partner's): never another partner's.
  {
    command: "trial.list",
    lines: () => ["trial list"],
    allowed: (k) => VIEW.includes(k) || k === "ops",
    says: () => new RegExp(T.own.name),
    hides: (k) => (VIEW.includes(k) ? new RegExp(T.other.name) : null),
  },
  {
    command: "trial.show",
    lines: (t) => [`trial show ${t.handle}`],
    allowed: (k, side) => own(VIEW)(k, side) || k === "ops",
    says: (t) => new RegExp(t.name),
  },
  { command: "audit", lines: (t) => [`audit ${t.handle}`], allowed: own(VIEW), says: (t) => new RegExp(t.name) },
  { command: "trial.extend", lines: (t) => [`trial extend ${t.handle} 30`], allowed: own(MANAGE), changes: true },
  {
    command: "trial.services",
    lines: (t) => [`trial services ${t.handle} -calling`],
    allowed: own(MANAGE),
    changes: true,
  },
  {
    command: "trial.convert",
    lines: (t) => [`trial convert ${t.handle} order 12345678 contact seller@${t.domain}`],
    allowed: own(MANAGE),
    changes: true,
  },
  {
    command: "trial.cancel",
    lines: (t) => [`trial cancel ${t.handle} no budget`],
    allowed: own(MANAGE),
    changes: true,
  },
  { command: "trial.delete", lines: (t) => [`trial delete ${t.handle}`, "yes"], allowed: own(MANAGE), changes: true },
  { command: "yes", lines: () => ["yes"], allowed: () => true },
  { command: "no", lines: () => ["no"], allowed: () => true },
  // Allowed past authorization, then refused by the trial's status (active): still nothing changes.
  { command: "trial.resend", lines: (t) => [`trial resend ${t.handle}`], allowed: own(MANAGE) },
  { command: "trial.provision", lines: (t) => [`trial provision ${t.handle}`], allowed: own(MANAGE) },
  { command: "trial.add", lines: (t) => [`trial add ${t.handle}`], allowed: own(MANAGE) },
  { command: "trial.start", lines: () => ["trial start"], allowed: (k) => MANAGE.includes(k) },
  { command: "trial.start.existing", lines: () => ["trial start existing"], allowed: (k) => MANAGE.includes(k) },
  // Ops record shipments and returns for the trials team, for every partner (domain/devices.ts).
  {
    command: "device.ship",
    lines: (t) => [`device ship ${t.handle} eula 2026-06-01 DX80:SN1`],
    allowed: (k, side) => own(MANAGE)(k, side) || k === "ops",
  },
  {
    command: "device.return",
    lines: (t) => [`device return ${t.handle} SN1`],
    allowed: (k, side) => own(MANAGE)(k, side) || k === "ops",
  },
  {
    command: "device.label",
    lines: (t) => [`device label ${t.handle} SN1`],
    allowed: (k, side) => own(MANAGE)(k, side) || k === "ops",
  },
  {
    command: "device.contact",
    lines: (t) => [`device contact ${t.handle} demo 12345`],
    allowed: (k, side) => own(MANAGE)(k, side) || k === "ops",
  },
  // Import changes a customer: only one the actor's partner manages; bot admins any (as the
  // import use case and the admin CLI do).
  {
    command: "customer.import",
    lines: (t) => [csv(t)],
    allowed: (k, side) => own(MANAGE)(k, side) || k === "bot_admin",
    changes: true,
  },
  // A new customer that would land at the target's partner.
  {
    command: "customer.import",
    lines: (t) => [
      `customer import\nname,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners\nNew Co,new-co,US,Retail,a@newco.example,a@newco.example,,"${t.partner}"`,
    ],
    allowed: (k, side) => own(MANAGE)(k, side) || k === "bot_admin",
    changes: true,
  },
  // R-EXT-2: only ops decide a device-trial extension. Allowed past authorization, then there is
  // no pending request to decide: nothing changes.
  { command: "device.approve", lines: (t) => [`device approve ${t.handle}`], allowed: (k) => k === "ops" },
  { command: "device.deny", lines: (t) => [`device deny ${t.handle}`], allowed: (k) => k === "ops" },
  // R-CONSENT-7, R-INT-1: a customer admin's own commands, about its own organisation's requests
  // and trials, whichever partner is named; nobody else's.
  {
    command: "requests",
    lines: () => ["requests"],
    allowed: (k) => k === "customer_admin",
    hides: () => new RegExp(T.other.name),
  },
  { command: "accept", lines: (t) => [`accept "${t.partner}"`], allowed: (k) => k === "customer_admin" },
  { command: "decline", lines: (t) => [`decline "${t.partner}"`], allowed: (k) => k === "customer_admin" },
  { command: "interested", lines: (t) => [`interested "${t.partner}"`], allowed: (k) => k === "customer_admin" },
  {
    command: "partner.add",
    lines: (t) => [`partner add "${t.partner}" tier2`],
    allowed: (k) => k === "bot_admin",
    changes: true,
  },
  {
    command: "person.add",
    lines: (t) => [`person add ${t.viewer} sales_admin "${t.partner}"`],
    allowed: (k, side) => k === "bot_admin" || (k === "full_admin" && side === "own"),
    changes: true,
  },
  // Where it lands is the actor's own partner; what it changes is a person of the target's partner.
  {
    command: "person.add",
    lines: (t) => [`person add ${t.viewer} sales_admin "${ALPHA.name}"`],
    allowed: (k, side) => k === "bot_admin" || (k === "full_admin" && side === "own"),
    changes: true,
  },
  {
    command: "person.remove",
    lines: (t) => [`person remove ${t.viewer}`],
    allowed: (k, side) => k === "bot_admin" || (k === "full_admin" && side === "own"),
    changes: true,
  },
  // Typed in the target's space: linking it to the actor's partner moves it unless it is already the actor's.
  {
    command: "space.link",
    lines: () => [`space link "${ALPHA.name}" partner`],
    room: (t) => t.room,
    allowed: (k, side) => k === "bot_admin" || (k === "full_admin" && side === "own"),
    changes: true,
  },
];

/** The denials (English): role, registration, unknown or foreign customer, another partner's thing. */
const DENIAL = [
  /You need one of these roles/,
  /Only the trials team \(ops\)/,
  /Only an admin of the customer's organisation/,
  /not registered with a partner organisation/,
  /^No customer called/,
  /belongs to another partner organisation/,
  /registered with another partner organisation|already linked to another partner organisation|managed by another partner|is not yours/,
];
const isDenial = (reply: string) => DENIAL.some((d) => d.test(reply));

let w: World;
const allRows = () => w.allRows();

beforeAll(async () => {
  w = await createWorld();
}, 60_000);
afterAll(async () => {
  await w?.dispose();
});

describe("authorization matrix: every command × every role × own or another partner's target", () => {
  it("covers every command of the command table", () => {
    const covered = new Set(CASES.map((c) => c.command));
    expect(COMMANDS.filter((c) => !c.testClockOnly && !covered.has(c.name)).map((c) => c.name)).toEqual([]);
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.command} (${i})`, async () => {
      const failures: string[] = [];
      for (const { kind, who } of ACTORS) {
        for (const side of ["own", "other"] as const) {
          const t = T[side];
          const before = await allRows();
          const replies: string[] = [];
          for (const line of c.lines(t)) replies.push(await w.say(who, line, c.room?.(t) ?? ROOMS.alpha));
          const reply = replies.join("\n");
          const after = await allRows();
          const changed = JSON.stringify(before) !== JSON.stringify(after);
          const expected = c.allowed(kind, side);
          const label = `${kind} on ${side}: ${c.lines(t).join(" / ").slice(0, 60)} → ${reply.slice(0, 120)}`;
          if (expected) {
            if (isDenial(reply)) failures.push(`expected allowed, was denied: ${label}`);
            if (c.changes && !changed) failures.push(`expected a change, none: ${label}`);
            if (c.says && !c.says(t).test(reply)) failures.push(`expected ${c.says(t)}: ${label}`);
          } else {
            if (changed) failures.push(`refused but rows changed: ${label}`);
            if (!isDenial(reply)) failures.push(`expected a denial: ${label}`);
            if (c.says?.(t).test(reply)) failures.push(`refused but revealed ${c.says(t)}: ${label}`);
          }
          const hidden = c.hides?.(kind);
          if (hidden?.test(reply)) failures.push(`revealed ${hidden}: ${label}`);
          if (changed) await w.reset();
        }
      }
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
