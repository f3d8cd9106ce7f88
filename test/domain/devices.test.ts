// Trial devices (domain/devices.ts, device timers in domain/expiry.ts): R-DEV-1..4, R-ORG-2.
import { describe, expect, it } from "vitest";
import {
  contactTrialsTeam,
  recordReturn,
  recordShipment,
  requestReturnLabel,
  returnProcess,
} from "../../domain/devices.ts";
import type { Accepted, TimerKind } from "../../domain/effects.ts";
import { onTimer } from "../../domain/expiry.ts";
import type { DeviceUnit, Trial } from "../../domain/model.ts";
import { as, ctx, customer, emailsOf, NOW, ok, person, refusalOf, timer, trial, unit } from "./fixtures.ts";

const LA = "America/Los_Angeles";
const CUSTOMER_ADMINS = ["boss@acme.example", "helper@acme.example"];
const devTrial = (over: Partial<Trial> = {}) =>
  trial({ services: ["devices", "messaging"], timeZone: LA, startDate: "2026-03-01", endDate: "2026-03-31", ...over });
const sn = (serial: string, over: Partial<DeviceUnit> = {}) =>
  unit({ id: `t1:${serial}`, serialShipped: serial, ...over });

// Units with EULA expiry 2026-04-30 must be back by 2026-05-14 (LA).
const DUE = new Date("2026-05-14T16:00:00Z"); // 2026-05-14 09:00 PDT
const OVERDUE = new Date("2026-05-15T07:00:00Z"); // 2026-05-15 00:00 PDT

function fire(
  kind: TimerKind,
  dueAt: Date,
  devices: DeviceUnit[],
  over: { now?: Date; trial?: Trial; customerCountry?: string } = {},
) {
  return onTimer({
    ...ctx({
      trial: over.trial ?? devTrial(),
      devices,
      now: over.now ?? dueAt,
      actor: { kind: "system", reason: kind },
      ...(over.customerCountry ? { customer: customer({ country: over.customerCountry }) } : {}),
    }),
    kind,
    dueAt,
  });
}

function fired(
  kind: TimerKind,
  dueAt: Date,
  devices: DeviceUnit[],
  over: { now?: Date; trial?: Trial } = {},
): Accepted {
  const d = ok(fire(kind, dueAt, devices, over));
  expect(d.skipped).toBeNull();
  return d;
}

