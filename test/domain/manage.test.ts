import { describe, expect, it } from "vitest";
import {
  cancelTrial,
  changeServices,
  decideDeviceExtension,
  deleteTrial,
  extendTrial,
  interestedInPurchasing,
} from "../../domain/manage.ts";
import type { PendingDeviceExtension } from "../../domain/model.ts";
import { admin, as, ctx, emailsOf, NOW, ok, person, refusalOf, timer, timerKinds, trial, unit } from "./fixtures.ts";

describe("extending", () => {
  it("R-EXT-1: extending counts from today: 65 days left, extend by 30 → ends 30 days from today, not 95 (a shortening, so only when confirmed)", () => {
    const long = trial({ startDate: "2026-02-01", endDate: "2026-05-06", lengthDays: 90 }); // 65 days after 2 March
    const r = refusalOf(extendTrial({ ...ctx({ trial: long }), days: 30 }));
    expect(r).toMatchObject({
      code: "shortening_needs_confirmation",
      params: {
        currentEndDate: "2026-05-06",
        requestedEndDate: "2026-04-01",
        days: 30,
        shorterBy: 35,
        customerHandle: "acme",
      },
    });
    const d = ok(extendTrial({ ...ctx({ trial: long }), days: 30, confirmShorten: true }));
    expect(d.trial?.endDate).toBe("2026-04-01");
    expect(timer(d, "expiry")?.toISOString()).toBe("2026-04-02T00:00:00.000Z");
    expect(d.messages[0]).toMatchObject({
      template: "partner.trial_extended",
      data: { endDate: "2026-04-01", previousEndDate: "2026-05-06", movedDays: -35, days: 30 },
    });
    expect(d.audit[0]).toMatchObject({ action: "trial.shortened", details: { from: "2026-05-06", to: "2026-04-01" } });
  });

  it("R-EXT-1: an unconfirmed shortening changes nothing; a lengthening needs no confirmation", () => {
    const long = trial({ endDate: "2026-03-20" });
    expect(refusalOf(extendTrial({ ...ctx({ trial: long }), days: 10, confirmShorten: false })).code).toBe(
      "shortening_needs_confirmation",
    );
    expect(ok(extendTrial({ ...ctx({ trial: long }), days: 25 })).trial?.endDate).toBe("2026-03-27");
  });

  it("R-EXT-1: an extension that leaves the end where it is is refused, naming the end date", () => {
    expect(refusalOf(extendTrial({ ...ctx({ trial: trial({ endDate: "2026-03-12" }) }), days: 10 }))).toMatchObject({
      code: "extension_unchanged",
      params: { currentEndDate: "2026-03-12" },
    });
  });

  it("R-EXT-1: an extension sets the end to today + N, moves the timers and says how far the end really moved", () => {
    const soon = trial({ endDate: "2026-03-17" });
    const d = ok(extendTrial({ ...ctx({ trial: soon }), days: 20 }));
    expect(d.trial?.endDate).toBe("2026-03-22");
    expect(timer(d, "expiry")?.toISOString()).toBe("2026-03-23T00:00:00.000Z");
    expect(timer(d, "reminder_before_end")?.toISOString()).toBe("2026-03-15T09:00:00.000Z");
    // 20 days typed, but the end moved 5: the message carries both dates and the real move.
    expect(d.messages[0]).toMatchObject({
      template: "partner.trial_extended",
      data: { days: 20, previousEndDate: "2026-03-17", endDate: "2026-03-22", movedDays: 5 },
    });
    expect(d.audit[0]).toMatchObject({
      action: "trial.extended",
      details: { days: 20, from: "2026-03-17", to: "2026-03-22" },
    });
  });

  it("R-EXT-1: more than 30 days is refused; so is zero or a fraction", () => {
    expect(refusalOf(extendTrial({ ...ctx(), days: 31 }))).toMatchObject({
      code: "extension_too_long",
      params: { max: 30 },
    });
    expect(refusalOf(extendTrial({ ...ctx(), days: 0 })).params).toMatchObject({ field: "days" });
    expect(refusalOf(extendTrial({ ...ctx(), days: 2.5 })).params).toMatchObject({ field: "days" });
  });

  it("R-EXT-1: extending during grace brings the trial back to active", () => {
    const expired = trial({
      status: "expired",
      endDate: "2026-02-27",
      handledTimers: { expiry: "2026-02-28T00:00:00.000Z" },
    });
    const d = ok(extendTrial({ ...ctx({ trial: expired }), days: 10 }));
    expect(d.trial).toMatchObject({ status: "active", endDate: "2026-03-12" });
    expect(timerKinds(d)).toEqual(["reminder_before_end", "reminder_end_day", "expiry"]);
  });

  it("R-EXT-1: a lapsed or converted trial cannot be extended", () => {
    for (const status of ["lapsed", "converted", "cancelled"] as const) {
      expect(refusalOf(extendTrial({ ...ctx({ trial: trial({ status }) }), days: 10 })).code).toBe(
        "invalid_transition",
      );
    }
  });

  it("R-ORG-2: read_only cannot extend; the refusal names the roles needed", () => {
    expect(refusalOf(extendTrial({ ...ctx({ actor: as(person("read_only")) }), days: 10 })).code).toBe("role_required");
  });
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("device trials", () => {
  const deviceTrial = trial({ services: ["devices"], meetings: null, startDate: "2026-01-01", endDate: "2026-03-05" });
  const opsCtx = (over: Parameters<typeof ctx>[0] = {}) => ctx({ actor: as(person("ops")), ...over });
  const requested = (over: Partial<PendingDeviceExtension> = {}) => ({
    ...deviceTrial,
    pendingDeviceExtension: {
      id: "t1:1",
      days: 20,
      requestedEndDate: "2026-03-22",
      requestedBy: "sales.admin@bright.example",
      requestedAt: NOW,
      ...over,
    },
  });

  it("R-EXT-2: a device-trial extension goes to ops for approval, names the end date requested and changes no date yet", () => {
    const d = ok(extendTrial({ ...ctx({ trial: deviceTrial }), days: 20 }));
    expect(d.trial).toMatchObject({
      endDate: "2026-03-05",
      pendingDeviceExtension: {
        id: "t1:1",
        days: 20,
        requestedEndDate: "2026-03-22",
        requestedBy: "sales.admin@bright.example",
      },
    });
    expect(d.messages.map((m) => [m.template, m.to.kind])).toEqual([
      ["ops.device_extension_approval", "ops_space"],
      ["partner.device_extension_requested", "partner_space"],
    ]);
    expect(d.messages[0]?.data).toMatchObject({ requestId: "t1:1", requestedEndDate: "2026-03-22" });
  });

  it("R-EXT-2: approval sets the end date that was requested and shown to ops, not approval day + N", () => {
    const approvedOn = new Date("2026-03-04T12:00:00Z"); // approval day + 20 would be 24 March
    const d = ok(
      decideDeviceExtension({ ...opsCtx({ trial: requested(), now: approvedOn }), approve: true, requestId: "t1:1" }),
    );
    expect(d.trial).toMatchObject({ endDate: "2026-03-22", pendingDeviceExtension: null });
    expect(d.audit[0]).toMatchObject({
      action: "trial.extension_approved",
      actor: "ops@bright.example",
      details: { to: "2026-03-22" },
    });
    expect(d.messages[0]).toMatchObject({
      template: "partner.trial_extended",
      data: { approvedBy: "ops@bright.example", previousEndDate: "2026-03-05", endDate: "2026-03-22" },
    });
  });

  it("R-EXT-2: the approval stays decidable after the trial changed (reminder fired, devices shipped: a newer version)", () => {
    const changed = { ...requested(), version: 7, handledTimers: { reminder_before_end: "2026-02-26T09:00:00.000Z" } };
    const d = ok(
      decideDeviceExtension({ ...opsCtx({ trial: changed, devices: [unit()] }), approve: true, requestId: "t1:1" }),
    );
    expect(d.trial?.endDate).toBe("2026-03-22");
  });

  it("R-EXT-2: only a newer request replaces a pending one; the replaced request's card decides nothing", () => {
    const later = { ...requested(), version: 4 };
    const d = ok(extendTrial({ ...ctx({ trial: later }), days: 25 }));
    expect(d.trial?.pendingDeviceExtension).toMatchObject({ id: "t1:4", requestedEndDate: "2026-03-27" });
    expect(d.messages[0]?.data).toMatchObject({ replacedEndDate: "2026-03-22" });
    const next = d.trial!;
    expect(
      refusalOf(decideDeviceExtension({ ...opsCtx({ trial: next }), approve: true, requestId: "t1:1" })),
    ).toMatchObject({
      code: "extension_request_replaced",
      params: { requestedEndDate: "2026-03-27", customerHandle: "acme" },
    });
    expect(
      ok(decideDeviceExtension({ ...opsCtx({ trial: next }), approve: true, requestId: "t1:4" })).trial?.endDate,
    ).toBe("2026-03-27");
    // A command decides the pending request.
    expect(ok(decideDeviceExtension({ ...opsCtx({ trial: next }), approve: true })).trial?.endDate).toBe("2026-03-27");
  });

  it("R-EXT-2: ops deny: nothing moves and the partner is told which end date was refused", () => {
    const d = ok(decideDeviceExtension({ ...opsCtx({ trial: requested() }), approve: false, requestId: "t1:1" }));
    expect(d.trial).toMatchObject({ endDate: "2026-03-05", pendingDeviceExtension: null });
    expect(d.messages[0]).toMatchObject({
      template: "partner.device_extension_denied",
      data: { requestedEndDate: "2026-03-22" },
    });
  });

  it("R-EXT-2: only ops decide; an approval whose requested end has passed is refused", () => {
    expect(refusalOf(decideDeviceExtension({ ...ctx({ trial: requested() }), approve: true }))).toMatchObject({
      code: "role_required",
      params: { roles: ["ops"] },
    });
    const late = new Date("2026-03-23T10:00:00Z");
    expect(refusalOf(decideDeviceExtension({ ...opsCtx({ trial: requested(), now: late }), approve: true })).code).toBe(
      "extension_request_outdated",
    );
    expect(refusalOf(decideDeviceExtension({ ...opsCtx({ trial: deviceTrial }), approve: true })).code).toBe(
      "no_device_extension_pending",
    );
  });

  it("R-EXT-2: a device trial past 120 days in total is refused, naming the latest end", () => {
    const old = { ...deviceTrial, startDate: "2025-11-10", endDate: "2026-03-05" }; // day 120 = 2026-03-10
    expect(refusalOf(extendTrial({ ...ctx({ trial: old }), days: 9 }))).toMatchObject({
      code: "device_trial_too_long",
      params: { max: 120, latestEndDate: "2026-03-10" },
    });
    expect(ok(extendTrial({ ...ctx({ trial: old }), days: 8 })).trial?.pendingDeviceExtension?.days).toBe(8);
  });

  it("R-EXT-2: removing Devices, extending and adding Devices back does not bypass the 120-day cap", () => {
    const both = trial({
      services: ["messaging", "devices"],
      meetings: null,
      startDate: "2025-11-10",
      endDate: "2026-03-05",
      devices: { lines: [{ model: "Desk Pro", quantity: 1 }], shippingAddress: "1 Main St" },
    });
    // 2 March: Devices removed after 112 days with devices.
    const removed = ok(changeServices({ ...ctx({ trial: both }), add: [], remove: ["devices"], customerTrials: [] }))
      .trial!;
    expect(removed).toMatchObject({ services: ["messaging"], deviceDaysUsed: 112, devicesSince: null });
    // Without Devices the extension applies at once: ends 1 April.
    const extended = ok(extendTrial({ ...ctx({ trial: removed }), days: 30 })).trial!;
    expect(extended.endDate).toBe("2026-04-01");
    // Adding Devices back would give 112 + 30 days with devices: refused, naming the latest end.
    const refusal = refusalOf(
      changeServices({
        ...ctx({ trial: extended }),
        add: ["devices"],
        remove: [],
        customerTrials: [],
        devicesOrder: { lines: [{ model: "Desk Pro", quantity: 1 }], shippingAddress: "1 Main St" },
      }),
    );
    expect(refusal).toMatchObject({
      code: "device_trial_too_long",
      params: { max: 120, usedDays: 112, latestEndDate: "2026-03-10" },
    });
  });

  it("R-EXT-2: Devices removed and added back the same day keeps counting from the first day with devices", () => {
    const both = trial({
      services: ["messaging", "devices"],
      meetings: null,
      startDate: "2026-01-01",
      endDate: "2026-03-05",
      devices: { lines: [{ model: "Desk Pro", quantity: 1 }], shippingAddress: "1 Main St" },
    });
    const removed = ok(changeServices({ ...ctx({ trial: both }), add: [], remove: ["devices"], customerTrials: [] }))
      .trial!;
    const back = ok(
      changeServices({
        ...ctx({ trial: removed }),
        add: ["devices"],
        remove: [],
        customerTrials: [],
        devicesOrder: { lines: [{ model: "Desk Pro", quantity: 1 }], shippingAddress: "1 Main St" },
      }),
    ).trial!;
    expect(back).toMatchObject({ deviceDaysUsed: 60, devicesSince: "2026-03-02" });
    // 1 Jan + 120 days = 1 May, whatever happened in between.
    const on20April = new Date("2026-04-20T10:00:00Z");
    expect(
      refusalOf(extendTrial({ ...ctx({ trial: { ...back, endDate: "2026-04-25" }, now: on20April }), days: 30 })),
    ).toMatchObject({ code: "device_trial_too_long", params: { latestEndDate: "2026-05-01" } });
    expect(
      ok(extendTrial({ ...ctx({ trial: { ...back, endDate: "2026-04-25" }, now: on20April }), days: 11 })).trial
        ?.pendingDeviceExtension?.requestedEndDate,
    ).toBe("2026-05-01");
  });
});

describe("services", () => {
  it("R-EDIT-1: services can be added (eligibility applies) and removed", () => {
    const d = ok(changeServices({ ...ctx(), add: ["calling"], remove: ["meetings"], customerTrials: [] }));
    expect(d.trial?.services).toEqual(["messaging", "calling"]);
    expect(d.trial?.meetings).toBeNull();
    expect(d.audit[0]).toMatchObject({
      action: "trial.services_changed",
      details: { added: ["calling"], removed: ["meetings"] },
    });
  });

  it("R-EDIT-1: an added service another partner trials is refused", () => {
    const other = trial({ id: "t8", partnerId: "p2", services: ["calling"] });
    expect(
      refusalOf(changeServices({ ...ctx(), add: ["calling"], remove: [], customerTrials: [other] })),
    ).toMatchObject({
      code: "service_not_eligible",
      params: { service: "calling", reason: "trialed_by_other_partner" },
    });
  });

  it("R-EDIT-1: removing the last service is refused (cancel instead)", () => {
    const one = trial({ services: ["messaging"], meetings: null });
    expect(
      refusalOf(changeServices({ ...ctx({ trial: one }), add: [], remove: ["messaging"], customerTrials: [] })),
    ).toMatchObject({ code: "last_service", params: { service: "messaging" } });
  });

  it("R-EDIT-1: adding Meetings needs its site; removing a service not in the trial is refused", () => {
    const one = trial({ services: ["messaging"], meetings: null });
    expect(
      refusalOf(changeServices({ ...ctx({ trial: one }), add: ["meetings"], remove: [], customerTrials: [] })).code,
    ).toBe("meetings_site_required");
    expect(
      refusalOf(changeServices({ ...ctx({ trial: one }), add: [], remove: ["calling"], customerTrials: [] })),
    ).toMatchObject({ code: "service_not_in_trial", params: { service: "calling" } });
  });
});

describe("cancel and delete", () => {
  it("R-DEL-1: deleting asks for a Yes first and changes nothing without it", () => {
    for (const answer of [null, "", "no", "y"]) {
      expect(refusalOf(deleteTrial({ ...ctx(), confirmation: answer }))).toMatchObject({
        code: "confirmation_required",
        params: { answer: "Yes" },
      });
    }
  });

  it("R-DEL-1: a confirmed delete cancels every pending timer, device ones too, and is audited", () => {
    const withDevices = trial({ services: ["messaging", "devices"], meetings: null });
    const d = ok(deleteTrial({ ...ctx({ trial: withDevices, devices: [unit()] }), confirmation: "Yes" }));
    expect(d.trial?.status).toBe("deleted");
    expect(d.timers).toEqual([]);
    expect(d.audit[0]).toMatchObject({ action: "trial.deleted", details: { from: "active" } });
  });

  it("R-DEL-1: a deleted trial cannot be deleted again", () => {
    expect(refusalOf(deleteTrial({ ...ctx({ trial: trial({ status: "deleted" }) }), confirmation: "Yes" })).code).toBe(
      "invalid_transition",
    );
  });

  it("R-ORG-2: cancelling an active trial needs a managing role and keeps the customer", () => {
    expect(refusalOf(cancelTrial(ctx({ actor: as(person("read_only")) }))).code).toBe("role_required");
    const d = ok(cancelTrial({ ...ctx(), reason: "customer chose another product" }));
    expect(d.trial).toMatchObject({ status: "cancelled", cancelReason: "customer chose another product" });
    expect(d.unlinkPartnerIds).toEqual([]);
  });
});

describe("interest", () => {
  it("R-INT-1: a customer admin's interest in purchasing reaches the managing partner", () => {
    const d = ok(interestedInPurchasing(ctx({ actor: admin("helper@acme.example") })));
    expect(d.trial).toBeNull();
    expect(d.messages[0]).toMatchObject({
      template: "partner.customer_interested",
      to: { kind: "partner_space", partnerId: "p1" },
      data: { by: "helper@acme.example" },
    });
    expect(emailsOf(d, "partner.customer_interested")).toEqual([
      "full.admin@bright.example",
      "sales.full.admin@bright.example",
      "sales.admin@bright.example",
    ]);
    expect(d.audit[0]?.action).toBe("trial.customer_interested");
  });

  it("R-INT-1: only an admin of that customer can say so", () => {
    expect(refusalOf(interestedInPurchasing(ctx({ actor: admin("someone@else.example") }))).code).toBe(
      "not_customer_admin",
    );
  });
});
