import { describe, expect, it } from "vitest";
import { isValidSiteUrl } from "../../domain/validation.ts";

describe("Meetings site URL", () => {
  it("R-SVC-2: a site name is any DNS label: one or two letters too (hp.webex.com)", () => {
    for (const ok of [
      "hp.webex.com",
      "a.webex.com",
      "x1.webex.com",
      "acme.webex.com",
      "https://HP.webex.com/",
      `${"a".repeat(63)}.webex.com`,
    ]) {
      expect(isValidSiteUrl(ok), ok).toBe(true);
    }
  });

  it("R-SVC-2: not a DNS label, or not on webex.com, is invalid", () => {
    for (const bad of [
      "-hp.webex.com",
      "hp-.webex.com",
      ".webex.com",
      "h_p.webex.com",
      "hp.zoom.us",
      `${"a".repeat(64)}.webex.com`,
      "a.b.webex.com",
    ]) {
      expect(isValidSiteUrl(bad), bad).toBe(false);
    }
  });
});
