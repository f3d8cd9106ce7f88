// The deadlines of a trial per status (domain/schedule.ts): R-EXP-1..5, R-CONSENT-6, R-DEV-1,
// R-DEL-1. America/Los_Angeles changes to PDT on 2026-03-08 and back to PST on 2026-11-01.
import { describe, expect, it } from "vitest";
import { deleteTrial, extendTrial } from "../../domain/manage.ts";
import type { Trial } from "../../domain/model.ts";
import {
  callingReleaseAt,
  expiresAt,
  graceEndsAt,
  pendingTimers,
  returnDueDate,
  scheduledTimers,
} from "../../domain/schedule.ts";
import { requestConsent } from "../../domain/start.ts";
import { ctx, customer, manager, NOW, ok, partner, trial, unit } from "./fixtures.ts";

const LA = "America/Los_Angeles";
const at = (iso: string) => new Date(iso);
const spec = (kind: string, iso: string, trialId = "t1") => ({ trialId, kind, dueAt: at(iso) });

describe("R-EXP-1/R-EXP-2: deadlines of an active trial", () => {
  it("R-EXP-1: reminders at endDate−7 09:00 and endDate 09:00 local, across the spring DST change; R-EXP-2: expiry at the start of the next day", () => {
    const t = trial({ timeZone: LA, startDate: "2026-02-10", endDate: "2026-03-12" });
    expect(pendingTimers(t, [], NOW)).toEqual([
      spec("reminder_before_end", "2026-03-05T17:00:00.000Z"), // 09:00 PST
      spec("reminder_end_day", "2026-03-12T16:00:00.000Z"), // 09:00 PDT
      spec("expiry", "2026-03-13T07:00:00.000Z"), // 2026-03-13 00:00 PDT
    ]);
  });

  it("R-EXP-1: reminders at 09:00 local across the autumn DST change", () => {
    const t = trial({ timeZone: LA, startDate: "2026-10-06", endDate: "2026-11-05" });
    expect(pendingTimers(t, [], at("2026-10-06T17:00:00Z"))).toEqual([
      spec("reminder_before_end", "2026-10-29T16:00:00.000Z"), // 09:00 PDT
      spec("reminder_end_day", "2026-11-05T17:00:00.000Z"), // 09:00 PST
      spec("expiry", "2026-11-06T08:00:00.000Z"), // 2026-11-06 00:00 PST
    ]);
  });

  it("R-EXP-1: UTC trial: reminders 2026-03-24 09:00Z and 2026-03-31 09:00Z, expiry 2026-04-01 00:00Z", () => {
    expect(pendingTimers(trial(), [], NOW)).toEqual([
      spec("reminder_before_end", "2026-03-24T09:00:00.000Z"),
      spec("reminder_end_day", "2026-03-31T09:00:00.000Z"),
      spec("expiry", "2026-04-01T00:00:00.000Z"),
    ]);
  });

  it("R-EXP-1: a reminder already past is not pending, but a past unhandled expiry is never dropped", () => {
    const t = trial({ timeZone: LA, startDate: "2026-02-10", endDate: "2026-03-12" });
    expect(pendingTimers(t, [], at("2026-03-13T08:00:00Z"))).toEqual([spec("expiry", "2026-03-13T07:00:00.000Z")]);
    // scheduledTimers still knows every deadline of the state (what onTimer checks against)
    expect(scheduledTimers(t, []).map((x) => x.kind)).toEqual(["reminder_before_end", "reminder_end_day", "expiry"]);
  });

  it("R-EXP-1: a handled reminder is not scheduled again", () => {
    const t = trial({ handledTimers: { reminder_before_end: "2026-03-24T09:00:00.000Z" } });
    expect(pendingTimers(t, [], NOW).map((x) => x.kind)).toEqual(["reminder_end_day", "expiry"]);
  });

  it("R-EXP-1: when the end is moved, a reminder whose time has already passed is not scheduled", () => {
    // 2026-03-09 13:00 PDT, last day 2026-03-10; extend by 5 → last day 2026-03-14.
    const t = trial({ timeZone: LA, startDate: "2026-02-08", endDate: "2026-03-10" });
    const d = ok(extendTrial({ ...ctx({ trial: t, now: at("2026-03-09T20:00:00Z"), actor: manager }), days: 5 }));
    expect(d.trial!.endDate).toBe("2026-03-14");
    // endDate−7 = 2026-03-07 09:00 is in the past: not scheduled
    expect(d.timers).toEqual([
      spec("reminder_end_day", "2026-03-14T16:00:00.000Z"),
      spec("expiry", "2026-03-15T07:00:00.000Z"),
    ]);
  });

  it("R-EXP-1: a moved end brings new reminders even though the old ones were handled", () => {
    const t = trial({
      startDate: "2026-03-01",
      endDate: "2026-03-31",
      handledTimers: { reminder_before_end: "2026-03-24T09:00:00.000Z" },
    });
    const d = ok(extendTrial({ ...ctx({ trial: t, now: at("2026-03-25T12:00:00Z") }), days: 20 }));
    expect(d.trial!.endDate).toBe("2026-04-14");
    expect(d.timers).toEqual([
      spec("reminder_before_end", "2026-04-07T09:00:00.000Z"),
      spec("reminder_end_day", "2026-04-14T09:00:00.000Z"),
      spec("expiry", "2026-04-15T00:00:00.000Z"),
    ]);
  });
});

