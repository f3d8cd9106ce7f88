import { describe, expect, it } from "vitest";
import { convertTrial } from "../../domain/convert.ts";
import { ctx, emailsOf, ok, partner, refusalOf, timerKinds, trial, unit } from "./fixtures.ts";

const order = { orderNumber: "87654321", provisioningContactEmail: "sales.admin@bright.example" };

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("conversion", () => {
  it("R-CONV-1: a tier-1 partner converts with the order number and a provisioning contact; usage data is kept", () => {
    const d = ok(convertTrial({ ...ctx(), ...order }));
    expect(d.trial).toMatchObject({
      status: "converted",
      conversion: {
        orderNumber: "87654321",
        provisioningContactEmail: "sales.admin@bright.example",
        paidServices: ["messaging", "meetings"],
      },
    });
    expect(d.customer?.purchasedServices).toEqual(["messaging", "meetings"]);
    expect(d.messages[0]).toMatchObject({ template: "partner.trial_converted", data: { usageDataKept: true } });
    expect(emailsOf(d, "customer.trial_converted")).toEqual(["boss@acme.example", "helper@acme.example"]);
    expect(timerKinds(d)).toEqual([]);
    expect(d.audit[0]).toMatchObject({ action: "trial.converted", details: { orderNumber: "87654321" } });
  });

  it("R-CONV-1: a bad order number or contact is refused naming the field", () => {
    expect(refusalOf(convertTrial({ ...ctx(), ...order, orderNumber: "ABC" })).params).toMatchObject({
      field: "orderNumber",
    });
    expect(refusalOf(convertTrial({ ...ctx(), ...order, provisioningContactEmail: "nobody" })).params).toMatchObject({
      field: "provisioningContactEmail",
    });
  });

  it("R-CONV-2: a tier-2 partner cannot convert and is sent to its distributor", () => {
    expect(refusalOf(convertTrial({ ...ctx({ partner: partner({ tier: "tier2" }) }), ...order }))).toMatchObject({
      code: "tier2_cannot_convert",
      messageKey: "refusal.tier2_cannot_convert",
    });
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
    expect(refusalOf(convertTrial({ ...ctx({ trial: trial({ status: "lapsed" }) }), ...order }))).toMatchObject({
      code: "invalid_transition",
      params: { action: "convert", status: "lapsed" },
    });
  });

  it("R-DEV-1: devices still out must come back after conversion: their timers stay", () => {
    const withDevices = trial({ services: ["messaging", "devices"], meetings: null });
    const d = ok(convertTrial({ ...ctx({ trial: withDevices, devices: [unit()] }), ...order }));
    expect(timerKinds(d)).toEqual(["device_return_due", "device_return_overdue"]);
  });

  it("R-CONV-4: past the grace end conversion is refused even while the lapse has not been processed", () => {
    // Ended 31 March: grace ends 1 May 00:00 (UTC). The lapse timer is late; the status still says expired.
    const expired = trial({ status: "expired" });
    const justBefore = ok(
      convertTrial({ ...ctx({ trial: expired, now: new Date("2026-04-30T23:59:00Z") }), ...order }),
    );
    expect(justBefore.trial?.status).toBe("converted");
    for (const now of [
      new Date("2026-05-01T00:00:00Z"),
      new Date("2026-05-01T01:00:00Z"),
      new Date("2026-06-15T10:00:00Z"),
    ]) {
      expect(refusalOf(convertTrial({ ...ctx({ trial: expired, now }), ...order }))).toMatchObject({
        code: "grace_ended",
        params: { action: "convert", endDate: "2026-03-31", graceEndedAt: "2026-05-01T00:00:00.000Z" },
      });
    }
    // Both the expiry and the lapse timers late: status active, yet past the grace end.
    expect(refusalOf(convertTrial({ ...ctx({ now: new Date("2026-05-02T10:00:00Z") }), ...order })).code).toBe(
      "grace_ended",
    );
  });

  it("R-CONV-5: conversion does not make Devices a purchased service; devices are not 'missing' from the order", () => {
    const withDevices = trial({
      services: ["messaging", "devices"],
      meetings: null,
      devices: { lines: [{ model: "Webex Desk Pro", quantity: 1 }], shippingAddress: "1 Main St" },
    });
    const d = ok(convertTrial({ ...ctx({ trial: withDevices, devices: [unit()] }), ...order }));
    expect(d.trial?.conversion?.paidServices).toEqual(["messaging"]);
    expect(d.customer?.purchasedServices).toEqual(["messaging"]);
    // Even when the partner lists Devices in the paid order, the trial devices are not sold.
    const listed = ok(
      convertTrial({
        ...ctx({ trial: withDevices, devices: [unit()] }),
        ...order,
        paidServices: ["messaging", "devices"],
      }),
    );
    expect(listed.customer?.purchasedServices).toEqual(["messaging"]);
    expect(d.messages.find((m) => m.template === "partner.trial_converted")?.data).toMatchObject({
      devicesReturn: true,
      devicesOut: 1,
      returnDueDate: "2026-05-14",
      missing: [],
    });
    expect(d.messages.find((m) => m.template === "customer.trial_converted")?.data).toMatchObject({
      devicesReturn: true,
    });
  });

  it("R-CONV-5: without devices the conversion says nothing about returns; a devices-only order is refused", () => {
    const d = ok(convertTrial({ ...ctx(), ...order }));
    expect(d.messages.find((m) => m.template === "partner.trial_converted")?.data).toMatchObject({
      devicesReturn: false,
    });
    const devicesOnly = trial({ services: ["devices"], meetings: null });
    expect(refusalOf(convertTrial({ ...ctx({ trial: devicesOnly }), ...order })).params).toMatchObject({
      field: "paidServices",
    });
  });

  it("R-CONV-1: the contact is the partner or the customer admin, and the trial admin's e-mail is recorded", () => {
    // A partner address: the partner; the trial admin defaults to the customer's full admin.
    const byPartner = ok(convertTrial({ ...ctx(), ...order }));
    expect(byPartner.trial?.conversion).toMatchObject({
      provisioningContactKind: "partner",
      trialAdminEmail: "boss@acme.example",
    });
    // A customer admin's address: the customer admin.
    const byAdmin = ok(
      convertTrial({
        ...ctx(),
        ...order,
        provisioningContactEmail: "Helper@acme.example",
        trialAdminEmail: "boss@acme.example",
      }),
    );
    expect(byAdmin.trial?.conversion).toMatchObject({
      provisioningContactEmail: "helper@acme.example",
      provisioningContactKind: "customer_admin",
    });
    // An address that is neither needs the partner to say which side the contact is on.
    const unknown = { ...order, provisioningContactEmail: "it@reseller.example" };
    expect(refusalOf(convertTrial({ ...ctx(), ...unknown })).params).toMatchObject({
      field: "provisioningContactKind",
    });
    expect(
      ok(convertTrial({ ...ctx(), ...unknown, provisioningContactKind: "partner" })).trial?.conversion
        ?.provisioningContactKind,
    ).toBe("partner");
    expect(refusalOf(convertTrial({ ...ctx(), ...order, trialAdminEmail: "not-an-email" })).params).toMatchObject({
      field: "trialAdminEmail",
    });
  });

  it("R-CONV-1: the provisioning contact gets the provisioning message with the Set up service link", () => {
    const d = ok(convertTrial({ ...ctx(), ...order, provisioningContactEmail: "helper@acme.example" }));
    const m = d.messages.find((x) => x.template === "contact.provisioning_setup");
    expect(m?.to).toMatchObject({ kind: "email", email: "helper@acme.example", language: "ko" });
    expect(m?.data).toMatchObject({
      orderNumber: "87654321",
      contactKind: "customer_admin",
      trialAdminEmail: "boss@acme.example",
      setUpServiceUrl: "https://admin.webex.com",
      country: "US",
    });
  });
});
