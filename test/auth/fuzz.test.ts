// Issue 10: a seeded fuzz of chat commands and card submits on the real store (PostgreSQL).
// Everyone without a right over Alpha (every Beta role, Alpha's read-only, Beta's customer's
// admin, a stranger) types a few thousand generated lines and submits generated cards, many of
// them aimed at Alpha's customer, trial, people and spaces (handles, names, prefixes, LIKE
// wildcards, control characters, long reasons, CSV rows, signed card references). After every
// one of them, no row of Alpha's (nor the trials team's ops space) may have changed, and no
// reply may be "Something went wrong". Beta's own rows may change: Beta acts on its own things.
// FUZZ_SEED=<n> replays another sequence; the failing step is named with its seed.
import { afterAll, beforeAll, expect, it } from "vitest";
import { COMMANDS, phrase } from "../../bot/commands/table.ts";
import { CARD_KINDS, type CardRef } from "../../cards/reference.ts";
import {
  ALPHA,
  BETA,
  createWorld,
  GLOBEX_ADMIN,
  partnerPerson,
  ROOMS,
  STRANGER,
  type Who,
  type World,
} from "./world.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CHAT_LINES = 1200;
const CARD_SUBMITS = 400;

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}

const ACTORS: Who[] = [
  partnerPerson(BETA, "full_admin"),
  partnerPerson(BETA, "sales_full_admin"),
  partnerPerson(BETA, "sales_admin"),
  partnerPerson(BETA, "read_only"),
  partnerPerson(ALPHA, "read_only"),
  GLOBEX_ADMIN,
  STRANGER,
];

const CUSTOMERS = [
  "acme-corp",
  '"Acme Corp"',
  "acme",
  "Acme",
  "ACME-CORP",
  '"acme corp"',
  '"Acme C"',
  "acm_",
  "a%p",
  "%",
  "_",
  "acme%",
  "\\\\",
  "globex-corporation",
  '"Globex Corporation"',
  "glob",
  "nobody",
  '"Nobody Ltd"',
  "Ａｃｍｅ",
];
const EMAILS = [
  "viewer@alpha.example",
  "seller@alpha.example",
  "admin@alpha.example",
  "salesfull@alpha.example",
  "viewer@beta.example",
  "seller@beta.example",
  "ops@trials.example",
  "boss@acme.example",
  "new@alpha.example",
  "new@beta.example",
  "x@y.example",
];
const ROLES = ["full_admin", "sales_full_admin", "sales_admin", "read_only", "ops", "boss"];
const PARTNERS = ['"Alpha Partners"', '"Beta Partners"', "Alpha", "Beta", '"alpha partners"', "p-alpha", '"Nobody"'];
const SERVICES = ["+calling", "-calling", "+meetings", "-messaging", "+devices", "-devices", "+messaging"];
const JUNK = [
  "",
  " ",
  "\u0000",
  "\u0007",
  "'",
  '"',
  "“quoted”",
  "--",
  "-5",
  "999999",
  "0",
  "30",
  "31",
  "1",
  "한국어",
  "😀",
  "a".repeat(300),
  "x".repeat(7000),
  "%_\\",
  "NaN",
  "null",
  "<b>",
  "`code`",
];

function chatLine(r: ReturnType<typeof rng>): string {
  const c = () => r.pick(CUSTOMERS);
  const templates: (() => string)[] = [
    () => `trial show ${c()}`,
    () => `audit ${c()}`,
    () => `trial list${r.chance(0.5) ? ` status ${r.pick(["active", "cancelled", "expired"])}` : ""}`,
    () => `trial extend ${c()} ${r.pick(["10", "30", "1", "31", "0", r.pick(JUNK)])}`,
    () => `trial services ${c()} ${r.pick(SERVICES)} ${r.chance(0.3) ? r.pick(SERVICES) : ""}`,
    () =>
      `trial convert ${c()} order ${r.pick(["12345678", "1", "abc"])} contact ${r.pick(EMAILS)}${r.chance(0.3) ? " confirm" : ""}`,
    () => `trial cancel ${c()} ${r.pick(JUNK)}`,
    () => `trial delete ${c()}`,
    () => r.pick(["yes", "no", "Yes", "YES"]),
    () => `trial resend ${c()}`,
    () => `trial provision ${c()}`,
    () => `trial add ${c()}`,
    () => `device ship ${c()} eula 2026-06-01 ${r.pick(["DX80", "Room Kit"])}:${r.pick(["SN1", "SN2", "sn-3"])}`,
    () => `device return ${c()} ${r.pick(["SN1", "SN2"])}`,
    () => `device label ${c()} SN1`,
    () => `device contact ${c()} demo 12345 admin ${r.pick(EMAILS)}`,
    () => `person add ${r.pick(EMAILS)} ${r.pick(ROLES)}${r.chance(0.7) ? ` ${r.pick(PARTNERS)}` : ""}`,
    () => `person remove ${r.pick(EMAILS)}`,
    () => `space link ${r.chance(0.3) ? "ops" : `${r.pick(PARTNERS)} ${r.pick(["partner", "ops"])}`}`,
    () => `partner add ${r.pick(PARTNERS)} ${r.pick(["tier1", "tier2"])}`,
    () => {
      const handle = r.pick(["acme-corp", "ACME-CORP", "globex-corporation", "", "fresh-co", "acme"]);
      const name = r.pick(["Acme Corp", "acme corp", "Globex Corporation", "Fresh Co", "Acme_Corp"]);
      const managing = r.pick(["", '"Alpha Partners"', '"Beta Partners"', "p-alpha", '"Alpha Partners;Beta Partners"']);
      return `customer import\nname,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners\n${name},${handle},${r.pick(["US", "DE", "KR"])},Retail,evil@beta.example,evil@beta.example,${r.pick(["", "messaging", "calling"])},${managing}`;
    },
    () => `${phrase(r.pick(COMMANDS))} ${r.pick(JUNK)} ${r.pick(CUSTOMERS)}`,
    () => `whoami`,
    () => `help ${phrase(r.pick(COMMANDS))}`,
  ];
  return r.pick(templates)();
}

