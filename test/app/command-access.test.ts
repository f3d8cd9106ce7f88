// Whether a sender may use a chat command at all (R-ORG-2), decided by the command table's gate
// and asked through the app (app/command-access.ts) on senders identified from the in-memory
// store: the refusal codes and parameters the chat has always replied with. `customer import`
// refuses an unknown sender itself (R-ORG-4). The chat adapter only renders these answers.
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import { commandRefusal } from "../../app/command-access.ts";
import { importCustomers } from "../../app/customer-import.ts";
import { identifySender, type Sender } from "../../app/identify-sender.ts";
import type { Store } from "../../app/store.ts";
import { commandEntry } from "../../bot/commands/table.ts";
import type { CommandName } from "../../bot/commands/types.ts";
import type { Person } from "../../domain/model.ts";
import { type Refusal, refuse } from "../../domain/refusals.ts";
import type { PersonRole } from "../../domain/roles.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";
import { testPartner } from "../support/partners.ts";

const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
const BOT_ADMINS = ["root@trials.example"];

type Who = "full_admin" | "sales_admin" | "read_only" | "ops" | "bot_admin" | "customer_admin" | "unregistered";
const EMAIL: Record<Who, string> = {
  full_admin: "fa@p1.example",
  sales_admin: "sa@p1.example",
  read_only: "ro@p1.example",
  ops: "op@ops.example",
  bot_admin: "root@trials.example",
  customer_admin: "it@acme.example",
  unregistered: "stranger@nowhere.example",
};
const WHO = Object.keys(EMAIL) as Who[];

const person = (role: PersonRole, partnerId: string | null): Person => ({
  id: role,
  email: EMAIL[role as Who],
  webexPersonId: `w-${role}`,
  partnerId,
  role,
  language: "en",
});

let store: Store;
const senders = {} as Record<Who, Sender>;

beforeAll(async () => {
  store = createMemoryStore();
  await store.upsertPartner(testPartner("p1"));
  for (const p of [person("full_admin", "p1"), person("sales_admin", "p1"), person("read_only", "p1")])
    await store.upsertPerson(p);
  await store.upsertPerson(person("ops", null));
  await store.upsertCustomer({
    id: "c-acme",
    handle: "acme",
    name: "Acme",
    vertical: "Retail",
    country: "US",
    region: "AMER",
    webexOrgId: null,
    admins: [{ email: EMAIL.customer_admin, role: "full_admin", language: "en" }],
    purchasedServices: ["messaging"],
    managingPartners: [{ partnerId: "p1", access: "full_admin" }],
  });
  for (const who of WHO) senders[who] = await identifySender({ store, clock }, BOT_ADMINS, `w-${who}`, EMAIL[who]);
});

const MANAGING = ["full_admin", "sales_full_admin", "sales_admin"];
const roles = (r: string[]): Refusal => refuse("role_required", { roles: r });
// Someone the bot knows nothing of is told to get registered, whatever the command needs.
const unregistered = refuse("not_registered", { email: EMAIL.unregistered });
/** The same refusal for each of these senders, and not_registered for an unknown one. */
const each = (who: readonly Who[], refusal: Refusal): Partial<Record<Who, Refusal>> => ({
  ...Object.fromEntries(who.map((w) => [w, refusal])),
  unregistered,
});

const VIEWING = [...MANAGING, "read_only"];
/** For each command: who gets which refusal (anyone not named may use it). */
const EXPECTED: Partial<Record<CommandName, Partial<Record<Who, Refusal>>>> = {
  whoami: {},
  lang: each(["bot_admin"], roles(["a registered person"])),
  "trial.list": each(["bot_admin", "customer_admin"], roles(VIEWING)),
  audit: each(["ops", "bot_admin", "customer_admin"], roles(VIEWING)),
  "trial.extend": each(["read_only", "ops", "bot_admin", "customer_admin"], roles(MANAGING)),
  "customer.import": each(["read_only", "ops", "customer_admin"], roles([...MANAGING, "bot admin"])),
  "person.add": each(["sales_admin", "read_only", "ops", "customer_admin"], roles(["bot admin", "full_admin"])),
  "partner.add": each(["full_admin", "sales_admin", "read_only", "ops", "customer_admin"], roles(["bot admin"])),
  "device.approve": each(["full_admin", "sales_admin", "read_only", "bot_admin", "customer_admin"], roles(["ops"])),
  accept: each(["full_admin", "sales_admin", "read_only", "ops", "bot_admin"], roles(["customer_admin"])),
};

describe("commandRefusal: the command table's gate, asked through the app (R-ORG-2)", () => {
  it("the senders are who they say (registered, bot admin, a customer's admin, unknown)", () => {
    expect(WHO.map((w) => [w, senders[w].person?.role ?? null])).toEqual(
      WHO.map((w) => [w, ["bot_admin", "customer_admin", "unregistered"].includes(w) ? null : w]),
    );
    expect(senders.bot_admin.isBotAdmin).toBe(true);
    expect(senders.customer_admin.customerAdminOf.map((c) => c.id)).toEqual(["c-acme"]);
    expect(senders.unregistered.customerAdminOf).toEqual([]);
  });

  for (const [name, refusals] of Object.entries(EXPECTED) as [CommandName, Partial<Record<Who, Refusal>>][]) {
    it(`${name}: each sender gets the same answer as the chat gave`, () => {
      const answers = WHO.map((who) => ({ who, refusal: commandRefusal(senders[who], commandEntry(name)) }));
      expect(answers).toEqual(WHO.map((who) => ({ who, refusal: refusals[who] ?? null })));
    });
  }
});

describe("importCustomers refuses who may not import, before reading a row (R-ORG-4)", () => {
  const actor = (who: Who) => ({ email: EMAIL[who], person: senders[who].person, isBotAdmin: senders[who].isBotAdmin });

  it("tells an unknown sender to get registered, a customer's admin too (not a registered person)", async () => {
    for (const who of ["unregistered", "customer_admin"] as const)
      expect(await importCustomers({ store, clock }, actor(who), [])).toEqual({
        ok: false,
        refusal: refuse("not_registered", { email: EMAIL[who] }),
      });
  });

  it("names the managing roles to a registered person who is not one, and admits a bot admin", async () => {
    expect(await importCustomers({ store, clock }, actor("read_only"), [])).toEqual({
      ok: false,
      refusal: roles(MANAGING),
    });
    expect((await importCustomers({ store, clock }, actor("bot_admin"), [])).ok).toBe(true);
    expect((await importCustomers({ store, clock }, actor("sales_admin"), [])).ok).toBe(true);
  });
});
