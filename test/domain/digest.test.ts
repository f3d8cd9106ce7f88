// R-EXP-6: the ops daily digest (domain/digest.ts).
import { describe, expect, it } from "vitest";
import { buildDigest } from "../../domain/digest.ts";
import type { DeviceUnit, Trial } from "../../domain/model.ts";
import { customer, NOW, partner, trial, unit } from "./fixtures.ts";

const customers = [customer(), customer({ id: "c2", handle: "globex", name: "Globex" })];
const partners = [partner(), partner({ id: "p2", name: "Other Partners" })];

const trials: Trial[] = [
  trial({ id: "a", endDate: "2026-03-05" }),
  trial({ id: "b", endDate: "2026-03-09", customerId: "c2", partnerId: "p2", services: ["calling"] }),
  trial({ id: "c", endDate: "2026-03-10" }),
  // expired 2026-02-06 00:00Z → grace ends 2026-03-08 00:00Z
  trial({
    id: "d",
    status: "expired",
    startDate: "2026-01-06",
    endDate: "2026-02-05",
    customerId: "c2",
    services: ["messaging"],
  }),
  // grace ends 2026-03-22 00:00Z
  trial({ id: "e", status: "expired", startDate: "2026-01-21", endDate: "2026-02-20" }),
  trial({
    id: "f",
    status: "pending_consent",
    startDate: null,
    endDate: null,
    consentDeadline: new Date("2026-03-04T09:00:00Z"),
  }),
  trial({
    id: "g",
    status: "pending_consent",
    startDate: null,
    endDate: null,
    consentDeadline: new Date("2026-03-04T11:00:00Z"),
  }),
  trial({ id: "h", status: "converted" }),
  trial({ id: "i", status: "lapsed", endDate: "2026-01-10" }),
  trial({ id: "j", status: "deleted", endDate: "2026-03-04" }),
];

const devices: DeviceUnit[] = [
  unit({ id: "a:SN1", trialId: "a", serialShipped: "SN1", returnStatus: "missing" }),
  unit({ id: "d:SN2", trialId: "d", serialShipped: "SN2", returnStatus: "mismatch", serialReturned: "XYZ" }),
  unit({ id: "a:SN3", trialId: "a", serialShipped: "SN3", returnStatus: "out" }),
  unit({ id: "a:SN4", trialId: "a", serialShipped: "SN4", returnStatus: "returned" }),
];

const digest = (over: Partial<Parameters<typeof buildDigest>[0]> = {}) =>
  buildDigest({ now: NOW, timeZone: "UTC", trials, customers, partners, devices, ...over });

describe("R-EXP-6: the ops daily digest", () => {
  it("R-EXP-6: counts every trial by status, zero included", () => {
    expect(digest().counts).toEqual({
      pending_consent: 2,
      awaiting_provisioning: 0,
      active: 3,
      expired: 2,
      converted: 1,
      cancelled: 0,
      lapsed: 1,
      deleted: 1,
    });
    expect(digest().date).toBe("2026-03-02");
  });

  it("R-EXP-6: lists active trials ending within 7 days (last day up to today + 7), in end-date order, with partner, customer and services", () => {
    expect(digest().endingSoon).toEqual([
      {
        partner: "Bright Partners",
        customer: "Acme Corp",
        customerHandle: "acme",
        services: ["messaging", "meetings"],
        date: "2026-03-05",
      },
      {
        partner: "Other Partners",
        customer: "Globex",
        customerHandle: "globex",
        services: ["calling"],
        date: "2026-03-09",
      },
    ]);
  });

  it("R-EXP-6: lists trials whose grace ends within 7 days, and not those further out", () => {
    const lines = digest().lapsingSoon;
    expect(lines.map((l) => [l.partner, l.customer, l.customerHandle, l.services])).toEqual([
      ["Bright Partners", "Globex", "globex", ["messaging"]],
    ]);
  });

  it("R-EXP-6: grace ending uses the same last-day convention as trials ending: grace over at the end of today + 7 is listed, with its last day", () => {
    // Ended 2026-02-07 → expired 2026-02-08 00:00Z → grace over at 2026-03-10 00:00Z: the last
    // day of grace is 2026-03-09 = today + 7, just like active trial "b" whose last day is 2026-03-09.
    const t = trial({ id: "k", status: "expired", startDate: "2026-01-08", endDate: "2026-02-07" });
    const d = digest({ trials: [t] });
    expect(d.lapsingSoon).toEqual([
      {
        partner: "Bright Partners",
        customer: "Acme Corp",
        customerHandle: "acme",
        services: ["messaging", "meetings"],
        date: "2026-03-09",
      },
    ]);
  });

  it("R-EXP-6: lists consent requests whose window closes within 2 days (with the deadline instant)", () => {
    expect(digest().consentClosingSoon).toEqual([
      {
        partner: "Bright Partners",
        customer: "Acme Corp",
        customerHandle: "acme",
        services: ["messaging", "meetings"],
        date: "2026-03-04T09:00:00.000Z",
      },
    ]);
  });

  it("R-EXP-6: lists open device flags (missing and mismatch), not units out or returned", () => {
    expect(digest().deviceFlags).toEqual([
      { customer: "Acme Corp", serial: "SN1", status: "missing" },
      { customer: "Globex", serial: "SN2", status: "mismatch" },
    ]);
  });

  it("R-EXP-6: 'today' is the ops zone's calendar day", () => {
    // 2026-03-02 05:00Z is still 2026-03-01 in Los Angeles: the horizon is 2026-03-08
    const d = digest({ now: new Date("2026-03-02T05:00:00Z"), timeZone: "America/Los_Angeles" });
    expect(d.date).toBe("2026-03-01");
    expect(d.endingSoon.map((l) => l.date)).toEqual(["2026-03-05"]);
  });

  it("R-EXP-6: an empty estate gives zero counts and empty lists", () => {
    const d = digest({ trials: [], devices: [] });
    expect(Object.values(d.counts).every((n) => n === 0)).toBe(true);
    expect([d.endingSoon, d.lapsingSoon, d.consentClosingSoon, d.deviceFlags]).toEqual([[], [], [], []]);
  });
});
