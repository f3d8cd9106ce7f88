// Issue 10: one partner's full admin could take over another partner's people, spaces and
// customers, and every partner's ops alerts went to the last linked ops space. Each attack is
// typed in chat as it was, on the real store; each must be refused with nothing changed.

import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliverOutbox } from "../../app/delivery/deliver-outbox.ts";
import type { Messaging } from "../../app/ports/messaging.ts";
import { messageTexts } from "../../bot/i18n/message-texts.ts";
import { ALPHA, BETA, BOT_ADMIN_WHO, createWorld, partnerPerson, ROOMS, type World } from "./world.ts";

let w: World;
beforeAll(async () => {
  w = await createWorld();
}, 60_000);
afterAll(async () => {
  await w?.dispose();
});
beforeEach(async () => {
  await w.reset();
});

const betaAdmin = partnerPerson(BETA, "full_admin");
const alphaAdmin = partnerPerson(ALPHA, "full_admin");

describe("R-ORG-1 / R-ORG-4: a partner's full admin cannot take over another partner's data", () => {
  it("person add <Alpha's person> full_admin by Beta's full admin is refused; the person stays Alpha's", async () => {
    const before = await w.alphaRows();
    const reply = await w.say(betaAdmin, "person add viewer@alpha.example full_admin", ROOMS.beta);
    expect(reply).toContain("registered with another partner organisation");
    expect(reply).not.toMatch(/^Done/);
    expect(await w.store.findPersonByEmail("viewer@alpha.example")).toMatchObject({
      partnerId: ALPHA.id,
      role: "read_only",
    });
    expect(await w.alphaRows()).toEqual(before);
  });

  it("person add <Alpha's sales admin> read_only \"Beta Partners\" is refused: the person's current partner is checked, not only the target", async () => {
    const before = await w.alphaRows();
    const reply = await w.say(betaAdmin, 'person add seller@alpha.example read_only "Beta Partners"', ROOMS.beta);
    expect(reply).toContain("registered with another partner organisation");
    expect(await w.store.findPersonByEmail("seller@alpha.example")).toMatchObject({
      partnerId: ALPHA.id,
      role: "sales_admin",
    });
    expect(await w.alphaRows()).toEqual(before);
    // Nor can Beta remove them.
    expect(await w.say(betaAdmin, "person remove seller@alpha.example", ROOMS.beta)).toContain(
      "registered with another partner organisation",
    );
    expect(await w.alphaRows()).toEqual(before);
  });

  it("space link \"Beta Partners\" partner, typed in Alpha's space by Beta's full admin, is refused; the space stays Alpha's", async () => {
    const before = await w.alphaRows();
    const reply = await w.say(betaAdmin, 'space link "Beta Partners" partner', ROOMS.alpha);
    expect(reply).toContain("already linked to another partner organisation");
    expect(await w.store.findSpace(ROOMS.alpha)).toEqual({ roomId: ROOMS.alpha, kind: "partner", partnerId: ALPHA.id });
    // Nor may Beta turn the trials team's ops space into its own.
    expect(await w.say(betaAdmin, 'space link "Beta Partners" ops', ROOMS.ops)).toContain(
      "already linked to another partner organisation",
    );
    expect(await w.alphaRows()).toEqual(before);
    // A bot admin may move a space; a partner links a new space of its own.
    expect(await w.say(BOT_ADMIN_WHO, 'space link "Beta Partners" partner', ROOMS.alpha)).toMatch(/^Done/);
    expect(await w.store.findSpace(ROOMS.alpha)).toMatchObject({ partnerId: BETA.id });
    expect(await w.say(betaAdmin, 'space link "Beta Partners" partner', ROOMS.fresh)).toMatch(/^Done/);
  });

  it("customer import by Beta's full admin with Alpha's handle acme-corp changes nothing of Alpha's customer", async () => {
    const before = await w.alphaRows();
    const csv = [
      "name,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners",
      "Acme Corp,acme-corp,DE,Retail,mole@beta.example,mole@beta.example,messaging,",
      "Acme Corp,,DE,Retail,mole@beta.example,mole@beta.example,messaging,",
      'Beta New Co,beta-new,DE,Retail,x@betanew.example,x@betanew.example,,"Alpha Partners"',
    ].join("\n");
    const reply = await w.say(betaAdmin, `customer import\n${csv}`, ROOMS.beta);
    expect(reply).toContain("Imported: 0 new, 0 updated.");
    expect(reply).toContain("Line 3: customer `acme-corp` is managed by another partner");
    expect(reply).toContain("Line 4: customer `Acme Corp` is managed by another partner");
    expect(reply).toContain("Line 5: partner `Alpha Partners` is not yours");
    expect(await w.store.findCustomerByHandle("acme-corp")).toEqual(w.acme.customer);
    expect(await w.alphaRows()).toEqual(before);
  });

  it("the import's skipped rows are explained in Korean too", async () => {
    await w.say(betaAdmin, "lang ko", ROOMS.beta);
    const csv = [
      "name,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners",
      "Acme Corp,acme-corp,DE,Retail,mole@beta.example,mole@beta.example,messaging,",
      'Beta New Co,beta-new,DE,Retail,x@betanew.example,x@betanew.example,,"Alpha Partners"',
    ].join("\n");
    const reply = await w.say(betaAdmin, `customer import\n${csv}`, ROOMS.beta);
    expect(reply).toContain("3행: 고객 `acme-corp`은(는) 다른 파트너가 관리하는 고객이라 건너뛰었습니다");
    expect(reply).toContain("4행: 파트너 `Alpha Partners`은(는) 귀사가 아니라 건너뛰었습니다");
  });

  it("Alpha's own full admin still imports and updates its customer; co-managing partners keep their access", async () => {
    const customer = {
      ...w.acme.customer,
      managingPartners: [
        ...w.acme.customer.managingPartners,
        { partnerId: BETA.id, access: "provisioning_admin" as const },
      ],
    };
    await w.store.upsertCustomer(customer);
    const csv = [
      "name,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners",
      "Acme Corp,acme-corp,US,Retail,boss@acme.example,boss@acme.example,,",
    ].join("\n");
    expect(await w.say(alphaAdmin, `customer import\n${csv}`)).toContain("Imported: 0 new, 1 updated.");
    const after = await w.store.findCustomerByHandle("acme-corp");
    expect(after?.managingPartners).toEqual(
      expect.arrayContaining([
        { partnerId: ALPHA.id, access: "full_admin" },
        { partnerId: BETA.id, access: "provisioning_admin" },
      ]),
    );
  });
});