const ACTIONS = [
  "submit",
  "lookup",
  "accept",
  "decline",
  "interested",
  "approve",
  "deny",
  "open_edit",
  "open_convert",
  "open_cancel",
  "open_delete",
  "extend",
  "services",
  "convert",
  "cancel",
  "delete",
  "keep",
  "",
];

function cardSubmit(
  r: ReturnType<typeof rng>,
  w: World,
): { ref: Omit<CardRef, "issuedAt" | "nonce">; inputs: Record<string, unknown> } {
  const trial = r.pick([w.acme.trial, w.acme.trial, w.globex.trial]);
  const customer = r.pick([w.acme.customer, w.acme.customer, w.globex.customer]);
  const ref: Omit<CardRef, "issuedAt" | "nonce"> = {
    kind: r.pick(CARD_KINDS),
    ...(r.chance(0.8) ? { trialId: trial.id } : {}),
    ...(r.chance(0.6) ? { customerId: customer.id } : {}),
    ...(r.chance(0.8) ? { partnerId: r.pick([ALPHA.id, ALPHA.id, BETA.id]) } : {}),
    ...(r.chance(0.8) ? { version: r.pick([trial.version, 1, 2]) } : {}),
  };
  const good: Record<string, readonly string[]> = {
    companyName: ["Acme Corp", "New Co"],
    adminEmail: ["boss@acme.example", "evil@beta.example"],
    vertical: ["Manufacturing", "Retail"],
    country: ["US", "DE"],
    locationAck: ["true"],
    customer: ["Acme Corp", "acme-corp", "acme", "%", "Globex Corporation"],
    orgConfirmed: ["true"],
    services: ["calling", "messaging", "meetings,calling"],
    lengthDays: ["30", "60"],
    days: ["30", "10"],
    addServices: ["meetings", "devices"],
    removeServices: ["calling", "messaging"],
    orderNumber: ["12345678"],
    contactEmail: ["seller@beta.example", "boss@acme.example"],
    paidServices: ["messaging,calling"],
    confirmMissing: ["true"],
    reason: ["no budget", "x".repeat(201)],
    fullAdminAccess: ["true", "false"],
    devicesSkip: ["true"],
    siteUrl: ["acme.webex.com"],
    siteTimeZone: ["Europe/Paris"],
    lang: ["ko", "en"],
  };
  const inputs: Record<string, unknown> = { action: r.pick(ACTIONS) };
  for (const [field, values] of Object.entries(good)) {
    if (r.chance(0.5)) inputs[field] = r.chance(0.85) ? r.pick(values) : r.pick(JUNK);
  }
  return { ref, inputs };
}

let w: World;
beforeAll(async () => {
  w = await createWorld();
}, 60_000);
afterAll(async () => {
  await w?.dispose();
});

it(`fuzz (seed ${SEED}): ${CHAT_LINES} chat lines and ${CARD_SUBMITS} card submits by people without a right over Alpha change no row of Alpha's`, async () => {
  const r = rng(SEED);
  const alpha = JSON.stringify(await w.alphaRows());
  const rooms = [ROOMS.alpha, ROOMS.alpha, ROOMS.beta, ROOMS.ops, ROOMS.fresh];
  const counts = { chat: 0, cards: 0, betaChanges: 0 };
  let all = await w.digest();
  for (let step = 0; step < CHAT_LINES + CARD_SUBMITS; step++) {
    const who = r.pick(ACTORS);
    const card = step % 4 === 3 && counts.cards < CARD_SUBMITS;
    let what: string;
    let reply: string;
    if (card) {
      const { ref, inputs } = cardSubmit(r, w);
      what = `card ${JSON.stringify(ref)} ${JSON.stringify(inputs).slice(0, 200)}`;
      reply = await w.submit(who, ref, inputs);
      counts.cards++;
    } else {
      const line = chatLine(r);
      const room = r.pick(rooms);
      what = `chat in ${room}: ${JSON.stringify(line.slice(0, 200))}`;
      reply = await w.say(who, line, room);
      counts.chat++;
    }
    const context = `step ${step} (seed ${SEED}), ${who.label}, ${what} → ${reply.slice(0, 200)}`;
    expect(reply, context).not.toMatch(/Something went wrong|went wrong/i);
    const now = await w.digest();
    if (now !== all) {
      counts.betaChanges++;
      expect(JSON.stringify(await w.alphaRows()), context).toBe(alpha);
      all = now;
    }
  }
  expect(counts.chat + counts.cards).toBe(CHAT_LINES + CARD_SUBMITS);
  // The fuzz reached Beta's own things too (it is not refusing everything for a dull reason).
  expect(counts.betaChanges).toBeGreaterThan(5);
}, 300_000);
