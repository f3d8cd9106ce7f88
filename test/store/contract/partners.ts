// The store contract: partners, people and spaces.
import { beforeEach, expect, it } from "vitest";
import type { Store } from "../../../app/store.ts";
import { customer, partner, person } from "../fixtures.ts";
import type { ContractContext } from "./helpers.ts";

export function partnersPeopleAndSpaces(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("round-trips partners and finds them by name, case-insensitively", async () => {
    await store.upsertPartner(partner());
    await store.upsertPartner(
      partner({ id: "p-beta", name: "Beta Telecom", tier: "tier2", emailDomains: [], webexOrgId: null }),
    );
    expect(await store.getPartner("p-acme")).toEqual(partner());
    expect(await store.findPartnerByName("acme networks")).toEqual(partner());
    expect(await store.findPartnerByName("nobody")).toBeNull();
    expect((await store.listPartners()).map((p) => p.id)).toEqual(["p-acme", "p-beta"]);
    await store.upsertPartner(partner({ tier: "tier2", timeZone: "UTC" }));
    expect(await store.getPartner("p-acme")).toEqual(partner({ tier: "tier2", timeZone: "UTC" }));
    expect(await store.getPartner("missing")).toBeNull();
  });
  it("round-trips people and looks them up", async () => {
    await store.upsertPartner(partner());
    const ops = person({
      id: "u-ops",
      email: "ops@webex.example",
      webexPersonId: null,
      partnerId: null,
      role: "ops",
      language: "ko",
    });
    await store.upsertPerson(person());
    await store.upsertPerson(ops);
    expect(await store.findPersonByEmail("alice@acme-net.example")).toEqual(person());
    expect(await store.findSenderByWebexId("wx-alice")).toEqual({ person: person(), partner: partner() });
    expect(await store.findSenderByWebexId("wx-nobody")).toBeNull();
    await store.upsertPerson({ ...ops, webexPersonId: "wx-ops" });
    expect(await store.findSenderByWebexId("wx-ops")).toEqual({
      person: { ...ops, webexPersonId: "wx-ops" },
      partner: null,
    });
    await store.upsertPerson(ops);
    expect(await store.findPersonByEmail("ops@webex.example")).toEqual(ops);
    expect(await store.listPartnerPeople("p-acme")).toEqual([person()]);
    expect(await store.listOpsPeople()).toEqual([ops]);

    await store.setPersonLanguage("alice@acme-net.example", "ko");
    expect((await store.findPersonByEmail("alice@acme-net.example"))?.language).toBe("ko");
    await store.upsertPerson(person({ role: "read_only" }));
    expect((await store.findPersonByEmail("alice@acme-net.example"))?.role).toBe("read_only");

    expect(await store.removePerson("alice@acme-net.example")).toBe(true);
    expect(await store.removePerson("alice@acme-net.example")).toBe(false);
    expect(await store.findPersonByEmail("alice@acme-net.example")).toBeNull();
    expect(await store.findSenderByWebexId("wx-alice")).toBeNull();
  });
  it("links spaces and finds the space for a partner or ops", async () => {
    await store.upsertPartner(partner());
    expect(await store.spaceFor("partner", "p-acme")).toBeNull();
    await store.linkSpace({ roomId: "room-ops", kind: "ops", partnerId: null });
    await store.linkSpace({ roomId: "room-acme", kind: "partner", partnerId: "p-acme" });
    expect(await store.findSpace("room-acme")).toEqual({ roomId: "room-acme", kind: "partner", partnerId: "p-acme" });
    expect(await store.findSpace("room-none")).toBeNull();
    expect(await store.spaceFor("partner", "p-acme")).toEqual({
      roomId: "room-acme",
      kind: "partner",
      partnerId: "p-acme",
    });
    expect(await store.spaceFor("ops", null)).toEqual({ roomId: "room-ops", kind: "ops", partnerId: null });
  });
  it("R-EXP-6: a partner's own ops space, linked last, is never the trials team's ops space (issue 10)", async () => {
    await store.upsertPartner(partner());
    await store.linkSpace({ roomId: "room-ops", kind: "ops", partnerId: null });
    await store.linkSpace({ roomId: "room-acme-ops", kind: "ops", partnerId: "p-acme" });
    expect(await store.spaceFor("ops", null)).toEqual({ roomId: "room-ops", kind: "ops", partnerId: null });
    expect(await store.spaceFor("ops", "p-acme")).toEqual({
      roomId: "room-acme-ops",
      kind: "ops",
      partnerId: "p-acme",
    });
    expect(await store.spaceFor("ops", "p-other")).toBeNull();
  });
}

export function spacesWithPeople(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("spaceWithPeople: spaceFor's space with the partner's people, or the ops people for the trials team's space", async () => {
    await store.upsertPartner(partner());
    await store.upsertPartner(partner({ id: "p-beta", name: "Beta", emailDomains: ["beta.example"] }));
    const ops = person({ id: "u-ops", email: "ops@webex.example", webexPersonId: null, partnerId: null, role: "ops" });
    const bob = person({ id: "u-bob", email: "bob@acme-net.example", webexPersonId: "wx-bob", language: "ko" });
    const beta = person({ id: "u-b", email: "b@beta.example", webexPersonId: "wx-b", partnerId: "p-beta" });
    for (const p of [person(), ops, bob, beta]) await store.upsertPerson(p);
    expect(await store.spaceWithPeople("partner", "p-acme")).toBeNull();
    await store.linkSpace({ roomId: "room-ops", kind: "ops", partnerId: null });
    // Of two spaces of a partner, the one linked last (spaceFor's).
    await store.linkSpace({ roomId: "room-acme-z", kind: "partner", partnerId: "p-acme" });
    await new Promise((r) => setTimeout(r, 5));
    await store.linkSpace({ roomId: "room-acme", kind: "partner", partnerId: "p-acme" });
    await store.linkSpace({ roomId: "room-acme-ops", kind: "ops", partnerId: "p-acme" });
    expect(await store.spaceWithPeople("partner", "p-acme")).toEqual({
      space: { roomId: "room-acme", kind: "partner", partnerId: "p-acme" },
      people: [person(), bob],
    });
    expect(await store.spaceWithPeople("ops", "p-acme")).toEqual({
      space: { roomId: "room-acme-ops", kind: "ops", partnerId: "p-acme" },
      people: [person(), bob],
    });
    expect(await store.spaceWithPeople("ops", null)).toEqual({
      space: { roomId: "room-ops", kind: "ops", partnerId: null },
      people: [ops],
    });
    expect(await store.spaceWithPeople("partner", "p-beta")).toBeNull();
    await store.linkSpace({ roomId: "room-beta", kind: "partner", partnerId: "p-beta" });
    expect(await store.spaceWithPeople("partner", "p-beta")).toEqual({
      space: { roomId: "room-beta", kind: "partner", partnerId: "p-beta" },
      people: [beta],
    });
    expect(await store.spaceWithPeople("partner", null)).toBeNull();
  });
}

export function customerSearchIsLiteral(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("names are not patterns: the customer search matches LIKE wildcards literally (issue 10)", async () => {
    await store.upsertPartner(partner());
    await store.upsertCustomer(customer());
    for (const text of ["glob_x", "g%x", "%", "_"]) expect(await store.searchCustomers(text), text).toEqual([]);
    expect((await store.searchCustomers("globex")).map((c) => c.handle)).toEqual(["globex"]);
  });
}
