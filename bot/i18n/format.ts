// Formatting shared by every language of the catalogue: dates, lists, service names, markdown
// escaping, and safe readers for the loosely typed parameters a message receives.
import { boundedMemo } from "../../domain/memo.ts";
import type { Language } from "./types.ts";

const LOCALES: Record<Language, string> = { en: "en-GB", ko: "ko-KR" };

export function locale(lang: Language): string {
  return LOCALES[lang] ?? LOCALES.en;
}

// ---- parameters ---------------------------------------------------------------------------

type Params = Record<string, unknown>;

/** A string or number parameter as text; "" when absent or of another type. */
export function str(p: Params, key: string): string {
  const v = p[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString();
  return "";
}

/** A numeric parameter (numbers and numeric strings), or null. */
export function num(p: Params, key: string): number | null {
  const v = p[key];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** A list parameter as strings (a lone string counts as a list of one). */
export function list(p: Params, key: string): string[] {
  const v = p[key];
  if (typeof v === "string") return v ? [v] : [];
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is string | number => typeof x === "string" || (typeof x === "number" && Number.isFinite(x)))
    .map(String)
    .filter(Boolean);
}

/** A list of records (units, digest lines); anything that is not a plain object is dropped. */
export function records(p: Params, key: string): Params[] {
  const v = p[key];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is Params => typeof x === "object" && x !== null && !Array.isArray(x));
}

export function bool(p: Params, key: string): boolean {
  return p[key] === true;
}

// ---- markdown -----------------------------------------------------------------------------

/** Escapes text a person typed (names, reasons) so it cannot turn into Webex markdown. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>~|#]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

/** Inline code; backticks inside are dropped so the span cannot break. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** A markdown link whose text is the URL itself. Non-http(s) URLs are shown as plain text. */
export function link(url: string, text = url): string {
  return /^https?:\/\/\S+$/.test(url) ? `[${md(text)}](${url})` : md(url);
}

export function bullets(lines: readonly string[]): string {
  return lines.map((l) => `- ${l}`).join("\n");
}

/** Joins paragraphs (blank lines between), skipping empty ones. */
export function paragraphs(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((x): x is string => typeof x === "string" && x.trim() !== "").join("\n\n");
}

/**
 * Joins lines of one block, skipping empty ones. Each break is a markdown hard break (two
 * trailing spaces), so the lines stay apart whether or not the client turns newlines into breaks.
 */
export function lines(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((x): x is string => typeof x === "string" && x.trim() !== "").join("  \n");
}

/** At most `max` items, and how many were left off (messages stay well under Webex's 7439 bytes). */
export function capped<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

// ---- lists ----------------------------------------------------------------------------------

