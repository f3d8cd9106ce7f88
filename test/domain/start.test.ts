import { describe, expect, it } from "vitest";
import { eligibleServices } from "../../domain/eligibility.ts";
import { hasPermission, PARTNER_ROLES } from "../../domain/roles.ts";
import { SERVICES } from "../../domain/services.ts";
import { setupNotices } from "../../domain/setup.ts";
import {
  consentRecipients,
  requestConsent,
  type StartNewCustomerTrial,
  startNewCustomerTrial,
  startPayingCustomerTrial,
} from "../../domain/start.ts";
import { as, customer, emailsOf, NOW, ok, partner, person, refusalOf, timer, timerKinds, trial } from "./fixtures.ts";

function newCustomer(
  over: Partial<StartNewCustomerTrial> = {},
  custOver: Partial<StartNewCustomerTrial["customer"]> = {},
) {
  return startNewCustomerTrial({
    now: NOW,
    actor: as(person("sales_admin")),
    partner: partner(),
    ids: { trialId: "t9", customerId: "c9", handle: "globex" },
    customer: {
      companyName: "Globex",
      adminEmail: "Admin@Globex.example",
      vertical: "Manufacturing",
      country: "DE",
      locationAcknowledged: true,
      ...custOver,
    },
    setup: { services: ["messaging", "calling"] },
    ...over,
  });
}

