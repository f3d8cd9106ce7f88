// R-ORG-5: the data-residency region follows from the customer's country; a country where Webex
// is not offered is refused at trial start. R-DEV-2 needs each country's Cisco theatre for the
// device-return carrier. R-ORG-4: the business vertical is picked from a list, the closest one
// when there is no exact match.
//
// The tables are data (domain/data/*.json), each with its `source` (URLs, retrieval date and the
// judgement calls made where the documentation is silent). This module is pure: no I/O beyond
// importing the JSON.
import countryData from "./data/countries.json" with { type: "json" };
import verticalData from "./data/verticals.json" with { type: "json" };

/** R-ORG-5: the Webex data-residency regions. */
export const REGIONS = ["US", "EU", "Canada", "UK", "Japan", "Australia", "Singapore", "Saudi Arabia", "UAE"] as const;
export type Region = (typeof REGIONS)[number];

/** Cisco sales theatres (R-DEV-2 device-return carrier). */
export const THEATRES = ["AMER", "EMEAR", "APJC"] as const;
export type Theatre = (typeof THEATRES)[number];

interface CountryBase {
  /** ISO 3166-1 alpha-2, upper case. */
  readonly code: string;
  readonly name: string;
  /** Other names accepted by lookupCountry ("UK", "USA", "Ivory Coast"). */
  readonly aliases: readonly string[];
  readonly theatre: Theatre;
}

/** A country where Webex is offered: it has a data-residency region (R-ORG-5). */
export interface OfferedCountry extends CountryBase {
  readonly offered: true;
  readonly region: Region;
  readonly notOfferedReason: null;
}

/** A country where Webex is not offered: refused at trial start (R-ORG-5). */
export interface NotOfferedCountry extends CountryBase {
  readonly offered: false;
  readonly region: null;
  readonly notOfferedReason: string;
}

/** Narrow with `country.offered` (true ⇒ `region` is a Region). */
export type Country = OfferedCountry | NotOfferedCountry;

export interface DataSource {
  readonly retrieved: string;
  readonly documents: readonly { readonly title: string; readonly url: string; readonly used_for: string }[];
  readonly notes: readonly string[];
}

function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value);
}

function isTheatre(value: string): value is Theatre {
  return (THEATRES as readonly string[]).includes(value);
}

function checkTheatre(code: string, theatre: string): Theatre {
  if (!isTheatre(theatre)) throw new Error(`countries.json: ${code} has unknown theatre "${theatre}"`);
  return theatre;
}

/** Lower-cases, strips accents and punctuation, "&" → "and", "St." → "saint", drops a leading "the". */
export function normaliseName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/\bst\.?(?=\s)/g, "saint")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
}

const COUNTRIES: readonly Country[] = Object.freeze([
  ...countryData.countries.map((c): Country => {
    if (!isRegion(c.region)) throw new Error(`countries.json: ${c.code} has unknown region "${c.region}"`);
    const country: OfferedCountry = {
      code: c.code,
      name: c.name,
      aliases: Object.freeze([...(("aliases" in c ? c.aliases : undefined) ?? [])]),
      region: c.region,
      theatre: checkTheatre(c.code, c.theatre),
      offered: true,
      notOfferedReason: null,
    };
    return Object.freeze(country);
  }),
  ...countryData.notOffered.map((c): Country => {
    const country: NotOfferedCountry = {
      code: c.code,
      name: c.name,
      aliases: Object.freeze([...(("aliases" in c ? c.aliases : undefined) ?? [])]),
      region: null,
      theatre: checkTheatre(c.code, c.theatre),
      offered: false,
      notOfferedReason: c.reason,
    };
    return Object.freeze(country);
  }),
]);

const BY_CODE = new Map<string, Country>(COUNTRIES.map((c) => [c.code, c]));
const BY_NAME = new Map<string, Country>();
for (const c of COUNTRIES) {
  for (const n of [c.name, ...c.aliases]) {
    const key = normaliseName(n);
    if (!BY_NAME.has(key)) BY_NAME.set(key, c);
  }
}

/** Where the country table comes from (cite it in replies / docs). */
export const COUNTRY_SOURCE: DataSource = countryData.source;
/** Where the vertical list comes from. */
export const VERTICAL_SOURCE: DataSource = verticalData.source;

/**
 * R-ORG-5: finds a country by ISO 3166-1 alpha-2 code or by name/alias, case- and
 * accent-insensitively. Countries where Webex is not offered are found too (offered: false),
 * so the caller can tell "not offered" from "unknown"; unknown input gives null.
 */
export function lookupCountry(codeOrName: string): Country | null {
  const text = codeOrName.trim();
  if (text === "") return null;
  if (/^[a-z]{2}$/i.test(text)) {
    const byCode = BY_CODE.get(text.toUpperCase());
    if (byCode) return byCode;
  }
  return BY_NAME.get(normaliseName(text)) ?? null;
}

