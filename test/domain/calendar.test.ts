// R-TIME-1: the trial calendar — dates in the partner's zone, service through the end date,
// reminders at 09:00 partner time, "days left" in calendar days, one number per event.

import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, daysLeft, endInstant, localTime, plusCalendarDays } from "../../domain/calendar.ts";
import { onTimer } from "../../domain/expiry.ts";
import { activation } from "../../domain/lifecycle.ts";
import { scheduledTimers } from "../../domain/schedule.ts";
import { ctx, ok, trial } from "./fixtures.ts";

const SEOUL = "Asia/Seoul"; // UTC+9, no DST

describe("R-TIME-1: the trial calendar", () => {
  it("R-TIME-1: a trial of N days started on day D (partner's zone) ends on D + N, even when UTC is still on the day before", () => {
    // 23:30 UTC on 1 March is 08:30 on 2 March in Seoul: the trial starts on 2 March there.
    const started = activation(
      trial({ timeZone: SEOUL, lengthDays: 30, status: "awaiting_provisioning" }),
      new Date("2026-03-01T23:30:00Z"),
    );
    expect(started).toMatchObject({ startDate: "2026-03-02", endDate: "2026-04-01" });
    const inUtc = activation(
      trial({ timeZone: "UTC", lengthDays: 30, status: "awaiting_provisioning" }),
      new Date("2026-03-01T23:30:00Z"),
    );
    expect(inUtc).toMatchObject({ startDate: "2026-03-01", endDate: "2026-03-31" });
  });

  it("R-TIME-1: service runs through the end date: expiry at 00:00 after it, reminders at 09:00 partner time", () => {
    const t = trial({ timeZone: SEOUL, startDate: "2026-03-02", endDate: "2026-04-01" });
    const at = Object.fromEntries(scheduledTimers(t, []).map((x) => [x.kind, x.dueAt.toISOString()]));
    expect(at).toEqual({
      reminder_before_end: "2026-03-25T00:00:00.000Z", // 09:00 KST on 25 March
      reminder_end_day: "2026-04-01T00:00:00.000Z", // 09:00 KST on the end day
      expiry: "2026-04-01T15:00:00.000Z", // 00:00 KST on 2 April
    });
  });

  it("R-TIME-1: days left counts calendar days to the end date in the partner's zone: 0 on the end day, whatever the hour", () => {
    expect(daysLeft(new Date("2026-03-25T00:00:00Z"), "2026-04-01", SEOUL)).toBe(7);
    expect(daysLeft(new Date("2026-03-25T14:59:00Z"), "2026-04-01", SEOUL)).toBe(7); // 23:59 KST
    expect(daysLeft(new Date("2026-03-25T15:00:00Z"), "2026-04-01", SEOUL)).toBe(6); // 00:00 KST next day
    expect(daysLeft(new Date("2026-04-01T14:59:00Z"), "2026-04-01", SEOUL)).toBe(0);
  });

  it("R-TIME-1: a reminder timer that runs late still says 7 days, in every message of the event (customer, partner, ops)", () => {
    const t = trial({ timeZone: SEOUL, startDate: "2026-03-02", endDate: "2026-04-01" });
    const due = scheduledTimers(t, []).find((x) => x.kind === "reminder_before_end")!.dueAt;
    // The job ran a day and a half late (a Redis outage, a sandbox clock jump).
    const late = new Date(due.getTime() + 36 * 3600_000);
    const d = ok(
      onTimer({
        ...ctx({ trial: t, now: late, actor: { kind: "system", reason: "reminder_before_end" } }),
        kind: "reminder_before_end",
        dueAt: due,
      }),
    );
    const said = d.messages.map((m) => [m.template, m.data.daysLeft]);
    expect(said.length).toBeGreaterThanOrEqual(3);
    expect(new Set(said.map(([, n]) => n))).toEqual(new Set([7]));
    expect(said.map(([template]) => template)).toEqual(
      expect.arrayContaining(["customer.expiry_reminder", "partner.expiry_reminder", "ops.event"]),
    );
    expect(d.audit[0]?.details).toMatchObject({ daysLeft: 7 });
  });

  it("R-TIME-1: the end-day reminder says 0 days (today) even when it runs late on that day", () => {
    const t = trial({ timeZone: SEOUL, startDate: "2026-03-02", endDate: "2026-04-01" });
    const due = scheduledTimers(t, []).find((x) => x.kind === "reminder_end_day")!.dueAt;
    const d = ok(
      onTimer({
        ...ctx({
          trial: t,
          now: new Date(due.getTime() + 10 * 3600_000),
          actor: { kind: "system", reason: "reminder_end_day" },
        }),
        kind: "reminder_end_day",
        dueAt: due,
      }),
    );
    expect(new Set(d.messages.map((m) => m.data.daysLeft))).toEqual(new Set([0]));
  });
});

describe("calendar-date arithmetic (plain UTC days)", () => {
  it("agrees with Luxon across month ends, leap days and years, both ways", () => {
    const starts = ["2024-02-28", "2024-12-31", "2025-02-28", "2026-03-29", "2026-10-25", "2000-02-29", "1999-12-31"];
    for (const start of starts)
      for (const n of [-400, -31, -1, 0, 1, 29, 30, 31, 60, 366]) {
        const luxon = DateTime.fromISO(start, { zone: "UTC" }).plus({ days: n }).toISODate();
        expect(addDays(start, n)).toBe(luxon);
        expect(daysBetween(start, addDays(start, n))).toBe(n);
      }
  });

  it("refuses what is not a calendar date or a whole number of days", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "2026-1-01", "20260101", "2026-00-10", ""])
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => daysBetween("2026-02-29", "2026-03-01")).toThrow(RangeError);
    expect(() => addDays("2026-01-01", 1.5)).toThrow(RangeError);
  });
});

describe("instants of a date in a zone (remembered)", () => {
  it("match Luxon's across DST changes and zones, on every call, whatever a caller did to an earlier answer", () => {
    const cases: [string, string][] = [
      ["2026-03-07", "America/New_York"], // the next day starts DST there
      ["2026-03-28", "Europe/Berlin"],
      ["2026-10-24", "Europe/Berlin"], // the next day ends DST: 25 hours
      ["2026-04-01", SEOUL],
      ["2026-12-31", "UTC"],
    ];
    for (let round = 0; round < 3; round++)
      for (const [date, zone] of cases) {
        const end = endInstant(date, zone);
        const nine = localTime(date, zone, 9);
        expect(end.toISOString()).toBe(DateTime.fromISO(date, { zone }).plus({ days: 1 }).toUTC().toISO());
        expect(nine.toISOString()).toBe(DateTime.fromISO(date, { zone }).set({ hour: 9 }).toUTC().toISO());
        expect(localTime(date, zone, 18).getTime() - nine.getTime()).toBe(9 * 3_600_000);
        for (const days of [1, 30])
          expect(plusCalendarDays(end, days, zone).toISOString()).toBe(
            DateTime.fromJSDate(end, { zone }).plus({ days }).toUTC().toISO(),
          );
        // Callers get their own Date: changing one changes no later answer.
        end.setTime(0);
        nine.setTime(0);
      }
    expect(() => endInstant("2026-02-30", "UTC")).toThrow(RangeError);
    expect(() => endInstant("2026-02-30", "UTC")).toThrow(RangeError);
  });
});
