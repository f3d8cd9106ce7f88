import { describe, expect, it } from "vitest";
import { acceptConsent, completeProvisioning, declineConsent, resendConsent } from "../../domain/consent.ts";
import { onTimer } from "../../domain/expiry.ts";
import { cancelTrial } from "../../domain/manage.ts";
import {
  admin,
  as,
  ctx,
  customer,
  emailsOf,
  manager,
  NOW,
  ok,
  partner,
  person,
  refusalOf,
  timerKinds,
  trial,
  unit,
} from "./fixtures.ts";

const deadline = new Date("2026-03-12T10:00:00Z");
const pending = trial({
  id: "t2",
  kind: "existing_customer",
  status: "pending_consent",
  services: ["calling"],
  meetings: null,
  startDate: null,
  endDate: null,
  consentAdminEmail: "helper@acme.example",
  consentRequestedAt: NOW,
  consentDeadline: deadline,
  partnerAccess: null,
});
const stranger = customer({ managingPartners: [{ partnerId: "p2", access: "full_admin" }] });
const base = { now: new Date("2026-03-05T10:00:00Z"), trial: pending, customer: stranger, partner: partner() };

describe("accepting consent", () => {
  it("R-CONSENT-3: with full admin access the partner becomes a full admin of the customer", () => {
    const d = ok(acceptConsent({ ...base, actor: admin("boss@acme.example"), fullAdminAccess: true }));
    expect(d.trial).toMatchObject({ status: "awaiting_provisioning", partnerAccess: "full_admin" });
    expect(d.customer?.managingPartners).toEqual([
      { partnerId: "p2", access: "full_admin" },
      { partnerId: "p1", access: "full_admin" },
    ]);
    expect(d.messages.map((m) => [m.template, m.to.kind])).toEqual([["partner.consent_accepted", "partner_space"]]);
    expect(d.audit[0]).toMatchObject({
      action: "trial.consent_accepted",
      actor: "boss@acme.example",
      details: { access: "full_admin" },
    });
  });

  it("R-CONSENT-3: unticked, the partner is a provisioning admin only", () => {
    const d = ok(acceptConsent({ ...base, actor: admin("BOSS@acme.example"), fullAdminAccess: false }));
    expect(d.trial?.partnerAccess).toBe("provisioning_admin");
    expect(d.customer?.managingPartners.find((m) => m.partnerId === "p1")?.access).toBe("provisioning_admin");
  });

  it("R-CONSENT-3: someone who is not a full admin of the customer cannot accept, and nothing changes", () => {
    for (const actor of [admin("helper@acme.example"), admin("boss@other.example"), as(person("full_admin"))]) {
      expect(refusalOf(acceptConsent({ ...base, actor, fullAdminAccess: true }))).toMatchObject({
        code: "consent_not_full_admin",
        params: { customer: "Acme Corp" },
      });
    }
  });

  it("R-CONSENT-4: on acceptance the trial waits for provisioning; completing it makes it active", () => {
    const accepted = ok(acceptConsent({ ...base, actor: admin("boss@acme.example"), fullAdminAccess: true }));
    expect(timerKinds(accepted)).toEqual([]);
    const now = new Date("2026-03-06T10:00:00Z");
    const d = ok(
      completeProvisioning({
        now,
        actor: manager,
        trial: accepted.trial!,
        customer: accepted.customer!,
        partner: partner(),
        customerTrials: [],
      }),
    );
    expect(d.trial).toMatchObject({ status: "active", startDate: "2026-03-06", endDate: "2026-04-05" });
    expect(timerKinds(d)).toEqual(["reminder_before_end", "reminder_end_day", "expiry"]);
    expect(d.messages[0]?.template).toBe("partner.trial_active");
  });

  it("R-CONSENT-4: provisioning before consent is refused as an illegal transition", () => {
    const r = refusalOf(completeProvisioning({ ...base, actor: manager, customerTrials: [] }));
    expect(r).toMatchObject({ code: "invalid_transition", params: { action: "provision", status: "pending_consent" } });
  });
});

