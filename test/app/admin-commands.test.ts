// Administration on the in-memory store: who may do what, the configured default zone, the audit log.
import { beforeEach, expect, it } from "vitest";
import { type AdminActor, AdminCommands } from "../../app/admin-commands.ts";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { createMemoryStore } from "../../memory-store/memory-store.ts";

let store: Store;
let admin: AdminCommands;
const botAdmin: AdminActor = { email: "root@ops.example", person: null, isBotAdmin: true };

beforeEach(() => {
  store = createMemoryStore();
  admin = new AdminCommands(store, new ManualClock(new Date("2026-03-02T10:00:00Z")), {
    defaultTimeZone: "Europe/Paris",
  });
});

it("a partner added without a zone gets the configured default; naming one keeps it on later updates", async () => {
  const added = await admin.addPartner(botAdmin, { name: "Bright Partners", tier: "tier1" });
  expect(added.ok && added.value.timeZone).toBe("Europe/Paris");
  await admin.addPartner(botAdmin, { name: "Bright Partners", tier: "tier1", timeZone: "Asia/Seoul" });
  const updated = await admin.addPartner(botAdmin, { name: "Bright Partners", tier: "tier2" });
  expect(updated.ok && [updated.value.timeZone, updated.value.tier]).toEqual(["Asia/Seoul", "tier2"]);
  expect(await admin.addPartner(botAdmin, { name: "X", tier: "tier1", timeZone: "Mars/Base" })).toMatchObject({
    ok: false,
    refusal: { code: "invalid_input", params: { field: "timeZone" } },
  });
});

it("R-ORG-1: a partner full admin manages its own people only; ops people are for bot admins", async () => {
  const bright = await admin.addPartner(botAdmin, { name: "Bright Partners", tier: "tier1" });
  await admin.addPartner(botAdmin, { name: "Other Partner", tier: "tier2" });
  const boss = await admin.addPerson(botAdmin, {
    email: "Boss@Bright.example",
    role: "full_admin",
    partner: "Bright Partners",
  });
  expect(boss.ok && [boss.value.email, boss.value.partnerId]).toEqual([
    "boss@bright.example",
    bright.ok ? bright.value.id : "",
  ]);
  const bossActor: AdminActor = {
    email: "boss@bright.example",
    person: boss.ok ? boss.value : null,
    isBotAdmin: false,
  };

  expect((await admin.addPerson(bossActor, { email: "sam@bright.example", role: "sales_admin" })).ok).toBe(true);
  expect(
    await admin.addPerson(bossActor, { email: "x@other.example", role: "sales_admin", partner: "Other Partner" }),
  ).toMatchObject({ ok: false, refusal: { code: "role_required" } });
  expect(await admin.addPerson(bossActor, { email: "ops@bright.example", role: "ops" })).toMatchObject({
    ok: false,
    refusal: { code: "role_required", params: { roles: ["bot admin"] } },
  });
  expect(await admin.addPartner(bossActor, { name: "Sneaky", tier: "tier1" })).toMatchObject({
    ok: false,
    refusal: { code: "role_required" },
  });
  expect(await store.findPersonByEmail("x@other.example")).toBeNull();

  const audit = (await store.auditOf({ limit: 50 })).map((e) => [e.action, e.actor]);
  expect(audit).toEqual([
    ["partner.added", "root@ops.example"],
    ["partner.added", "root@ops.example"],
    ["person.added", "root@ops.example"],
    ["person.added", "boss@bright.example"],
  ]);
});
