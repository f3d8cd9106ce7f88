import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verifySignature } from "../../bot/webex/signature.ts";

const secret = "s3cret-for-tests";
// Raw bytes as Webex sends them: spacing and key order that re-serialising would change.
const raw = Buffer.from(
  '{"id":"abc", "resource":"messages","event":"created","data":{"id":"m1","text":"caf\\u00e9"}}',
  "utf8",
);

describe("X-Spark-Signature", () => {
  it("is the hex HMAC-SHA1 of the raw body", () => {
    expect(sign(secret, raw)).toBe(createHmac("sha1", secret).update(raw).digest("hex"));
    expect(sign(secret, raw)).toMatch(/^[0-9a-f]{40}$/);
  });

  it("accepts the right signature, in either hex case", () => {
    expect(verifySignature(secret, raw, sign(secret, raw))).toBe(true);
    expect(verifySignature(secret, raw, sign(secret, raw).toUpperCase())).toBe(true);
  });

  it("rejects a signature made with another secret or over other bytes", () => {
    expect(verifySignature(secret, raw, sign("other", raw))).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))));
    expect(verifySignature(secret, reserialised, sign(secret, raw))).toBe(false);
  });

  it("rejects a missing, empty, wrong-length or non-hex signature without throwing", () => {
    const good = sign(secret, raw);
    for (const bad of [
      undefined,
      null,
      "",
      good.slice(0, 39),
      `${good}0`,
      good + good,
      "z".repeat(40),
      `sha1=${good}`,
    ]) {
      expect(verifySignature(secret, raw, bad)).toBe(false);
    }
  });

  it("rejects everything when no secret is configured", () => {
    expect(verifySignature("", raw, sign("", raw))).toBe(false);
  });
});