/** R-ORG-5: the data-residency region of a country (code or name); null if unknown or not offered. */
export function regionFor(code: string): Region | null {
  return lookupCountry(code)?.region ?? null;
}

/** R-DEV-2: the Cisco theatre of a country (code or name); null if unknown. */
export function theatreFor(code: string): Theatre | null {
  return lookupCountry(code)?.theatre ?? null;
}

/**
 * R-ORG-5: whether Webex is offered in the country (code, name, or a Country; false for unknown
 * countries). Given a Country it narrows it to OfferedCountry.
 */
export function isOffered(country: Country): country is OfferedCountry;
export function isOffered(codeOrName: string): boolean;
export function isOffered(country: string | Country): boolean {
  if (typeof country !== "string") return country.offered;
  return lookupCountry(country)?.offered ?? false;
}

/** The countries where Webex is offered, sorted by name. */
export function listCountries(): OfferedCountry[] {
  return COUNTRIES.filter((c): c is OfferedCountry => c.offered).sort((a, b) => a.name.localeCompare(b.name, "en"));
}

/** The countries where Webex is not offered, sorted by name. */
export function listNotOffered(): NotOfferedCountry[] {
  return COUNTRIES.filter((c): c is NotOfferedCountry => !c.offered).sort((a, b) => a.name.localeCompare(b.name, "en"));
}

// ---------------------------------------------------------------------------------------------
// Verticals (R-ORG-4)

interface VerticalEntry {
  readonly name: string;
  readonly keywords: readonly string[];
}

const VERTICALS: readonly VerticalEntry[] = Object.freeze(
  verticalData.verticals.map((v) => Object.freeze({ name: v.name, keywords: Object.freeze([...v.keywords]) })),
);

/** The catch-all vertical used when nothing matches. */
export const FALLBACK_VERTICAL = "Other";

/** R-ORG-4: the business verticals offered when creating a trial, in list order. */
export function listVerticals(): string[] {
  return VERTICALS.map((v) => v.name);
}

export interface VerticalMatch {
  vertical: string;
  /** true when the input named the vertical exactly (case-insensitive). */
  exact: boolean;
  /** 0..1, how good the match is (1 = exact). */
  score: number;
}

const STOP_WORDS = new Set([
  "and",
  "of",
  "the",
  "for",
  "a",
  "an",
  "services",
  "service",
  "industry",
  "sector",
  "company",
]);

function tokens(text: string): string[] {
  return normaliseName(text)
    .split(" ")
    .filter((t) => t.length > 0 && !STOP_WORDS.has(t));
}

/** Two tokens match when equal or when one is a prefix (>= 4 letters) of the other ("bank"/"banking"). */
function tokenMatches(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

function overlap(input: readonly string[], candidate: readonly string[]): number {
  if (input.length === 0 || candidate.length === 0) return 0;
  const hits = input.filter((t) => candidate.some((c) => tokenMatches(t, c))).length;
  return hits / Math.max(input.length, candidate.length);
}

/**
 * R-ORG-4: the vertical closest to free text. Order: exact (case-insensitive) name; then the
 * input is a keyword or the name contains the input / the input contains the name; then the best
 * token overlap with the name and its keywords. Ties go to the earlier vertical in the list.
 * Returns null for blank input, and the fallback ("Other", not exact) when nothing overlaps.
 */
export function matchVertical(text: string): VerticalMatch | null {
  const norm = normaliseName(text);
  if (norm === "") return null;
  for (const v of VERTICALS) {
    if (normaliseName(v.name) === norm) return { vertical: v.name, exact: true, score: 1 };
  }
  for (const v of VERTICALS) {
    if (v.keywords.some((k) => normaliseName(k) === norm)) return { vertical: v.name, exact: false, score: 0.95 };
  }
  for (const v of VERTICALS) {
    const name = normaliseName(v.name);
    if (v.name !== FALLBACK_VERTICAL && ((norm.length >= 4 && name.includes(norm)) || norm.includes(name))) {
      return { vertical: v.name, exact: false, score: 0.9 };
    }
  }
  const input = tokens(text);
  let best: VerticalMatch | null = null;
  for (const v of VERTICALS) {
    if (v.name === FALLBACK_VERTICAL) continue;
    const score = Math.max(overlap(input, tokens(v.name)), ...v.keywords.map((k) => overlap(input, tokens(k))));
    if (score > 0 && (best === null || score > best.score))
      best = { vertical: v.name, exact: false, score: score * 0.8 };
  }
  return best ?? { vertical: FALLBACK_VERTICAL, exact: false, score: 0 };
}

/** R-ORG-4: the name of the closest listed vertical (see matchVertical); null for blank input. */
export function closestVertical(text: string): string | null {
  return matchVertical(text)?.vertical ?? null;
}