const toOps = (d: Accepted) => d.messages.filter((m) => m.to.kind === "ops_space");
const toPartner = (d: Accepted, template: string) =>
  d.messages.filter((m) => m.template === template && m.to.kind === "partner_space" && m.to.partnerId === "p1");

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("R-DEV-1: shipping and the return deadline", () => {
  it("R-DEV-1: a recorded shipment is due back 14 days after the EULA device expiry date (not the trial's end), in the trial's zone", () => {
    const d = ok(
      recordShipment({
        ...ctx({ trial: devTrial() }),
        units: [
          { model: "Webex Desk Pro", serial: " sn0001 " },
          { model: "Webex Room Kit", serial: "SN0002" },
        ],
        eulaExpiryDate: "2026-04-30",
      }),
    );
    expect(
      d.devices.map((u) => [u.id, u.serialShipped, u.model, u.returnStatus, u.eulaExpiryDate, u.country, u.carrier]),
    ).toEqual([
      ["t1:SN0001", "SN0001", "Webex Desk Pro", "out", "2026-04-30", "US", "UPS"],
      ["t1:SN0002", "SN0002", "Webex Room Kit", "out", "2026-04-30", "US", "UPS"],
    ]);
    expect(timer(d, "device_return_due")).toEqual(DUE);
    expect(timer(d, "device_return_overdue")).toEqual(OVERDUE);
    // the trial's own deadlines are unchanged: it still expires 2026-04-01 00:00 PDT
    expect(timer(d, "expiry")).toEqual(new Date("2026-04-01T07:00:00Z"));
    expect(d.audit[0]!.details).toMatchObject({
      returnDueDate: "2026-05-14",
      carrier: "UPS",
      eulaExpiryDate: "2026-04-30",
    });
  });

  it("R-DEV-1: a shipment without a valid EULA expiry date is refused", () => {
    const r = refusalOf(
      recordShipment({
        ...ctx({ trial: devTrial() }),
        units: [{ model: "Desk Pro", serial: "SN0001" }],
        eulaExpiryDate: "2026-02-30",
      }),
    );
    expect(r.code).toBe("invalid_input");
    expect(r.params.field).toBe("eulaExpiryDate");
  });

  it("R-DEV-1: on the last day at 09:00 every customer admin is told how to send the unit back (US: UPS, label in the box, book a pickup)", () => {
    const d = fired("device_return_due", DUE, [sn("SN0001"), sn("SN0002", { returnStatus: "returned" })]);
    expect(emailsOf(d, "customer.device_return_due")).toEqual(CUSTOMER_ADMINS);
    const units = [
      {
        model: "Webex Desk Pro",
        serial: "SN0001",
        dueDate: "2026-05-14",
        ...{
          carrier: "UPS",
          labelInBox: true,
          originalPackaging: true,
          customerBooksPickup: true,
          pickup: "customer_books_ups",
          rma: true,
          replacementLabel: true,
        },
      },
    ];
    for (const m of d.messages.filter((x) => x.template === "customer.device_return_due"))
      expect(m.data.units).toEqual(units);
    // The partner hears the units are due today, not that they are overdue.
    expect(d.messages.filter((x) => x.to.kind === "partner_space").map((x) => x.template)).toEqual([
      "partner.device_return_due",
    ]);
    expect(d.devices).toEqual([]);
    expect(d.trial!.handledTimers.device_return_due).toBe("2026-05-14T16:00:00.000Z");
    expect(d.timers!.filter((x) => x.kind.startsWith("device"))).toEqual([
      { trialId: "t1", kind: "device_return_overdue", dueAt: OVERDUE },
    ]);
  });

  it("R-DEV-1: the return reminder for a unit shipped to Germany names DHL and no label in the box", () => {
    const d = fired("device_return_due", DUE, [sn("SN0001", { country: "DE", carrier: "DHL" })]);
    const m = d.messages.find((x) => x.template === "customer.device_return_due")!;
    expect(m.data.units).toEqual([
      {
        model: "Webex Desk Pro",
        serial: "SN0001",
        dueDate: "2026-05-14",
        ...{
          carrier: "DHL",
          labelInBox: false,
          originalPackaging: false,
          customerBooksPickup: true,
          pickup: "customer_contacts_carrier",
          rma: false,
          replacementLabel: false,
        },
      },
    ]);
  });

  it("R-DEV-1: once the last day is over, units still out become missing and the partner and ops are flagged; a unit returned in time is not", () => {
    const d = fired("device_return_overdue", OVERDUE, [
      sn("SN0001"),
      sn("SN0002", { returnStatus: "returned", serialReturned: "SN0002" }),
    ]);
    expect(d.devices.map((u) => [u.serialShipped, u.returnStatus])).toEqual([["SN0001", "missing"]]);
    const units = [{ model: "Webex Desk Pro", serial: "SN0001", dueDate: "2026-05-14" }];
    const p = toPartner(d, "partner.device_return_overdue");
    expect(p).toHaveLength(1);
    expect(p[0]!.data).toMatchObject({ overdue: true, units });
    expect(toOps(d).map((m) => [m.template, m.data.event, m.data.units])).toEqual([
      ["ops.event", "device_return_overdue", units],
    ]);
    expect(emailsOf(d, "customer.device_return_overdue")).toEqual(CUSTOMER_ADMINS);
    expect(d.timers!.filter((x) => x.kind.startsWith("device"))).toEqual([]);
  });

  it("R-DEV-1: when every unit came back in time, the overdue deadline does nothing", () => {
    const d = ok(fire("device_return_overdue", OVERDUE, [sn("SN0001", { returnStatus: "returned" })]));
    expect(d.skipped).toEqual(expect.any(String));
    expect(d.devices).toEqual([]);
    expect(d.messages).toEqual([]);
  });

  it("R-DEV-1: after the first unit's deadline is handled, the next unit's deadline is scheduled", () => {
    const later = sn("SN0003", { eulaExpiryDate: "2026-05-10" }); // due 2026-05-24
    const d = fired("device_return_overdue", OVERDUE, [sn("SN0001"), later]);
    expect(d.devices.map((u) => [u.serialShipped, u.returnStatus])).toEqual([["SN0001", "missing"]]);
    expect(d.timers!.filter((x) => x.kind.startsWith("device"))).toEqual([
      { trialId: "t1", kind: "device_return_due", dueAt: new Date("2026-05-24T16:00:00Z") },
      { trialId: "t1", kind: "device_return_overdue", dueAt: new Date("2026-05-25T07:00:00Z") },
    ]);
  });

  it("R-DEV-1: an overdue job fired twice, or for a deadline that moved, does nothing", () => {
    const t = devTrial({ handledTimers: { device_return_overdue: OVERDUE.toISOString() } });
    expect(
      ok(fire("device_return_overdue", OVERDUE, [sn("SN0001", { eulaExpiryDate: "2026-04-30" })], { trial: t }))
        .skipped,
    ).toEqual(expect.any(String));
    // the unit's EULA date was corrected to later: the old job is stale
    expect(
      ok(fire("device_return_overdue", OVERDUE, [sn("SN0001", { eulaExpiryDate: "2026-05-05" })])).skipped,
    ).toContain("moved");
  });
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("R-DEV-2: return carriers by country", () => {
  it("R-DEV-2: US: original packaging, the label in the box, the customer books the UPS pickup, Cisco processes the RMA; a lost label can be replaced", () => {
    expect(returnProcess("US")).toEqual({
      carrier: "UPS",
      labelInBox: true,
      originalPackaging: true,
      customerBooksPickup: true,
      pickup: "customer_books_ups",
      rma: true,
      replacementLabel: true,
    });
    expect(returnProcess("us").carrier).toBe("UPS");
  });

  it("R-DEV-2: Canada: DHL; the customer contacts DHL to schedule the pickup", () => {
    expect(returnProcess("CA")).toEqual({
      carrier: "DHL",
      labelInBox: false,
      originalPackaging: false,
      customerBooksPickup: true,
      pickup: "customer_contacts_carrier",
      rma: false,
      replacementLabel: false,
    });
  });

  it.each(["DE", "FR", "ZA", "GB", "AE"])(
    "R-DEV-2: EMEAR country %s: DHL, the customer contacts the carrier",
    (code) => {
      expect(returnProcess(code)).toEqual({
        carrier: "DHL",
        labelInBox: false,
        originalPackaging: false,
        customerBooksPickup: true,
        pickup: "customer_contacts_carrier",
        rma: false,
        replacementLabel: false,
      });
    },
  );

  it("R-DEV-2: Australia: Expeditors; the customer contacts Expeditors to schedule the pickup", () => {
    expect(returnProcess("AU")).toEqual({
      carrier: "Expeditors",
      labelInBox: false,
      originalPackaging: false,
      customerBooksPickup: true,
      pickup: "customer_contacts_carrier",
      rma: false,
      replacementLabel: false,
    });
  });

  it.each(["JP", "BR", "MX", "IN", "NZ"])("R-DEV-2: elsewhere (%s): decided per location", (code) => {
    expect(returnProcess(code)).toEqual({
      carrier: "per_location",
      labelInBox: false,
      originalPackaging: false,
      customerBooksPickup: false,
      pickup: "decided_per_location",
      rma: false,
      replacementLabel: false,
    });
  });

  it("R-DEV-2: the shipment's carrier follows the customer's country, or the country shipped to", () => {
    const de = ok(
      recordShipment({
        ...ctx({ trial: devTrial(), customer: customer({ country: "DE" }) }),
        units: [{ model: "Desk Pro", serial: "SN0001" }],
        eulaExpiryDate: "2026-04-30",
      }),
    );
    expect(de.devices.map((u) => [u.country, u.carrier])).toEqual([["DE", "DHL"]]);
    const ca = ok(
      recordShipment({
        ...ctx({ trial: devTrial() }),
        units: [{ model: "Desk Pro", serial: "SN0001" }],
        eulaExpiryDate: "2026-04-30",
        country: "Canada",
      }),
    );
    expect(ca.devices.map((u) => [u.country, u.carrier])).toEqual([["CA", "DHL"]]);
    const au = ok(
      recordShipment({
        ...ctx({ trial: devTrial() }),
        units: [{ model: "Desk Pro", serial: "SN0001" }],
        eulaExpiryDate: "2026-04-30",
        country: "AU",
      }),
    );
    expect(au.devices.map((u) => [u.country, u.carrier])).toEqual([["AU", "Expeditors"]]);
  });

  it("R-DEV-2: a new return label is refused outside the US (return_label_us_only)", () => {
    for (const [country, carrier] of [
      ["DE", "DHL"],
      ["CA", "DHL"],
      ["AU", "Expeditors"],
      ["JP", "per_location"],
    ] as const) {
      const r = refusalOf(
        requestReturnLabel({
          ...ctx({ trial: devTrial(), devices: [sn("SN0001", { country, carrier })] }),
          serial: "SN0001",
        }),
      );
      expect(r.code).toBe("return_label_us_only");
      expect(r.params).toEqual({ country, carrier });
    }
  });

  it("R-DEV-2: in the US a new return label is requested from the trials team in the ops space", () => {
    const d = ok(requestReturnLabel({ ...ctx({ trial: devTrial(), devices: [sn("SN0001")] }), serial: "sn0001" }));
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0]!.to).toEqual({ kind: "ops_space" });
    expect(d.messages[0]!.template).toBe("ops.trials_team_request");
    expect(d.messages[0]!.data).toMatchObject({
      request: "return_label",
      serial: "SN0001",
      by: "sales.admin@bright.example",
      customer: "Acme Corp",
    });
    expect(d.audit.map((a) => a.action)).toEqual(["devices.return_label_requested"]);
  });

  it("R-DEV-2: a lost label anywhere: the trials team can decide the return process for the customer's location", () => {
    for (const [country, carrier] of [
      ["DE", "DHL"],
      ["JP", "per_location"],
      ["US", "UPS"],
    ] as const) {
      const d = ok(
        requestReturnLabel({
          ...ctx({ trial: devTrial(), devices: [sn("SN0001", { country, carrier })] }),
          serial: "SN0001",
          choice: "location_process",
        }),
      );
      expect(d.messages.map((m) => [m.to.kind, m.template])).toEqual([["ops_space", "ops.trials_team_request"]]);
      expect(d.messages[0]!.data).toMatchObject({ request: "return_process", serial: "SN0001", country, carrier });
      expect(d.audit.map((a) => a.action)).toEqual(["devices.return_process_requested"]);
    }
  });

  it("R-DEV-2: a return label for a serial that was never shipped is refused (serial_unknown)", () => {
    const r = refusalOf(
      requestReturnLabel({ ...ctx({ trial: devTrial(), devices: [sn("SN0001")] }), serial: "SN9999" }),
    );
    expect(r.code).toBe("serial_unknown");
    expect(r.params.serials).toEqual(["SN9999"]);
  });
});

