// What happens when a trial deadline fires (domain/expiry.ts onTimer): R-EXP-1..6, R-CONSENT-6.
// Dates are in America/Los_Angeles so that DST changes inside a trial are exercised:
// 2026-03-08 (PST → PDT) and 2026-11-01 (PDT → PST).
import { describe, expect, it } from "vitest";
import { acceptConsent } from "../../domain/consent.ts";
import type { Accepted, TimerKind } from "../../domain/effects.ts";
import { onTimer } from "../../domain/expiry.ts";
import type { Trial } from "../../domain/model.ts";
import { CONTROL_HUB_SUBSCRIPTIONS_URL } from "../../domain/notify.ts";
import { admin, ctx, customer, emailsOf, ok, partnerPeople, person, trial } from "./fixtures.ts";

const LA = "America/Los_Angeles";
const CUSTOMER_ADMINS = ["boss@acme.example", "helper@acme.example"];
const PARTNER_ADMINS = ["full.admin@bright.example", "sales.full.admin@bright.example", "sales.admin@bright.example"];

// Spring trial: ends Thursday 2026-03-12 (after the 2026-03-08 DST change in Los Angeles).
const springTrial = (over: Partial<Trial> = {}) =>
  trial({ timeZone: LA, startDate: "2026-02-10", endDate: "2026-03-12", ...over });
const BEFORE_END = new Date("2026-03-05T17:00:00Z"); // 2026-03-05 09:00 PST
const END_DAY = new Date("2026-03-12T16:00:00Z"); // 2026-03-12 09:00 PDT
const EXPIRY = new Date("2026-03-13T07:00:00Z"); // 2026-03-13 00:00 PDT
const SPRING_GRACE_END = new Date("2026-04-12T07:00:00Z"); // 2026-04-12 00:00 PDT

// Autumn trial in grace: ended 2026-10-20; grace runs over the 2026-11-01 DST change.
const autumnExpired = (over: Partial<Trial> = {}) =>
  trial({
    timeZone: LA,
    status: "expired",
    services: ["calling", "messaging"],
    startDate: "2026-09-20",
    endDate: "2026-10-20",
    handledTimers: { expiry: "2026-10-21T07:00:00.000Z" },
    ...over,
  });
const GRACE_END = new Date("2026-11-20T08:00:00Z"); // 2026-11-20 00:00 PST = end + 30 days
const CALLING_RELEASE = new Date("2026-12-05T08:00:00Z"); // 2026-12-05 00:00 PST = end + 45 days

/** A timer firing at `now` (default: exactly its due instant). */
function fire(kind: TimerKind, dueAt: Date, t: Trial, over: { now?: Date } = {}) {
  return onTimer({
    ...ctx({ trial: t, now: over.now ?? dueAt, actor: { kind: "system", reason: kind } }),
    kind,
    dueAt,
  });
}

function fired(kind: TimerKind, dueAt: Date, t: Trial, now?: Date): Accepted {
  const d = ok(fire(kind, dueAt, t, now ? { now } : {}));
  expect(d.skipped).toBeNull();
  return d;
}

function expectSkipped(d: ReturnType<typeof fire>) {
  const a = ok(d);
  expect(a.skipped).toEqual(expect.any(String));
  expect(a.trial).toBeNull();
  expect(a.timers).toBeNull();
  expect(a.messages).toEqual([]);
  expect(a.audit).toEqual([]);
  return a;
}

const ops = (d: Accepted) => d.messages.filter((m) => m.to.kind === "ops_space");
const toPartnerSpace = (d: Accepted, template: string) =>
  d.messages.filter((m) => m.template === template && m.to.kind === "partner_space" && m.to.partnerId === "p1");