describe("roles", () => {
  it("R-ORG-1: partner people have one of four roles and ops people may be registered", () => {
    expect(PARTNER_ROLES).toEqual(["full_admin", "sales_full_admin", "sales_admin", "read_only"]);
    expect(hasPermission("ops", "manage")).toBe(false);
  });

  it.each(["full_admin", "sales_full_admin", "sales_admin"] as const)("R-ORG-2: %s may start a trial", (role) => {
    expect(ok(newCustomer({ actor: as(person(role)) })).trial?.status).toBe("active");
  });

  it("R-ORG-2: read_only may view but not start; the refusal names the roles needed", () => {
    expect(hasPermission("read_only", "view")).toBe(true);
    const r = refusalOf(newCustomer({ actor: as(person("read_only")) }));
    expect(r.code).toBe("role_required");
    expect(r.messageKey).toBe("refusal.role_required");
    expect(r.params.roles).toEqual(["full_admin", "sales_full_admin", "sales_admin"]);
  });

  it("R-ORG-2: ops and customer admins cannot start partner trials; another partner's person neither", () => {
    expect(refusalOf(newCustomer({ actor: as(person("ops")) })).code).toBe("role_required");
    expect(refusalOf(newCustomer({ actor: { kind: "customer_admin", email: "x@y.example" } })).code).toBe(
      "role_required",
    );
    expect(refusalOf(newCustomer({ actor: as(person("full_admin", { partnerId: "p2" })) })).code).toBe(
      "not_your_trial",
    );
  });
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("new customer trial", () => {
  it("R-NEW-1: creates the customer under the partner and the trial is active at once; the admin is welcomed", () => {
    const d = ok(newCustomer());
    expect(d.customer).toMatchObject({
      id: "c9",
      handle: "globex",
      name: "Globex",
      country: "DE",
      region: "EU",
      managingPartners: [{ partnerId: "p1", access: "full_admin" }],
    });
    expect(d.customer?.admins).toEqual([{ email: "admin@globex.example", role: "full_admin", language: "en" }]);
    expect(d.trial).toMatchObject({
      status: "active",
      kind: "new_customer",
      startDate: "2026-03-02",
      endDate: "2026-04-01",
      services: ["messaging", "calling"],
    });
    const welcome = d.messages.find((m) => m.template === "customer.welcome")!;
    expect(welcome.to).toEqual({ kind: "email", email: "admin@globex.example" });
    expect(welcome.data.controlHubUrl).toBe("https://admin.webex.com");
    expect(d.messages.some((m) => m.template === "partner.trial_started" && m.to.kind === "partner_space")).toBe(true);
    expect(d.audit.map((a) => a.action)).toEqual(["trial.started"]);
    expect(d.audit[0]!.actor).toBe("sales.admin@bright.example");
    expect(timerKinds(d)).toEqual(["reminder_before_end", "reminder_end_day", "expiry"]);
  });

  it("R-NEW-1: the supported location must be acknowledged", () => {
    expect(refusalOf(newCustomer({}, { locationAcknowledged: false })).code).toBe("location_not_acknowledged");
  });

  it("R-NEW-1: a bad admin e-mail or an empty company name is refused naming the field", () => {
    expect(refusalOf(newCustomer({}, { adminEmail: "not-an-email" })).params).toMatchObject({ field: "adminEmail" });
    expect(refusalOf(newCustomer({}, { companyName: "  " })).params).toMatchObject({ field: "companyName" });
  });

  it("R-NEW-2: length is 30, 60 or 90 days, default 30", () => {
    expect(ok(newCustomer()).trial?.lengthDays).toBe(30);
    expect(ok(newCustomer({ setup: { services: ["messaging"], lengthDays: 90 } })).trial?.endDate).toBe("2026-05-31");
    const r = refusalOf(newCustomer({ setup: { services: ["messaging"], lengthDays: 45 } }));
    expect(r.code).toBe("invalid_length");
    expect(r.params.allowed).toEqual(["30", "60", "90"]);
  });

  it("R-ORG-3: a partner cannot trial for its own organisation; that needs a CUWP order", () => {
    expect(refusalOf(newCustomer({}, { adminEmail: "me@bright.example" })).code).toBe("own_organisation");
    expect(refusalOf(newCustomer({}, { companyName: "bright partners" })).code).toBe("own_organisation");
    expect(
      refusalOf(
        startPayingCustomerTrial({
          now: NOW,
          actor: as(person("full_admin")),
          partner: partner(),
          customer: customer({ webexOrgId: "org-bright" }),
          customerTrials: [],
          trialId: "t2",
          setup: { services: ["calling"] },
        }),
      ).code,
    ).toBe("own_organisation");
  });

  it("R-ORG-5: the region follows from the country; a country where Webex is not offered is refused", () => {
    expect(ok(newCustomer({}, { country: "JP" })).customer?.region).toBe("Japan");
    expect(ok(newCustomer({}, { country: "United Kingdom" })).customer?.region).toBe("UK");
    expect(ok(newCustomer({}, { country: "CA" })).customer?.region).toBe("Canada");
    const r = refusalOf(newCustomer({}, { country: "KP" }));
    expect(r.code).toBe("country_not_offered");
    expect(refusalOf(newCustomer({}, { country: "Atlantis" })).code).toBe("country_not_offered");
  });

  it("R-ORG-4: the business vertical is the closest listed one when there is no exact match", () => {
    const d = ok(newCustomer({}, { vertical: "manufacturing" }));
    expect(d.customer?.vertical).toBe("Manufacturing");
  });

  it("R-SVC-1: only Messaging, Meetings, Calling and Devices can be trialed; at least one", () => {
    expect(SERVICES).toEqual(["messaging", "meetings", "calling", "devices"]);
    expect(refusalOf(newCustomer({ setup: { services: [] } })).code).toBe("no_services");
  });

  it("R-SVC-2: Meetings needs a valid, unique <name>.webex.com site URL and an IANA time zone", () => {
    const withMeetings = (meetings: { siteUrl: string; timeZone: string } | null, siteUrlTaken = false) =>
      newCustomer({ setup: { services: ["meetings"], meetings, siteUrlTaken } });
    expect(refusalOf(withMeetings(null)).code).toBe("meetings_site_required");
    expect(refusalOf(withMeetings({ siteUrl: "globex.zoom.us", timeZone: "Europe/Berlin" })).params).toMatchObject({
      field: "siteUrl",
      expected: "<name>.webex.com",
    });
    expect(refusalOf(withMeetings({ siteUrl: "globex.webex.com", timeZone: "Mars/Olympus" })).params).toMatchObject({
      field: "timeZone",
    });
    expect(refusalOf(withMeetings({ siteUrl: "globex.webex.com", timeZone: "Europe/Berlin" }, true))).toMatchObject({
      code: "meetings_site_taken",
      params: { siteUrl: "globex.webex.com" },
    });
    expect(
      ok(withMeetings({ siteUrl: "https://Globex.webex.com/", timeZone: "Europe/Berlin" })).trial?.meetings,
    ).toEqual({ siteUrl: "globex.webex.com", timeZone: "Europe/Berlin" });
  });

  it("R-SVC-3: devices are models and quantities with a shipping address, or skipped", () => {
    const lines = [{ model: "Webex Desk Pro", quantity: 2 }];
    expect(
      ok(newCustomer({ setup: { services: ["devices"], devices: { lines, shippingAddress: "1 Main St, Berlin" } } }))
        .trial?.devices,
    ).toEqual({ lines, shippingAddress: "1 Main St, Berlin" });
    expect(ok(newCustomer({ setup: { services: ["devices"], devices: null } })).trial?.devices).toBeNull();
    expect(
      refusalOf(newCustomer({ setup: { services: ["devices"], devices: { lines, shippingAddress: "" } } })).params,
    ).toMatchObject({ field: "shippingAddress" });
    expect(
      refusalOf(
        newCustomer({
          setup: {
            services: ["devices"],
            devices: { lines: [{ model: "Room Kit", quantity: 0 }], shippingAddress: "x" },
          },
        }),
      ).params,
    ).toMatchObject({ field: "deviceQuantity" });
  });

  it("R-SVC-4: picking Calling brings the note on DIDs for users and two per location", () => {
    expect(setupNotices(["calling"])).toEqual(["calling_dids_required"]);
    expect(setupNotices(["messaging", "meetings"])).toEqual([]);
  });
});

describe("eligibility", () => {
  const otherPartnersTrial = trial({ id: "t-other", partnerId: "p2", services: ["calling"], status: "active" });

  it("R-ELIG-1: purchased Meetings/Messaging: Calling may be trialed; purchased Calling: it may not", () => {
    expect(eligibleServices(customer({ purchasedServices: ["meetings", "messaging"] }), [], "p1")).toEqual([
      "calling",
      "devices",
    ]);
    expect(eligibleServices(customer({ purchasedServices: ["calling"] }), [], "p1")).toEqual([
      "messaging",
      "meetings",
      "devices",
    ]);
  });

  it("R-ELIG-1: a service another partner is trialing is refused, naming the service and reason", () => {
    const d = requestConsent({
      now: NOW,
      actor: as(person("sales_admin")),
      partner: partner(),
      customer: customer({ managingPartners: [] }),
      customerTrials: [otherPartnersTrial],
      trialId: "t2",
      adminEmail: "boss@acme.example",
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    });
    expect(refusalOf(d)).toMatchObject({
      code: "service_not_eligible",
      params: { service: "calling", reason: "trialed_by_other_partner" },
    });
  });

  it("R-ELIG-1: a cancelled or lapsed trial of another partner no longer blocks the service", () => {
    for (const status of ["cancelled", "lapsed", "deleted", "converted"] as const) {
      expect(eligibleServices(customer(), [{ ...otherPartnersTrial, status }], "p1")).toContain("calling");
    }
  });

  it("R-ELIG-1: a purchased service is refused for a paying customer's trial", () => {
    const d = startPayingCustomerTrial({
      now: NOW,
      actor: as(person("full_admin")),
      partner: partner(),
      customer: customer({ purchasedServices: ["calling"] }),
      customerTrials: [],
      trialId: "t2",
      setup: { services: ["calling"] },
    });
    expect(refusalOf(d)).toMatchObject({
      code: "service_not_eligible",
      params: { service: "calling", reason: "purchased" },
    });
  });
});

describe("existing customer (consent)", () => {
  const base = {
    now: NOW,
    actor: as(person("sales_full_admin")),
    partner: partner(),
    customer: customer({ managingPartners: [{ partnerId: "p2", access: "full_admin" as const }] }),
    customerTrials: [],
    trialId: "t2",
    adminEmail: "boss@acme.example",
    organisationConfirmed: true,
    setup: { services: ["calling" as const] },
  };

  it("R-CONSENT-1: the partner must confirm this is the right existing organisation", () => {
    expect(refusalOf(requestConsent({ ...base, organisationConfirmed: false }))).toMatchObject({
      code: "organisation_not_confirmed",
      params: { customer: "Acme Corp" },
    });
  });

  it("R-CONSENT-2: status pending_consent; the request goes to a full admin alone with a 10-day window", () => {
    const d = ok(requestConsent(base));
    expect(d.trial).toMatchObject({
      status: "pending_consent",
      kind: "existing_customer",
      startDate: null,
      endDate: null,
    });
    expect(emailsOf(d, "customer.consent_request")).toEqual(["boss@acme.example"]);
    expect(d.trial?.consentDeadline?.toISOString()).toBe("2026-03-12T10:00:00.000Z");
    expect(timer(d, "consent_deadline")?.toISOString()).toBe("2026-03-12T10:00:00.000Z");
    expect(d.audit[0]?.action).toBe("trial.consent_requested");
  });

  it("R-CONSENT-2: addressed to someone who is not a full admin, it also goes to every full admin", () => {
    const c = customer({
      admins: [
        { email: "boss@acme.example", role: "full_admin", language: "en" },
        { email: "cto@acme.example", role: "full_admin", language: "ko" },
        { email: "helper@acme.example", role: "other", language: "en" },
      ],
    });
    expect(consentRecipients(c, "Helper@acme.example")).toEqual([
      "helper@acme.example",
      "boss@acme.example",
      "cto@acme.example",
    ]);
    const d = ok(
      requestConsent({ ...base, customer: { ...c, managingPartners: [] }, adminEmail: "helper@acme.example" }),
    );
    expect(emailsOf(d, "customer.consent_request")).toEqual([
      "helper@acme.example",
      "boss@acme.example",
      "cto@acme.example",
    ]);
    expect(d.messages.find((m) => m.to.kind === "email" && m.to.email === "cto@acme.example")?.to).toMatchObject({
      language: "ko",
    });
  });

  it("R-CONSENT-2: the 10 days are calendar days in the partner's zone, across a DST change", () => {
    const d = ok(
      requestConsent({
        ...base,
        now: new Date("2026-03-05T17:00:00Z"),
        partner: partner({ timeZone: "America/New_York" }),
      }),
    );
    // 12:00 EST on 5 March → 12:00 EDT on 15 March (an hour less in UTC).
    expect(d.trial?.consentDeadline?.toISOString()).toBe("2026-03-15T16:00:00.000Z");
  });
});

describe("paying customer", () => {
  it("R-PAID-1: a managed customer's trial starts at once and every customer admin is told", () => {
    const d = ok(
      startPayingCustomerTrial({
        now: NOW,
        actor: as(person("full_admin")),
        partner: partner(),
        customer: customer({ purchasedServices: ["messaging", "meetings"] }),
        customerTrials: [],
        trialId: "t2",
        setup: { services: ["calling"] },
      }),
    );
    expect(d.trial).toMatchObject({
      status: "active",
      kind: "paying_customer",
      services: ["calling"],
      endDate: "2026-04-01",
    });
    expect(emailsOf(d, "customer.trial_started")).toEqual(["boss@acme.example", "helper@acme.example"]);
  });

  it("R-PAID-1: a customer the partner does not manage is refused with the way to go", () => {
    const r = refusalOf(
      startPayingCustomerTrial({
        now: NOW,
        actor: as(person("full_admin")),
        partner: partner(),
        customer: customer({ managingPartners: [] }),
        customerTrials: [],
        trialId: "t2",
        setup: { services: ["calling"] },
      }),
    );
    expect(r.code).toBe("invalid_input");
    expect(String(r.params.expected)).toContain("trial start existing");
  });
});

describe("one live trial per customer and partner", () => {
  const paying = (customerTrials: ReturnType<typeof trial>[], services: ("calling" | "devices")[] = ["calling"]) =>
    startPayingCustomerTrial({
      now: NOW,
      actor: as(person("full_admin")),
      partner: partner(),
      customer: customer(),
      customerTrials,
      trialId: "t2",
      setup: { services },
    });

  it("R-PAID-1: a second trial while one is live is refused, pointing to the live one, even for other services", () => {
    for (const status of ["pending_consent", "awaiting_provisioning", "active", "expired"] as const) {
      const r = refusalOf(paying([trial({ status, services: ["messaging"], meetings: null })]));
      expect(r).toMatchObject({
        code: "live_trial_exists",
        params: { customer: "Acme Corp", customerHandle: "acme", status, services: ["messaging"] },
      });
    }
  });

  it("R-PAID-1: an ended trial, or another partner's live one, does not block a new trial by this partner", () => {
    for (const status of ["converted", "cancelled", "lapsed", "deleted"] as const) {
      expect(ok(paying([trial({ status, services: ["messaging"], meetings: null })])).trial?.status).toBe("active");
    }
    expect(ok(paying([trial({ partnerId: "p2", services: ["messaging"], meetings: null })])).trial?.status).toBe(
      "active",
    );
  });

  it("R-PAID-1: a second consent request for the same customer while the first is pending is refused", () => {
    const pending = trial({
      id: "t1",
      kind: "existing_customer",
      status: "pending_consent",
      startDate: null,
      endDate: null,
      services: ["messaging"],
      meetings: null,
    });
    const d = requestConsent({
      now: NOW,
      actor: as(person("sales_admin")),
      partner: partner(),
      customer: customer({ managingPartners: [] }),
      customerTrials: [pending],
      trialId: "t2",
      adminEmail: "boss@acme.example",
      organisationConfirmed: true,
      setup: { services: ["calling"] },
    });
    expect(refusalOf(d)).toMatchObject({ code: "live_trial_exists", params: { status: "pending_consent" } });
  });

  it("R-PAID-1: a new-customer card naming one of the partner's customers offers that customer instead of a duplicate", () => {
    const acme = customer();
    for (const name of ["Acme Corp", "ACME corp.", " acme  CORP "]) {
      const r = refusalOf(newCustomer({ partnerCustomers: [acme], partnerTrials: [trial()] }, { companyName: name }));
      expect(r).toMatchObject({
        code: "customer_exists",
        params: { customer: "Acme Corp", customerHandle: "acme", liveTrial: "active" },
      });
    }
    const noLive = refusalOf(
      newCustomer(
        { partnerCustomers: [acme], partnerTrials: [trial({ status: "lapsed" })] },
        { companyName: "Acme Corp" },
      ),
    );
    expect(noLive.params.liveTrial).toBe("none");
  });

  it("R-PAID-1: a same-named customer of another partner, or another name, is no duplicate of this partner's", () => {
    const others = customer({ managingPartners: [{ partnerId: "p2", access: "full_admin" }] });
    expect(ok(newCustomer({ partnerCustomers: [others] }, { companyName: "Acme Corp" })).trial?.status).toBe("active");
    expect(ok(newCustomer({ partnerCustomers: [customer()] }, { companyName: "Acme Holdings" })).trial?.status).toBe(
      "active",
    );
  });
});
