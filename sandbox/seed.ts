// Demo data for a fresh sandbox, made through the application's own use cases (admin commands,
// customer import, trial commands) so every state is real: a clock set back in time starts the
// trials, and a test clock moves it to today, firing the reminders, expiries and notices on the way.
import { type AdminActor, AdminCommands } from "../app/admin-commands.ts";
import { ManualClock } from "../app/clock.ts";
import { type ImportRow, importCustomers } from "../app/customer-import.ts";
import type { Commit, Store } from "../app/store.ts";
import { TestClock } from "../app/test-clock.ts";
import { type Outcome, TrialCommands } from "../app/trial-commands.ts";
import type { Language, Person } from "../domain/model.ts";
import { regionFor } from "../domain/regions.ts";
import type { Service } from "../domain/services.ts";
import { BRIGHT, CUSTOMERS, NORTHWIND, PERSONAS } from "./cast.ts";

const DAY = 86_400_000;
export const SEED_ACTOR = "sandbox-seed@trials-bot.local";

export interface SeedSummary {
  partners: string[];
  customers: string[];
  trials: { customer: string; status: string }[];
}

/** True when the store has no partner: a fresh sandbox. */
export async function needsSeed(store: Store): Promise<boolean> {
  return (await store.listPartners()).length === 0;
}

export async function seedDemoData(store: Store, now: Date, defaultTimeZone = "UTC"): Promise<SeedSummary> {
  // History starts 45 days ago; each step moves the clock (firing due deadlines) and acts.
  const clock = new ManualClock(new Date(now.getTime() - 45 * DAY));
  const commands = new TrialCommands({ store: withoutPastReminders(store, clock, now), clock });
  const history = new TestClock(clock, { store, commands });
  const seeder: AdminActor = { email: SEED_ACTOR, person: null, isBotAdmin: true };
  await addPartnersAndPeople(new AdminCommands(store, clock, { defaultTimeZone }), seeder);
  await importDemoCustomers(store, clock, seeder);
  await playHistory(store, commands, async (daysAgo) => {
    await history.advanceTo(new Date(now.getTime() - daysAgo * DAY));
  });
  const trials = await store.listTrials({});
  const customers = await store.listCustomers();
  return {
    partners: (await store.listPartners()).map((p) => p.name),
    customers: customers.map((c) => c.name),
    trials: trials.map((t) => ({
      customer: customers.find((c) => c.id === t.customerId)?.name ?? t.customerId,
      status: t.status,
    })),
  };
}

async function addPartnersAndPeople(admin: AdminCommands, seeder: AdminActor): Promise<void> {
  for (const partner of [BRIGHT, NORTHWIND]) {
    must(
      await admin.addPartner(seeder, {
        name: partner.name,
        tier: partner.tier,
        timeZone: partner.timeZone,
        domains: [...partner.domains],
      }),
      `partner ${partner.name}`,
    );
  }
  for (const persona of PERSONAS) {
    if (!persona.role) continue;
    must(
      await admin.addPerson(seeder, {
        email: persona.email,
        role: persona.role,
        ...(persona.partner ? { partner: persona.partner } : {}),
      }),
      `person ${persona.email}`,
    );
  }
}

async function importDemoCustomers(store: Store, clock: ManualClock, seeder: AdminActor): Promise<void> {
  const rows: ImportRow[] = Object.values(CUSTOMERS).map((c, i) => ({
    line: i + 2,
    name: c.name,
    handle: c.handle,
    country: c.country,
    region: regionFor(c.country) ?? "US",
    vertical: c.vertical,
    admins: c.admins.map((a) => ({ email: a.email, role: a.role })),
    purchasedServices: [...c.purchased] as Service[],
    managingPartners: [...c.managedBy],
  }));
  const imported = await importCustomers({ store, clock }, seeder, rows);
  if (!imported.ok || imported.value.problems.length > 0)
    throw new Error(`sandbox seed: customer import failed: ${JSON.stringify(imported)}`);
  // A customer admin who reads Korean (the import has no language column): the bot's messages
  // and cards reach her in Korean.
  for (const c of Object.values(CUSTOMERS)) {
    const languages = new Map<string, Language>(
      c.admins.flatMap((a) => ("language" in a ? [[a.email, a.language] as const] : [])),
    );
    const customer = languages.size > 0 ? await store.findCustomerByHandle(c.handle) : null;
    if (!customer) continue;
    await store.commit({
      customer: {
        ...customer,
        admins: customer.admins.map((a) => ({ ...a, language: languages.get(a.email) ?? a.language })),
      },
      audit: [],
      outbox: [],
    });
  }
}