describe("R-DEV-3: returned serials must match the shipped serials", () => {
  const shipped = () => [sn("SN0001"), sn("SN0002")];
  const ret = (serials: string[], devices: DeviceUnit[] = shipped()) =>
    recordReturn({ ...ctx({ trial: devTrial(), devices, now: NOW }), serials });

  it("R-DEV-3: returned serials matching the shipped ones mark those units returned; nobody is flagged", () => {
    const d = ok(ret([" sn0001 ", "SN0002"]));
    expect(d.devices.map((u) => [u.serialShipped, u.returnStatus, u.serialReturned, u.returnedAt])).toEqual([
      ["SN0001", "returned", "SN0001", NOW],
      ["SN0002", "returned", "SN0002", NOW],
    ]);
    expect(d.messages).toEqual([]);
    expect(d.timers!.filter((x) => x.kind.startsWith("device"))).toEqual([]);
  });

  it("R-DEV-3: a returned serial that matches no shipped unit flags a unit still out as a mismatch; partner and ops are told", () => {
    const d = ok(ret(["SN0001", "XYZ999"]));
    expect(d.devices.map((u) => [u.serialShipped, u.returnStatus, u.serialReturned])).toEqual([
      ["SN0001", "returned", "SN0001"],
      ["SN0002", "mismatch", "XYZ999"],
    ]);
    const p = toPartner(d, "partner.device_return_flagged");
    expect(p).toHaveLength(1);
    expect(p[0]!.data).toMatchObject({ flagged: [{ shipped: "SN0002", returned: "XYZ999" }], returned: ["SN0001"] });
    expect(toOps(d).map((m) => [m.template, m.data.event, m.data.flagged])).toEqual([
      ["ops.event", "device_return_mismatch", [{ shipped: "SN0002", returned: "XYZ999" }]],
    ]);
  });

  it("R-DEV-3: more unknown serials than units still out is refused (serial_unknown) and nothing changes", () => {
    const r = refusalOf(ret(["AAA111", "BBB222"], [sn("SN0001")]));
    expect(r.code).toBe("serial_unknown");
    expect(r.params.shipped).toEqual(["SN0001"]);
    expect(r.params.serials).toContain("BBB222");
  });

  it("R-DEV-3: a missing unit that comes back is recorded as returned", () => {
    const d = ok(ret(["SN0001"], [sn("SN0001", { returnStatus: "missing" }), sn("SN0002")]));
    expect(d.devices.map((u) => [u.serialShipped, u.returnStatus])).toEqual([["SN0001", "returned"]]);
  });

  it("R-DEV-3: a mismatch flag stays open: a later return of other serials does not clear it", () => {
    const flagged = sn("SN0001", { returnStatus: "mismatch", serialReturned: "XYZ999", returnedAt: NOW });
    const d = ok(ret(["SN0002"], [flagged, sn("SN0002")]));
    expect(d.devices.map((u) => [u.serialShipped, u.returnStatus])).toEqual([["SN0002", "returned"]]);
    expect(d.devices.some((u) => u.serialShipped === "SN0001")).toBe(false);
  });

  it("R-DEV-3: the shipped serial of a flagged unit turning up later does not flag another unit still out", () => {
    // SN0001 was flagged (XYZ999 came back in its place); now SN0001 itself turns up. It is a
    // shipped serial, not an unknown one: SN0002, still out, must stay out and unflagged.
    const flagged = sn("SN0001", { returnStatus: "mismatch", serialReturned: "XYZ999", returnedAt: NOW });
    const d = ok(ret(["SN0001"], [flagged, sn("SN0002")]));
    expect(d.devices.filter((u) => u.serialShipped === "SN0002")).toEqual([]);
    expect(d.messages.flatMap((m) => (m.data.flagged as unknown[] | undefined) ?? [])).not.toContainEqual({
      shipped: "SN0002",
      returned: "SN0001",
    });
  });

  it("R-DEV-3: a serial already recorded as returned, scanned again, does not flag another unit still out", () => {
    const back = sn("SN0001", { returnStatus: "returned", serialReturned: "SN0001", returnedAt: NOW });
    const d = ok(ret(["SN0001"], [back, sn("SN0002")]));
    expect(d.devices).toEqual([]);
    expect(d.messages.filter((m) => m.template === "partner.device_return_flagged")).toEqual([]);
  });
});

