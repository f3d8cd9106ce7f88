// Calendar arithmetic for trials. "Days" are calendar days in a stated IANA zone (the
// partner's, default UTC), done by Luxon so DST and month lengths are never hand-computed.
//
// A trial's end is its `endDate` (a calendar date). The trial runs to the end of that day:
// it expires at the first instant of the next day in its zone. Reminders go out at
// REMINDER_HOUR local time, so "on the end day" is still inside the trial.
import { DateTime, IANAZone } from "luxon";
import { must } from "./invariant.ts";
import { boundedMemo } from "./memo.ts";

export const REMINDER_HOUR = 9;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: "UTC" }).isValid;
}

function at(instant: Date, zone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone });
}

function day(date: string, zone: string): DateTime {
  const d = DateTime.fromISO(date, { zone });
  if (!d.isValid || !ISO_DATE.test(date)) throw new RangeError(`not a calendar date: ${date}`);
  return d.startOf("day");
}

/** The calendar date (yyyy-MM-dd) of an instant in a zone. */
export function calendarDate(instant: Date, zone: string): string {
  return must(at(instant, zone).toISODate(), "the ISO date of a valid instant");
}

const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 of a calendar date. Calendar dates have no zone and no DST, so this is
 * plain arithmetic on UTC days (a trial's lifecycle does several per command; Luxon's were a
 * visible share of a card submit's CPU). Refuses what is not a real date, as `day` does.
 */
function epochDay(date: string): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const at = new Date(0);
  at.setUTCFullYear(y, m - 1, d);
  if (!ISO_DATE.test(date) || at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d)
    throw new RangeError(`not a calendar date: ${date}`);
  return at.getTime() / DAY_MS;
}

function isoOfEpochDay(days: number): string {
  const at = new Date(days * DAY_MS);
  const y = at.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`date out of range: ${days} days from 1970-01-01`);
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return `${pad(y, 4)}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)}`;
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`not a whole number of days: ${days}`);
  return isoOfEpochDay(epochDay(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

// A date and a zone always name the same instant, and few pairs are in use at once (a trial's end
// date, its reminder days, a handful of zones), while Luxon's zone arithmetic was about a tenth of
// a card submit's CPU. So instants of (date, zone[, hour]) are remembered, up to a bound.
const instants = boundedMemo<number>(4_096);

/** Callers get their own Date: one may change it without changing the next answer. */
function instantOf(key: string, compute: () => DateTime): Date {
  return new Date(instants(key, () => compute().toMillis()));
}

/** The instant a trial whose last day is `endDate` expires: start of the following day. */
export function endInstant(endDate: string, zone: string): Date {
  return instantOf(`${endDate} ${zone} end`, () => day(endDate, zone).plus({ days: 1 }));
}

/** `hour`:00 local time on a calendar date. */
export function localTime(date: string, zone: string, hour: number): Date {
  return instantOf(`${date} ${zone} ${hour}`, () => day(date, zone).set({ hour }));
}

/** The same wall-clock time `days` calendar days later (DST-safe). */
export function plusCalendarDays(instant: Date, days: number, zone: string): Date {
  // Called on the instants above (a trial's grace and number-keeping ends), so remembered alike.
  return instantOf(`${instant.getTime()} ${zone} +${days}`, () => at(instant, zone).plus({ days }));
}

/** Calendar days from today (in the zone) to `endDate`: 0 on the end day, negative after. */
export function daysLeft(now: Date, endDate: string, zone: string): number {
  return daysBetween(calendarDate(now, zone), endDate);
}