/** A new customer's trial started by a partner person; its id. */
type NewCustomer = (
  by: string,
  company: { name: string; adminEmail: string; country: string; vertical: string },
  services: Service[],
  siteUrl?: string,
) => Promise<string>;

/** The trials of the demo, each in the state its story leaves it in; `at` moves the clock to so many days ago. */
async function playHistory(store: Store, commands: TrialCommands, at: (daysAgo: number) => Promise<void>) {
  const as = async (email: string) => {
    const person: Person | null = await store.findPersonByEmail(email);
    if (!person) throw new Error(`sandbox seed: ${email} is not registered`);
    return { kind: "person" as const, person };
  };
  const newCustomer: NewCustomer = async (by, company, services, siteUrl) => {
    const outcome = await commands.startNewCustomer(await as(by), {
      companyName: company.name,
      adminEmail: company.adminEmail,
      vertical: company.vertical,
      country: company.country,
      locationAcknowledged: true,
      setup: { services, ...(siteUrl ? { meetings: { siteUrl, timeZone: "Europe/Paris" } } : {}) },
    });
    return trialId(outcome, company.name);
  };
  const company = (name: string, adminEmail: string, country: string, vertical: string) => ({
    name,
    adminEmail,
    country,
    vertical,
  });

  // Expired, in its grace period: started 45 days ago for 30 days.
  await newCustomer("fiona@bright.example", company("Umbrella Health", "uma@umbrella.example", "GB", "Healthcare"), [
    "messaging",
    "calling",
  ]);
  // Converted to a paid order 5 days ago.
  await at(25);
  const hooli = await newCustomer(
    "sam@bright.example",
    company("Hooli", "hank@hooli.example", "US", "Technology"),
    ["messaging", "meetings"],
    "hooli-demo.webex.com",
  );
  // A tier-2 partner's active trial (tier 2 cannot convert: R-CONV-2).
  await at(20);
  await newCustomer(
    "nate@northwind.example",
    company("Vandelay Industries", "vera@vandelay.example", "US", "Wholesale and Distribution"),
    ["messaging", "meetings"],
    "vandelay-demo.webex.com",
  );
  // Active, 20 days left.
  await at(10);
  await newCustomer("fiona@bright.example", company("Acme Corp", "ada@acme.example", "US", "Manufacturing"), [
    "messaging",
    "calling",
  ]);
  await at(5);
  const converted = await commands.convert(await as("fiona@bright.example"), hooli, {
    orderNumber: "88412301",
    provisioningContactEmail: "fiona@bright.example",
  });
  trialId(converted, "Hooli (convert)");
  // Waiting for the customer's consent since 2 days ago (an existing customer with no sales relationship).
  await at(2);
  const consent = await commands.requestConsent(await as("sam@bright.example"), {
    customer: CUSTOMERS.initech.handle,
    adminEmail: "ivan@initech.example",
    organisationConfirmed: true,
    setup: { services: ["calling"] },
  });
  trialId(consent, "Initech (consent)");
  await at(0);
}

/**
 * The store as the history's use cases see it: reminders fired while the history is replayed would
 * say "ends in 7 days (17 Nov)" of dates past by now, so they are left out of the outbox (the audit
 * keeps them); the rest of the history (trials started, expired, converted, consent asked) is sent.
 * Left out at commit, not afterwards: the bot's outbox sweep may run while the seed does.
 */
function withoutPastReminders(store: Store, clock: ManualClock, now: Date): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "commit") {
        return (change: Commit) =>
          target.commit(
            clock.now().getTime() < now.getTime()
              ? { ...change, outbox: change.outbox.filter((m) => typeof m.data.daysLeft !== "number") }
              : change,
          );
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function trialId(outcome: Outcome, what: string): string {
  if (!outcome.ok)
    throw new Error(`sandbox seed: ${what} refused: ${outcome.refusal.code} ${JSON.stringify(outcome.refusal)}`);
  if (!outcome.trial) throw new Error(`sandbox seed: ${what} made no trial`);
  return outcome.trial.id;
}

function must<T>(outcome: { ok: true; value: T } | { ok: false; refusal: unknown }, what: string): T {
  if (!outcome.ok) throw new Error(`sandbox seed: ${what} refused: ${JSON.stringify(outcome.refusal)}`);
  return outcome.value;
}
