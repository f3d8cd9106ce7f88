// The message catalogue (bot/i18n): every refusal code and every message template the domain
// can produce has a text in English and Korean, and renders real domain output cleanly.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  buildCatalogue,
  createTranslate,
  formatDate,
  hasMessage,
  LANGUAGES,
  type Language,
  MissingMessageError,
  renderRefusal,
  renderTemplate,
  serviceName,
  translate,
} from "../../bot/i18n/index.ts";
import { EXPECTED } from "../../bot/i18n/ko/words.ts";
import { acceptConsent, completeProvisioning, declineConsent } from "../../domain/consent.ts";
import { convertTrial } from "../../domain/convert.ts";
import { contactTrialsTeam, recordReturn, requestReturnLabel } from "../../domain/devices.ts";
import { buildDigest } from "../../domain/digest.ts";
import { type Decision, MESSAGE_TEMPLATES, type MessageTemplate, type OutgoingMessage } from "../../domain/effects.ts";
import { onTimer } from "../../domain/expiry.ts";
import {
  cancelTrial,
  changeServices,
  decideDeviceExtension,
  deleteTrial,
  extendTrial,
  interestedInPurchasing,
} from "../../domain/manage.ts";
import { type DeviceUnit, TRIAL_STATUSES, type Trial } from "../../domain/model.ts";
import { CONTROL_HUB_SUBSCRIPTIONS_URL } from "../../domain/notify.ts";
import { REFUSAL_CODES, type Refusal, type RefusalCode, refuse } from "../../domain/refusals.ts";
import { scheduledTimers } from "../../domain/schedule.ts";
import type { TrialSetupInput } from "../../domain/setup.ts";
import { requestConsent, startNewCustomerTrial, startPayingCustomerTrial } from "../../domain/start.ts";
import { admin, as, ctx, customer, NOW, ok, partner, person, refusalOf, trial, unit } from "../domain/fixtures.ts";

const MAX_MARKDOWN_BYTES = 7439; // Webex: text/markdown at most 7439 bytes
const HANGUL = /[\uAC00-\uD7A3]/;

// ---- real refusals, from the domain where practical ----------------------------------------------

const meetingsSetup: TrialSetupInput = {
  services: ["messaging", "meetings"],
  meetings: { siteUrl: "acme.webex.com", timeZone: "Europe/Paris" },
};
const newCustomer = {
  companyName: "Acme Corp",
  adminEmail: "boss@acme.example",
  vertical: "Manufacturing",
  country: "US",
  locationAcknowledged: true,
};
const ids = { trialId: "t9", customerId: "c9", handle: "acme" };
const startNew = (over: Partial<typeof newCustomer> = {}, setup: TrialSetupInput = meetingsSetup) =>
  startNewCustomerTrial({
    now: NOW,
    actor: manager(),
    partner: partner(),
    ids,
    customer: { ...newCustomer, ...over },
    setup,
  });
const startPaying = (setup: TrialSetupInput, over: Parameters<typeof customer>[0] = {}) =>
  startPayingCustomerTrial({
    now: NOW,
    actor: manager(),
    partner: partner(),
    customer: customer(over),
    customerTrials: [],
    trialId: "t9",
    setup,
  });
const manager = () => as(person("sales_admin"));
const pendingTrial = (over: Partial<Trial> = {}) =>
  trial({
    kind: "existing_customer",
    status: "pending_consent",
    startDate: null,
    endDate: null,
    consentAdminEmail: "boss@acme.example",
    consentRequestedAt: NOW,
    consentDeadline: new Date("2026-03-12T10:00:00Z"),
    ...over,
  });
const deviceTrial = (over: Partial<Trial> = {}) =>
  trial({
    services: ["messaging", "devices"],
    meetings: null,
    devices: { lines: [{ model: "Webex Desk Pro", quantity: 2 }], shippingAddress: "1 Main St" },
    ...over,
  });
const ops = as(person("ops"));
const pendingRequest = {
  id: "t1:3",
  days: 20,
  requestedEndDate: "2026-03-22",
  requestedBy: "sales.admin@bright.example",
  requestedAt: NOW,
};