describe("R-EXP-2..5: deadlines during and after grace", () => {
  const expired = (over: Partial<Trial> = {}) =>
    trial({
      timeZone: LA,
      status: "expired",
      startDate: "2026-09-20",
      endDate: "2026-10-20",
      services: ["calling", "messaging"],
      ...over,
    });

  it("R-EXP-2: grace ends 30 calendar days after the expiry instant, at local midnight across the DST change", () => {
    const t = expired();
    expect(expiresAt(t)).toEqual(at("2026-10-21T07:00:00.000Z"));
    expect(graceEndsAt(t)).toEqual(at("2026-11-20T08:00:00.000Z"));
  });

  it("R-EXP-3/R-EXP-4/R-EXP-5: an expired trial with Calling has the user notice and the lapse at end + 30 days and the Calling release at end + 45 days", () => {
    expect(pendingTimers(expired(), [], at("2026-10-21T07:00:00Z"))).toEqual([
      spec("user_notice", "2026-11-20T08:00:00.000Z"),
      spec("lapse", "2026-11-20T08:00:00.000Z"),
      spec("calling_release", "2026-12-05T08:00:00.000Z"),
    ]);
  });

  it("R-EXP-5: the Calling release is exactly 45 calendar days after the expiry, at midnight in the trial's zone", () => {
    // 2026-03-12 last day → expires 2026-03-13 00:00 PDT → released 2026-04-27 00:00 PDT
    const t = trial({ timeZone: LA, status: "expired", endDate: "2026-03-12", services: ["calling"] });
    expect(callingReleaseAt(t)).toEqual(at("2026-04-27T07:00:00.000Z"));
    // across the autumn change: 2026-10-21 00:00 PDT + 45 days = 2026-12-05 00:00 PST
    expect(callingReleaseAt(expired())).toEqual(at("2026-12-05T08:00:00.000Z"));
  });

  it("R-EXP-5: without Calling there is no calling_release deadline, in grace or after the lapse", () => {
    expect(pendingTimers(expired({ services: ["messaging"] }), [], NOW).map((x) => x.kind)).toEqual([
      "user_notice",
      "lapse",
    ]);
    expect(pendingTimers(expired({ status: "lapsed", services: ["messaging"] }), [], NOW).map((x) => x.kind)).toEqual([
      "user_notice",
    ]);
  });

  it("R-EXP-4: a lapsed trial has only the user notice and the Calling release left, and nothing once both are handled", () => {
    const lapsed = expired({
      status: "lapsed",
      handledTimers: { expiry: "2026-10-21T07:00:00.000Z", lapse: "2026-11-20T08:00:00.000Z" },
    });
    expect(pendingTimers(lapsed, [], at("2026-11-20T08:00:00Z"))).toEqual([
      spec("user_notice", "2026-11-20T08:00:00.000Z"),
      spec("calling_release", "2026-12-05T08:00:00.000Z"),
    ]);
    const done = {
      ...lapsed,
      handledTimers: {
        ...lapsed.handledTimers,
        user_notice: "2026-11-20T08:00:00.000Z",
        calling_release: "2026-12-05T08:00:00.000Z",
      },
    };
    expect(pendingTimers(done, [], at("2026-12-05T08:00:00Z"))).toEqual([]);
  });

  it.each(["converted", "cancelled", "awaiting_provisioning"] as const)(
    "R-EXP-2: a %s trial has no expiry deadlines",
    (status) => {
      expect(pendingTimers(trial({ status, services: ["calling"] }), [], NOW)).toEqual([]);
    },
  );
});

