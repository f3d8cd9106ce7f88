import { z } from "zod";
import { isValidTimeZone } from "./calendar.ts";

const email = z.email();

export function isEmail(value: string): boolean {
  return email.safeParse(value).success;
}

export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

// R-SVC-2: a Webex Meetings site is <name>.webex.com; the name is a DNS label of 1 to 63
// characters (two-letter labels such as "hp" are valid), not starting or ending with a hyphen.
const SITE_URL = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.webex\.com$/;

export function normaliseSiteUrl(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "");
}

export function isValidSiteUrl(value: string): boolean {
  return SITE_URL.test(normaliseSiteUrl(value));
}

export { isValidTimeZone };

/**
 * The longest cancel reason, whether typed in chat or on the cancel card: one limit for every
 * way in (the domain enforces it too).
 */
export const REASON_MAX = 200;

/** The longest customer (company) name, whether from the new-customer card or a CSV import. */
export const COMPANY_NAME_MAX = 100;

/**
 * Control characters (NUL and the like) have no place in anything a person types; PostgreSQL
 * refuses NUL outright. Tab, line feed and carriage return are text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** R-NEW-2: trial lengths offered at start. */
export const TRIAL_LENGTHS = [30, 60, 90] as const;
export const DEFAULT_TRIAL_LENGTH = 30;

export function emailDomain(address: string): string {
  return normaliseEmail(address).split("@")[1] ?? "";
}