describe("R-EXP-1: reminders 7 days before the end and on the end day", () => {
  it("R-EXP-1: 7 days before the end, every customer admin gets a reminder with the Control Hub subscriptions link and 7 days left", () => {
    const d = fired("reminder_before_end", BEFORE_END, springTrial());
    const reminders = d.messages.filter((m) => m.template === "customer.expiry_reminder");
    expect(reminders.map((m) => m.to)).toEqual([
      { kind: "email", email: "boss@acme.example", language: "en" },
      { kind: "email", email: "helper@acme.example", language: "ko" },
    ]);
    for (const m of reminders) {
      expect(m.data).toMatchObject({
        subscriptionsUrl: "https://admin.webex.com/subscriptions",
        daysLeft: 7,
        endDate: "2026-03-12",
        customer: "Acme Corp",
        partner: "Bright Partners",
        services: ["messaging", "meetings"],
      });
    }
    expect(CONTROL_HUB_SUBSCRIPTIONS_URL).toBe("https://admin.webex.com/subscriptions");
  });

  it("R-EXP-1: every admin of the managing partner (full_admin, sales_full_admin, sales_admin — not read_only, not another partner) gets the expiring services and days left", () => {
    const people = [
      ...partnerPeople,
      person("full_admin", { id: "other", email: "boss@other-partner.example", partnerId: "p2" }),
      person("ops"),
    ];
    const d = ok(
      onTimer({
        ...ctx({
          trial: springTrial(),
          now: BEFORE_END,
          partnerPeople: people,
          actor: { kind: "system", reason: "t" },
        }),
        kind: "reminder_before_end",
        dueAt: BEFORE_END,
      }),
    );
    expect(emailsOf(d, "partner.expiry_reminder")).toEqual(PARTNER_ADMINS);
    for (const m of d.messages.filter((x) => x.template === "partner.expiry_reminder")) {
      expect(m.data).toMatchObject({
        services: ["messaging", "meetings"],
        daysLeft: 7,
        endDate: "2026-03-12",
        customer: "Acme Corp",
      });
    }
    expect(d.messages.some((m) => m.to.kind === "email" && m.to.email === "read.only@bright.example")).toBe(false);
  });

  it("R-EXP-1: on the end day (09:00 local, after the DST change) customers and partner admins are told 0 days are left", () => {
    const t = springTrial({ handledTimers: { reminder_before_end: BEFORE_END.toISOString() } });
    const d = fired("reminder_end_day", END_DAY, t);
    expect(emailsOf(d, "customer.expiry_reminder")).toEqual(CUSTOMER_ADMINS);
    expect(emailsOf(d, "partner.expiry_reminder")).toEqual(PARTNER_ADMINS);
    for (const m of d.messages.filter((x) => x.template.endsWith("expiry_reminder"))) expect(m.data.daysLeft).toBe(0);
    expect(d.messages.find((m) => m.template === "customer.expiry_reminder")!.data.subscriptionsUrl).toBe(
      "https://admin.webex.com/subscriptions",
    );
  });

  it("R-EXP-1: a reminder does not change the status; it is marked handled and only the later deadlines stay pending", () => {
    const d = fired("reminder_before_end", BEFORE_END, springTrial());
    expect(d.trial!.status).toBe("active");
    expect(d.trial!.handledTimers).toEqual({ reminder_before_end: "2026-03-05T17:00:00.000Z" });
    expect(d.timers).toEqual([
      { trialId: "t1", kind: "reminder_end_day", dueAt: END_DAY },
      { trialId: "t1", kind: "expiry", dueAt: EXPIRY },
    ]);
    expect(d.audit.map((a) => [a.action, a.actor])).toEqual([["trial.reminder_sent", "system:reminder_before_end"]]);
  });

  it("R-EXP-1: a repeated firing of the same reminder (its due instant already handled) is skipped: nobody is told twice", () => {
    const t = springTrial({ handledTimers: { reminder_before_end: BEFORE_END.toISOString() } });
    expectSkipped(fire("reminder_before_end", BEFORE_END, t, { now: new Date("2026-03-05T17:05:00Z") }));
  });

  it("R-EXP-1: a reminder job for an end that has since moved (old due instant) is skipped", () => {
    const moved = springTrial({ endDate: "2026-03-20" });
    const d = expectSkipped(fire("reminder_before_end", BEFORE_END, moved));
    // the new reminder is 2026-03-13 09:00 PDT
    expect(d.skipped).toContain("2026-03-13T16:00:00.000Z");
    expectSkipped(fire("reminder_end_day", END_DAY, moved, { now: END_DAY }));
  });

  it("R-EXP-1: a reminder job that fires before its due instant does nothing", () => {
    expectSkipped(fire("reminder_before_end", BEFORE_END, springTrial(), { now: new Date("2026-03-05T16:59:59Z") }));
  });

  it("R-EXP-1: a delayed end-day reminder that fires after the trial has already ended is skipped (never '-1 days left')", () => {
    // The job for 2026-03-12 09:00 runs late, at 2026-03-13 01:00 PDT, before the expiry job.
    const d = ok(fire("reminder_end_day", END_DAY, springTrial(), { now: new Date("2026-03-13T08:00:00Z") }));
    expect(emailsOf(d, "customer.expiry_reminder")).toEqual([]);
    expect(d.messages.filter((m) => m.data.daysLeft === -1)).toEqual([]);
  });
});

