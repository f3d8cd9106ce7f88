// Say only what happened (issue 12): a message to a customer admin is "on its way" until Webex
// accepts it; when Webex cannot deliver it (404: no such recipient), the partner is told in its
// space and `trial show` lists it. The conversion warning says what to do where the person is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botMessagesIn, cardOf, directRoomOf, hasCard, latestCard, press } from "./cards-helpers.ts";
import { type E2E, startE2E, textOf } from "./harness.ts";

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const roomText = () => botMessagesIn(e, e.room.id).map(textOf).join("\n");

async function startByCard(companyName: string, adminEmail: string): Promise<string> {
  const replies = await e.say(e.people.fullAdmin, "trial start");
  const card = replies.find(hasCard)!;
  await press(e, e.people.fullAdmin, card, "submit", {
    companyName,
    adminEmail,
    vertical: "Manufacturing",
    country: "DE",
    locationAck: "true",
    services: "messaging",
    lengthDays: "30",
  });
  await e.settle();
  return (
    e
      .repliesTo(card.parentId!)
      .filter((m) => !hasCard(m))
      .map(textOf)
      .at(-1) ?? ""
  );
}

describe("delivery outcomes are told, not assumed", () => {
  it("R-NEW-1: the welcome to an admin Webex cannot find is reported in the partner space and in trial show; the card's outcome never claimed it was received", async () => {
    const outcome = await startByCard("Nowhere GmbH", "ghost@nowhere.example");
    expect(outcome).toContain("Done: the trial of Nowhere GmbH is active until");
    expect(outcome).toContain("on its way");
    expect(outcome).not.toContain("got a welcome message");

    await e.bot.outbox.deliverPending();
    await e.settle();
    expect(roomText()).toContain("**Not delivered: the welcome message to ghost@nowhere.example** (Nowhere GmbH)");
    expect(roomText()).toContain("Webex could not find this recipient");

    const show = (await e.say(e.people.salesAdmin, 'trial show "Nowhere GmbH"')).map(textOf).join("\n");
    expect(show).toMatch(
      /Not delivered \(.+\): the welcome message to `ghost@nowhere\.example`: Webex could not find this recipient/,
    );
    const audit = await e.store.auditOf({ customerId: (await e.store.searchCustomers("Nowhere GmbH"))[0]!.id });
    expect(audit.filter((a) => a.action === "message.undeliverable")).toHaveLength(1);
  });

  it("a welcome Webex accepts raises no notice", async () => {
    const ada = e.emulator.addPerson({ displayName: "Ada Real", email: "ada@real.example" });
    await startByCard("Real AG", "ada@real.example");
    await e.bot.outbox.deliverPending();
    await e.settle();
    expect(botMessagesIn(e, directRoomOf(e, ada).id).map(textOf).join("\n")).toContain("Welcome to Webex");
    expect(roomText()).not.toContain("ada@real.example**");
    const show = (await e.say(e.people.salesAdmin, 'trial show "Real AG"')).map(textOf).join("\n");
    expect(show).toContain("Real AG");
    expect(show).not.toContain("Not delivered");
  });

  it("a conversion notice that cannot reach the customer admin is reported the same way", async () => {
    const trial = await e.startTrial("Lost Corp");
    await e.bot.outbox.deliverPending();
    const before = botMessagesIn(e, e.room.id).length;
    const outcome = await e.commands.convert({ kind: "person", person: await e.stored(e.people.fullAdmin) }, trial.id, {
      orderNumber: "12345678",
      provisioningContactEmail: "fiona@bright.example",
    });
    expect(outcome.ok).toBe(true);
    await e.bot.outbox.deliverPending();
    await e.settle();
    const after = botMessagesIn(e, e.room.id).slice(before).map(textOf).join("\n");
    expect(after).toContain("**Not delivered: the conversion notice to boss@lostcorp.example** (Lost Corp)");
  });
});

