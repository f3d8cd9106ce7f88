// Customer admins in chat (issue 12, R-CONSENT-7): they are not registered people, yet they
// answer trial requests, choose their language and follow their trials by command, through the
// same use cases as the cards. One bot for the file; each test seeds its own customer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botMessagesIn, cardOf, directRoomOf, hasCard, seedCustomer } from "./cards-helpers.ts";
import { type E2E, type EmulatedPerson, startE2E, textOf } from "./harness.ts";

let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** Bright Partners asks `handle`'s full admin for consent (as the trial start existing card does). */
async function requestFor(name: string, handle: string) {
  const seeded = await seedCustomer(e, name, handle);
  const outcome = await e.commands.requestConsent(
    { kind: "person", person: await e.stored(e.people.fullAdmin) },
    {
      customer: handle,
      adminEmail: seeded.fullAdmin.emails[0]!,
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    },
  );
  if (!outcome.ok) throw new Error(outcome.refusal.code);
  await e.bot.outbox.deliverPending();
  return { ...seeded, trial: outcome.trial! };
}

/** `person` writes to the bot 1:1; resolves with the bot's answer. */
async function dm(person: EmulatedPerson, text: string): Promise<string> {
  const replies = await e.say(person, text, { roomId: directRoomOf(e, person).id });
  return replies.map(textOf).join("\n");
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("customer admins in chat", () => {
  it("R-CONSENT-7: a full admin lists the requests waiting for them and accepts one by command with full admin access (R-CONSENT-3)", async () => {
    const { fullAdmin, trial, customer } = await requestFor("Hooli Inc", "hooli");
    const list = await dm(fullAdmin, "requests");
    expect(list).toContain("**Bright Partners** asks to start a trial of Calling for **Hooli Inc**");
    expect(list).toContain('`accept "Bright Partners" full`');

    const done = await dm(fullAdmin, 'accept "Bright Partners" full');
    expect(done).toContain("Bright Partners is now a full admin of your organisation");
    expect(await e.store.getTrial(trial.id)).toMatchObject({
      status: "awaiting_provisioning",
      partnerAccess: "full_admin",
    });
    expect((await e.store.getCustomer(customer.id))!.managingPartners).toContainEqual({
      partnerId: "p-bright",
      access: "full_admin",
    });
    // The same use case as the card: the acceptance is audited as the customer admin's.
    const audit = await e.store.auditOf({ trialId: trial.id });
    expect(audit.filter((a) => a.action === "trial.consent_accepted").map((a) => a.actor)).toEqual([
      fullAdmin.emails[0],
    ]);
    // Nothing is waiting any more.
    expect(await dm(fullAdmin, "requests")).toContain("No trial request is waiting for your answer.");
  });

  it("R-CONSENT-4: the partner is told what to do next: the command with the customer's handle, and the provisioning card", async () => {
    const { fullAdmin } = await requestFor("Pied Piper", "piedpiper");
    await dm(fullAdmin, "accept piedpiper");
    await e.settle();
    const news = botMessagesIn(e, e.room.id).filter((m) =>
      textOf(m).includes("Pied Piper accepted your trial request"),
    );
    expect(news).toHaveLength(1);
    expect(textOf(news[0]!)).toContain("`trial provision piedpiper`");
    expect(hasCard(news[0]!)).toBe(true);
    expect(cardOf(news[0]!).actions?.map((a) => a.data?.action)).toContain("submit");
  });

  it("R-CONSENT-7 / R-CONSENT-3: accept without `full` makes the partner a provisioning admin; a non-full admin sees the request but cannot accept it", async () => {
    const { fullAdmin, otherAdmin, trial } = await requestFor("Umbrella Corp", "umbrella");
    const seen = await dm(otherAdmin, "requests");
    expect(seen).toContain("Only a full admin of your organisation can accept or decline it.");
    const refused = await dm(otherAdmin, "accept");
    expect(refused).toContain("Only a full admin of **Umbrella Corp** can accept or decline");
    expect(await e.store.getTrial(trial.id)).toMatchObject({ status: "pending_consent", version: trial.version });

    expect(await dm(fullAdmin, "accept")).toContain("Bright Partners is now a provisioning admin");
    expect(await e.store.getTrial(trial.id)).toMatchObject({
      status: "awaiting_provisioning",
      partnerAccess: "provisioning_admin",
    });
  });

  it("R-CONSENT-7 / R-CONSENT-6: decline by command cancels the request and tells the partner", async () => {
    const { fullAdmin, trial } = await requestFor("Wayne Enterprises", "wayne");
    expect(await dm(fullAdmin, "decline nobody")).toContain("No trial request of yours matches `nobody`.");
    expect(await e.store.getTrial(trial.id)).toMatchObject({ status: "pending_consent" });
    expect(await dm(fullAdmin, "decline wayne")).toContain("You declined the trial; Bright Partners was told");
    expect(await e.store.getTrial(trial.id)).toMatchObject({ status: "cancelled", cancelReason: "declined" });
    await e.settle();
    expect(botMessagesIn(e, e.room.id).map(textOf).join("\n")).toContain(
      "Wayne Enterprises declined your trial request",
    );
  });

  it("R-INT-1: a customer admin says by command that they are interested in buying; the partner is told", async () => {
    const { fullAdmin, trial } = await requestFor("Stark Industries", "stark");
    await dm(fullAdmin, "accept");
    const provisioned = await e.commands.completeProvisioning(
      { kind: "person", person: await e.stored(e.people.fullAdmin) },
      trial.id,
    );
    expect(provisioned.ok).toBe(true);
    const list = await dm(fullAdmin, "requests");
    expect(list).toContain("**Your organisation's trials:**");
    expect(list).toContain("**Stark Industries** with **Bright Partners** — active, Calling, ends");
    expect(await dm(fullAdmin, "interested")).toContain("Bright Partners was told you are interested in purchasing");
    await e.settle();
    expect(botMessagesIn(e, e.room.id).map(textOf).join("\n")).toContain(
      "Stark Industries is interested in purchasing",
    );
  });

  it("help and whoami tell a customer admin what they can do, not to ask a partner to register them", async () => {
    const { fullAdmin } = await requestFor("Initrode", "initrode");
    const help = await dm(fullAdmin, "help");
    expect(help).toContain("`requests`");
    expect(help).toContain("`accept [partner|customer] [full]`");
    expect(help).toContain("`interested [partner|customer]`");
    expect(help).not.toContain("not registered");
    expect(help).not.toContain("trial list");
    const who = await dm(fullAdmin, "whoami");
    expect(who).toContain("a full admin of **Initrode**");
    expect(who).toContain("`requests`");
    expect(who).not.toContain("not registered");
  });

  it("lang ko works for a customer admin: replies, and the consent requests that reach them later, are in Korean", async () => {
    const { fullAdmin, customer } = await requestFor("Samsung Demo", "samsungdemo");
    expect(await dm(fullAdmin, "lang ko")).toContain("한국어로 답합니다");
    expect(
      (await e.store.getCustomer(customer.id))!.admins.find((a) => a.email === fullAdmin.emails[0])!.language,
    ).toBe("ko");
    expect(await dm(fullAdmin, "requests")).toContain("답변을 기다리는 트라이얼 요청 (1건)");
    // A new request (after the first is declined) reaches the admin in Korean, card included.
    await dm(fullAdmin, "decline");
    const before = botMessagesIn(e, directRoomOf(e, fullAdmin).id).length;
    const again = await e.commands.requestConsent(
      { kind: "person", person: await e.stored(e.people.fullAdmin) },
      {
        customer: "samsungdemo",
        adminEmail: fullAdmin.emails[0]!,
        organisationConfirmed: true,
        setup: { services: ["calling"] },
      },
    );
    expect(again.ok).toBe(true);
    await e.bot.outbox.deliverPending();
    const request = botMessagesIn(e, directRoomOf(e, fullAdmin).id).slice(before).find(hasCard)!;
    expect(textOf(request)).toMatch(/[가-힣]/);
    expect(JSON.stringify(cardOf(request))).toContain("수락");
  });

  it("a partner person who types a customer admin's command is told who it is for", async () => {
    const reply = (await e.say(e.people.salesAdmin, "requests")).map(textOf).join("\n");
    expect(reply).toContain("Only an admin of the customer's organisation can do that");
    expect(reply).not.toContain("Ask a partner full admin to change your role");
  });
});
