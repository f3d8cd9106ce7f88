// Issue 9: the store and Webex calls of one card submit that extends a trial (webhook in to reply
// out, the receiver's inbox writes and the outbox delivery included), and of one chat `trial
// extend` (before its outbox delivery), against PostgreSQL and the Webex emulator.
import { describe, expect, it } from "vitest";
import { measureCallBudget } from "../../bench/call-budget.ts";

describe("per-event call budget", () => {
  it("a card extend makes at most 8 store and 4 Webex calls; a chat extend at most 6 store calls", async () => {
    const { cardExtend, chatExtend } = await measureCallBudget();
    console.log(JSON.stringify({ cardExtend, chatExtend }, null, 1));
    expect(cardExtend.store).toBeLessThanOrEqual(8);
    expect(cardExtend.webex).toBeLessThanOrEqual(4);
    expect(chatExtend.store - chatExtend.delivery).toBeLessThanOrEqual(6);
  }, 60_000);
});