describe("R-EXP-2: at the end the trial expires and 30 days of grace begin", () => {
  it("R-EXP-2: the expiry at the start of the day after endDate makes the trial expired, with grace to end + 30 days; partner and ops are told", () => {
    const t = springTrial({
      handledTimers: { reminder_before_end: BEFORE_END.toISOString(), reminder_end_day: END_DAY.toISOString() },
    });
    const d = fired("expiry", EXPIRY, t);
    expect(d.trial!.status).toBe("expired");
    expect(d.trial!.endDate).toBe("2026-03-12");
    expect(d.trial!.handledTimers.expiry).toBe("2026-03-13T07:00:00.000Z");
    const partnerMsgs = toPartnerSpace(d, "partner.trial_expired");
    expect(partnerMsgs).toHaveLength(1);
    expect(partnerMsgs[0]!.data).toMatchObject({
      status: "expired",
      graceEndsAt: "2026-04-12T07:00:00.000Z",
      endDate: "2026-03-12",
      customer: "Acme Corp",
    });
    expect(ops(d).map((m) => [m.template, m.data.event, m.data.graceEndsAt])).toEqual([
      ["ops.event", "expired", "2026-04-12T07:00:00.000Z"],
    ]);
    expect(emailsOf(d, "customer.expiry_reminder")).toEqual([]);
    expect(d.timers).toEqual([
      { trialId: "t1", kind: "user_notice", dueAt: SPRING_GRACE_END },
      { trialId: "t1", kind: "lapse", dueAt: SPRING_GRACE_END },
    ]);
  });

  it.each(["converted", "cancelled", "deleted"] as const)(
    "R-EXP-2: an expiry timer for a trial that is now %s is skipped",
    (status) => {
      expectSkipped(fire("expiry", EXPIRY, springTrial({ status })));
    },
  );

  it("R-EXP-2: an expiry job for an end that was extended is skipped, and a repeated expiry is skipped", () => {
    expectSkipped(fire("expiry", EXPIRY, springTrial({ endDate: "2026-03-20" })));
    expectSkipped(
      fire("expiry", EXPIRY, springTrial({ status: "expired", handledTimers: { expiry: EXPIRY.toISOString() } })),
    );
  });
});

describe("R-EXP-3: 30 days after the end users are told they lost access", () => {
  it("R-EXP-3: at end + 30 days (across the November DST change) every customer admin is told users no longer have access", () => {
    const d = fired("user_notice", GRACE_END, autumnExpired({ services: ["messaging"] }));
    expect(emailsOf(d, "customer.users_access_ended")).toEqual(CUSTOMER_ADMINS);
    for (const m of d.messages.filter((x) => x.template === "customer.users_access_ended")) {
      expect(m.data).toMatchObject({
        customer: "Acme Corp",
        partner: "Bright Partners",
        services: ["messaging"],
        subscriptionsUrl: "https://admin.webex.com/subscriptions",
      });
    }
    expect(d.trial!.status).toBe("expired");
    expect(d.trial!.handledTimers.user_notice).toBe("2026-11-20T08:00:00.000Z");
    expect(d.timers).toEqual([{ trialId: "t1", kind: "lapse", dueAt: GRACE_END }]);
  });

  it("R-EXP-3: the user notice still fires when the lapse fired first at the same instant (status lapsed)", () => {
    const t = autumnExpired({
      status: "lapsed",
      handledTimers: { expiry: "2026-10-21T07:00:00.000Z", lapse: GRACE_END.toISOString() },
    });
    const d = fired("user_notice", GRACE_END, t, new Date("2026-11-20T08:00:01Z"));
    expect(emailsOf(d, "customer.users_access_ended")).toEqual(CUSTOMER_ADMINS);
    expect(d.trial!.status).toBe("lapsed");
    expect(d.timers).toEqual([{ trialId: "t1", kind: "calling_release", dueAt: CALLING_RELEASE }]);
    // a second run of the same job does nothing
    expectSkipped(fire("user_notice", GRACE_END, d.trial!, { now: new Date("2026-11-20T09:00:00Z") }));
  });

  it("R-EXP-3: no user notice for a trial converted during grace", () => {
    expectSkipped(fire("user_notice", GRACE_END, autumnExpired({ status: "converted" })));
  });
});

