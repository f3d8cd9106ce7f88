import { describe, expect, it } from "vitest";
import { boundedMemo } from "../../domain/memo.ts";

describe("boundedMemo", () => {
  it("computes a key once, and again only after more than its bound were kept", () => {
    const calls: string[] = [];
    const memo = boundedMemo<string>(2);
    const get = (key: string) =>
      memo(key, () => {
        calls.push(key);
        return key.toUpperCase();
      });
    expect([get("a"), get("a"), get("b"), get("a")]).toEqual(["A", "A", "B", "A"]);
    expect(calls).toEqual(["a", "b"]);
    get("c"); // a third key: the two kept are dropped
    expect(get("a")).toBe("A");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