describe("R-DEV-4: writing to the trials team without a demo order number", () => {
  const devices = [sn("SN0001"), sn("SN0002")];
  const contact = (over: Partial<Parameters<typeof contactTrialsTeam>[0]> = {}) =>
    contactTrialsTeam({ ...ctx({ trial: devTrial(), devices }), ...over });

  it("R-DEV-4: refused without a demo order number, org id + admin e-mail, or every serial; the refusal lists the missing serials", () => {
    const r = refusalOf(contact());
    expect(r.code).toBe("trials_team_details_missing");
    expect(r.params).toEqual({ missingSerials: ["SN0001", "SN0002"], trialsTeamEmail: "webextrials_info@cisco.com" });
    expect(refusalOf(contact({ serials: ["sn0001"] })).params).toMatchObject({ missingSerials: ["SN0002"] });
  });

  it("R-DEV-4: the org id alone, or the admin e-mail alone, is not enough", () => {
    expect(refusalOf(contact({ customerOrgId: "org-acme" })).code).toBe("trials_team_details_missing");
    expect(refusalOf(contact({ customerAdminEmail: "boss@acme.example" })).code).toBe("trials_team_details_missing");
    expect(refusalOf(contact({ customerOrgId: "org-acme", customerAdminEmail: "not-an-email" })).code).toBe(
      "trials_team_details_missing",
    );
    expect(refusalOf(contact({ demoOrderNumber: "   " })).code).toBe("trials_team_details_missing");
  });

  it("R-DEV-4: accepted with a demo order number; the request goes to the ops space", () => {
    const d = ok(contact({ demoOrderNumber: " DEMO-42 ", note: "box damaged" }));
    expect(d.messages.map((m) => [m.to, m.template])).toEqual([[{ kind: "ops_space" }, "ops.trials_team_request"]]);
    expect(d.messages[0]!.data).toMatchObject({
      request: "devices",
      demoOrderNumber: "DEMO-42",
      note: "box damaged",
      by: "sales.admin@bright.example",
      customer: "Acme Corp",
    });
  });

  it("R-DEV-4: the request carries the trials team's address, webextrials_info@cisco.com", () => {
    const d = ok(contact({ customerOrgId: "org-acme", customerAdminEmail: "boss@acme.example" }));
    expect(d.messages[0]!.data).toMatchObject({ trialsTeamEmail: "webextrials_info@cisco.com" });
  });

  it("R-DEV-4: accepted with the customer org id and the customer admin e-mail", () => {
    const d = ok(contact({ customerOrgId: "org-acme", customerAdminEmail: "boss@acme.example" }));
    expect(d.messages[0]!.data).toMatchObject({
      demoOrderNumber: null,
      customerOrgId: "org-acme",
      customerAdminEmail: "boss@acme.example",
    });
  });

  it("R-DEV-4: accepted with every device serial number", () => {
    const d = ok(contact({ serials: ["sn0002", "SN0001"] }));
    expect(d.messages[0]!.data).toMatchObject({ demoOrderNumber: null, serials: ["SN0002", "SN0001"] });
  });
});