describe("R-EXP-4: grace ends unconverted → lapsed", () => {
  it("R-EXP-4: the lapse at end + 30 days makes the trial lapsed; partner and ops are told when Calling numbers go", () => {
    const d = fired("lapse", GRACE_END, autumnExpired());
    expect(d.trial!.status).toBe("lapsed");
    expect(d.trial!.handledTimers.lapse).toBe("2026-11-20T08:00:00.000Z");
    const p = toPartnerSpace(d, "partner.trial_lapsed");
    expect(p).toHaveLength(1);
    expect(p[0]!.data).toMatchObject({ status: "lapsed", callingNumbersReleasedAt: "2026-12-05T08:00:00.000Z" });
    expect(ops(d).map((m) => [m.template, m.data.event])).toEqual([["ops.event", "lapsed"]]);
  });

  it("R-EXP-4: a lapsed trial schedules no lifecycle deadline other than the user notice and the Calling release", () => {
    const d = fired("lapse", GRACE_END, autumnExpired());
    expect(d.timers).toEqual([
      { trialId: "t1", kind: "user_notice", dueAt: GRACE_END },
      { trialId: "t1", kind: "calling_release", dueAt: CALLING_RELEASE },
    ]);
    const noCalling = fired(
      "lapse",
      GRACE_END,
      autumnExpired({
        services: ["messaging"],
        handledTimers: { expiry: "2026-10-21T07:00:00.000Z", user_notice: GRACE_END.toISOString() },
      }),
    );
    expect(noCalling.timers).toEqual([]);
    expect(
      noCalling.messages.find((m) => m.template === "partner.trial_lapsed")!.data.callingNumbersReleasedAt,
    ).toBeNull();
  });

  it("R-EXP-4: lapse is irreversible: no expiry, reminder or repeated lapse fires on a lapsed trial", () => {
    const lapsed = autumnExpired({ status: "lapsed", handledTimers: { lapse: GRACE_END.toISOString() } });
    expectSkipped(fire("lapse", GRACE_END, lapsed));
    expectSkipped(fire("expiry", new Date("2026-10-21T07:00:00Z"), lapsed, { now: GRACE_END }));
    expectSkipped(fire("reminder_end_day", new Date("2026-10-20T16:00:00Z"), lapsed, { now: GRACE_END }));
  });

  it("R-EXP-4: a lapse timer for a trial converted during grace is skipped", () => {
    expectSkipped(fire("lapse", GRACE_END, autumnExpired({ status: "converted" })));
  });
});

describe("R-EXP-5: Calling numbers are released at end + 45 days", () => {
  it("R-EXP-5: after the lapse, Calling numbers are released at end + 45 days; partner and ops are told", () => {
    const t = autumnExpired({
      status: "lapsed",
      handledTimers: { lapse: GRACE_END.toISOString(), user_notice: GRACE_END.toISOString() },
    });
    const d = fired("calling_release", CALLING_RELEASE, t);
    expect(toPartnerSpace(d, "partner.calling_numbers_released")).toHaveLength(1);
    expect(toPartnerSpace(d, "partner.calling_numbers_released")[0]!.data).toMatchObject({
      services: ["calling", "messaging"],
      status: "lapsed",
    });
    expect(ops(d).map((m) => [m.template, m.data.event])).toEqual([["ops.event", "calling_numbers_released"]]);
    expect(d.trial!.status).toBe("lapsed");
    expect(d.timers).toEqual([]);
  });

  it("R-EXP-5: a Calling release one second early does nothing", () => {
    const t = autumnExpired({ status: "lapsed", handledTimers: { lapse: GRACE_END.toISOString() } });
    expectSkipped(fire("calling_release", CALLING_RELEASE, t, { now: new Date(CALLING_RELEASE.getTime() - 1000) }));
  });

  it("R-EXP-5: without Calling there is no release to fire", () => {
    const t = autumnExpired({
      status: "lapsed",
      services: ["messaging"],
      handledTimers: { lapse: GRACE_END.toISOString() },
    });
    expectSkipped(fire("calling_release", CALLING_RELEASE, t));
  });
});