const REFUSAL_SAMPLES: Record<RefusalCode, () => Refusal> = {
  role_required: () => refusalOf(extendTrial({ ...ctx({ actor: as(person("read_only")) }), days: 10 })),
  not_your_trial: () =>
    refusalOf(extendTrial({ ...ctx({ actor: as(person("sales_admin", { partnerId: "p2" })) }), days: 10 })),
  own_organisation: () => refusalOf(startNew({ adminEmail: "me@bright.example" })),
  country_not_offered: () => refusalOf(startNew({ country: "Narnia" })),
  location_not_acknowledged: () => refusalOf(startNew({ locationAcknowledged: false })),
  organisation_not_confirmed: () =>
    refusalOf(
      requestConsent({
        now: NOW,
        actor: manager(),
        partner: partner(),
        customer: customer({ managingPartners: [] }),
        customerTrials: [],
        trialId: "t9",
        adminEmail: "boss@acme.example",
        organisationConfirmed: false,
        setup: meetingsSetup,
      }),
    ),
  invalid_input: () => refusalOf(startNew({ adminEmail: "not-an-email" })),
  service_not_eligible: () => refusalOf(startPaying({ services: ["calling"] }, { purchasedServices: ["calling"] })),
  no_services: () => refusalOf(startPaying({ services: [] })),
  meetings_site_required: () => refusalOf(startPaying({ services: ["meetings"] })),
  meetings_site_taken: () => refusalOf(startPaying({ ...meetingsSetup, siteUrlTaken: true })),
  invalid_length: () => refusalOf(startPaying({ services: ["calling"], lengthDays: 45 })),
  invalid_transition: () => refusalOf(extendTrial({ ...ctx({ trial: trial({ status: "lapsed" }) }), days: 10 })),
  consent_not_full_admin: () =>
    refusalOf(
      acceptConsent({ ...ctx({ trial: pendingTrial(), actor: admin("helper@acme.example") }), fullAdminAccess: true }),
    ),
  consent_expired: () =>
    refusalOf(
      acceptConsent({
        ...ctx({ trial: pendingTrial(), actor: admin("boss@acme.example"), now: new Date("2026-03-13T10:00:00Z") }),
        fullAdminAccess: true,
      }),
    ),
  extension_too_long: () => refusalOf(extendTrial({ ...ctx(), days: 31 })),
  extension_unchanged: () => refusalOf(extendTrial({ ...ctx({ trial: trial({ endDate: "2026-03-12" }) }), days: 10 })),
  shortening_needs_confirmation: () => refusalOf(extendTrial({ ...ctx(), days: 10 })),
  device_trial_too_long: () =>
    refusalOf(
      extendTrial({ ...ctx({ trial: deviceTrial({ startDate: "2025-11-15", endDate: "2026-03-10" }) }), days: 30 }),
    ),
  no_device_extension_pending: () =>
    refusalOf(decideDeviceExtension({ ...ctx({ actor: ops, trial: deviceTrial() }), approve: true })),
  extension_request_replaced: () =>
    refusalOf(
      decideDeviceExtension({
        ...ctx({ actor: ops, trial: deviceTrial({ pendingDeviceExtension: pendingRequest }) }),
        approve: true,
        requestId: "t1:0",
      }),
    ),
  extension_request_outdated: () =>
    refusalOf(
      decideDeviceExtension({
        ...ctx({
          actor: ops,
          now: new Date("2026-04-01T10:00:00Z"),
          trial: deviceTrial({ pendingDeviceExtension: pendingRequest }),
        }),
        approve: true,
      }),
    ),
  last_service: () =>
    refusalOf(
      changeServices({
        ...ctx({ trial: trial({ services: ["messaging"], meetings: null }) }),
        add: [],
        remove: ["messaging"],
        customerTrials: [],
      }),
    ),
  service_not_in_trial: () => refusalOf(changeServices({ ...ctx(), add: [], remove: ["calling"], customerTrials: [] })),
  service_already_in_trial: () =>
    refusalOf(changeServices({ ...ctx(), add: ["messaging"], remove: [], customerTrials: [] })),
  tier2_cannot_convert: () =>
    refusalOf(
      convertTrial({
        ...ctx({ partner: partner({ tier: "tier2" }) }),
        orderNumber: "12345678",
        provisioningContactEmail: "sales.admin@bright.example",
      }),
    ),
  conversion_missing_services: () =>
    refusalOf(
      convertTrial({
        ...ctx(),
        orderNumber: "12345678",
        provisioningContactEmail: "sales.admin@bright.example",
        paidServices: ["messaging"],
      }),
    ),
  confirmation_required: () => refusalOf(deleteTrial({ ...ctx(), confirmation: null })),
  return_label_us_only: () =>
    refusalOf(
      requestReturnLabel({
        ...ctx({ trial: deviceTrial(), devices: [unit({ country: "DE", carrier: "DHL" })] }),
        serial: "SN0001",
      }),
    ),
  serial_unknown: () =>
    refusalOf(requestReturnLabel({ ...ctx({ trial: deviceTrial(), devices: [unit()] }), serial: "NOPE1" })),
  trials_team_details_missing: () =>
    refusalOf(
      contactTrialsTeam({
        ...ctx({ trial: deviceTrial(), devices: [unit(), unit({ id: "t1:SN0002", serialShipped: "SN0002" })] }),
        serials: ["SN0001"],
      }),
    ),
  not_customer_admin: () => refusalOf(interestedInPurchasing(ctx({ actor: admin("stranger@elsewhere.example") }))),
  grace_ended: () =>
    refusalOf(
      convertTrial({
        ...ctx({ trial: trial({ status: "expired" }), now: new Date("2026-05-01T01:00:00Z") }),
        orderNumber: "12345678",
        provisioningContactEmail: "sales.admin@bright.example",
      }),
    ),
  live_trial_exists: () =>
    refusalOf(
      startPayingCustomerTrial({
        now: NOW,
        actor: manager(),
        partner: partner(),
        customer: customer(),
        customerTrials: [trial()],
        trialId: "t9",
        setup: { services: ["calling"] },
      }),
    ),
  customer_exists: () =>
    refusalOf(
      startNewCustomerTrial({
        now: NOW,
        actor: manager(),
        partner: partner(),
        ids,
        customer: { ...newCustomer, companyName: "ACME Corp." },
        setup: meetingsSetup,
        partnerCustomers: [customer()],
        partnerTrials: [trial()],
      }),
    ),
  // Raised by the application (app/customer-lookup.ts, app/trial-commands.ts) with these params.
  customer_not_found: () => refuse("customer_not_found", { customer: "Acne" }),
  customer_ambiguous: () =>
    refuse("customer_ambiguous", { customer: "Acme", matches: ["Acme Corp (acme)", "Acme Holdings (acme-holdings)"] }),
  no_trial: () => refuse("no_trial", { customer: "Acme Corp" }),
  changed_meanwhile: () =>
    refuse("changed_meanwhile", { trialId: "t1", customer: "Acme Corp", handle: "acme", status: "active" }),
  not_registered: () => refuse("not_registered", { email: "new.person@bright.example" }),
  // Raised by app/admin-commands.ts and app/customer-lookup.ts with these params.
  belongs_to_other_partner: () => refuse("belongs_to_other_partner", { kind: "person", value: "seller@alpha.example" }),
  customer_guess: () => refuse("customer_guess", { customer: "acm", match: "Acme Corp", handle: "acme" }),
};

// ---- real messages, from the domain where practical ------------------------------------------------

function messagesOf(...decisions: Decision[]): OutgoingMessage[] {
  return decisions.flatMap((d) => ok(d).messages);
}