describe("R-CONV-3: the missing-services warning", () => {
  it("in chat, offers the command as typed, services included, with confirm", async () => {
    await e.startTrial("Typedco");
    const reply = (
      await e.say(
        e.people.fullAdmin,
        "trial convert typedco order 12345678 contact fiona@bright.example services messaging",
      )
    )
      .map(textOf)
      .join("\n");
    expect(reply).toContain("does not include Calling");
    expect(reply).toContain(
      "`trial convert typedco order 12345678 contact fiona@bright.example services messaging confirm`",
    );
    expect(reply).not.toContain("<customer>");
  });

  it("on the card, points to the card's own tick box, not to a chat command", async () => {
    await e.startTrial("Cardedco");
    const show = await e.say(e.people.fullAdmin, "trial show cardedco");
    const menu = show.find(hasCard)!;
    await press(e, e.people.fullAdmin, menu, "open_convert");
    const convert = latestCard(e.repliesTo(menu.parentId!));
    await press(e, e.people.fullAdmin, convert, "convert", {
      orderNumber: "12345678",
      contactEmail: "fiona@bright.example",
      contactKind: "partner",
      trialAdminEmail: "boss@cardedco.example",
      paidServices: "messaging",
    });
    const again = latestCard(e.repliesTo(menu.parentId!));
    const body = JSON.stringify(cardOf(again).body);
    expect(body).toContain(
      "tick **I understand: convert without the missing services** below and press **Convert** again",
    );
    expect(body).not.toContain("confirm`");
    expect(body).not.toContain("trial convert");
  });
});

describe("the partner space speaks its readers' language", () => {
  it("announcements in the partner space are in Korean once most of the partner's people chose Korean", async () => {
    const people = [e.people.fullAdmin, e.people.salesAdmin, e.people.readOnly];
    await e.startTrial("Englishco");
    await e.bot.outbox.deliverPending();
    expect(
      botMessagesIn(e, e.room.id)
        .map(textOf)
        .some((t) => t.startsWith("**Trial started for Englishco**")),
    ).toBe(true);
    for (const p of people.slice(0, 2)) await e.store.setPersonLanguage(p.emails[0]!, "ko");
    try {
      await e.startTrial("Hangulco");
      await e.bot.outbox.deliverPending();
      await e.settle();
      const news = botMessagesIn(e, e.room.id)
        .map(textOf)
        .filter((t) => t.includes("Hangulco"));
      expect(news.some((t) => t.startsWith("**트라이얼 시작: Hangulco**"))).toBe(true);
      expect(news.filter((t) => t.includes("Trial started for") || t.includes("Not delivered"))).toEqual([]);
    } finally {
      for (const p of people) await e.store.setPersonLanguage(p.emails[0]!, "en");
    }
  });
});

describe("ops see every partner", () => {
  it("the ops trial list names each trial's partner", async () => {
    const ops = e.emulator.addPerson({ displayName: "Olga Ops", email: "olga@ops.example" });
    await e.store.upsertPerson({
      id: "pp-olga",
      email: "olga@ops.example",
      webexPersonId: null,
      partnerId: null,
      role: "ops",
      language: "en",
    });
    const list = (await e.say(ops, "trial list", { roomId: directRoomOf(e, ops).id })).map(textOf).join("\n");
    expect(list).toContain("**Acme** (`acme`), partner **Bright Partners** — active");
    // A partner's own list has no partner column: every row is theirs.
    const own = (await e.say(e.people.salesAdmin, "trial list")).map(textOf).join("\n");
    expect(own).toContain("**Acme** (`acme`) — active");
    expect(own).not.toContain("partner **Bright Partners**");
  });
});

describe("R-SVC-2: adding Meetings by text", () => {
  it("says how to give the site and time zone in the command, and takes them", async () => {
    const trial = await e.startTrial("Meetco");
    const asked = (await e.say(e.people.salesAdmin, "trial services meetco +meetings")).map(textOf).join("\n");
    expect(asked).toContain("`trial services meetco +meetings site <name>.webex.com tz <zone>`");
    expect((await e.store.getTrial(trial.id))!.services).not.toContain("meetings");
    const done = (
      await e.say(e.people.salesAdmin, "trial services meetco +meetings site meetco.webex.com tz Europe/Paris")
    )
      .map(textOf)
      .join("\n");
    expect(done).toContain("now trials");
    expect(await e.store.getTrial(trial.id)).toMatchObject({
      meetings: { siteUrl: "meetco.webex.com", timeZone: "Europe/Paris" },
    });
    expect((await e.store.getTrial(trial.id))!.services).toContain("meetings");
  });
});