describe("R-EXP-6: ops alerts go to the trial's partner's ops space and the trials team's, never another partner's", () => {
  it("with \"Alpha Partners\" ops and Beta ops both linked, Alpha's expiry reminder reaches Alpha's ops space and the trials team, not Beta's", async () => {
    expect(await w.say(BOT_ADMIN_WHO, 'space link "Alpha Partners" ops', "room-alpha-ops")).toBe(
      "Done: this is the ops space of **Alpha Partners**. Expiry events of its own trials come here.",
    );
    await w.say(betaAdmin, "lang ko", ROOMS.beta);
    expect(await w.say(betaAdmin, 'space link "Beta Partners" ops', "room-beta-ops")).toBe(
      "완료: 이 스페이스는 **Beta Partners**의 운영 스페이스입니다. 이 파트너의 트라이얼 만료 이벤트가 여기로 옵니다.",
    );
    // …and in Korean, another partner's space is refused as clearly.
    expect(await w.say(betaAdmin, 'space link "Beta Partners" partner', ROOMS.alpha)).toContain("다른 파트너 조직");
    // The trials team's space stays bot-wide (Beta's link did not take it over).
    expect(await w.store.spaceFor("ops", null)).toMatchObject({ roomId: ROOMS.ops });
    await w.store.commit({ audit: [], outbox: [] });
    const sentBefore = new Set((await w.store.unsentOutbox(500)).map((r) => r.id));
    // Alpha's trial reaches the 7-days-before reminder.
    const timer = (await w.store.pendingTimers(w.acme.trial.id)).find((t) => t.kind === "reminder_before_end")!;
    w.clock.set(timer.dueAt);
    expect((await w.app.commands.fireTimer(w.acme.trial.id, timer.kind, timer.dueAt)).ok).toBe(true);
    const rows = (await w.store.unsentOutbox(500)).filter(
      (r) => !sentBefore.has(r.id) && r.message.template === "ops.event",
    );
    const rooms: string[] = [];
    const messaging: Messaging = {
      post: async (to) => {
        rooms.push("roomId" in to ? to.roomId : "?");
        return { ok: true, messageId: "m" };
      },
      delete: async () => {},
      findPosted: async () => ({ kind: "not_posted" }),
    };
    const delivery = new DeliverOutbox({
      store: w.store,
      messaging,
      texts: messageTexts,
      clock: w.clock,
      logger: pino({ level: "silent" }),
    });
    for (const row of rows) expect((await delivery.send(row)).kind).toBe("sent");
    expect(rooms.sort()).toEqual(["room-alpha-ops", ROOMS.ops].sort());
    expect(rows.every((r) => r.message.data.customer === "Acme Corp")).toBe(true);
  });

  it("a partner's full admin cannot link the trials team's bot-wide ops space", async () => {
    expect(await w.say(alphaAdmin, "space link ops", ROOMS.fresh)).not.toMatch(/^Done/);
    expect(await w.store.findSpace(ROOMS.fresh)).toBeNull();
  });
});
