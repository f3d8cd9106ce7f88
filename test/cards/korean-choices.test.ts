// Issue 12: a Korean reader's card dropdowns are in Korean (verticals, countries); the value
// submitted stays the one the domain knows (the English vertical, the ISO country code).
import { describe, expect, it } from "vitest";
import { newCustomerCard } from "../../cards/start.ts";

type Choice = { title: string; value: string };
function choicesOf(card: unknown, id: string): Choice[] {
  const found: Choice[][] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (o.id === id && Array.isArray(o.choices)) found.push(o.choices as Choice[]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found[0] ?? [];
}

describe("new-customer card dropdowns", () => {
  it("are Korean for a Korean reader, with the same submitted values", () => {
    const ko = newCustomerCard("ko", "ref", {}).card;
    const en = newCustomerCard("en", "ref", {}).card;
    const koVerticals = choicesOf(ko, "vertical");
    expect(koVerticals.find((c) => c.value === "Manufacturing")?.title).toBe("제조");
    expect(koVerticals.every((c) => /[가-힣]/.test(c.title))).toBe(true);
    expect(koVerticals.map((c) => c.value)).toEqual(choicesOf(en, "vertical").map((c) => c.value));
    const koCountries = choicesOf(ko, "country");
    expect(koCountries.find((c) => c.value === "DE")?.title).toMatch(/^독일 — /);
    expect(koCountries.find((c) => c.value === "KR")?.title).toMatch(/^대한민국 — /);
    expect(choicesOf(en, "country").find((c) => c.value === "DE")?.title).toMatch(/^Germany — /);
  });
});
