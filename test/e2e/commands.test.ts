// Chat commands end to end: people @mention the bot in their partner space in the Webex emulator;
// the bot (startBot on PostgreSQL) answers in the thread and posts the partner's news in the space.
// The tests of this file share one bot and run in order; each names the state it relies on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, startE2E, TODAY, textOf, waitFor } from "./harness.ts";

let e: E2E;
const HANGUL = /[\uAC00-\uD7A3]/u;

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

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("chat commands through the Webex emulator", () => {
  it("R-ORG-2: help lists the commands the person's role allows", async () => {
    const sales = one(await e.say(e.people.salesAdmin, "help"));
    expect(sales).toContain("`trial extend <customer> <days> [confirm]`");
    expect(sales).toContain("`trial delete <customer>`");
    expect(sales).toContain("`trial list");

    const reader = one(await e.say(e.people.readOnly, "help"));
    expect(reader).toContain("`trial list");
    expect(reader).toContain("`trial show <customer>`");
    expect(reader).not.toContain("trial extend");
    expect(reader).not.toContain("trial delete");
    expect(reader).not.toContain("customer import");
  });

  it("R-ORG-2: trial list shows the active trial with its days left; read_only may list", async () => {
    // Seeded on 2 Mar for 30 days: ends 1 Apr; today is 12 Mar.
    const list = one(await e.say(e.people.readOnly, "trial list"));
    expect(list).toContain("**1 trial**");
    expect(list).toMatch(/\*\*Acme\*\* \(`acme`\) — active, Messaging and Calling, ends 1 Apr 2026 \(20 days left\)/);
  });

  it("R-ORG-2: trial extend as read_only is refused with the roles needed, and nothing changes", async () => {
    const before = await e.store.getTrial(e.acme.id);
    const auditBefore = await e.store.auditOf({ trialId: e.acme.id });
    const postsBefore = e.botPostsIn(e.room.id).length;

    const reply = one(await e.say(e.people.readOnly, "trial extend acme 30"));
    expect(reply).toContain("You need one of these roles");
    expect(reply).toContain("full admin, sales full admin or sales admin");

    const after = await e.store.getTrial(e.acme.id);
    expect(after?.version).toBe(before?.version);
    expect(after?.endDate).toBe("2026-04-01");
    expect(await e.store.auditOf({ trialId: e.acme.id })).toEqual(auditBefore);
    expect(await e.store.pendingOutbox(10)).toEqual([]);
    expect(e.botPostsIn(e.room.id)).toHaveLength(postsBefore);
  });

  it("R-EXT-1: trial extend acme 30 as sales_admin ends the trial today + 30, tells the partner space and audits it", async () => {
    const postsBefore = e.botPostsIn(e.room.id).length;
    const reply = one(await e.say(e.people.salesAdmin, "trial extend acme 30"));
    // Today is 12 Mar 2026: + 30 days = 11 Apr 2026 (counted from today, not from the old end 1 Apr).
    expect(reply).toBe("Done: the trial of **Acme** now ends on 11 Apr 2026 (was 1 Apr 2026).");

    // The outbox message partner.trial_extended reaches the linked partner space.
    const posts = await waitFor(() => {
      const p = e.botPostsIn(e.room.id);
      return p.length > postsBefore ? p.slice(postsBefore) : null;
    }, "the partner space news");
    expect(posts).toHaveLength(1);
    // R-EXT-1: what really happened to the end: it moved 10 days, though 30 were typed.
    expect(textOf(posts[0]!)).toContain(
      "**The trial for Acme now ends on 11 Apr 2026** (was 1 Apr 2026) (by sam@bright.example)",
    );
    expect(textOf(posts[0]!)).toContain("The end moved 10 days later.");
    expect(textOf(posts[0]!)).toContain("Set to today + 30 days.");
    expect(await e.store.pendingOutbox(10)).toEqual([]);

    const trial = await e.store.getTrial(e.acme.id);
    expect(trial).toMatchObject({ status: "active", endDate: "2026-04-11", version: e.acme.version + 1 });
    const audit = await e.store.auditOf({ trialId: e.acme.id });
    expect(audit.filter((a) => a.action === "trial.extended").map((a) => a.actor)).toEqual(["sam@bright.example"]);
  });

  it("R-ORG-2: an unregistered person is told they are not registered", async () => {
    const reply = one(await e.say(e.people.stranger, "trial list"));
    expect(reply).toContain("stan@elsewhere.example is not registered");
    expect(reply).toContain("Ask a full admin of your partner organisation to register you");
  });

  it("an unknown command suggests the closest one", async () => {
    const reply = one(await e.say(e.people.salesAdmin, "trail lsit"));
    expect(reply).toBe("I don't know `trail lsit`. Did you mean `trial list`? Type `help` for what you can do.");
  });

  it("R-DEL-1: trial delete asks for Yes first; yes deletes, cancels every timer and is audited", async () => {
    const globex = await e.startTrial("Globex");
    await e.bot.outbox.deliverPending();
    expect((await e.store.pendingTimers(globex.id)).length).toBeGreaterThan(0);

    const question = one(await e.say(e.people.salesAdmin, "trial delete globex"));
    expect(question).toContain("Delete the trial of **Globex** (active)?");
    expect(question).toContain("Answer `yes` to delete");
    // Asking changed nothing yet.
    expect(await e.store.getTrial(globex.id)).toMatchObject({ status: "active", version: globex.version });
    expect((await e.store.pendingTimers(globex.id)).length).toBeGreaterThan(0);

    const done = one(await e.say(e.people.salesAdmin, "yes"));
    expect(done).toBe("Done: the trial of **Globex** is deleted and its timers are cancelled.");
    expect((await e.store.getTrial(globex.id))?.status).toBe("deleted");
    expect(await e.store.pendingTimers(globex.id)).toEqual([]);
    const audit = await e.store.auditOf({ trialId: globex.id });
    expect(audit.filter((a) => a.action === "trial.deleted").map((a) => a.actor)).toEqual(["sam@bright.example"]);

    // The question is answered once: a second yes has nothing to confirm.
    expect(one(await e.say(e.people.salesAdmin, "yes"))).toBe("There is nothing waiting for a yes or no from you.");
  });

  it("R-ORG-4, R-ORG-5: customer import with CSV rows after the command creates the customers, region from country", async () => {
    const csv = [
      "customer import",
      "name,handle,country,vertical,full_admin_emails,purchased_services",
      "Initech,initech,US,Technology,cto@initech.example,meetings",
      "Umbrella Corp,umbrella,DE,Healthcare,ceo@umbrella.example,",
    ].join("\n");
    const reply = one(await e.say(e.people.salesAdmin, csv));
    expect(reply).toContain("Imported: 2 new, 0 updated.");

    const initech = await e.store.findCustomerByHandle("initech");
    expect(initech).toMatchObject({
      name: "Initech",
      country: "US",
      region: "US",
      purchasedServices: ["meetings"],
      managingPartners: [{ partnerId: "p-bright" }],
    });
    expect(initech?.admins).toEqual([{ email: "cto@initech.example", role: "full_admin", language: "en" }]);
    expect(await e.store.findCustomerByHandle("umbrella")).toMatchObject({
      name: "Umbrella Corp",
      country: "DE",
      region: "EU",
    });
  });

  it("R-ORG-4: customer import takes the CSV as an attached file too", async () => {
    const file =
      "name,handle,country,vertical,full_admin_emails\nStark Industries,stark,US,Manufacturing,pepper@stark.example\n";
    const reply = one(
      await e.say(e.people.salesAdmin, "customer import", { files: [{ name: "customers.csv", content: file }] }),
    );
    expect(reply).toContain("Imported: 1 new, 0 updated.");
    expect(await e.store.findCustomerByHandle("stark")).toMatchObject({ name: "Stark Industries", region: "US" });
  });

  it("customer import answers a bad row with its line number and imports nothing", async () => {
    const csv = [
      "customer import", // line 1
      "name,handle,country,vertical,full_admin_emails", // line 2
      "Hooli,hooli,US,Technology,gavin@hooli.example", // line 3: fine
      "Vandelay,vandelay,US,Import export,not-an-email", // line 4: bad e-mail
    ].join("\n");
    const reply = one(await e.say(e.people.salesAdmin, csv));
    expect(reply).toMatch(/Line 4\b/);
    expect(reply).toContain("not-an-email");
    expect(reply).not.toMatch(/Line 3\b/);
    // A CSV with any bad row imports nothing, not even its good rows.
    expect(await e.store.findCustomerByHandle("hooli")).toBeNull();
    expect(await e.store.findCustomerByHandle("vandelay")).toBeNull();
  });

  it("lang ko switches the person's replies to Korean", async () => {
    const set = one(await e.say(e.people.readOnly, "lang ko"));
    expect(set).toMatch(HANGUL);
    expect((await e.store.findPersonByEmail("rita@bright.example"))?.language).toBe("ko");

    const help = one(await e.say(e.people.readOnly, "help"));
    expect(help).toMatch(HANGUL);
    expect(help).toContain("trial list");
    // Only that person: the others still get English.
    expect(one(await e.say(e.people.salesAdmin, "help"))).not.toMatch(HANGUL);
  });

  it("R-EXT-1: concurrent extensions each reach the partner space at once (none left waiting in the outbox)", async () => {
    const handles = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    for (const h of handles) await e.startTrial(h[0]!.toUpperCase() + h.slice(1));
    await e.bot.outbox.deliverPending();
    e.clock.set(new Date(TODAY.getTime() + 86_400_000)); // a day later, so + 30 days moves the end
    try {
      const postsBefore = e.botPostsIn(e.room.id).length;
      const managers = [e.people.salesAdmin, e.people.fullAdmin];
      const asked = handles.map((h, i) =>
        e.emulator.userSays(managers[i % 2]!.id, e.room.id, `trial extend ${h} 30`, { mentionBot: true }),
      );
      await e.emulator.idle();
      await waitFor(() => asked.every((m) => e.repliesTo(m.id).length > 0), "a reply to each extension");
      await e.settle();
      for (const m of asked)
        expect(e.repliesTo(m.id).map(textOf)).toEqual([
          expect.stringMatching(/now ends on 12 Apr 2026 \(was 11 Apr 2026\)\.$/),
        ]);
      // Each command delivers its outbox right after it commits, even while another pass runs.
      expect(await e.store.pendingOutbox(50)).toEqual([]);
      const news = e.botPostsIn(e.room.id).slice(postsBefore).map(textOf);
      expect(news).toHaveLength(handles.length);
      for (const h of handles)
        expect(
          news.some((n) => n.includes(`The trial for ${h[0]!.toUpperCase() + h.slice(1)} now ends on 12 Apr 2026`)),
        ).toBe(true);
    } finally {
      e.clock.set(TODAY);
    }
  });

  it("R-EXT-1: a shortening by chat names both dates and changes nothing; with confirm it applies and says what really happened", async () => {
    const shorty = await e.startTrial("Shorty"); // today 12 Mar + 30 days: ends 11 Apr
    await e.bot.outbox.deliverPending();
    expect(shorty.endDate).toBe("2026-04-11");
    const postsBefore = e.botPostsIn(e.room.id).length;

    const ask = one(await e.say(e.people.salesAdmin, "trial extend shorty 10"));
    expect(ask).toContain(
      "sets the end of **Shorty**'s trial to **22 Mar 2026**, which is 20 days earlier than its current end date, **11 Apr 2026**",
    );
    expect(ask).toContain("Nothing was changed yet");
    expect(ask).toContain("`trial extend shorty 10 confirm`");
    expect(await e.store.getTrial(shorty.id)).toMatchObject({ endDate: "2026-04-11", version: shorty.version });
    expect(await e.store.pendingOutbox(10)).toEqual([]);
    expect(e.botPostsIn(e.room.id)).toHaveLength(postsBefore);

    const done = one(await e.say(e.people.salesAdmin, "trial extend shorty 10 confirm"));
    expect(done).toBe("Done: the trial of **Shorty** now ends on 22 Mar 2026 (was 11 Apr 2026).");
    expect(await e.store.getTrial(shorty.id)).toMatchObject({ endDate: "2026-03-22", version: shorty.version + 1 });
    expect((await e.store.pendingTimers(shorty.id)).find((t) => t.kind === "expiry")?.dueAt.toISOString()).toBe(
      "2026-03-23T00:00:00.000Z",
    );
    const news = await waitFor(
      () =>
        e
          .botPostsIn(e.room.id)
          .slice(postsBefore)
          .map(textOf)
          .find((t) => t.includes("Shorty")),
      "the partner news of the shortening",
    );
    expect(news).toContain("**The trial for Shorty now ends on 22 Mar 2026** (was 11 Apr 2026)");
    expect(news).toContain("The trial is 20 days shorter.");
    expect((await e.store.auditOf({ trialId: shorty.id })).map((a) => a.action)).toContain("trial.shortened");
  });

  it("R-EXT-2: ops approve a device-trial extension by command after the trial changed; it ends on the date requested, not approval day + N", async () => {
    const olga = e.emulator.addPerson({ displayName: "Olga Ops", email: "olga.cmd@trials-team.example" });
    await e.store.upsertPerson({
      id: "pp-olga-cmd",
      email: "olga.cmd@trials-team.example",
      webexPersonId: null,
      partnerId: null,
      role: "ops",
      language: "en",
    });
    const opsRoom = e.emulator.createRoom({
      title: "Trials ops (commands)",
      creatorId: olga.id,
      memberIds: [e.botPerson.id],
    });
    await e.store.linkSpace({ roomId: opsRoom.id, kind: "ops", partnerId: null });
    e.clock.set(new Date("2026-03-02T10:00:00Z"));
    const started = await e.commands.startNewCustomer(
      { kind: "person", person: await e.stored(e.people.fullAdmin) },
      {
        companyName: "Kessler",
        adminEmail: "k@kessler.example",
        vertical: "Manufacturing",
        country: "US",
        locationAcknowledged: true,
        setup: { services: ["devices"], devices: null },
      },
    );
    e.clock.set(TODAY);
    expect(started.ok).toBe(true);
    const id = started.ok ? started.trial!.id : "";

    const asked = one(await e.say(e.people.salesAdmin, "trial extend kessler 25"));
    expect(asked).toContain(
      "to end on 6 Apr 2026 went to the trials team for approval; until then it still ends on 1 Apr 2026",
    );
    // The trial changes meanwhile: devices are shipped, and days later the 7-day reminder fires.
    expect(one(await e.say(e.people.salesAdmin, "device ship kessler eula 2026-06-30 DeskPro:FOC12345"))).toContain(
      "Done",
    );
    const reminder = (await e.store.pendingTimers(id)).find((t) => t.kind === "reminder_before_end")!;
    e.clock.set(reminder.dueAt);
    try {
      expect((await e.commands.fireTimer(id, "reminder_before_end", reminder.dueAt)).ok).toBe(true);
      // A partner cannot decide; ops can, in the ops space.
      expect(one(await e.say(e.people.salesAdmin, "device approve kessler"))).toContain(
        "Only the trials team (ops) can do that. Nothing was changed",
      );
      const approved = one(await e.say(olga, "device approve kessler", { roomId: opsRoom.id }));
      expect(approved).toBe(
        "Approved: the device trial of **Kessler** now ends on 6 Apr 2026 (was 1 Apr 2026); the partner was told.",
      );
      expect(await e.store.getTrial(id)).toMatchObject({ endDate: "2026-04-06", pendingDeviceExtension: null });
      expect(one(await e.say(olga, "device deny kessler", { roomId: opsRoom.id }))).toContain(
        "There is no device trial extension waiting for approval for **Kessler**",
      );
    } finally {
      e.clock.set(TODAY);
    }
  });
});
