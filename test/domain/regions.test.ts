import { describe, expect, it } from "vitest";
import countryData from "../../domain/data/countries.json" with { type: "json" };
import verticalData from "../../domain/data/verticals.json" with { type: "json" };
import {
  COUNTRY_SOURCE,
  closestVertical,
  isOffered,
  listCountries,
  listNotOffered,
  listVerticals,
  lookupCountry,
  matchVertical,
  REGIONS,
  regionFor,
  theatreFor,
} from "../../domain/regions.ts";

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("R-ORG-5: country → data-residency region table", () => {
  it("R-ORG-5: ships the table as data with its source (URLs, retrieval date, notes)", () => {
    expect(COUNTRY_SOURCE.retrieved).toBe("2026-11-26");
    expect(COUNTRY_SOURCE.documents.length).toBeGreaterThan(0);
    for (const d of COUNTRY_SOURCE.documents) expect(d.url).toMatch(/^https:\/\//);
    expect(COUNTRY_SOURCE.notes.length).toBeGreaterThan(0);
    expect(countryData.regions).toEqual([...REGIONS]);
  });

  it("R-ORG-5: covers every ISO 3166-1 country exactly once (249 codes)", () => {
    const codes = [...countryData.countries, ...countryData.notOffered].map((c) => c.code);
    expect(codes).toHaveLength(249);
    expect(new Set(codes).size).toBe(249);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it("R-ORG-5: every offered country has one of the nine Webex regions and a theatre", () => {
    for (const c of listCountries()) {
      expect(REGIONS).toContain(c.region);
      expect(["AMER", "EMEAR", "APJC"]).toContain(c.theatre);
    }
    // Every region is used by at least one country.
    const used = new Set(listCountries().map((c) => c.region));
    for (const r of REGIONS) expect(used).toContain(r);
  });

  it("R-ORG-5: the region follows from the country", () => {
    expect(regionFor("US")).toBe("US");
    expect(regionFor("CA")).toBe("Canada");
    expect(regionFor("GB")).toBe("UK");
    expect(regionFor("JP")).toBe("Japan");
    expect(regionFor("AU")).toBe("Australia");
    expect(regionFor("SG")).toBe("Singapore");
    expect(regionFor("SA")).toBe("Saudi Arabia");
    expect(regionFor("AE")).toBe("UAE");
    expect(regionFor("DE")).toBe("EU");
    expect(regionFor("FR")).toBe("EU");
    expect(regionFor("CH")).toBe("EU"); // rest of EMEAR → EU
    expect(regionFor("ZA")).toBe("EU");
    expect(regionFor("BR")).toBe("US"); // rest of the Americas → US
    expect(regionFor("IN")).toBe("US"); // rest of the world → US
    expect(regionFor("PR")).toBe("US");
    expect(regionFor("JE")).toBe("UK");
  });

  it("R-ORG-5: a country where Webex is not offered is refused (no region)", () => {
    for (const code of ["CU", "IR", "KP", "SY", "RU", "BY"]) {
      expect(isOffered(code)).toBe(false);
      expect(regionFor(code)).toBeNull();
      const c = lookupCountry(code);
      expect(c?.offered).toBe(false);
      expect(c?.notOfferedReason).toBeTruthy();
    }
    expect(
      listNotOffered()
        .map((c) => c.code)
        .sort(),
    ).toEqual(["BY", "CU", "IR", "KP", "RU", "SY"]);
    expect(isOffered("US")).toBe(true);
    expect(isOffered("XX")).toBe(false);
    expect(isOffered("Atlantis")).toBe(false);
  });

  it("R-ORG-5: isOffered narrows a Country to one with a region", () => {
    const c = lookupCountry("Germany");
    expect(c).not.toBeNull();
    if (c && isOffered(c)) {
      const region: string = c.region; // compiles only because of the narrowing
      expect(region).toBe("EU");
    } else {
      expect.unreachable("Germany is offered");
    }
  });

  it("R-ORG-5: looks countries up by ISO code or name, case- and accent-insensitively", () => {
    expect(lookupCountry("us")?.code).toBe("US");
    expect(lookupCountry(" gb ")?.code).toBe("GB");
    expect(lookupCountry("United Kingdom")?.code).toBe("GB");
    expect(lookupCountry("uk")?.code).toBe("GB");
    expect(lookupCountry("united states of america")?.code).toBe("US");
    expect(lookupCountry("USA")?.code).toBe("US");
    expect(lookupCountry("germany")?.code).toBe("DE");
    expect(lookupCountry("Cote d'Ivoire")?.code).toBe("CI");
    expect(lookupCountry("Côte d’Ivoire")?.code).toBe("CI");
    expect(lookupCountry("Ivory Coast")?.code).toBe("CI");
    expect(lookupCountry("St. Kitts & Nevis")?.code).toBe("KN");
    expect(lookupCountry("Turkey")?.code).toBe("TR");
    expect(lookupCountry("The Netherlands")?.code).toBe("NL");
    expect(lookupCountry("South Korea")?.code).toBe("KR");
    expect(lookupCountry("Cuba")?.offered).toBe(false);
    expect(lookupCountry("Narnia")).toBeNull();
    expect(lookupCountry("")).toBeNull();
    expect(lookupCountry("XX")).toBeNull();
  });

  it("R-ORG-5: listCountries is sorted by name and only lists offered countries", () => {
    const list = listCountries();
    expect(list.length).toBe(243);
    expect(list.every((c) => c.offered)).toBe(true);
    const names = list.map((c) => c.name);
    expect([...names].sort((a, b) => a.localeCompare(b, "en"))).toEqual(names);
  });
});

describe("Cisco theatre per country (data the device-return carrier rule needs)", () => {
  it("gives the theatre of a country", () => {
    expect(theatreFor("US")).toBe("AMER");
    expect(theatreFor("CA")).toBe("AMER");
    expect(theatreFor("DE")).toBe("EMEAR");
    expect(theatreFor("AE")).toBe("EMEAR");
    expect(theatreFor("ZA")).toBe("EMEAR");
    expect(theatreFor("AU")).toBe("APJC");
    expect(theatreFor("JP")).toBe("APJC");
    expect(theatreFor("IN")).toBe("APJC");
    expect(theatreFor("RU")).toBe("EMEAR"); // not offered, but still has a theatre
    expect(theatreFor("XX")).toBeNull();
  });
});

describe("R-ORG-4: business vertical, closest when there is no exact match", () => {
  it("R-ORG-4: ships the vertical list as data with its source", () => {
    expect(verticalData.source.notes.join(" ")).toMatch(/NOT FOUND/);
    expect(listVerticals()).toContain("Healthcare");
    expect(listVerticals()).toContain("Other");
    expect(new Set(listVerticals()).size).toBe(listVerticals().length);
  });

  it("R-ORG-4: an exact match wins, case-insensitively", () => {
    expect(closestVertical("Healthcare")).toBe("Healthcare");
    expect(closestVertical("  EDUCATION ")).toBe("Education");
    expect(matchVertical("retail")).toEqual({ vertical: "Retail", exact: true, score: 1 });
  });

  it("R-ORG-4: picks the closest vertical when there is no exact match", () => {
    expect(closestVertical("bank")).toBe("Banking and Financial Services");
    expect(closestVertical("Financial")).toBe("Banking and Financial Services");
    expect(closestVertical("hospital")).toBe("Healthcare");
    expect(closestVertical("university")).toBe("Education");
    expect(closestVertical("software")).toBe("Technology");
    expect(closestVertical("law firm")).toBe("Legal");
    expect(closestVertical("pharma research")).toBe("Life Sciences and Pharmaceuticals");
    expect(closestVertical("Transportation")).toBe("Transportation and Logistics");
    expect(closestVertical("oil and gas")).toBe("Energy and Utilities");
    expect(matchVertical("hospital")?.exact).toBe(false);
  });

  it("R-ORG-4: falls back to Other when nothing is close, null for blank input", () => {
    expect(closestVertical("zzz qqq")).toBe("Other");
    expect(matchVertical("zzz")?.exact).toBe(false);
    expect(closestVertical("   ")).toBeNull();
  });
});
