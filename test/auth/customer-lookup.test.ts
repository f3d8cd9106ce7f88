// Names are not patterns (issue 10), and another partner's customer is not there (issue 12):
// the lookup on the real store (PostgreSQL), through the use cases partners reach it by.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import { CustomerLookup } from "../../app/customer-lookup.ts";
import type { Store } from "../../app/store.ts";
import { TrialQueries } from "../../app/trial-queries.ts";
import type { Customer, Person } from "../../domain/model.ts";
import { refuse } from "../../domain/refusals.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { truncateAll } from "../../prisma/testing.ts";
import { customer, partner, trial } from "../store/fixtures.ts";
import { postgresTarget, type TestTarget } from "../store/harness.ts";

let target: TestTarget;
let store: Store;
let lookup: CustomerLookup;

const ALPHA = "p-alpha";
const BETA = "p-beta";
const alphaViewer: Person = {
  id: "u1",
  email: "viewer@alpha.example",
  webexPersonId: "w1",
  partnerId: ALPHA,
  role: "read_only",
  language: "en",
};
const betaViewer: Person = {
  ...alphaViewer,
  id: "u2",
  email: "viewer@beta.example",
  webexPersonId: "w2",
  partnerId: BETA,
};

const acme = customer({
  id: "c-acme",
  handle: "acme-corp",
  name: "Acme Corp",
  managingPartners: [{ partnerId: ALPHA, access: "full_admin" }],
});
const labs = customer({
  id: "c-labs",
  handle: "labs",
  name: "Acme_Labs",
  managingPartners: [{ partnerId: ALPHA, access: "full_admin" }],
});
const globex = customer({
  id: "c-globex",
  handle: "globex",
  name: "Globex Corporation",
  managingPartners: [{ partnerId: BETA, access: "full_admin" }],
});

beforeAll(async () => {
  target = await postgresTarget();
  store = createPrismaStore(target.db);
  lookup = new CustomerLookup(store);
});
afterAll(async () => {
  await target?.dispose();
});
beforeEach(async () => {
  await truncateAll(target.db);
  await store.upsertPartner(partner({ id: ALPHA, name: "Alpha Partners" }));
  await store.upsertPartner(partner({ id: BETA, name: "Beta Partners", emailDomains: ["beta.example"] }));
  for (const c of [acme, labs, globex]) await store.upsertCustomer(c);
  await store.commit({
    trial: {
      next: trial({ id: "t-acme", partnerId: ALPHA, customerId: acme.id, meetings: null, services: ["calling"] }),
      expectedVersion: null,
    },
    audit: [],
    outbox: [],
  });
  await store.commit({
    trial: {
      next: trial({ id: "t-globex", partnerId: BETA, customerId: globex.id, meetings: null, services: ["calling"] }),
      expectedVersion: null,
    },
    audit: [],
    outbox: [],
  });
});

const name = (r: Customer | { code: string }) => ("code" in r ? r.code : r.name);

describe("names are not patterns", () => {
  it("LIKE wildcards are literal: acm_, a%p and % resolve to nothing", async () => {
    for (const text of ["acm_", "a%p", "%", "_", "Acme%", "\\"]) {
      expect(name(await lookup.resolve(text)), text).toBe("customer_not_found");
    }
    // The store's search too (import looks customers up by name through it).
    for (const text of ["acm_", "a%p", "%", "Glo_ex"]) expect(await store.searchCustomers(text), text).toEqual([]);
    expect((await store.searchCustomers("e_L")).map((c) => c.name)).toEqual(["Acme_Labs"]);
    // …while a name that really contains the character is still found by it.
    expect(name(await lookup.resolve("Acme_"))).toBe("Acme_Labs");
  });

  it("exact handle, then exact name, then a unique prefix; a mere substring is not a match", async () => {
    expect(name(await lookup.resolve("ACME-CORP"))).toBe("Acme Corp");
    expect(name(await lookup.resolve("acme corp"))).toBe("Acme Corp");
    expect(name(await lookup.resolve("Globex"))).toBe("Globex Corporation");
    expect(await lookup.resolve("acme")).toMatchObject({
      code: "customer_ambiguous",
      params: { matches: ["Acme Corp (acme-corp)", "Acme_Labs (labs)"] },
    });
    expect(name(await lookup.resolve("corp"))).toBe("customer_not_found");
    expect(name(await lookup.resolve("ration"))).toBe("customer_not_found");
  });

  it("a state-changing command asks about a guessed (prefix) match instead of acting on it", async () => {
    expect(await lookup.trialOf(ALPHA, "Acme C", "change")).toMatchObject({
      code: "customer_guess",
      params: { customer: "Acme C", match: "Acme Corp", handle: "acme-corp" },
    });
    expect(await lookup.trialOf(ALPHA, "Acme C", "view")).toMatchObject({
      customer: { name: "Acme Corp" },
      trial: { id: "t-acme" },
    });
    // The exact handle or name acts at once.
    expect(await lookup.trialOf(ALPHA, "acme-corp", "change")).toMatchObject({ trial: { id: "t-acme" } });
    expect(await lookup.trialOf(ALPHA, "Acme Corp", "change")).toMatchObject({ trial: { id: "t-acme" } });
  });
});

describe("another partner's customer answers as a name that does not exist (issue 12)", () => {
  it("trial show and audit by another partner: exactly the refusal of an unknown name", async () => {
    const queries = new TrialQueries(store, new ManualClock(new Date("2026-03-12T10:00:00Z")));
    for (const text of ["Acme Corp", "acme-corp", "Acme C"]) {
      // What a name that does not exist at all gets, with the text as typed:
      const unknown = refuse("customer_not_found", { customer: text });
      expect(await queries.show(betaViewer, text)).toEqual(unknown);
      expect(await queries.audit(betaViewer, text)).toEqual(unknown);
    }
    // The same words by its own partner find it.
    expect(await queries.show(alphaViewer, "acme-corp")).toMatchObject({ customer: { name: "Acme Corp" } });
    // A managed customer without a trial still says so (it is the partner's own).
    expect(await queries.show(alphaViewer, "labs")).toMatchObject({
      code: "no_trial",
      params: { customer: "Acme_Labs" },
    });
  });
});