/** Fires every deadline the trial has, each at its due instant. */
function fireAll(t: Trial, devices: DeviceUnit[] = []): OutgoingMessage[] {
  return scheduledTimers(t, devices).flatMap((timer) =>
    messagesOf(
      onTimer({
        ...ctx({ trial: t, devices, now: timer.dueAt, actor: { kind: "system", reason: timer.kind } }),
        kind: timer.kind,
        dueAt: timer.dueAt,
      }),
    ),
  );
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a declarative table of every message the domain sends
function domainMessages(): OutgoingMessage[] {
  const active = trial({ services: ["messaging", "meetings", "calling"] });
  const units = [
    unit(),
    unit({ id: "t1:SN0002", serialShipped: "SN0002", model: "Webex Board 55" }),
    unit({ id: "t1:SN0003", serialShipped: "SN0003", country: "DE", carrier: "DHL" }),
    unit({ id: "t1:SN0004", serialShipped: "SN0004", country: "AU", carrier: "Expeditors" }),
    unit({ id: "t1:SN0005", serialShipped: "SN0005", country: "BR", carrier: "per_location" }),
  ];
  const devices = deviceTrial({ endDate: "2026-05-30", startDate: "2026-03-01" });
  const pending = deviceTrial({ endDate: "2026-03-10", pendingDeviceExtension: pendingRequest });
  const consent = requestConsent({
    now: NOW,
    actor: manager(),
    partner: partner(),
    customer: customer({ managingPartners: [] }),
    customerTrials: [],
    trialId: "t9",
    adminEmail: "helper@acme.example",
    organisationConfirmed: true,
    setup: meetingsSetup,
  });
  return [
    ...messagesOf(
      startNew(),
      consent,
      startPaying({ services: ["calling", "messaging"] }),
      acceptConsent({ ...ctx({ trial: pendingTrial(), actor: admin("boss@acme.example") }), fullAdminAccess: false }),
      declineConsent(ctx({ trial: pendingTrial(), actor: admin("boss@acme.example") })),
      completeProvisioning({
        ...ctx({ trial: pendingTrial({ status: "awaiting_provisioning" }) }),
        customerTrials: [],
      }),
      extendTrial({ ...ctx({ now: new Date("2026-03-25T10:00:00Z") }), days: 30 }),
      extendTrial({ ...ctx({ trial: deviceTrial({ endDate: "2026-03-20" }) }), days: 30 }),
      decideDeviceExtension({ ...ctx({ actor: ops, trial: pending }), approve: false }),
      decideDeviceExtension({ ...ctx({ actor: ops, trial: pending }), approve: true }),
      // R-EXT-1 a confirmed shortening; R-EXT-2 a request that replaces a pending one.
      extendTrial({ ...ctx(), days: 10, confirmShorten: true }),
      extendTrial({
        ...ctx({ trial: deviceTrial({ endDate: "2026-03-20", pendingDeviceExtension: pendingRequest, version: 5 }) }),
        days: 25,
      }),
      changeServices({ ...ctx(), add: ["calling"], remove: ["meetings"], customerTrials: [] }),
      convertTrial({
        ...ctx({ trial: active }),
        orderNumber: "12345678",
        provisioningContactEmail: "sales.admin@bright.example",
        paidServices: ["messaging", "meetings"],
        confirmMissing: true,
      }),
      convertTrial({
        ...ctx({ trial: deviceTrial(), devices: [unit()] }),
        orderNumber: "12345679",
        provisioningContactEmail: "boss@acme.example",
        trialAdminEmail: "boss@acme.example",
      }),
      cancelTrial({ ...ctx(), reason: "Customer chose another vendor" }),
      deleteTrial({ ...ctx(), confirmation: "Yes" }),
      interestedInPurchasing(ctx({ actor: admin("helper@acme.example") })),
      recordReturn({ ...ctx({ trial: devices, devices: units.slice(0, 2) }), serials: ["SN0001", "WRONG99"] }),
      requestReturnLabel({ ...ctx({ trial: devices, devices: units }), serial: "SN0001" }),
      contactTrialsTeam({
        ...ctx({ trial: devices, devices: units }),
        customerOrgId: "org-acme",
        customerAdminEmail: "boss@acme.example",
        note: "Two boxes, one damaged",
      }),
    ),
    // R-CONSENT-6 window, R-EXP-1..5 and R-DEV-1 deadlines.
    ...fireAll(pendingTrial()),
    ...fireAll(active),
    ...fireAll(
      trial({
        services: ["messaging", "calling"],
        status: "expired",
        handledTimers: { expiry: "2026-04-01T00:00:00.000Z" },
      }),
    ),
    ...fireAll(trial({ services: ["messaging", "calling"], status: "lapsed" })),
    ...fireAll(devices, units),
    {
      to: { kind: "room", roomId: "room-1", parentId: "msg-1" },
      template: "bot.reply",
      data: { markdown: "Done: the trial of **Acme Corp** now ends 1 Apr 2026." },
    },
    {
      to: { kind: "ops_space" },
      template: "ops.daily_digest",
      data: { ...buildDigest(digestInput()) },
    },
    // Not sent by the domain today (an approval arrives as partner.trial_extended with approvedBy).
    {
      to: { kind: "partner_space", partnerId: "p1" },
      template: "partner.device_extension_approved",
      data: {
        trialId: "t1",
        customer: "Acme Corp",
        customerHandle: "acme",
        services: ["devices"],
        status: "active",
        endDate: "2026-04-20",
        days: 20,
        by: "ops@cisco.example",
      },
    },
    // Written by the outbox sender when Webex refuses a message to a person for good.
    {
      to: { kind: "partner_space", partnerId: "p1" },
      template: "partner.message_undeliverable",
      data: {
        trialId: "t1",
        customer: "Acme Corp",
        customerHandle: "acme",
        recipient: "boss@acme.example",
        what: "customer.welcome",
        reason: "not_found",
        outboxId: "o1",
      },
    },
  ];
}

function digestInput(n = 1) {
  const trials: Trial[] = [];
  const customers = [];
  const devices: DeviceUnit[] = [];
  for (let i = 0; i < n; i++) {
    customers.push(
      customer({ id: `c${i}`, handle: `customer-${i}`, name: `Customer Number ${i} International Holdings` }),
    );
    trials.push(
      trial({
        id: `a${i}`,
        customerId: `c${i}`,
        endDate: "2026-03-05",
        services: ["messaging", "meetings", "calling", "devices"],
      }),
    );
    trials.push(
      trial({ id: `b${i}`, customerId: `c${i}`, status: "expired", startDate: "2026-01-06", endDate: "2026-02-05" }),
    );
    trials.push(pendingTrial({ id: `p${i}`, customerId: `c${i}`, consentDeadline: new Date("2026-03-03T10:00:00Z") }));
    devices.push(
      unit({
        id: `a${i}:X${i}`,
        trialId: `a${i}`,
        serialShipped: `SERIAL-${i}`,
        returnStatus: i % 2 ? "missing" : "mismatch",
      }),
    );
  }
  return { now: NOW, timeZone: "UTC", trials, customers, partners: [partner()], devices };
}

const MESSAGES = domainMessages();

function samplesOf(template: MessageTemplate): OutgoingMessage[] {
  return MESSAGES.filter((m) => m.template === template);
}

/** Rendering faults that must never reach a person. */
function expectClean(text: string, what: string) {
  expect(text.trim(), `${what}: empty`).not.toBe("");
  expect(text, `${what}: contains undefined`).not.toMatch(/undefined/);
  expect(text, `${what}: contains null`).not.toMatch(/\bnull\b/);
  expect(text, `${what}: contains [object Object]`).not.toContain("[object Object]");
  expect(text, `${what}: contains NaN`).not.toMatch(/\bNaN\b/);
  expect(text, `${what}: contains Invalid Date`).not.toContain("Invalid Date");
  expect(text, `${what}: unreplaced placeholder`).not.toMatch(/\{[^}]*\}|\$\{/);
  expect(Buffer.byteLength(text, "utf8"), `${what}: too long for Webex`).toBeLessThan(MAX_MARKDOWN_BYTES);
}

// ---- tests ------------------------------------------------------------------------------------------

describe("message catalogue coverage", () => {
  it.each(LANGUAGES)("every refusal code has its own %s text", (lang) => {
    const missing = REFUSAL_CODES.filter((code) => !hasMessage(lang, `refusal.${code}`, false));
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES)("every message template has its own %s text", (lang) => {
    const missing = MESSAGE_TEMPLATES.filter((t) => !hasMessage(lang, `template.${t}`, false));
    expect(missing).toEqual([]);
  });

  it("every refusal code has a sample refusal, built from the domain where it can be", () => {
    for (const code of REFUSAL_CODES) {
      const sample = REFUSAL_SAMPLES[code];
      expect(sample, `no sample for ${code}`).toBeTypeOf("function");
      expect(sample().code).toBe(code);
    }
  });

  it("every message template has a sample message", () => {
    const missing = MESSAGE_TEMPLATES.filter((t) => samplesOf(t).length === 0);
    expect(missing).toEqual([]);
  });

  it("every invalid_input expectation the domain states has a Korean text", () => {
    const dir = fileURLToPath(new URL("../../domain/", import.meta.url));
    const stated = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      for (const m of readFileSync(dir + file, "utf8").matchAll(/expected: "((?:\\.|[^"\\])*)"/g))
        stated.add(JSON.parse(`"${m[1]}"`) as string);
    }
    expect(stated.size).toBeGreaterThan(10);
    expect([...stated].filter((e) => !(e in EXPECTED))).toEqual([]);
  });
});