describe("R-CONSENT-6: the consent window", () => {
  it("R-CONSENT-6: a consent request sets one deadline, 10 calendar days after the request in the partner's zone", () => {
    const now = at("2026-03-02T18:00:00Z"); // 10:00 PST
    const d = ok(
      requestConsent({
        now,
        actor: manager,
        partner: partner({ timeZone: LA }),
        customer: customer({ managingPartners: [] }),
        customerTrials: [],
        trialId: "t9",
        adminEmail: "boss@acme.example",
        organisationConfirmed: true,
        setup: { services: ["messaging"] },
      }),
    );
    expect(d.trial!.status).toBe("pending_consent");
    expect(d.trial!.consentDeadline).toEqual(at("2026-03-12T17:00:00.000Z")); // 10:00 PDT
    expect(d.timers).toEqual([spec("consent_deadline", "2026-03-12T17:00:00.000Z", "t9")]);
  });

  it("R-CONSENT-6: once accepted (awaiting provisioning) there is no consent deadline any more", () => {
    const t = trial({
      status: "awaiting_provisioning",
      consentDeadline: at("2026-03-12T17:00:00Z"),
      startDate: null,
      endDate: null,
    });
    expect(pendingTimers(t, [], NOW)).toEqual([]);
  });
});

describe("R-DEV-1: device return deadlines", () => {
  it("R-DEV-1: the return deadline is 14 days after the EULA device expiry date, not the trial's end", () => {
    const t = trial({ timeZone: LA, services: ["devices", "messaging"], endDate: "2026-03-31" });
    const u = unit({ eulaExpiryDate: "2026-04-30" });
    expect(returnDueDate(u)).toBe("2026-05-14");
    expect(pendingTimers(t, [u], NOW).filter((x) => x.kind.startsWith("device"))).toEqual([
      spec("device_return_due", "2026-05-14T16:00:00.000Z"), // 09:00 PDT on the last day
      spec("device_return_overdue", "2026-05-15T07:00:00.000Z"), // the last day is over
    ]);
  });

  it("R-DEV-1: the deadline follows the earliest unit still out; returned units and other trials' units are ignored", () => {
    const t = trial({ services: ["devices"] });
    const units = [
      unit({ id: "t1:A", serialShipped: "A", eulaExpiryDate: "2026-04-01", returnStatus: "returned" }),
      unit({ id: "t1:B", serialShipped: "B", eulaExpiryDate: "2026-04-20" }),
      unit({ id: "t1:C", serialShipped: "C", eulaExpiryDate: "2026-04-10" }),
      unit({ id: "t2:D", trialId: "t2", serialShipped: "D", eulaExpiryDate: "2026-04-02" }),
      unit({ id: "t1:E", serialShipped: "E", eulaExpiryDate: "2026-04-03", returnStatus: "missing" }),
    ];
    expect(pendingTimers(t, units, NOW).filter((x) => x.kind.startsWith("device"))).toEqual([
      spec("device_return_due", "2026-04-24T09:00:00.000Z"),
      spec("device_return_overdue", "2026-04-25T00:00:00.000Z"),
    ]);
  });

  it("R-DEV-1: device deadlines outlive the trial (converted, cancelled, lapsed) while units are out", () => {
    for (const status of ["converted", "cancelled", "lapsed"] as const) {
      const kinds = pendingTimers(trial({ status, services: ["devices"] }), [unit()], NOW).map((x) => x.kind);
      expect(kinds).toContain("device_return_overdue");
    }
  });
});

describe("R-DEL-1: a deleted trial has no deadlines", () => {
  it("R-DEL-1: deleting a trial clears every pending timer, device timers included", () => {
    const t = trial({ status: "expired", services: ["devices", "calling"], endDate: "2026-02-28" });
    const units = [unit(), unit({ id: "t1:SN0002", serialShipped: "SN0002" })];
    expect(pendingTimers(t, units, NOW).length).toBeGreaterThan(0);
    const d = ok(deleteTrial({ ...ctx({ trial: t, devices: units }), confirmation: "Yes" }));
    expect(d.trial!.status).toBe("deleted");
    expect(d.timers).toEqual([]);
  });

  it("R-DEL-1: a deleted trial schedules nothing whatever its dates and devices", () => {
    const t = trial({
      status: "deleted",
      services: ["devices", "calling"],
      consentDeadline: at("2026-03-05T00:00:00Z"),
    });
    expect(scheduledTimers(t, [unit()])).toEqual([]);
    expect(pendingTimers(t, [unit()], NOW)).toEqual([]);
  });
});