describe("the consent window", () => {
  it("R-CONSENT-6: accepted on day 10 exactly is in time", () => {
    expect(
      ok(acceptConsent({ ...base, now: deadline, actor: admin("boss@acme.example"), fullAdminAccess: true })).trial
        ?.status,
    ).toBe("awaiting_provisioning");
  });

  it("R-CONSENT-6: accepted on day 10 + 1 minute is too late, and says so", () => {
    const r = refusalOf(
      acceptConsent({
        ...base,
        now: new Date(deadline.getTime() + 60_000),
        actor: admin("boss@acme.example"),
        fullAdminAccess: true,
      }),
    );
    expect(r).toMatchObject({
      code: "consent_expired",
      params: { deadline: deadline.toISOString(), partner: "Bright Partners" },
    });
  });

  it("R-CONSENT-6: with no action within 10 days the trial is cancelled and the customer removed from the partner's list", () => {
    const d = ok(
      onTimer({
        ...ctx({ trial: pending, customer: stranger }),
        now: deadline,
        kind: "consent_deadline",
        dueAt: deadline,
      }),
    );
    expect(d.trial).toMatchObject({ status: "cancelled", cancelReason: "consent_expired" });
    expect(d.unlinkPartnerIds).toEqual(["p1"]);
    expect(d.messages.map((m) => m.template)).toEqual(["partner.consent_expired"]);
  });

  it("R-CONSENT-6: a decline by a full admin cancels at once and tells the partner", () => {
    const d = ok(declineConsent({ ...base, actor: admin("boss@acme.example") }));
    expect(d.trial).toMatchObject({ status: "cancelled", cancelReason: "declined" });
    expect(d.unlinkPartnerIds).toEqual(["p1"]);
    expect(timerKinds(d)).toEqual([]);
    expect(d.messages.map((m) => [m.template, m.to])).toEqual([
      ["partner.consent_declined", { kind: "partner_space", partnerId: "p1" }],
    ]);
  });
});

describe("while consent is pending", () => {
  it("R-CONSENT-5: the partner may resend the request; the window does not restart", () => {
    const d = ok(resendConsent({ ...base, actor: manager }));
    expect(emailsOf(d, "customer.consent_request")).toEqual(["helper@acme.example", "boss@acme.example"]);
    expect(d.trial?.consentDeadline).toEqual(deadline);
    expect(d.audit[0]?.action).toBe("trial.consent_resent");
  });

  it("R-CONSENT-5: the partner may cancel, which removes the customer from its list", () => {
    const d = ok(cancelTrial({ ...ctx({ trial: pending, customer: stranger }) }));
    expect(d.trial?.status).toBe("cancelled");
    expect(d.unlinkPartnerIds).toEqual(["p1"]);
    expect(timerKinds(d)).toEqual([]);
  });

  it("R-CONSENT-5: resending is refused once the trial is active", () => {
    expect(refusalOf(resendConsent({ ...base, trial: trial(), actor: manager }))).toMatchObject({
      code: "invalid_transition",
      params: { status: "active" },
    });
  });
});

describe("device deadlines through the consent steps", () => {
  // Devices may be shipped while the trial waits for provisioning (recordShipment allows it).
  const waiting = trial({
    kind: "existing_customer",
    status: "awaiting_provisioning",
    startDate: null,
    endDate: null,
    services: ["messaging", "devices"],
    meetings: null,
  });

  it("R-DEV-1: completing provisioning keeps the return deadlines of devices already shipped", () => {
    const d = ok(completeProvisioning({ ...ctx({ trial: waiting, devices: [unit()] }), customerTrials: [] }));
    expect(timerKinds(d)).toEqual([
      "reminder_before_end",
      "reminder_end_day",
      "expiry",
      "device_return_due",
      "device_return_overdue",
    ]);
  });

  it("R-DEV-1: resending the consent request keeps the return deadlines too", () => {
    const d = ok(
      resendConsent({
        ...ctx({
          trial: { ...waiting, consentAdminEmail: "boss@acme.example", consentDeadline: deadline },
          devices: [unit()],
        }),
      }),
    );
    expect(timerKinds(d)).toEqual(["device_return_due", "device_return_overdue"]);
  });
});
