import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_BYTES, splitMessage, truncateMessage, utf8Bytes } from "../../bot/webex/split.ts";

describe("splitMessage", () => {
  it("returns text within the limit unchanged, as one part", () => {
    const exact = `${"é".repeat(Math.floor(MAX_MESSAGE_BYTES / 2))}a`;
    expect(utf8Bytes(exact)).toBe(MAX_MESSAGE_BYTES);
    expect(splitMessage(exact)).toEqual([exact]);
  });

  it("never cuts through a multi-byte character or an emoji cluster", () => {
    const family = "👨‍👩‍👧‍👦"; // 25 bytes, one grapheme
    const text = family.repeat(1000); // no whitespace at all: forced hard cuts
    const parts = splitMessage(text);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(p.length % family.length).toBe(0);
    }
    expect(parts.join("")).toBe(text);
  });

  it("prefers paragraph, then line boundaries", () => {
    const para = "x".repeat(3000);
    const parts = splitMessage(`${para}\n\n${para}\n\n${para}`);
    expect(parts).toEqual([`${para}\n\n${para}`, para]);
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${"y".repeat(30)}`).join("\n");
    for (const p of splitMessage(lines)) expect(p).toMatch(/^line \d+ y{30}$/m);
    expect(splitMessage(lines).join("\n")).toBe(lines);
  });

  it("closes and reopens a code fence cut in two", () => {
    const code = `\`\`\`json\n${Array.from({ length: 600 }, (_, i) => `{"row": ${i}}`).join("\n")}\n\`\`\``;
    const parts = splitMessage(code);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(utf8Bytes(p)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      expect(p.startsWith("```json\n")).toBe(true);
      expect(p.endsWith("```")).toBe(true);
    }
  });
});

describe("truncateMessage", () => {
  it("shortens to the byte limit with an ellipsis, on a character boundary", () => {
    const t = truncateMessage("日本".repeat(3000));
    expect(utf8Bytes(t)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(t.endsWith("…")).toBe(true);
    expect(t).not.toContain("\uFFFD");
    expect(truncateMessage("short")).toBe("short");
  });
});
