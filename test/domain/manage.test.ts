import { describe, expect, it } from "vitest";
import { changeServices, decideDeviceExtension, deleteTrial, extendTrial, interestedInPurchasing, cancelTrial } from "../../domain/manage.ts";
import { NOW, admin, as, ctx, emailsOf, ok, person, refusalOf, timer, timerKinds, trial, unit } from "./fixtures.ts";

describe("extending", () => {
  it("R-EXT-1: extending counts from today: 65 days left, extend by 30 → ends 30 days from today, not 95", () => {
    const long = trial({ startDate: "2026-02-01", endDate: "2026-05-06", lengthDays: 90 }); // 65 days after 2 March
    const r = refusalOf(extendTrial({ ...ctx({ trial: long }), days: 30 }));
    expect(r).toMatchObject({ code: "extension_not_later", params: { currentEndDate: "2026-05-06", requestedEndDate: "2026-04-01" } });
  });

  it("R-EXT-1: an extension sets the end to today + N and moves the timers", () => {
    const soon = trial({ endDate: "2026-03-05" });
    const d = ok(extendTrial({ ...ctx({ trial: soon }), days: 20 }));
    expect(d.trial?.endDate).toBe("2026-03-22");
    expect(timer(d, "expiry")?.toISOString()).toBe("2026-03-23T00:00:00.000Z");
    expect(timer(d, "reminder_before_end")?.toISOString()).toBe("2026-03-15T09:00:00.000Z");
    expect(d.messages[0]).toMatchObject({ template: "partner.trial_extended", data: { days: 20, previousEndDate: "2026-03-05", endDate: "2026-03-22" } });
    expect(d.audit[0]).toMatchObject({ action: "trial.extended", details: { days: 20, from: "2026-03-05", to: "2026-03-22" } });
  });

  it("R-EXT-1: more than 30 days is refused; so is zero or a fraction", () => {
    expect(refusalOf(extendTrial({ ...ctx(), days: 31 }))).toMatchObject({ code: "extension_too_long", params: { max: 30 } });
    expect(refusalOf(extendTrial({ ...ctx(), days: 0 })).params).toMatchObject({ field: "days" });
    expect(refusalOf(extendTrial({ ...ctx(), days: 2.5 })).params).toMatchObject({ field: "days" });
  });

  it("R-EXT-1: extending during grace brings the trial back to active", () => {
    const expired = trial({ status: "expired", endDate: "2026-02-27", handledTimers: { expiry: "2026-02-28T00:00:00.000Z" } });
    const d = ok(extendTrial({ ...ctx({ trial: expired }), days: 10 }));
    expect(d.trial).toMatchObject({ status: "active", endDate: "2026-03-12" });
    expect(timerKinds(d)).toEqual(["reminder_before_end", "reminder_end_day", "expiry"]);
  });

  it("R-EXT-1: a lapsed or converted trial cannot be extended", () => {
    for (const status of ["lapsed", "converted", "cancelled"] as const) {
      expect(refusalOf(extendTrial({ ...ctx({ trial: trial({ status }) }), days: 10 })).code).toBe("invalid_transition");
    }
  });

  it("R-ORG-2: read_only cannot extend; the refusal names the roles needed", () => {
    expect(refusalOf(extendTrial({ ...ctx({ actor: as(person("read_only")) }), days: 10 })).code).toBe("role_required");
  });
});

