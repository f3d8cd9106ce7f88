// Who may read or move the test clock from chat: anyone in the local sandbox, bot admins only on a
// bot connected to Webex (real or emulated). The chat adapter only renders what the clock answers.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import { TestClock } from "../../app/test-clock.ts";
import { refuse } from "../../domain/refusals.ts";

const clock = () => new ManualClock(new Date("2026-06-01T00:00:00Z"));

describe("the test clock's audience", () => {
  it("on a bot connected to Webex (the default): bot admins only", () => {
    for (const testClock of [new TestClock(clock()), new TestClock(clock(), undefined, { audience: "bot_admins" })]) {
      expect(testClock.refusalFor({ isBotAdmin: true })).toBeNull();
      expect(testClock.refusalFor({ isBotAdmin: false })).toEqual(refuse("role_required", { roles: ["bot admin"] }));
    }
  });

  it("in the local sandbox: everyone", () => {
    const testClock = new TestClock(clock(), undefined, { audience: "everyone" });
    expect(testClock.refusalFor({ isBotAdmin: false })).toBeNull();
    expect(testClock.refusalFor({ isBotAdmin: true })).toBeNull();
  });
});