describe.each(LANGUAGES)("refusals in %s", (lang: Language) => {
  it.each(REFUSAL_CODES)("%s renders cleanly", (code) => {
    const refusal = REFUSAL_SAMPLES[code]();
    const text = renderRefusal(lang, refusal);
    expectClean(text, `${lang} refusal.${code}`);
    if (lang === "ko") expect(text).toMatch(HANGUL);
  });
});

describe.each(LANGUAGES)("templates in %s", (lang: Language) => {
  it.each(MESSAGE_TEMPLATES)("%s renders cleanly", (template) => {
    for (const message of samplesOf(template)) {
      const text = renderTemplate(lang, message);
      expectClean(text, `${lang} template.${template} ${String(message.data.event ?? "")}`);
      // A queued chat reply was written in its reader's language already: it is sent as it is.
      if (template === "bot.reply") expect(text).toBe(message.data.markdown);
      else if (lang === "ko") expect(text).toMatch(HANGUL);
    }
  });
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("what the refusals say", () => {
  const en = (code: RefusalCode) => renderRefusal("en", REFUSAL_SAMPLES[code]());
  const ko = (code: RefusalCode) => renderRefusal("ko", REFUSAL_SAMPLES[code]());

  it("R-ORG-2: role_required names the roles that are needed and what to do", () => {
    expect(en("role_required")).toBe(
      "You need one of these roles to do that: full admin, sales full admin or sales admin. Ask a partner full admin to change your role.",
    );
    expect(ko("role_required")).toContain("영업 전체 관리자");
  });

  it("R-ORG-3: own_organisation says a CUWP order in CCW is needed", () => {
    for (const text of [en("own_organisation"), ko("own_organisation")]) {
      expect(text).toContain("CUWP");
      expect(text).toContain("CCW");
    }
    expect(en("own_organisation")).toContain("Cisco Commerce Workspace");
  });

  it("R-CONV-2: tier2_cannot_convert says to contact the distributor", () => {
    expect(en("tier2_cannot_convert")).toMatch(/contact your distributor/i);
    expect(ko("tier2_cannot_convert")).toContain("총판");
  });

  it("R-EXT-1: a shortening names both dates and how to confirm it (the command with this customer's handle, or the tick)", () => {
    expect(REFUSAL_SAMPLES.shortening_needs_confirmation().params).toMatchObject({
      currentEndDate: "2026-03-31",
      requestedEndDate: "2026-03-12",
    });
    const text = en("shortening_needs_confirmation");
    expect(text).toContain("**12 Mar 2026**, which is 19 days earlier than its current end date, **31 Mar 2026**");
    expect(text).toContain("`trial extend acme 10 confirm`");
    expect(text).toContain("Nothing was changed yet");
    const k = ko("shortening_needs_confirmation");
    expect(k).toContain("2026년 3월 12일");
    expect(k).toContain("2026년 3월 31일");
    expect(k).toContain("`trial extend acme 10 confirm`");
    expect(en("extension_unchanged")).toContain("12 Mar 2026");
    expect(ko("extension_unchanged")).toContain("2026년 3월 12일");
  });

  it("R-EXT-1: the extension message says where the end really moved (both dates), not the days typed", () => {
    const extended = samplesOf("partner.trial_extended")[0]!;
    expect(extended.data).toMatchObject({
      days: 30,
      previousEndDate: "2026-03-31",
      endDate: "2026-04-24",
      movedDays: 24,
    });
    const text = renderTemplate("en", extended);
    expect(text).toContain("**The trial for Acme Corp now ends on 24 Apr 2026** (was 31 Mar 2026)");
    expect(text).toContain("The end moved 24 days later.");
    expect(text).not.toMatch(/extended by 30 days/);
    expect(renderTemplate("ko", extended)).toContain("종료일이 24일 늦춰졌습니다");
    const shortened = renderTemplate("en", {
      ...extended,
      data: { ...extended.data, endDate: "2026-03-20", movedDays: -11 },
    });
    expect(shortened).toContain("The trial is 11 days shorter.");
    expect(
      translate("en", "reply.extended", { customer: "Acme", endDate: "2026-12-27", previousEndDate: "2026-12-22" }),
    ).toBe("Done: the trial of **Acme** now ends on 27 Dec 2026 (was 22 Dec 2026).");
    expect(
      translate("ko", "reply.extended", { customer: "Acme", endDate: "2026-12-27", previousEndDate: "2026-12-22" }),
    ).toContain("(이전: 2026년 12월 22일)");
  });

  it("R-EXT-2: the ops request names the requested end date and both ways to decide; a replaced card says which request counts", () => {
    const request = samplesOf("ops.device_extension_approval")[0]!;
    const text = renderTemplate("en", request);
    expect(text).toContain(
      "asks to extend the trial to end on **1 Apr 2026** (today + 30 days). Approving sets exactly this end date.",
    );
    expect(text).toContain("`device approve acme`");
    expect(renderTemplate("ko", request)).toContain("`device deny acme`");
    expect(en("extension_request_replaced")).toContain("**22 Mar 2026**");
    expect(en("extension_request_replaced")).toContain("`device approve acme`");
    expect(ko("extension_request_replaced")).toContain("2026년 3월 22일");
    expect(en("extension_request_outdated")).toContain("22 Mar 2026");
    expect(en("extension_request_outdated")).toContain("`device deny acme`");
    expect(ko("extension_request_outdated")).toContain("`device deny acme`");
    // `trial show` names the end date a pending request asks for, not a raw number of days.
    const shown = (lang: Language) =>
      translate(lang, "reply.trial_show", {
        customer: "Acme",
        handle: "acme",
        status: "active",
        services: ["devices"],
        endDate: "2026-03-20",
        kind: "new_customer",
        pendingExtension: "2026-03-27",
      });
    expect(shown("en")).toContain("A device-trial extension to end on 27 Mar 2026 waits for the trials team.");
    expect(shown("ko")).toContain("종료일을 2026년 3월 27일로 바꾸는 디바이스 트라이얼 연장");
  });

  it("R-CONV-3: conversion_missing_services names what would be lost and how to confirm", () => {
    expect(en("conversion_missing_services")).toContain("Meetings");
    expect(en("conversion_missing_services")).toMatch(/confirm/);
    expect(ko("conversion_missing_services")).toContain("미팅");
  });

  it("R-CONSENT-6: consent_expired gives the deadline", () => {
    expect(en("consent_expired")).toContain("12 Mar 2026, 10:00 UTC");
    expect(ko("consent_expired")).toContain("2026년 3월 12일");
  });

  it("changed_meanwhile names the trial and what to type, without blaming someone else (issue 12)", () => {
    expect(en("changed_meanwhile")).toBe(
      "The trial of **Acme Corp** changed while I was handling your request (it is now active). Nothing was changed. Type `trial show acme` to see it as it is now, and try again.",
    );
    expect(ko("changed_meanwhile")).toContain("`trial show acme`");
    expect(ko("changed_meanwhile")).toContain("활성");
    const card = renderRefusal(
      "en",
      refuse("changed_meanwhile", { customer: "Acme Corp", handle: "acme", card: "removed", audience: "customer" }),
    );
    expect(card).toContain("I removed the card and changed nothing. Type `requests`");
  });

  it("an unknown 5,000-character name is not echoed whole (issue 12)", () => {
    for (const lang of LANGUAGES) {
      const text = renderRefusal(lang, refuse("customer_not_found", { customer: "x".repeat(5000) }));
      expect(text.length, lang).toBeLessThan(400);
      expect(text, lang).toContain(`${"x".repeat(79)}…`);
    }
  });

  it("customer_ambiguous lists the matches", () => {
    expect(en("customer_ambiguous")).toContain("- Acme Corp (acme)");
    expect(en("customer_ambiguous")).toContain("- Acme Holdings (acme-holdings)");
  });

  it("invalid_input says which field, what was given and what is expected", () => {
    const text = en("invalid_input");
    expect(text).toContain("Customer admin e-mail");
    expect(text).toContain("not-an-email");
    expect(text).toContain("an e-mail address");
    expect(ko("invalid_input")).toContain("이메일 주소");
  });

  it("R-ELIG-1: service_not_eligible names the service and the reason", () => {
    expect(en("service_not_eligible")).toMatch(/Calling.*already purchased/);
    expect(ko("service_not_eligible")).toContain("통화");
  });
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("what the messages say", () => {
  const one = (template: MessageTemplate, pick: (m: OutgoingMessage) => boolean = () => true) => {
    const m = samplesOf(template).find(pick);
    if (!m) throw new Error(`no sample for ${template}`);
    return m;
  };

  it("R-EXP-1: the customer expiry reminder links the Control Hub subscription page", () => {
    for (const lang of LANGUAGES) {
      for (const m of samplesOf("customer.expiry_reminder"))
        expect(renderTemplate(lang, m)).toContain(CONTROL_HUB_SUBSCRIPTIONS_URL);
    }
  });

  it("R-EXP-1: the partner reminder lists the expiring services and days left", () => {
    const text = renderTemplate(
      "en",
      one("partner.expiry_reminder", (m) => m.data.daysLeft === 7),
    );
    expect(text).toContain("in 7 days");
    expect(text).toContain("Messaging, Meetings and Calling");
    expect(
      renderTemplate(
        "ko",
        one("partner.expiry_reminder", (m) => m.data.daysLeft === 7),
      ),
    ).toContain("메시징, 미팅 및 통화");
  });

  it("R-DEV-2: device returns explain each carrier's process and who books the pickup", () => {
    const text = renderTemplate("en", one("customer.device_return_due"));
    expect(text).toContain("original packaging");
    expect(text).toContain("return label that is in the device box");
    expect(text).toContain("book a UPS pickup yourself");
    expect(text).toContain("Cisco then processes the return (RMA)");
    expect(text).toMatch(/new label can be requested, or the trials team decides how your location returns/);
    expect(text).toContain("contact DHL yourself to schedule the pickup");
    expect(text).toContain("contact Expeditors yourself to schedule the pickup");
    expect(text).toContain("decided per location");
    const ko = renderTemplate("ko", one("customer.device_return_due"));
    expect(ko).toContain("원래 포장재");
    expect(ko).toContain("UPS 픽업을 예약");
    expect(ko).toContain("DHL에 연락해 픽업 일정");
    expect(ko).toContain("Expeditors에 연락해 픽업 일정");
  });

  it("R-CONV-1: the provisioning message names the contact's side and the trial admin, with a Set up service link", () => {
    const m = one("contact.provisioning_setup", (x) => x.data.orderNumber === "12345679");
    expect(m.to).toMatchObject({ kind: "email", email: "boss@acme.example" });
    const text = renderTemplate("en", m);
    expect(text).toContain("Provisioning information required for order 12345679");
    expect(text).toContain("(as the customer's admin)");
    expect(text).toContain("Trial customer admin: boss@acme.example");
    expect(text).toMatch(/\[Set up service\]\(https:\/\/admin\.webex\.com\)/);
    const ko = renderTemplate("ko", m);
    expect(ko).toContain("(고객 관리자)");
    expect(ko).toMatch(/\[서비스 설정\(Set up service\)\]\(https:\/\/admin\.webex\.com\)/);
  });

  it("R-CONV-5: the conversion messages say the trial devices must go back, and only when there were devices", () => {
    const withDevices = one("partner.trial_converted", (x) => x.data.orderNumber === "12345679");
    expect(renderTemplate("en", withDevices)).toContain("The trial devices must still go back");
    expect(renderTemplate("en", withDevices)).toContain("14 May 2026");
    expect(renderTemplate("en", withDevices)).toContain("ordered through Cisco Commerce Workspace (CCW)");
    expect(renderTemplate("ko", withDevices)).toContain("트라이얼 디바이스는 반납해야 합니다");
    const customerSide = one("customer.trial_converted", (x) => x.data.orderNumber === "12345679");
    expect(renderTemplate("en", customerSide)).toContain("The trial devices must still go back");
    const without = one("partner.trial_converted", (x) => x.data.orderNumber === "12345678");
    expect(renderTemplate("en", without)).not.toContain("devices must still go back");
  });

  it("R-PAID-1: a second trial points to editing the live one; a known company offers the existing customer", () => {
    const second = renderRefusal("en", REFUSAL_SAMPLES.live_trial_exists());
    expect(second).toContain("only one live trial");
    expect(second).toContain("`trial services acme +calling -meetings`");
    expect(second).toContain("31 Mar 2026");
    expect(renderRefusal("ko", REFUSAL_SAMPLES.live_trial_exists())).toContain(
      "`trial services acme +calling -meetings`",
    );
    const known = renderRefusal("en", REFUSAL_SAMPLES.customer_exists());
    expect(known).toContain("**Acme Corp** is already one of your customers (handle `acme`)");
    expect(known).toContain("`trial show acme`");
    expect(renderRefusal("ko", REFUSAL_SAMPLES.customer_exists())).toContain("이미 귀사의 고객입니다(핸들 `acme`)");
  });

  it("R-CONV-4: past the grace end the refusal names the grace end and that nothing changed", () => {
    const text = renderRefusal("en", REFUSAL_SAMPLES.grace_ended());
    expect(text).toContain("no longer convert it");
    expect(text).toContain("31 Mar 2026");
    expect(renderRefusal("ko", REFUSAL_SAMPLES.grace_ended())).toContain("더 이상 전환할 수 없습니다");
  });

  it("R-CONSENT-3: the consent request explains full admin access and provisioning admin", () => {
    const text = renderTemplate("en", one("customer.consent_request"));
    expect(text).toContain("Full admin access");
    expect(text).toContain("provisioning admin");
    expect(text).toContain("12 Mar 2026");
  });

  it("R-CONSENT-3: full admin access = provision AND manage users and licences; provisioning admin = provision only (never the swapped wording)", () => {
    const en = renderTemplate("en", one("customer.consent_request"));
    expect(en).toContain(
      "becomes a full admin of your organisation and may provision the trial services and also manage your users and licences",
    );
    expect(en).toContain(
      "becomes a provisioning admin and may only provision the trial services; it cannot manage your users or licences",
    );
    expect(en).not.toMatch(/only provision the trial services and manage/);
    const ko = renderTemplate("ko", one("customer.consent_request"));
    expect(ko).toContain("사용자와 라이선스도 관리할 수 있습니다");
    expect(ko).toContain("프로비저닝만 할 수 있으며, 사용자나 라이선스는 관리할 수 없습니다");
    expect(ko).not.toContain("라이선스 관리만");
    // What the partner is told it got, and what `trial show` says.
    const accepted = samplesOf("partner.consent_accepted")[0]!;
    expect(accepted.data.access).toBe("provisioning_admin");
    expect(renderTemplate("en", accepted)).toContain(
      "provisioning admin (you may only provision the trial services, not manage users or licences)",
    );
    expect(renderTemplate("ko", accepted)).toContain("트라이얼 서비스 프로비저닝만 가능, 사용자·라이선스 관리 불가");
    const shown = (lang: Language, access: string) =>
      translate(lang, "reply.trial_show", {
        customer: "Acme",
        handle: "acme",
        status: "awaiting_provisioning",
        services: ["messaging"],
        endDate: "",
        kind: "existing_customer",
        access,
      });
    expect(shown("en", "full_admin")).toContain(
      "Partner access: full admin of the customer's organisation (you may provision the trial services and manage users and licences).",
    );
    expect(shown("en", "provisioning_admin")).not.toContain("provisioning_admin");
    expect(shown("ko", "provisioning_admin")).toContain(
      "파트너 권한: 프로비저닝 관리자(트라이얼 서비스 프로비저닝만 가능",
    );
    expect(shown("ko", "full_admin")).not.toContain("full_admin");
  });

  it("R-EXP-6: every ops expiry event has its own wording", () => {
    const events = samplesOf("ops.event").map((m) => String(m.data.event));
    expect(events).toEqual(
      expect.arrayContaining([
        "reminder_before_end",
        "expired",
        "users_notified",
        "lapsed",
        "calling_numbers_released",
        "device_return_overdue",
        "device_return_mismatch",
      ]),
    );
    for (const m of samplesOf("ops.event")) expect(renderTemplate("en", m)).not.toMatch(/Trial event/);
  });

  it("R-EXP-6: the daily digest renders the domain Digest, and stays under the Webex limit when large", () => {
    const small = renderTemplate("en", one("ops.daily_digest"));
    expect(small).toContain("Daily trials digest, 2 Mar 2026");
    expect(small).toContain("Customer Number 0 International Holdings");
    for (const lang of LANGUAGES) {
      const big = renderTemplate(lang, {
        template: "ops.daily_digest",
        data: { digest: buildDigest(digestInput(200)) },
      });
      expectClean(big, `${lang} large digest`);
      expect(big).toContain(lang === "en" ? "… and 185 more" : "… 외 185개");
    }
  });

  it("R-DEV-1: many device units stay under the Webex limit", () => {
    const units = Array.from({ length: 80 }, (_, i) => ({
      model: "Webex Room Kit Pro",
      serial: `FOC${1000000 + i}`,
      dueDate: "2026-05-14",
      carrier: "UPS",
      labelInBox: true,
    }));
    for (const lang of LANGUAGES) {
      for (const template of [
        "customer.device_return_due",
        "partner.device_return_due",
        "partner.device_return_overdue",
      ] as const) {
        expectClean(
          renderTemplate(lang, { template, data: { customer: "Acme Corp", services: ["devices"], units } }),
          `${lang} ${template}`,
        );
      }
    }
  });

  it("markdown in names a person typed is escaped", () => {
    const text = renderTemplate("en", {
      template: "partner.trial_active",
      data: { customer: "*Bold* _Co_ [x](y)", services: ["calling"], endDate: "2026-03-31" },
    });
    expect(text).toContain("\\*Bold\\* \\_Co\\_ \\[x\\](y)");
  });
});

describe("translate", () => {
  it("renders dates readably and deterministically", () => {
    expect(formatDate("en", "2026-03-31")).toBe("31 Mar 2026");
    expect(formatDate("ko", "2026-03-31")).toBe("2026년 3월 31일");
    expect(formatDate("en", "2026-03-31", "Pacific/Kiritimati")).toBe("31 Mar 2026"); // a calendar date has no zone
    expect(formatDate("en", "2026-03-31T23:30:00Z")).toBe("31 Mar 2026");
    expect(formatDate("en", "2026-03-31T23:30:00Z", "Asia/Seoul")).toBe("1 Apr 2026");
    expect(formatDate("en", new Date("2026-03-31T10:00:00Z"))).toBe("31 Mar 2026");
    expect(formatDate("en", "not a date")).toBe("not a date");
    // Said again (kept after the first time): the same text, in each one's own language.
    for (let i = 0; i < 2; i++) {
      expect(formatDate("ko", "2026-03-31")).toBe("2026년 3월 31일");
      expect(formatDate("en", " 2026-03-31 ")).toBe("31 Mar 2026");
      // Not a real day: shown as given, never as another day.
      expect(formatDate("en", "2026-02-30")).toBe("2026-02-30");
      expect(formatDate("ko", "2026-02-29")).toBe("2026-02-29");
    }
  });

  it("R-SVC-1: names services in each language", () => {
    expect(["messaging", "meetings", "calling", "devices"].map((s) => serviceName("en", s))).toEqual([
      "Messaging",
      "Meetings",
      "Calling",
      "Devices",
    ]);
    expect(["messaging", "meetings", "calling", "devices"].map((s) => serviceName("ko", s))).toEqual([
      "메시징",
      "미팅",
      "통화",
      "디바이스",
    ]);
  });

  it("throws on a missing key in strict mode (tests)", () => {
    expect(() => translate("en", "no.such.key")).toThrow(MissingMessageError);
  });

  it("renders the key of a missing message in production, and falls back to English", () => {
    const en = buildCatalogue({ commands: { hello: () => "Hello", both: () => "Both EN" } });
    const ko = buildCatalogue({ commands: { both: () => "둘 다" } });
    const production = createTranslate({ en, ko }, () => false);
    expect(production("ko", "hello")).toBe("Hello");
    expect(production("ko", "both")).toBe("둘 다");
    expect(production("ko", "no.such.key")).toBe("no.such.key");
    const broken = createTranslate(
      {
        en,
        ko: buildCatalogue({
          commands: {
            hello: () => {
              throw new Error("bug");
            },
          },
        }),
      },
      () => false,
    );
    expect(broken("ko", "hello")).toBe("Hello");
    const strict = createTranslate({ en, ko }, () => true);
    expect(() => strict("ko", "no.such.key")).toThrow(MissingMessageError);
  });

  it("looks refusals and templates up by their keys", () => {
    const refusal = REFUSAL_SAMPLES.own_organisation();
    expect(translate("en", refusal.messageKey, refusal.params)).toBe(renderRefusal("en", refusal));
    const message = samplesOf("partner.trial_started")[0]!;
    expect(translate("ko", `template.${message.template}`, message.data)).toBe(renderTemplate("ko", message));
  });
});

// ---- the Korean glossary (issue 12) --------------------------------------------------------------

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("a Korean reader sees Korean words", () => {
  /** Values the code uses that must never be shown raw: statuses, kinds, accesses, roles, events. */
  const RAW = [
    ...TRIAL_STATUSES,
    "new_customer",
    "existing_customer",
    "paying_customer",
    "provisioning_admin",
    "full_admin",
    "sales_full_admin",
    "sales_admin",
    "read_only",
    "customer_admin",
    "consent_expired",
    "trial.started",
    "trial.extended",
    "trial.consent_accepted",
    "message.undeliverable",
    "customer.welcome",
  ];
  /** Text outside inline code (what is typed, e.g. a status filter, may stay as typed). */
  const prose = (markdown: string) => markdown.replace(/`[^`]*`/g, "");
  const rawIn = (markdown: string) =>
    RAW.filter((w) => new RegExp(`(^|[^a-z_.])${w.replace(".", "\\.")}($|[^a-z_])`).test(prose(markdown)));
  /** An English placeholder such as <customer> or <email>, in code or not. */
  const englishPlaceholder = /<(?!yyyy)[a-z][a-z -]*>/;

  function expectKorean(text: string, what: string) {
    expect(rawIn(text), `${what}: raw values in ${text}`).toEqual([]);
    expect(text, `${what}: English placeholder`).not.toMatch(englishPlaceholder);
    // One word for "trial" (트라이얼), as in the rest of the catalogue and cards.
    expect(text, `${what}: 체험판`).not.toContain("체험판");
  }

  it.each(REFUSAL_CODES)("refusal %s", (code) => {
    expectKorean(renderRefusal("ko", REFUSAL_SAMPLES[code]()), code);
  });

  it.each(MESSAGE_TEMPLATES.filter((t) => t !== "bot.reply"))("template %s", (template) => {
    for (const m of samplesOf(template)) expectKorean(renderTemplate("ko", m), template);
  });

  it("trial show, audit and the test clock name kinds, accesses, events and times in Korean", () => {
    const show = translate("ko", "reply.trial_show", {
      customer: "Acme Corp",
      handle: "acme",
      status: "awaiting_provisioning",
      services: ["calling"],
      endDate: "",
      kind: "existing_customer",
      lengthDays: 30,
      access: "full_admin",
      undelivered: [
        {
          what: "customer.welcome",
          recipient: "boss@acme.example",
          reason: "not_found",
          at: "2026-03-12T10:00:00.000Z",
        },
      ],
    });
    expectKorean(show, "trial show");
    expect(show).toContain("기존 고객");
    expect(show).toContain("고객 조직의 전체 관리자");
    const audit = translate("ko", "reply.audit", {
      customer: "Acme Corp",
      timeZone: "Asia/Seoul",
      entries: [
        { at: "2026-03-12T10:00:00.000Z", action: "trial.started", actor: "sam@bright.example" },
        { at: "2026-03-13T00:00:00.000Z", action: "trial.consent_expired", actor: "system:consent_deadline" },
      ],
    });
    expectKorean(audit, "audit");
    expect(audit).toContain("트라이얼 시작");
    expect(audit).toContain("trials-bot(자동)");
    expect(audit).not.toContain("2026-03-12T");
    const clock = translate("ko", "reply.clock", { now: "2026-03-12T10:00:00.000Z" });
    expect(clock).not.toContain("T10:00");
    expect(clock).toContain("2026년 3월 12일");
    // The English reader is not shown raw names either.
    expect(
      translate("en", "reply.audit", {
        customer: "Acme",
        entries: [{ at: "2026-03-12T10:00:00.000Z", action: "trial.consent_accepted", actor: "x@y.example" }],
      }),
    ).toContain("consent accepted");
  });

  it("the customer admin's replies (R-CONSENT-7) use Korean placeholders and words", () => {
    const requests = translate("ko", "reply.requests", {
      requests: [
        {
          partner: "Bright Partners",
          customer: "Acme Corp",
          handle: "acme",
          services: ["calling"],
          deadline: "2026년 3월 22일",
          canAnswer: true,
        },
      ],
      trials: [
        {
          partner: "Bright Partners",
          customer: "Acme Corp",
          status: "active",
          services: ["messaging"],
          endDate: "2026-04-01",
        },
      ],
    });
    expectKorean(requests, "requests");
    for (const key of ["usage.accept", "usage.decline", "usage.interested", "help.customer_admin"])
      expectKorean(translate("ko", key), key);
  });
});

describe("trial list filters are worded per language (issue 12)", () => {
  it("a Korean reader's filter and partner column are Korean", () => {
    const row = {
      customer: "Acme Corp",
      handle: "acme",
      partner: "Bright Partners",
      status: "pending_consent",
      services: ["calling"],
      endDate: "",
    };
    const ko = translate("ko", "reply.trial_list", { expiringDays: 7, statusFilter: "active", rows: [row] });
    expect(ko).toContain("7일 안에 종료");
    expect(ko).toContain("파트너 **Bright Partners**");
    expect(ko).not.toMatch(/expiring|with status|pending_consent/);
    expect(translate("en", "reply.trial_list", { expiringDays: 7, rows: [] })).toBe(
      "No trials (ending within 7 days). Start one with `trial start`.",
    );
  });
});
