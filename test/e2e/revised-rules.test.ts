// The revised rules end to end, through the Webex emulator: one live trial per customer and
// partner (R-PAID-1), a conversion that captures the contact's side and the trial admin and sends
// back the devices (R-CONV-1, R-CONV-5), and the grace end itself as the limit (R-CONV-4, R-EXP-4).
// The bot runs without Redis here: no timer fires unless the test fires it, so a lapse job is
// held back for as long as a test wants. The tests share one bot and run in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Person } from "../../domain/model.ts";
import { botMessagesIn, cardOf, directRoomOf, hasCard, latestCard, press } from "./cards-helpers.ts";
import { type E2E, startE2E, TODAY, textOf } from "./harness.ts";

let e: E2E;
const HOUR = 3_600_000;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const one = (replies: { markdown?: string; text?: string }[]): string => {
  expect(replies).toHaveLength(1);
  return textOf(replies[0]!);
};

async function startDeviceTrial(companyName: string, adminEmail: string) {
  const fiona: Person = await e.stored(e.people.fullAdmin);
  const outcome = await e.commands.startNewCustomer(
    { kind: "person", person: fiona },
    {
      companyName,
      adminEmail,
      vertical: "Manufacturing",
      country: "US",
      locationAcknowledged: true,
      setup: { services: ["messaging", "devices"], devices: null },
    },
  );
  if (!outcome.ok) throw new Error(outcome.refusal.code);
  await e.bot.outbox.deliverPending();
  return outcome.trial!;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("revised rules through the Webex emulator", () => {
  it("R-PAID-1: a second trial for the same customer is refused and points to editing the live one", async () => {
    const reply = one(await e.say(e.people.salesAdmin, "trial add acme"));
    expect(reply).toContain(
      "**Acme** already has a trial with you (active: Messaging and Calling, ends on 1 Apr 2026)",
    );
    expect(reply).toContain("`trial services acme +calling -meetings`");
    expect(reply).toContain("`trial extend acme <days>`");
    // No card to start a second one was sent; the only live trial is still the seeded one.
    const customer = (await e.store.findCustomerByHandle("acme"))!;
    expect((await e.store.listTrials({ customerId: customer.id })).map((t) => t.id)).toEqual([e.acme.id]);
  });

  it("R-PAID-1: a new-customer card naming a company that already is this partner's customer offers it; no acme-2", async () => {
    const replies = await e.say(e.people.fullAdmin, "trial start");
    const card = replies.find(hasCard)!;
    await press(e, e.people.fullAdmin, card, "submit", {
      companyName: "ACME",
      adminEmail: "someone@acme.example",
      vertical: "Manufacturing",
      country: "US",
      locationAck: "true",
      services: "meetings",
      lengthDays: "30",
      siteUrl: "acme2.webex.com",
      siteTimeZone: "UTC",
    });
    // Acme has a live trial: the reply says so and points to that trial.
    const text = e
      .repliesTo(card.parentId!)
      .filter((m) => !hasCard(m))
      .map(textOf)
      .at(-1);
    expect(text).toContain("**Acme** is already one of your customers (handle `acme`)");
    expect(text).toContain("`trial show acme`");
    expect(await e.store.findCustomerByHandle("acme-2")).toBeNull();
    expect((await e.store.listCustomers()).filter((c) => c.name.toLowerCase() === "acme")).toHaveLength(1);
  });

  it("R-CONV-1/R-CONV-5: the convert card records the contact's side and the trial admin; the devices still go back", async () => {
    const boss = e.emulator.addPerson({ displayName: "Hooli boss", email: "gavin@hooli.example" });
    const trial = await startDeviceTrial("Hooli", "gavin@hooli.example");
    const show = await e.say(e.people.fullAdmin, "trial show hooli");
    const menu = show.find(hasCard)!;
    await press(e, e.people.fullAdmin, menu, "open_convert");
    const convert = latestCard(e.repliesTo(menu.parentId!));
    const inputs = cardOf(convert)
      .body.map((x) => x.id)
      .filter(Boolean);
    expect(inputs).toEqual(
      expect.arrayContaining(["orderNumber", "contactEmail", "contactKind", "trialAdminEmail", "paidServices"]),
    );
    const paid = cardOf(convert).body.find((x) => x.id === "paidServices") as { choices: { value: string }[] };
    expect(paid.choices.map((c) => c.value)).toEqual(["messaging"]);

    await press(e, e.people.fullAdmin, convert, "convert", {
      orderNumber: "55500011",
      contactEmail: "gavin@hooli.example",
      contactKind: "customer_admin",
      trialAdminEmail: "gavin@hooli.example",
      paidServices: "messaging",
    });
    const stored = await e.store.getTrial(trial.id);
    expect(stored?.status).toBe("converted");
    expect(stored?.conversion).toMatchObject({
      orderNumber: "55500011",
      provisioningContactKind: "customer_admin",
      trialAdminEmail: "gavin@hooli.example",
      paidServices: ["messaging"],
    });
    expect((await e.store.findCustomerByHandle("hooli"))?.purchasedServices).toEqual(["messaging"]);
    const outcome = e
      .repliesTo(menu.parentId!)
      .filter((m) => !hasCard(m))
      .map(textOf)
      .at(-1);
    expect(outcome).toContain("The trial devices must still go back");

    // The provisioning contact gets the provisioning message with its "Set up service" link.
    await e.bot.outbox.deliverPending();
    const mail = botMessagesIn(e, directRoomOf(e, boss).id).map(textOf).join("\n");
    expect(mail).toContain("Provisioning information required for order 55500011");
    expect(mail).toContain("[Set up service](https://admin.webex.com)");
    expect(mail).toContain("The trial devices must still go back");

    // The list shows the paid order, not a countdown, and only what the order bought.
    const list = one(await e.say(e.people.readOnly, "trial list"));
    expect(list).toContain("**Hooli** (`hooli`) — converted, Messaging, order `55500011`");
    expect(list).not.toMatch(/Hooli.*days left/);
  });

  it("R-PAID-1: a new-customer card naming a customer with no live trial offers that customer's trial card instead", async () => {
    // Hooli's trial was converted just before: no live trial, so the existing customer is offered.
    const replies = await e.say(e.people.fullAdmin, "trial start");
    const card = replies.find(hasCard)!;
    await press(e, e.people.fullAdmin, card, "submit", {
      companyName: "hooli",
      adminEmail: "gavin@hooli.example",
      vertical: "Manufacturing",
      country: "US",
      locationAck: "true",
      services: "calling",
      lengthDays: "30",
    });
    const offered = latestCard(e.repliesTo(card.parentId!));
    expect(offered.id).not.toBe(card.id);
    const json = JSON.stringify(cardOf(offered));
    expect(json).toContain("is already one of your customers (handle `hooli`)");
    expect(cardOf(offered).actions?.[0]?.data?.ref).toBeDefined();
    await press(e, e.people.fullAdmin, offered, String(cardOf(offered).actions![0]!.data!.action), {
      services: "calling",
      lengthDays: "30",
    });
    const hooli = (await e.store.findCustomerByHandle("hooli"))!;
    expect((await e.store.listTrials({ customerId: hooli.id })).map((t) => [t.kind, t.status]).sort()).toEqual([
      ["new_customer", "converted"],
      ["paying_customer", "active"],
    ]);
    expect(await e.store.findCustomerByHandle("hooli-2")).toBeNull();
  });

  it("R-CONV-5: converting a device trial by command says the devices must go back", async () => {
    await startDeviceTrial("Pied Piper", "richard@piedpiper.example");
    const reply = one(
      await e.say(e.people.salesAdmin, "trial convert pied-piper order 55500012 contact sam@bright.example"),
    );
    expect(reply).toContain("Done: **Pied Piper** is converted with order `55500012`");
    expect(reply).toContain("The trial devices are not part of the order: they must still go back");
    expect(reply).toContain("`sam@bright.example`");
  });

  it("R-CONV-4/R-EXP-4: one hour after the grace end, with the lapse job held back, conversion and extension are refused", async () => {
    // Acme ends 1 Apr 2026: it expires at 2 Apr 00:00 UTC and its grace ends at 2 May 00:00 UTC.
    const expiry = (await e.store.pendingTimers(e.acme.id)).find((t) => t.kind === "expiry")!;
    e.clock.set(expiry.dueAt);
    const expired = await e.commands.fireTimer(e.acme.id, "expiry", expiry.dueAt);
    expect(expired.ok && expired.trial?.status).toBe("expired");
    const lapse = (await e.store.pendingTimers(e.acme.id)).find((t) => t.kind === "lapse")!;
    expect(lapse.dueAt.toISOString()).toBe("2026-05-02T00:00:00.000Z");
    try {
      // The lapse job is held back: nothing fires it. One hour past the grace end:
      e.clock.set(new Date(lapse.dueAt.getTime() + HOUR));
      const before = await e.store.getTrial(e.acme.id);
      const convert = one(
        await e.say(e.people.salesAdmin, "trial convert acme order 55500013 contact sam@bright.example"),
      );
      expect(convert).toContain(
        "This trial ended on 1 Apr 2026 and its grace period ended at 2 May 2026, 00:00 UTC, so you can no longer convert it",
      );
      expect(convert).toContain("Nothing was changed");
      const extend = one(await e.say(e.people.salesAdmin, "trial extend acme 10"));
      expect(extend).toContain("so you can no longer extend it");
      expect(await e.store.getTrial(e.acme.id)).toEqual(before);
      expect((await e.store.findCustomerByHandle("acme"))?.purchasedServices).toEqual([]);

      // When the held-back lapse finally runs, the trial lapses as R-EXP-4 says.
      const lapsed = await e.commands.fireTimer(e.acme.id, "lapse", lapse.dueAt);
      expect(lapsed.ok && lapsed.trial?.status).toBe("lapsed");
    } finally {
      e.clock.set(TODAY);
    }
  });

  it("R-DEV-4: writing to the trials team shows webextrials_info@cisco.com and a drafted message; R-DEV-2: a lost label outside the US can have its return process decided", async () => {
    const trial = await startDeviceTrial("Umbrella", "alice@umbrella.example");
    const fiona = await e.stored(e.people.fullAdmin);
    const shipped = await e.commands.shipDevices({ kind: "person", person: fiona }, trial.id, {
      units: [{ model: "Desk Pro", serial: "SNDE0001" }],
      eulaExpiryDate: "2026-06-30",
      country: "DE",
    });
    expect(shipped.ok).toBe(true);
    await e.bot.outbox.deliverPending();

    const told = one(
      await e.say(e.people.salesAdmin, "device contact umbrella org org-umbrella admin alice@umbrella.example"),
    );
    expect(told).toContain("To write to the trials team yourself: `webextrials_info@cisco.com`");
    expect(told).toContain("> **To:** `webextrials_info@cisco.com`");
    expect(told).toContain("> **Subject:** Trial devices of Umbrella");
    expect(told).toContain("> Customer org ID: org-umbrella");
    expect(told).toContain("> Customer admin e-mail: alice@umbrella.example");

    const noLabel = one(await e.say(e.people.salesAdmin, "device label umbrella SNDE0001"));
    expect(noLabel).toContain("A replacement return label can only be requested for devices in the US");
    expect(noLabel).toContain("`device label <customer> <serial> process`");
    const decided = one(await e.say(e.people.salesAdmin, "device label umbrella SNDE0001 process"));
    expect(decided).toContain("the trials team will decide how device `SNDE0001` of **Umbrella** goes back");
    const audit = await e.store.auditOf({ trialId: trial.id });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["devices.trials_team_contacted", "devices.return_process_requested"]),
    );
  });
});