describe("device trials", () => {
  const deviceTrial = trial({ services: ["devices"], meetings: null, startDate: "2026-01-01", endDate: "2026-03-05" });

  it("R-EXT-2: a device-trial extension goes to ops for approval and changes no date yet", () => {
    const d = ok(extendTrial({ ...ctx({ trial: deviceTrial }), days: 20 }));
    expect(d.trial).toMatchObject({ endDate: "2026-03-05", pendingDeviceExtension: { days: 20, requestedBy: "sales.admin@bright.example" } });
    expect(d.messages.map((m) => [m.template, m.to.kind])).toEqual([["ops.device_extension_approval", "ops_space"], ["partner.device_extension_requested", "partner_space"]]);
  });

  it("R-EXT-2: ops approve: the extension applies from the day of approval", () => {
    const requested = { ...deviceTrial, pendingDeviceExtension: { days: 20, requestedBy: "sales.admin@bright.example", requestedAt: NOW } };
    const approvedOn = new Date("2026-03-04T12:00:00Z");
    const d = ok(decideDeviceExtension({ ...ctx({ trial: requested, now: approvedOn, actor: as(person("ops")) }), approve: true }));
    expect(d.trial).toMatchObject({ endDate: "2026-03-24", pendingDeviceExtension: null });
    expect(d.audit[0]).toMatchObject({ action: "trial.extension_approved", actor: "ops@bright.example" });
  });

  it("R-EXT-2: ops deny: nothing moves and the partner is told", () => {
    const requested = { ...deviceTrial, pendingDeviceExtension: { days: 20, requestedBy: "x@bright.example", requestedAt: NOW } };
    const d = ok(decideDeviceExtension({ ...ctx({ trial: requested, actor: as(person("ops")) }), approve: false }));
    expect(d.trial).toMatchObject({ endDate: "2026-03-05", pendingDeviceExtension: null });
    expect(d.messages[0]?.template).toBe("partner.device_extension_denied");
  });

  it("R-EXT-2: only ops decide; a second request while one is pending is refused", () => {
    const requested = { ...deviceTrial, pendingDeviceExtension: { days: 20, requestedBy: "x@bright.example", requestedAt: NOW } };
    expect(refusalOf(decideDeviceExtension({ ...ctx({ trial: requested }), approve: true }))).toMatchObject({ code: "role_required", params: { roles: ["ops"] } });
    expect(refusalOf(extendTrial({ ...ctx({ trial: requested }), days: 5 })).code).toBe("device_extension_pending");
  });

  it("R-EXT-2: a device trial past 120 days in total is refused, naming the latest end", () => {
    const old = { ...deviceTrial, startDate: "2025-11-10", endDate: "2026-03-05" }; // day 120 = 2026-03-10
    expect(refusalOf(extendTrial({ ...ctx({ trial: old }), days: 9 }))).toMatchObject({ code: "device_trial_too_long", params: { max: 120, latestEndDate: "2026-03-10" } });
    expect(ok(extendTrial({ ...ctx({ trial: old }), days: 8 })).trial?.pendingDeviceExtension?.days).toBe(8);
  });
});

describe("services", () => {
  it("R-EDIT-1: services can be added (eligibility applies) and removed", () => {
    const d = ok(changeServices({ ...ctx(), add: ["calling"], remove: ["meetings"], customerTrials: [] }));
    expect(d.trial?.services).toEqual(["messaging", "calling"]);
    expect(d.trial?.meetings).toBeNull();
    expect(d.audit[0]).toMatchObject({ action: "trial.services_changed", details: { added: ["calling"], removed: ["meetings"] } });
  });

  it("R-EDIT-1: an added service another partner trials is refused", () => {
    const other = trial({ id: "t8", partnerId: "p2", services: ["calling"] });
    expect(refusalOf(changeServices({ ...ctx(), add: ["calling"], remove: [], customerTrials: [other] }))).toMatchObject({ code: "service_not_eligible", params: { service: "calling", reason: "trialed_by_other_partner" } });
  });

  it("R-EDIT-1: removing the last service is refused (cancel instead)", () => {
    const one = trial({ services: ["messaging"], meetings: null });
    expect(refusalOf(changeServices({ ...ctx({ trial: one }), add: [], remove: ["messaging"], customerTrials: [] }))).toMatchObject({ code: "last_service", params: { service: "messaging" } });
  });

  it("R-EDIT-1: adding Meetings needs its site; removing a service not in the trial is refused", () => {
    const one = trial({ services: ["messaging"], meetings: null });
    expect(refusalOf(changeServices({ ...ctx({ trial: one }), add: ["meetings"], remove: [], customerTrials: [] })).code).toBe("meetings_site_required");
    expect(refusalOf(changeServices({ ...ctx({ trial: one }), add: [], remove: ["calling"], customerTrials: [] }))).toMatchObject({ code: "service_not_in_trial", params: { service: "calling" } });
  });
});

describe("cancel and delete", () => {
  it("R-DEL-1: deleting asks for a Yes first and changes nothing without it", () => {
    for (const answer of [null, "", "no", "y"]) {
      expect(refusalOf(deleteTrial({ ...ctx(), confirmation: answer }))).toMatchObject({ code: "confirmation_required", params: { answer: "Yes" } });
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
    expect(refusalOf(deleteTrial({ ...ctx({ trial: trial({ status: "deleted" }) }), confirmation: "Yes" })).code).toBe("invalid_transition");
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
    expect(d.messages[0]).toMatchObject({ template: "partner.customer_interested", to: { kind: "partner_space", partnerId: "p1" }, data: { by: "helper@acme.example" } });
    expect(emailsOf(d, "partner.customer_interested")).toEqual(["full.admin@bright.example", "sales.full.admin@bright.example", "sales.admin@bright.example"]);
    expect(d.audit[0]?.action).toBe("trial.customer_interested");
  });

  it("R-INT-1: only an admin of that customer can say so", () => {
    expect(refusalOf(interestedInPurchasing(ctx({ actor: admin("someone@else.example") }))).code).toBe("not_customer_admin");
  });
});
