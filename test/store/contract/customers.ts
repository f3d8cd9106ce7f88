// The store contract: customers.
import { beforeEach, expect, it } from "vitest";
import type { Store } from "../../../app/store.ts";
import { customer, partner } from "../fixtures.ts";
import type { ContractContext } from "./helpers.ts";

export function customers(ctx: ContractContext): void {
  let store: Store;
  beforeEach(() => {
    store = ctx.store();
  });
  it("round-trips a customer with its admins and managing partners in order", async () => {
    await store.upsertPartner(partner());
    await store.upsertPartner(partner({ id: "p-beta", name: "Beta" }));
    const c = customer({
      managingPartners: [
        { partnerId: "p-beta", access: "provisioning_admin" },
        { partnerId: "p-acme", access: "full_admin" },
      ],
      purchasedServices: ["calling", "messaging"],
      webexOrgId: "org-globex",
    });
    await store.upsertCustomer(c);
    expect(await store.getCustomer("c-globex")).toEqual(c);
    expect(await store.findCustomerByHandle("globex")).toEqual(c);
    expect(await store.findCustomerByHandle("nope")).toBeNull();

    // Replacing: lists are replaced, not merged.
    const c2 = customer({
      admins: [{ email: "new@globex.example", role: "full_admin", language: "en" }],
      managingPartners: [],
    });
    await store.upsertCustomer(c2);
    expect(await store.getCustomer("c-globex")).toEqual(c2);
  });
  it("searches customers by name or handle and by admin e-mail", async () => {
    await store.upsertPartner(partner());
    await store.upsertCustomer(customer());
    await store.upsertCustomer(
      customer({
        id: "c-init",
        handle: "initech",
        name: "Initech",
        admins: [{ email: "amy@globex.example", role: "other", language: "en" }],
      }),
    );
    await store.upsertCustomer(customer({ id: "c-umb", handle: "umbrella", name: "Umbrella Corp", admins: [] }));
    expect((await store.searchCustomers("CORP")).map((c) => c.id)).toEqual(["c-globex", "c-umb"]);
    expect((await store.searchCustomers("tech")).map((c) => c.id)).toEqual(["c-init"]);
    expect(await store.searchCustomers("zzz")).toEqual([]);
    expect((await store.listCustomers()).map((c) => c.id)).toEqual(["c-globex", "c-init", "c-umb"]);
    expect((await store.customersAdministeredBy("amy@globex.example")).map((c) => c.id)).toEqual([
      "c-globex",
      "c-init",
    ]);
    expect(await store.customersAdministeredBy("nobody@x.example")).toEqual([]);
  });
}