describe("R-ORG-2: who may record devices", () => {
  it("R-ORG-2: a read_only person cannot record a shipment (role_required names the managing roles)", () => {
    const r = refusalOf(
      recordShipment({
        ...ctx({ trial: devTrial(), actor: as(person("read_only")) }),
        units: [{ model: "Desk Pro", serial: "SN0001" }],
        eulaExpiryDate: "2026-04-30",
      }),
    );
    expect(r.code).toBe("role_required");
    expect(r.params).toEqual({ roles: ["full_admin", "sales_full_admin", "sales_admin"] });
  });

  it("R-ORG-2: a read_only person cannot record a return or contact the trials team either", () => {
    const ro = as(person("read_only"));
    expect(
      refusalOf(
        recordReturn({ ...ctx({ trial: devTrial(), actor: ro, devices: [sn("SN0001")] }), serials: ["SN0001"] }),
      ).code,
    ).toBe("role_required");
    expect(
      refusalOf(
        contactTrialsTeam({ ...ctx({ trial: devTrial(), actor: ro, devices: [sn("SN0001")] }), demoOrderNumber: "D1" }),
      ).code,
    ).toBe("role_required");
  });

  it("R-ORG-2: a manager of another partner gets not_your_trial; ops (the trials team) may record a shipment", () => {
    const other = as(person("full_admin", { partnerId: "p2", email: "boss@other.example" }));
    expect(
      refusalOf(
        recordShipment({
          ...ctx({ trial: devTrial(), actor: other }),
          units: [{ model: "Desk Pro", serial: "SN0001" }],
          eulaExpiryDate: "2026-04-30",
        }),
      ).code,
    ).toBe("not_your_trial");
    const byOps = ok(
      recordShipment({
        ...ctx({ trial: devTrial(), actor: as(person("ops")) }),
        units: [{ model: "Desk Pro", serial: "SN0001" }],
        eulaExpiryDate: "2026-04-30",
      }),
    );
    expect(byOps.devices).toHaveLength(1);
  });
});
