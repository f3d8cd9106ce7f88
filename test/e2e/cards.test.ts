// Adaptive Cards end to end: partners open cards with chat commands in their space, fill them in
// and submit them in the Webex emulator; customer admins answer consent cards 1:1. The tests of
// this file share one bot and run in order; each seeds what it needs.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CardSigner } from "../../cards/reference.ts";
import {
  botMessagesIn,
  cardArrivedIn,
  cardOf,
  directRoomOf,
  hasCard,
  isGone,
  latestCard,
  press,
  pressInputs,
  seedCustomer,
  submitRaw,
} from "./cards-helpers.ts";
import { type E2E, SEEDED_AT, startE2E, TODAY, textOf, waitFor } from "./harness.ts";

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const NEW_CUSTOMER = {
  companyName: "Initech",
  adminEmail: "peter@initech.example",
  vertical: "Manufacturing",
  country: "DE",
  locationAck: "true",
  services: "messaging,calling",
  lengthDays: "60",
};

async function trialsOf(handle: string) {
  const customer = await e.store.findCustomerByHandle(handle);
  return customer ? e.store.listTrials({ customerId: customer.id }) : [];
}

/** The partner asks for a card in the space; resolves with the command's thread replies. */
async function openCard(text: string) {
  const replies = await e.say(e.people.fullAdmin, text);
  const card = replies.find(hasCard);
  expect(card, `a card in reply to "${text}"`).toBeDefined();
  return { card: card!, threadId: card!.parentId! };
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("trial cards through the Webex emulator", () => {
  it("R-NEW-1: trial start sends the card; a submit starts the trial, welcomes the admin, and the card is replaced by the outcome", async () => {
    const peter = e.emulator.addPerson({ displayName: "Peter Initech", email: "peter@initech.example" });
    const { card, threadId } = await openCard("trial start");
    expect(cardOf(card).body.some((x) => x.id === "country")).toBe(true);

    await press(e, e.people.fullAdmin, card, "submit", NEW_CUSTOMER);

    const [trial] = await trialsOf("initech");
    expect(trial).toMatchObject({
      status: "active",
      kind: "new_customer",
      services: ["messaging", "calling"],
      lengthDays: 60,
    });
    const customer = await e.store.findCustomerByHandle("initech");
    expect(customer).toMatchObject({ country: "DE", region: "EU", vertical: "Manufacturing" });
    // R-NEW-1: the new admin gets the welcome pointing to admin.webex.com.
    const welcome = botMessagesIn(e, directRoomOf(e, peter).id).map(textOf).join("\n");
    expect(welcome).toContain("admin.webex.com");
    // The card is gone; the outcome is in its thread.
    expect(isGone(e, card)).toBe(true);
    const outcome = e
      .repliesTo(threadId)
      .filter((m) => !hasCard(m))
      .map(textOf);
    expect(outcome.at(-1)).toContain("Done: the trial of Initech is active until");
  });

  it("a submit that fails inside (the database refuses the commit) changes nothing, says so, and the same card works afterwards", async () => {
    const { card, threadId } = await openCard("trial start");
    const sql = new pg.Client({ connectionString: e.databaseUrl });
    await sql.connect();
    try {
      // A real failure inside the use case's transaction: the audit table is briefly gone.
      await sql.query("ALTER TABLE audit_log RENAME TO audit_log_away");
      await press(e, e.people.fullAdmin, card, "submit", {
        ...NEW_CUSTOMER,
        companyName: "Vandelay",
        adminEmail: "art@vandelay.example",
      });
      expect(await trialsOf("vandelay")).toEqual([]);
      expect(isGone(e, card)).toBe(false);
      expect(e.repliesTo(threadId).map(textOf).at(-1)).toContain(
        "Something went wrong on my side and nothing was changed",
      );
    } finally {
      await sql.query("ALTER TABLE IF EXISTS audit_log_away RENAME TO audit_log");
      await sql.end();
    }
    await press(e, e.people.fullAdmin, card, "submit", {
      ...NEW_CUSTOMER,
      companyName: "Vandelay",
      adminEmail: "art@vandelay.example",
    });
    expect(await trialsOf("vandelay")).toMatchObject([{ status: "active" }]);
    expect(isGone(e, card)).toBe(true);
  });

  it("a card reply Webex refuses past the retry bound still arrives from the outbox, with its card", async () => {
    e.emulator.injectFaults({ status: 503, count: 4, path: /^\/messages$/, method: "POST" });
    try {
      const asked = e.emulator.userSays(e.people.fullAdmin.id, e.room.id, "trial start", { mentionBot: true });
      await e.emulator.idle();
      const reply = await waitFor(() => e.repliesTo(asked.id).find(hasCard), "the card, from the outbox", 20_000);
      expect(cardOf(reply).body.some((x) => x.id === "companyName")).toBe(true);
      expect(e.repliesTo(asked.id)).toHaveLength(1);
    } finally {
      e.emulator.clearFaults();
    }
  });

  it("R-NEW-1 / R-ORG-5: bad inputs are answered field by field on the card, re-sent pre-filled; fixing them starts the trial", async () => {
    const { card, threadId } = await openCard("trial start");
    await press(e, e.people.salesAdmin, card, "submit", {
      ...NEW_CUSTOMER,
      companyName: "Globo Gym",
      adminEmail: "white@",
      country: "IR",
      services: "",
      lengthDays: "45",
    });

    expect(await trialsOf("globo-gym")).toEqual([]);
    expect(isGone(e, card)).toBe(true);
    const again = latestCard(e.repliesTo(threadId));
    expect(again.id).not.toBe(card.id);
    const json = JSON.stringify(cardOf(again));
    expect(json).toContain('"id":"companyName","label":"Company name","value":"Globo Gym"');
    expect(json).toContain("Customer admin e-mail: is not an e-mail address");
    expect(json).toContain("Country: is a country where Webex is not offered");
    expect(json).toContain("Services to trial: none picked. Expected: at least one service.");
    expect(json).toContain("Trial length: is not offered");
    expect(textOf(again)).toContain("Customer admin e-mail: is not an e-mail address");

    await press(e, e.people.salesAdmin, again, "submit", {
      ...NEW_CUSTOMER,
      companyName: "Globo Gym",
      adminEmail: "white@globogym.example",
    });
    expect(await trialsOf("globo-gym")).toHaveLength(1);
    expect(isGone(e, again)).toBe(true);
  });

  it("R-CONSENT-1/2/3/4: existing customer; a non-full admin is refused (nothing changes); a full admin accepts WITH full admin access; then provisioning", async () => {
    const globex = await seedCustomer(e, "Globex GmbH", "globex");
    const lookup = await openCard("trial start existing");
    await press(e, e.people.fullAdmin, lookup.card, "lookup", { customer: "globex" });
    const card = latestCard(e.repliesTo(lookup.threadId));
    const json = JSON.stringify(cardOf(card));
    // R-ELIG-1: Messaging is purchased, so it is not offered.
    expect(json).toContain('"value":"calling"');
    expect(json).not.toContain('"value":"messaging"');
    expect(json).toContain("This is the right existing organisation: Globex GmbH");

    // Addressed to the admin who is not a full admin: every full admin gets the request too (R-CONSENT-2).
    await press(e, e.people.fullAdmin, card, "submit", {
      orgConfirmed: "true",
      adminEmail: globex.otherAdmin.emails[0],
      services: "calling",
      lengthDays: "30",
    });
    const [trial] = await trialsOf("globex");
    expect(trial).toMatchObject({ status: "pending_consent", kind: "existing_customer" });
    expect(e.repliesTo(lookup.threadId).map(textOf).at(-1)).toContain(
      "Done: the consent request for Globex GmbH is on its way to other@globex.example, full@globex.example",
    );

    const otherCard = await cardArrivedIn(e, directRoomOf(e, globex.otherAdmin).id);
    const fullCard = await cardArrivedIn(e, directRoomOf(e, globex.fullAdmin).id);
    expect(JSON.stringify(cardOf(fullCard))).toContain("Grant the partner full admin access");

    // R-CONSENT-3: the non-full admin's accept is refused and changes nothing.
    const audit = await e.store.auditOf({ trialId: trial!.id });
    await press(e, globex.otherAdmin, otherCard, "accept", { fullAdminAccess: "true" });
    expect(await e.store.getTrial(trial!.id)).toMatchObject({
      status: "pending_consent",
      version: trial!.version,
      partnerAccess: null,
    });
    expect(await e.store.auditOf({ trialId: trial!.id })).toEqual(audit);
    expect(isGone(e, otherCard)).toBe(false);
    expect(botMessagesIn(e, directRoomOf(e, globex.otherAdmin).id).map(textOf).at(-1)).toContain(
      "Only a full admin of **Globex GmbH** can accept",
    );

    // The full admin accepts with full admin access.
    await press(e, globex.fullAdmin, fullCard, "accept", { fullAdminAccess: "true" });
    expect(await e.store.getTrial(trial!.id)).toMatchObject({
      status: "awaiting_provisioning",
      partnerAccess: "full_admin",
    });
    expect((await e.store.getCustomer(globex.customer.id))!.managingPartners).toContainEqual({
      partnerId: "p-bright",
      access: "full_admin",
    });
    expect(isGone(e, fullCard)).toBe(true);
    expect(botMessagesIn(e, directRoomOf(e, globex.fullAdmin).id).map(textOf).at(-1)).toContain(
      "Bright Partners is now a full admin",
    );

    // R-CONSENT-4: the partner completes provisioning by card; the trial becomes active.
    const provision = await openCard("trial provision globex");
    await press(e, e.people.fullAdmin, provision.card, "submit");
    expect(await e.store.getTrial(trial!.id)).toMatchObject({ status: "active" });
    expect(isGone(e, provision.card)).toBe(true);
  });

  async function consentCardFor(name: string, handle: string) {
    const seeded = await seedCustomer(e, name, handle);
    const lookup = await openCard("trial start existing");
    await press(e, e.people.fullAdmin, lookup.card, "lookup", { customer: handle });
    await press(e, e.people.fullAdmin, latestCard(e.repliesTo(lookup.threadId)), "submit", {
      orgConfirmed: "true",
      adminEmail: seeded.fullAdmin.emails[0],
      services: "calling,meetings",
      siteUrl: `${handle}.webex.com`,
      siteTimeZone: "Europe/Berlin",
    });
    const [trial] = await trialsOf(handle);
    expect(trial?.status).toBe("pending_consent");
    return { ...seeded, trial: trial!, card: await cardArrivedIn(e, directRoomOf(e, seeded.fullAdmin).id) };
  }

  it("R-CONSENT-3: a full admin accepts WITHOUT full admin access: the partner is a provisioning admin", async () => {
    const { fullAdmin, card, trial, customer } = await consentCardFor("Hooli Inc", "hooli");
    await press(e, fullAdmin, card, "accept", { fullAdminAccess: "false" });
    expect(await e.store.getTrial(trial.id)).toMatchObject({
      status: "awaiting_provisioning",
      partnerAccess: "provisioning_admin",
    });
    expect((await e.store.getCustomer(customer.id))!.managingPartners).toContainEqual({
      partnerId: "p-bright",
      access: "provisioning_admin",
    });
    expect(botMessagesIn(e, directRoomOf(e, fullAdmin).id).map(textOf).at(-1)).toContain("a provisioning admin");
  });

  it("R-CONSENT-6: a full admin declines: the trial is cancelled and the partner is told", async () => {
    const { fullAdmin, card, trial } = await consentCardFor("Umbrella Corp", "umbrella");
    await press(e, fullAdmin, card, "decline");
    expect(await e.store.getTrial(trial.id)).toMatchObject({ status: "cancelled", cancelReason: "declined" });
    expect(isGone(e, card)).toBe(true);
    expect(botMessagesIn(e, e.room.id).map(textOf).join("\n")).toContain("Umbrella Corp");
  });

  it("R-CONSENT-6: a consent card clicked after the 10 days says the request expired, and changes nothing", async () => {
    const { fullAdmin, card, trial } = await consentCardFor("Wayne Enterprises", "wayne");
    e.clock.set(new Date(TODAY.getTime() + 11 * 86_400_000));
    try {
      await press(e, fullAdmin, card, "accept", { fullAdminAccess: "true" });
    } finally {
      e.clock.set(TODAY);
    }
    expect(await e.store.getTrial(trial.id)).toMatchObject({ status: "pending_consent", version: trial.version });
    expect(botMessagesIn(e, directRoomOf(e, fullAdmin).id).map(textOf).at(-1)).toContain("This trial request expired");
  });

  it("R-EXT-1: a stale edit card (the trial changed since) and a forged reference are refused; nothing changes", async () => {
    const show = await e.say(e.people.fullAdmin, "trial show acme");
    const menu = show.find(hasCard)!;
    expect(cardOf(menu).actions!.map((a) => a.title)).toEqual([
      "Extend or change services",
      "Convert",
      "Cancel trial",
      "Delete trial",
    ]);
    await press(e, e.people.fullAdmin, menu, "open_edit");
    const edit = latestCard(e.repliesTo(menu.parentId!));
    expect(edit.id).not.toBe(menu.id);

    // Forged: the version in the reference changed, the MAC kept.
    const before = await e.store.getTrial(e.acme.id);
    const data = pressInputs(edit, "extend", { days: "30" });
    const [v, payload, mac] = String(data.ref).split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), v: 999 }),
    ).toString("base64url");
    await submitRaw(e, e.people.fullAdmin, edit, { ...data, ref: `${v}.${forgedPayload}.${mac}` });
    expect(await e.store.getTrial(e.acme.id)).toEqual(before);
    expect(isGone(e, edit)).toBe(false);
    expect(e.repliesTo(menu.parentId!).map(textOf).at(-1)).toContain("This card is not valid");
    // Signed with another key: refused too.
    const other = new CardSigner("someone-elses-secret-0123").sign({
      kind: "edit",
      trialId: e.acme.id,
      version: before!.version,
    });
    await submitRaw(e, e.people.fullAdmin, edit, { ...data, ref: other });
    expect(e.repliesTo(menu.parentId!).map(textOf).at(-1)).toContain("This card is not valid");
    expect(await e.store.getTrial(e.acme.id)).toEqual(before);

    // Stale: the trial is extended by chat meanwhile; the card's version is older.
    await e.say(e.people.salesAdmin, "trial extend acme 25");
    const changed = await e.store.getTrial(e.acme.id);
    expect(changed!.version).toBe(before!.version + 1);
    await press(e, e.people.fullAdmin, edit, "extend", { days: "30" });
    expect(await e.store.getTrial(e.acme.id)).toEqual(changed);
    // Issue 12: the stale card goes, and the person is told so where they look now (a new post in
    // the space, not the card's old thread), with the customer's real name and handle.
    expect(isGone(e, edit)).toBe(true);
    const told = e.botPostsIn(e.room.id).map(textOf).at(-1)!;
    expect(told).toContain(
      "That card was out of date: the trial of **Acme** changed after the card was made (it is now active). I removed the card and changed nothing.",
    );
    expect(told).toContain("`trial show acme`");
    expect(told).not.toContain("someone else");
    expect(told).not.toContain("<customer>");
  });

  it("a double submit of one card (two clicks) starts one trial; a repeated webhook delivery extends once", async () => {
    const { card, threadId } = await openCard("trial start");
    const inputs = pressInputs(card, "submit", {
      ...NEW_CUSTOMER,
      companyName: "Vandelay Industries",
      adminEmail: "art@vandelay.example",
    });
    e.emulator.userSubmitsCard(e.people.fullAdmin.id, card.id, inputs);
    e.emulator.userSubmitsCard(e.people.fullAdmin.id, card.id, inputs);
    await e.emulator.idle();
    await waitFor(
      () => e.repliesTo(threadId).some((m) => textOf(m).includes("Done: the trial of Vandelay Industries")),
      "the outcome of the double submit",
      20_000,
    );
    await e.settle(300);
    expect(await trialsOf("vandelay-industries")).toHaveLength(1);
    expect(
      e.repliesTo(threadId).filter((m) => textOf(m).includes("Done: the trial of Vandelay Industries")),
    ).toHaveLength(1);

    // Repeated delivery of one submit.
    const show = await e.say(e.people.fullAdmin, "trial show acme");
    const menu = show.find(hasCard)!;
    await press(e, e.people.fullAdmin, menu, "open_edit");
    const edit = latestCard(e.repliesTo(menu.parentId!));
    const audit = (await e.store.auditOf({ trialId: e.acme.id })).filter((a) => a.action === "trial.extended").length;
    e.emulator.duplicateDeliveries = 2;
    try {
      await press(e, e.people.fullAdmin, edit, "extend", { days: "30" });
    } finally {
      e.emulator.duplicateDeliveries = 1;
    }
    const after = await e.store.getTrial(e.acme.id);
    expect(after!.endDate).toBe("2026-04-11");
    expect((await e.store.auditOf({ trialId: e.acme.id })).filter((a) => a.action === "trial.extended")).toHaveLength(
      audit + 1,
    );
    expect(e.repliesTo(menu.parentId!).filter((m) => textOf(m).includes("now ends on 11 Apr 2026"))).toHaveLength(1);
  });

  it("R-EXT-1: the edit card refuses a shortening without the tick, naming both dates; with the tick it applies", async () => {
    const trial = await e.startTrial("Tickco"); // today 12 Mar + 30: ends 11 Apr
    await e.bot.outbox.deliverPending();
    const show = await e.say(e.people.fullAdmin, "trial show tickco");
    const menu = show.find(hasCard)!;
    await press(e, e.people.fullAdmin, menu, "open_edit");
    const edit = latestCard(e.repliesTo(menu.parentId!));
    expect(JSON.stringify(cardOf(edit))).toContain(
      "Shorten the trial if the new end date is earlier than the current one (11 Apr 2026)",
    );

    await press(e, e.people.fullAdmin, edit, "extend", { days: "5", confirmShorten: "false" });
    expect(await e.store.getTrial(trial.id)).toMatchObject({ endDate: "2026-04-11", version: trial.version });
    expect(isGone(e, edit)).toBe(true);
    const again = latestCard(e.repliesTo(menu.parentId!));
    const json = JSON.stringify(cardOf(again));
    expect(json).toContain("**17 Mar 2026**, which is 25 days earlier than its current end date, **11 Apr 2026**");

    await press(e, e.people.fullAdmin, again, "extend", { days: "5", confirmShorten: "true" });
    expect(await e.store.getTrial(trial.id)).toMatchObject({ endDate: "2026-03-17", version: trial.version + 1 });
    expect(isGone(e, again)).toBe(true);
    expect(e.repliesTo(menu.parentId!).map(textOf).at(-1)).toBe(
      "Done: the trial of Tickco now ends on 17 Mar 2026 (was 11 Apr 2026).",
    );
  });

  it("R-EXT-2: a device-trial extension goes to ops as a card; approved after the trial changed (devices shipped, reminder sent), it ends on the date requested", async () => {
    const opsPerson = e.emulator.addPerson({ displayName: "Olga Ops", email: "olga@trials-team.example" });
    await e.store.upsertPerson({
      id: "pp-olga",
      email: "olga@trials-team.example",
      webexPersonId: null,
      partnerId: null,
      role: "ops",
      language: "en",
    });
    const opsRoom = e.emulator.createRoom({
      title: "Trials ops",
      creatorId: opsPerson.id,
      memberIds: [e.botPerson.id],
    });
    await e.store.linkSpace({ roomId: opsRoom.id, kind: "ops", partnerId: null });
    e.clock.set(SEEDED_AT);
    const started = await e.commands.startNewCustomer(
      { kind: "person", person: await e.stored(e.people.fullAdmin) },
      {
        companyName: "Kramerica",
        adminEmail: "cosmo@kramerica.example",
        vertical: "Manufacturing",
        country: "US",
        locationAcknowledged: true,
        setup: { services: ["devices"], devices: null },
      },
    );
    e.clock.set(TODAY);
    expect(started.ok).toBe(true);

    await e.say(e.people.salesAdmin, "trial extend kramerica 25");
    // The pass under way also reports the undeliverable welcome (cosmo@ has no Webex account):
    // wait for the outbox itself, not for a quiet moment.
    await e.bot.outbox.deliverPending();
    const card = latestCard(botMessagesIn(e, opsRoom.id));
    expect(cardOf(card).actions!.map((a) => a.title)).toEqual(["Approve", "Deny"]);
    expect(JSON.stringify(cardOf(card))).toContain("to end on 6 Apr 2026");
    const [trial] = await trialsOf("kramerica");
    expect(trial!.pendingDeviceExtension).toMatchObject({ days: 25, requestedEndDate: "2026-04-06" });

    // The trial changes before ops decide: devices shipped, then the 7-day reminder fires on 25 March.
    const ops = { kind: "person" as const, person: (await e.store.findPersonByEmail("olga@trials-team.example"))! };
    expect(
      (
        await e.commands.shipDevices(ops, trial!.id, {
          units: [{ model: "Desk Pro", serial: "FOC99887766" }],
          eulaExpiryDate: "2026-06-30",
        })
      ).ok,
    ).toBe(true);
    const reminder = (await e.store.pendingTimers(trial!.id)).find((t) => t.kind === "reminder_before_end")!;
    e.clock.set(reminder.dueAt);
    try {
      expect((await e.commands.fireTimer(trial!.id, "reminder_before_end", reminder.dueAt)).ok).toBe(true);
      expect((await e.store.getTrial(trial!.id))!.version).toBeGreaterThan(trial!.version + 1);

      await press(e, opsPerson, card, "approve");
      const after = await e.store.getTrial(trial!.id);
      // Approval day (25 Mar) + 25 would be 19 Apr: the approval binds to the date ops were shown.
      expect(after).toMatchObject({ endDate: "2026-04-06", pendingDeviceExtension: null });
      expect(isGone(e, card)).toBe(true);
      // The ops space also hears of the reminder: look for the outcome among the bot's messages.
      expect(botMessagesIn(e, opsRoom.id).map(textOf)).toContain(
        "Approved: the device trial of Kramerica now ends on 6 Apr 2026 (was 1 Apr 2026); the partner was told.",
      );

      // Only a newer request replaces one: the replaced request's card decides nothing, the newer one does.
      await e.say(e.people.salesAdmin, "trial extend kramerica 20"); // 25 Mar + 20 = 14 Apr
      const older = latestCard(botMessagesIn(e, opsRoom.id));
      const replies = await e.say(e.people.salesAdmin, "trial extend kramerica 22"); // 16 Apr, replaces it
      expect(replies.map(textOf).at(-1)).toContain("It replaces the earlier request to end on 14 Apr 2026.");
      const newer = latestCard(botMessagesIn(e, opsRoom.id));
      expect(newer.id).not.toBe(older.id);
      const before = await e.store.getTrial(trial!.id);
      await press(e, opsPerson, older, "approve");
      expect(await e.store.getTrial(trial!.id)).toEqual(before);
      expect(
        botMessagesIn(e, opsRoom.id)
          .map(textOf)
          .some((t) =>
            t.includes(
              "a newer request replaced it: sam@bright.example now asks for the trial to end on **16 Apr 2026**",
            ),
          ),
      ).toBe(true);
      await press(e, opsPerson, newer, "approve");
      expect(await e.store.getTrial(trial!.id)).toMatchObject({ endDate: "2026-04-16", pendingDeviceExtension: null });
    } finally {
      e.clock.set(TODAY);
    }
  });

  it("R-TIME-1: a reminder that fires and is delivered late says the same days left to the partner and on the customer's card", async () => {
    const admin = e.emulator.addPerson({ displayName: "Newman Late", email: "newman@late.example" });
    const started = await e.commands.startNewCustomer(
      { kind: "person", person: await e.stored(e.people.fullAdmin) },
      {
        companyName: "Late Ltd",
        adminEmail: "newman@late.example",
        vertical: "Manufacturing",
        country: "GB",
        locationAcknowledged: true,
        setup: { services: ["messaging"] },
      },
    );
    expect(started.ok).toBe(true);
    const trialId = started.ok ? started.trial!.id : "";
    await e.bot.outbox.deliverPending();
    const timer = (await e.store.pendingTimers(trialId)).find((t) => t.kind === "reminder_before_end")!;
    // The timer runs 20 hours late and the messages go out 10 hours after that: the next calendar day.
    e.clock.set(new Date(timer.dueAt.getTime() + 20 * 3600_000));
    try {
      expect((await e.commands.fireTimer(trialId, "reminder_before_end", timer.dueAt)).ok).toBe(true);
      e.clock.set(new Date(timer.dueAt.getTime() + 30 * 3600_000));
      await e.bot.outbox.deliverPending();
      const card = latestCard(botMessagesIn(e, directRoomOf(e, admin).id));
      expect(JSON.stringify(cardOf(card))).toContain("Your Webex trial ends in 7 days");
      const partnerText =
        botMessagesIn(e, directRoomOf(e, e.people.fullAdmin).id)
          .map(textOf)
          .filter((t) => t.includes("Late Ltd"))
          .at(-1) ?? "";
      expect(partnerText).toContain("**The trial for Late Ltd ends in 7 days**");
    } finally {
      e.clock.set(TODAY);
    }
  });

  it('R-EXP-1 / R-INT-1: the expiry reminder reaches the customer admin as a card; "I\'m interested in purchasing" tells the partner', async () => {
    const admin = e.emulator.addPerson({ displayName: "Lloyd Braun", email: "lloyd@braun.example" });
    const started = await e.commands.startNewCustomer(
      { kind: "person", person: await e.stored(e.people.fullAdmin) },
      {
        companyName: "Braun Ltd",
        adminEmail: "lloyd@braun.example",
        vertical: "Manufacturing",
        country: "GB",
        locationAcknowledged: true,
        setup: { services: ["messaging"] },
      },
    );
    expect(started.ok).toBe(true);
    const trialId = started.ok ? started.trial!.id : "";
    const timer = (await e.store.pendingTimers(trialId)).find((t) => t.kind === "reminder_before_end")!;
    e.clock.set(timer.dueAt);
    try {
      expect((await e.commands.fireTimer(trialId, "reminder_before_end", timer.dueAt)).ok).toBe(true);
      await e.bot.outbox.deliverPending();
      const card = latestCard(botMessagesIn(e, directRoomOf(e, admin).id));
      const actions = cardOf(card).actions!;
      expect(actions[1]).toMatchObject({ type: "Action.OpenUrl", url: "https://admin.webex.com/subscriptions" });
      await press(e, admin, card, "interested");
      expect(isGone(e, card)).toBe(true);
      expect(botMessagesIn(e, directRoomOf(e, admin).id).map(textOf).at(-1)).toContain(
        "Bright Partners was told you are interested",
      );
      await waitFor(
        () => botMessagesIn(e, e.room.id).some((m) => textOf(m).includes("Braun Ltd") && /interested/i.test(textOf(m))),
        "the partner to hear of the interest",
        20_000,
      );
      expect(botMessagesIn(e, e.room.id).map(textOf).join("\n")).toMatch(
        /Braun Ltd[\s\S]*interested|interested[\s\S]*Braun Ltd/,
      );
    } finally {
      e.clock.set(TODAY);
    }
  });
});
