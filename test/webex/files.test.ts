// Files attached to messages: the bot downloads them with its token, from the API host only.
import { afterEach, beforeEach, expect, it } from "vitest";
import { WebexApiError } from "../../bot/webex/errors.ts";
import { setUp, type World } from "./fixtures.ts";

let w: World;
beforeEach(async () => {
  w = await setUp();
});
afterEach(async () => {
  await w.emulator.close();
});

const csv = "name,country,vertical,full_admin_emails\nGlobex,DE,Retail,it@globex.example\n";

it("downloads a file a user attached, with its name and type", async () => {
  const room = w.emulator.createRoom({ title: "Partner space", creatorId: w.alice.id, memberIds: [w.bot.id] });
  const posted = w.emulator.userSays(w.alice.id, room.id, "customer import", {
    mentionBot: true,
    files: [{ name: "customers.csv", content: csv }],
  });
  const message = await w.client.getMessage(posted.id);
  expect(message.files).toHaveLength(1);
  const file = await w.client.downloadFile(message.files![0]!);
  expect(file).toMatchObject({ name: "customers.csv", contentType: "text/csv" });
  expect(file.bytes.toString("utf8")).toBe(csv);
});

it("a file from a room the bot is not in is not found", async () => {
  const room = w.emulator.createRoom({ title: "Private", creatorId: w.alice.id, memberIds: [w.bob.id] });
  const posted = w.emulator.userSays(w.alice.id, room.id, "see attached", { files: [{ name: "x.csv", content: csv }] });
  const error = await w.client.downloadFile(posted.files![0]!).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WebexApiError);
  expect((error as WebexApiError).code).toBe("not_found");
});

it("refuses to send the token to another host, and refuses files over the limit", async () => {
  const foreign = await w.client.downloadFile("https://files.example.net/contents/abc").catch((e: unknown) => e);
  expect((foreign as WebexApiError).code).toBe("unsafe_url");
  const room = w.emulator.createRoom({ title: "Partner space", creatorId: w.alice.id, memberIds: [w.bot.id] });
  const posted = w.emulator.userSays(w.alice.id, room.id, "big", {
    mentionBot: true,
    files: [{ name: "big.csv", content: "x".repeat(2000) }],
  });
  const big = await w.client.downloadFile(posted.files![0]!, 1000).catch((e: unknown) => e);
  expect((big as WebexApiError).code).toBe("invalid_response");
  expect((big as WebexApiError).message).toContain("over the 1000-byte limit");
});
