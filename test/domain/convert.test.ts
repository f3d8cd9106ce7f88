import { describe, expect, it } from "vitest";
import { convertTrial } from "../../domain/convert.ts";
import { ctx, emailsOf, ok, partner, refusalOf, timerKinds, trial, unit } from "./fixtures.ts";

const order = { orderNumber: "87654321", provisioningContactEmail: "sales.admin@bright.example" };

describe("conversion", () => {
  it("R-CONV-1: a tier-1 partner converts with the order number and a provisioning contact; usage data is kept", () => {
    const d = ok(convertTrial({ ...ctx(), ...order }));
    expect(d.trial).toMatchObject({ status: "converted", conversion: { orderNumber: "87654321", provisioningContactEmail: "sales.admin@bright.example", paidServices: ["messaging", "meetings"] } });
    expect(d.customer?.purchasedServices).toEqual(["messaging", "meetings"]);
    expect(d.messages[0]).toMatchObject({ template: "partner.trial_converted", data: { usageDataKept: true } });
    expect(emailsOf(d, "customer.trial_converted")).toEqual(["boss@acme.example", "helper@acme.example"]);
    expect(timerKinds(d)).toEqual([]);
    expect(d.audit[0]).toMatchObject({ action: "trial.converted", details: { orderNumber: "87654321" } });
  });

  it("R-CONV-1: a bad order number or contact is refused naming the field", () => {
    expect(refusalOf(convertTrial({ ...ctx(), ...order, orderNumber: "ABC" })).params).toMatchObject({ field: "orderNumber" });
    expect(refusalOf(convertTrial({ ...ctx(), ...order, provisioningContactEmail: "nobody" })).params).toMatchObject({ field: "provisioningContactEmail" });
  });

  it("R-CONV-2: a tier-2 partner cannot convert and is sent to its distributor", () => {
    expect(refusalOf(convertTrial({ ...ctx({ partner: partner({ tier: "tier2" }) }), ...order }))).toMatchObject({ code: "tier2_cannot_convert", messageKey: "refusal.tier2_cannot_convert" });
  });

  it("R-CONV-3: services missing from the order are named and need confirmation", () => {
    const r = refusalOf(convertTrial({ ...ctx(), ...order, paidServices: ["messaging"] }));
    expect(r).toMatchObject({ code: "conversion_missing_services", params: { missing: ["meetings"] } });
    const d = ok(convertTrial({ ...ctx(), ...order, paidServices: ["messaging"], confirmMissing: true }));
    expect(d.trial?.conversion?.paidServices).toEqual(["messaging"]);
    expect(d.audit[0]?.details).toMatchObject({ missing: ["meetings"] });
  });

  it("R-CONV-4: conversion is allowed during grace", () => {
    const expired = trial({ status: "expired", endDate: "2026-02-20" });
    expect(ok(convertTrial({ ...ctx({ trial: expired }), ...order })).trial?.status).toBe("converted");
  });

  it("R-CONV-4: conversion is never allowed after lapse", () => {
    expect(refusalOf(convertTrial({ ...ctx({ trial: trial({ status: "lapsed" }) }), ...order }))).toMatchObject({ code: "invalid_transition", params: { action: "convert", status: "lapsed" } });
  });

  it("R-DEV-1: devices still out must come back after conversion: their timers stay", () => {
    const withDevices = trial({ services: ["devices"], meetings: null });
    const d = ok(convertTrial({ ...ctx({ trial: withDevices, devices: [unit()] }), ...order }));
    expect(timerKinds(d)).toEqual(["device_return_due", "device_return_overdue"]);
  });
});
