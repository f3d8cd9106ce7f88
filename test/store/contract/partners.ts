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