describe("R-EXP-6: ops hear of every expiry event", () => {
  const cases: [TimerKind, Date, Trial, string][] = [
    ["reminder_before_end", BEFORE_END, springTrial(), "reminder_before_end"],
    ["reminder_end_day", END_DAY, springTrial(), "reminder_end_day"],
    ["expiry", EXPIRY, springTrial(), "expired"],
    ["user_notice", GRACE_END, autumnExpired(), "users_notified"],
    ["lapse", GRACE_END, autumnExpired(), "lapsed"],
    ["calling_release", CALLING_RELEASE, autumnExpired({ status: "lapsed" }), "calling_numbers_released"],
  ];
  it.each(cases)("R-EXP-6: %s sends exactly one ops.event to the ops space", (kind, dueAt, t, event) => {
    const d = fired(kind, dueAt, t);
    const toOps = ops(d);
    expect(toOps).toHaveLength(1);
    expect(toOps[0]!.template).toBe("ops.event");
    expect(toOps[0]!.data).toMatchObject({
      event,
      partner: "Bright Partners",
      customer: "Acme Corp",
      customerHandle: "acme",
      trialId: "t1",
    });
  });
});

describe("R-CONSENT-6: the consent window closes 10 days after the request", () => {
  const requested = new Date("2026-03-02T18:00:00Z");
  const deadline = new Date("2026-03-12T17:00:00Z"); // 10 calendar days later, 10:00 PDT
  const pending = (over: Partial<Trial> = {}) =>
    trial({
      kind: "existing_customer",
      status: "pending_consent",
      timeZone: LA,
      startDate: null,
      endDate: null,
      partnerAccess: null,
      consentAdminEmail: "boss@acme.example",
      consentRequestedAt: requested,
      consentDeadline: deadline,
      ...over,
    });
  const newCustomer = customer({ managingPartners: [] });

  it("R-CONSENT-6: with no full admin acting, the consent deadline cancels the trial (consent_expired), unlinks the partner and tells it", () => {
    const d = ok(
      onTimer({
        ...ctx({
          trial: pending(),
          customer: newCustomer,
          now: deadline,
          actor: { kind: "system", reason: "consent_deadline" },
        }),
        kind: "consent_deadline",
        dueAt: deadline,
      }),
    );
    expect(d.skipped).toBeNull();
    expect(d.trial!.status).toBe("cancelled");
    expect(d.trial!.cancelReason).toBe("consent_expired");
    expect(d.unlinkPartnerIds).toEqual(["p1"]);
    const p = toPartnerSpace(d, "partner.consent_expired");
    expect(p).toHaveLength(1);
    expect(p[0]!.data).toMatchObject({
      deadline: "2026-03-12T17:00:00.000Z",
      status: "cancelled",
      customer: "Acme Corp",
    });
    expect(d.timers).toEqual([]);
    expect(d.audit.map((a) => a.action)).toEqual(["trial.consent_expired"]);
  });

  it("R-CONSENT-6: if a full admin accepted before the deadline, the consent timer is skipped", () => {
    const accepted = ok(
      acceptConsent({
        now: new Date("2026-03-10T12:00:00Z"),
        actor: admin("boss@acme.example"),
        trial: pending(),
        customer: newCustomer,
        partner: ctx().partner,
        fullAdminAccess: true,
      }),
    );
    expect(accepted.trial!.status).toBe("awaiting_provisioning");
    expect(accepted.timers).toEqual([]);
    expectSkipped(
      onTimer({
        ...ctx({ trial: accepted.trial!, customer: accepted.customer!, now: deadline }),
        kind: "consent_deadline",
        dueAt: deadline,
      }),
    );
  });

  it("R-CONSENT-6: a consent timer that fires early, or again after the cancellation, does nothing", () => {
    expectSkipped(fire("consent_deadline", deadline, pending(), { now: new Date("2026-03-12T16:59:00Z") }));
    expectSkipped(
      fire(
        "consent_deadline",
        deadline,
        pending({
          status: "cancelled",
          cancelReason: "consent_expired",
          handledTimers: { consent_deadline: deadline.toISOString() },
        }),
      ),
    );
  });
});
