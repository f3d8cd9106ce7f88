import { describe, expect, it } from "vitest";
import { mentionsBot, stripBotMention } from "../../bot/webex/mentions.ts";
import { webexId } from "../../emulator/index.ts";

const uuid = "0d7d9d12-2f1c-4a39-9d57-7d0c0a1c2b3e";
const bot = { id: webexId("PEOPLE", uuid), displayName: "Trials Bot" };
const tag = (id: string, label: string) =>
  `<spark-mention data-object-type="person" data-object-id="${id}">${label}</spark-mention>`;

describe("stripBotMention", () => {
  it("strips the display name a group mention puts at the start", () => {
    const msg = {
      roomType: "group" as const,
      text: "Trials Bot start trial Acme",
      html: `<p>${tag(bot.id, "Trials Bot")} start trial Acme</p>`,
      mentionedPeople: [bot.id],
    };
    expect(stripBotMention(msg, bot)).toBe("start trial Acme");
    expect(mentionsBot(msg, bot)).toBe(true);
  });

  it("strips a mention the user shortened to the first name", () => {
    const msg = {
      roomType: "group" as const,
      text: "Trials   status",
      html: `<p>${tag(bot.id, "Trials")} status</p>`,
      mentionedPeople: [bot.id],
    };
    expect(stripBotMention(msg, bot)).toBe("status");
  });

  it("recognises the bot in html carrying the raw uuid", () => {
    const msg = { roomType: "group" as const, text: "Trials Bot help", html: `<p>${tag(uuid, "Trials Bot")} help</p>` };
    expect(mentionsBot(msg, bot)).toBe(true);
    expect(stripBotMention(msg, bot)).toBe("help");
  });

  it("removes a mention in the middle only when the html says there is one", () => {
    const msg = {
      roomType: "group" as const,
      text: "hey Trials Bot, list trials",
      html: `<p>hey ${tag(bot.id, "Trials Bot")}, list trials</p>`,
      mentionedPeople: [bot.id],
    };
    expect(stripBotMention(msg, bot)).toBe("hey, list trials");
  });

  it("leaves a 1:1 message without a mention as typed", () => {
    expect(stripBotMention({ roomType: "direct", text: "  start trial Trials Bot Inc " }, bot)).toBe(
      "start trial Trials Bot Inc",
    );
  });

  it("does not strip a word that merely begins with the bot's name", () => {
    const msg = {
      roomType: "group" as const,
      text: "Trials Bot Trialsfoo",
      html: `<p>${tag(bot.id, "Trials Bot")} Trialsfoo</p>`,
      mentionedPeople: [bot.id],
    };
    expect(stripBotMention(msg, bot)).toBe("Trialsfoo");
    expect(stripBotMention({ roomType: "group", text: "TrialsBotty go" }, bot)).toBe("TrialsBotty go");
  });

  it("ignores mentions of other people", () => {
    const other = webexId("PEOPLE");
    const msg = {
      roomType: "group" as const,
      text: "Trials Bot ask Alice",
      html: `<p>${tag(bot.id, "Trials Bot")} ask ${tag(other, "Alice")}</p>`,
      mentionedPeople: [bot.id, other],
    };
    expect(stripBotMention(msg, bot)).toBe("ask Alice");
    expect(mentionsBot({ html: `<p>${tag(other, "Alice")}</p>`, mentionedPeople: [other] }, bot)).toBe(false);
  });
});

describe("multi-line commands", () => {
  it("keeps the lines after the command (customer import pastes CSV there)", () => {
    const text = "trials-bot customer import\nname,country,vertical,full_admin_emails\nAcme,  US,Retail,a@acme.example";
    expect(
      stripBotMention({ text, mentionedPeople: ["bot-id"] } as never, { id: "bot-id", displayName: "trials-bot" }),
    ).toBe("customer import\nname,country,vertical,full_admin_emails\nAcme, US,Retail,a@acme.example");
  });
});