/** "a, b and c" / "a, b 및 c" (conjunction) or "a, b or c" / "a, b 또는 c" (disjunction). */
export function joinList(
  lang: Language,
  items: readonly string[],
  type: "conjunction" | "disjunction" = "conjunction",
): string {
  if (items.length === 0) return "";
  const key = `${lang}|${type}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(locale(lang), { style: "long", type });
    listFormats.set(key, format);
  }
  return format.format(items);
}

const listFormats = new Map<string, Intl.ListFormat>();

// ---- services -----------------------------------------------------------------------------

export const SERVICE_NAMES: Record<Language, Record<string, string>> = {
  en: { messaging: "Messaging", meetings: "Meetings", calling: "Calling", devices: "Devices" },
  ko: { messaging: "메시징", meetings: "미팅", calling: "통화", devices: "디바이스" },
};

/** The display name of a service (R-SVC-1); an unknown value is shown as given. */
export function serviceName(lang: Language, service: string): string {
  const key = service.trim().toLowerCase();
  return SERVICE_NAMES[lang]?.[key] ?? SERVICE_NAMES.en[key] ?? md(service);
}

const SERVICE_ORDER = ["messaging", "meetings", "calling", "devices"];

/** Service names in the canonical order, joined as a list. */
export function serviceList(
  lang: Language,
  services: readonly string[],
  type: "conjunction" | "disjunction" = "conjunction",
): string {
  const sorted = [...services].sort((a, b) => rank(a) - rank(b));
  return joinList(
    lang,
    sorted.map((s) => serviceName(lang, s)),
    type,
  );
}

function rank(service: string): number {
  const i = SERVICE_ORDER.indexOf(service.trim().toLowerCase());
  return i < 0 ? SERVICE_ORDER.length : i;
}

// ---- dates --------------------------------------------------------------------------------

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const zoneValidity = new Map<string, boolean>();

function validZone(zone: string | undefined): string {
  if (!zone) return "UTC";
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size > 500) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid ? zone : "UTC";
}

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  // V8 reads "2026-02-30" as 2 March: a calendar date that is not a real day is not a date.
  if (typeof value === "string" && ISO_DATE.test(value) && d.toISOString().slice(0, 10) !== value) return null;
  return d;
}

/**
 * A date for people: "31 Mar 2026" / "2026년 3월 31일". A calendar date (yyyy-mm-dd) is shown
 * as that day whatever the zone; an instant is shown as its day in `zone` (default UTC, so the
 * output is deterministic). Text that is not a date is shown as given.
 */
// Building an Intl.DateTimeFormat costs far more than formatting with one (it was the costliest
// function of a card submit's profile), and the languages and zones in use are few.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(lang: Language, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale(lang), {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone,
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" } : {}),
    });
    // Zones come from validated settings, but a bound keeps a stray one from growing this forever.
    if (dateFormats.size > 500) dateFormats.clear();
    dateFormats.set(key, format);
  }
  return format;
}

// A calendar date reads the same every time in a language, and Intl's format was the largest
// share of rendering a trial's messages: kept, up to a bound.
const calendarDates = boundedMemo<string>(4_096);

export function formatDate(lang: Language, isoOrDate: string | Date, zone?: string): string {
  // A calendar date is that day whatever the zone.
  if (typeof isoOrDate === "string" && ISO_DATE.test(isoOrDate.trim()))
    return calendarDates(`${lang} ${isoOrDate}`, () => formatOne(lang, isoOrDate, "UTC"));
  return formatOne(lang, isoOrDate, validZone(zone));
}

/** The day of a date or instant in a zone, or the text as given when it is not a date. */
function formatOne(lang: Language, value: string | Date, zone: string): string {
  const d = toDate(typeof value === "string" ? value.trim() : value);
  return d ? dateFormat(lang, zone, false).format(d) : md(String(value));
}

/** An instant with its time and zone: "12 Mar 2026, 10:00 UTC". A calendar date gets no time. */
export function formatDateTime(lang: Language, isoOrDate: string | Date, zone?: string): string {
  if (typeof isoOrDate === "string" && ISO_DATE.test(isoOrDate.trim())) return formatDate(lang, isoOrDate);
  const d = toDate(isoOrDate);
  if (!d) return md(String(isoOrDate));
  return dateFormat(lang, validZone(zone), true).format(d);
}

/** A date parameter formatted, or "" when absent or not a date. */
export function dateParam(lang: Language, p: Params, key: string, withTime = false): string {
  const v = p[key];
  if (!(typeof v === "string" || v instanceof Date)) return "";
  if (typeof v === "string" && !v.trim()) return "";
  const zone = str(p, "timeZone") || undefined;
  return withTime ? formatDateTime(lang, v, zone) : formatDate(lang, v, zone);
}

// ---- shapes shared by the templates ----------------------------------------------------------

const CARRIER_ORDER = ["UPS", "DHL", "Expeditors", "per_location"];

/** The carriers of device units (R-DEV-2), each once, in a fixed order. */
export function carriersOf(units: readonly Params[]): string[] {
  const rank = (c: string) => (CARRIER_ORDER.includes(c) ? CARRIER_ORDER.indexOf(c) : CARRIER_ORDER.length);
  return [...new Set(units.map((u) => str(u, "carrier")).filter(Boolean))].sort((a, b) => rank(a) - rank(b));
}

/** domain/digest.ts `Digest`, read defensively. */
export interface DigestView {
  date: string;
  counts: Record<string, unknown>;
  endingSoon: Params[];
  lapsingSoon: Params[];
  consentClosingSoon: Params[];
  deviceFlags: Params[];
}

/** The `ops.daily_digest` data: the Digest itself, or a Digest under `digest`. */
export function digestOf(p: Params): DigestView {
  const d = typeof p.digest === "object" && p.digest !== null && !Array.isArray(p.digest) ? (p.digest as Params) : p;
  const counts = typeof d.counts === "object" && d.counts !== null ? (d.counts as Record<string, unknown>) : {};
  return {
    date: str(d, "date"),
    counts,
    endingSoon: records(d, "endingSoon"),
    lapsingSoon: records(d, "lapsingSoon"),
    consentClosingSoon: records(d, "consentClosingSoon"),
    deviceFlags: records(d, "deviceFlags"),
  };
}

/** Text a person typed, echoed back: at most `max` characters (a pasted page is not repeated whole). */
export function echo(text: string, max = 80): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}
