// Every card trials-bot sends, in English and Korean, with representative data (and re-sent with
// problems shown): valid Adaptive Cards 1.3 for the official SDK (no errors, no warnings), at most
// five actions, the attachment well under Webex's message size, the fallback under 7439 bytes.
import { describe, expect, it } from "vitest";
import { ADAPTIVE_CARD_CONTENT_TYPE } from "../../bot/webex/types.ts";
import { type BuiltCard, MAX_ACTIONS } from "../../cards/elements.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import { cancelCard, convertCard, deleteCard, editCard, type TrialSummary, trialMenuCard } from "../../cards/manage.ts";
import { consentCard, opsExtensionCard, reminderCard } from "../../cards/notify.ts";
import { CardSigner } from "../../cards/reference.ts";
import {
  existingCustomerCard,
  existingLookupCard,
  newCustomerCard,
  payingCustomerCard,
  provisionCard,
} from "../../cards/start.ts";
import type { FieldProblem } from "../../cards/submit/problems.ts";
import type { Language } from "../../domain/model.ts";
import { SERVICES } from "../../domain/services.ts";
import { allActions, sdkProblems } from "./sdk.ts";

const signer = new CardSigner("test-card-secret-0123456789");
const ref = (kind: Parameters<CardSigner["sign"]>[0]["kind"]) =>
  signer.sign({ kind, trialId: "3f6f0b7e-5d7c-4d39-9d7e-3b5a1b8f2c11", version: 7, partnerId: "p-bright" });

const summary: TrialSummary = {
  customer: "Acme Corp",
  status: "active",
  services: ["messaging", "meetings", "calling", "devices"],
  endDate: "1 Apr 2026",
  daysLeft: 20,
};
const customer = { name: "Globex GmbH", handle: "globex", country: "DE", region: "EU" };
const problems: FieldProblem[] = [
  { field: "companyName", code: "required" },
  { field: "adminEmail", code: "email", value: "boss@" },
  { field: "country", code: "country_not_offered", value: "IR" },
  { field: "locationAck", code: "ack_required" },
  { field: "services", code: "services_required" },
  { field: "lengthDays", code: "length_invalid", value: "45" },
  { field: "siteUrl", code: "site_url", value: "globex" },
  { field: "siteTimeZone", code: "time_zone", value: "Mars/Base" },
  { field: "deviceModel", code: "device_model", line: 1 },
  { field: "deviceQty", code: "device_qty", line: 2, value: "0" },
  { field: "devicesSkip", code: "devices_required" },
  { field: "shippingAddress", code: "shipping_address" },
  { field: "orgConfirmed", code: "confirm_required" },
  { field: "customer", code: "required" },
  { field: "days", code: "days", value: "45" },
  { field: "addServices", code: "change_required" },
  { field: "orderNumber", code: "order_number", value: "12" },
  { field: "contactEmail", code: "email", value: "x" },
];
const longValues = {
  companyName: "A".repeat(100),
  adminEmail: "someone@example.com",
  shippingAddress: "가".repeat(300),
  deviceModel1: "Desk Pro",
  deviceQty1: "3",
};
const state = {
  values: longValues,
  problems,
  notice: "**Meetings site URL** globex.webex.com is already in use. Pick another name.",
};

type Input = { id?: string; type?: string; value?: string; isRequired?: boolean; choices?: { value: string }[] };
/** Every input of a card, however deep in containers. */
function allInputs(node: unknown, out: Input[] = []): Input[] {
  if (Array.isArray(node)) for (const n of node) allInputs(n, out);
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.type === "string" && o.type.startsWith("Input.")) out.push(o as Input);
    for (const v of Object.values(o)) if (v && typeof v === "object") allInputs(v, out);
  }
  return out;
}

const convertDetails = {
  country: "US",
  region: "US",
  admins: ["boss@acme.example", "helper@acme.example"],
  trialAdminEmail: "boss@acme.example",
};

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a declarative table of every card the bot sends
function everyCard(lang: Language): [string, BuiltCard][] {
  return [
    ["new customer", newCustomerCard(lang, ref("new_customer"))],
    ["new customer, re-sent with problems", newCustomerCard(lang, ref("new_customer"), state)],
    ["existing customer: lookup", existingLookupCard(lang, ref("existing_lookup"))],
    ["existing customer: lookup with problems", existingLookupCard(lang, ref("existing_lookup"), state)],
    ["existing customer", existingCustomerCard(lang, ref("existing_customer"), { customer, eligible: SERVICES })],
    [
      "existing customer, re-sent with problems",
      existingCustomerCard(lang, ref("existing_customer"), { customer, eligible: ["calling", "devices"] }, state),
    ],
    [
      "existing customer, nothing eligible",
      existingCustomerCard(lang, ref("existing_customer"), { customer, eligible: [] }),
    ],
    [
      "paying customer",
      payingCustomerCard(lang, ref("paying_customer"), {
        customer: { ...customer, admins: 3 },
        purchased: ["messaging", "meetings"],
        managingPartners: ["Bright Partners", "Other Partner"],
        eligible: ["calling", "devices"],
      }),
    ],
    [
      "paying customer, re-sent with problems",
      payingCustomerCard(
        lang,
        ref("paying_customer"),
        {
          customer: { ...customer, admins: 1 },
          purchased: [],
          managingPartners: ["Bright Partners"],
          eligible: SERVICES,
        },
        state,
      ),
    ],
    [
      "provisioning details",
      provisionCard(lang, ref("provision"), {
        customer: "Globex GmbH",
        services: ["meetings", "devices"],
        hasSite: false,
        hasDevices: false,
      }),
    ],
    [
      "provisioning details, nothing needed",
      provisionCard(
        lang,
        ref("provision"),
        { customer: "Globex GmbH", services: ["messaging"], hasSite: false, hasDevices: false },
        state,
      ),
    ],
    [
      "trial menu",
      trialMenuCard(lang, ref("trial_menu"), summary, { edit: true, convert: true, cancel: true, delete: true }),
    ],
    [
      "edit",
      editCard(lang, ref("edit"), { ...summary, services: ["messaging"], addable: ["meetings", "calling", "devices"] }),
    ],
    ["edit, re-sent with problems", editCard(lang, ref("edit"), { ...summary, addable: [] }, state)],
    [
      "convert",
      convertCard(lang, ref("convert"), { ...summary, ...convertDetails, contactEmail: "fiona@bright.example" }),
    ],
    [
      "convert, missing services warning",
      convertCard(lang, ref("convert"), { ...summary, ...convertDetails, missing: ["calling", "devices"] }, state),
    ],
    [
      "convert, a device trial",
      convertCard(lang, ref("convert"), { ...summary, ...convertDetails, services: ["messaging", "devices"] }),
    ],
    ["cancel confirmation", cancelCard(lang, ref("cancel"), summary)],
    ["delete confirmation", deleteCard(lang, ref("delete"), { ...summary, status: "expired", daysLeft: null })],
    [
      "consent request",
      consentCard(lang, ref("consent"), {
        partner: "Bright Partners",
        requestedBy: "fiona@bright.example",
        customer: "Globex GmbH",
        services: ["calling", "devices"],
        deadline: "22 Mar 2026, 10:00 UTC",
        daysLeft: 10,
      }),
    ],
    [
      "expiry reminder",
      reminderCard(lang, ref("reminder"), {
        customer: "Acme Corp",
        services: ["messaging", "calling"],
        endDate: "1 Apr 2026",
        daysLeft: 7,
        subscriptionsUrl: "https://admin.webex.com/subscriptions",
      }),
    ],
    [
      "expiry reminder, end day",
      reminderCard(lang, ref("reminder"), {
        customer: "Acme Corp",
        services: ["messaging"],
        endDate: "1 Apr 2026",
        daysLeft: 0,
        subscriptionsUrl: "https://admin.webex.com/subscriptions",
      }),
    ],
    [
      "ops approval of a device-trial extension",
      opsExtensionCard(lang, ref("ops_extension"), {
        partner: "Bright Partners",
        customer: "Acme Corp",
        requestedBy: "sam@bright.example",
        days: 30,
        requestedEndDate: "11 Apr 2026",
        currentEndDate: "1 Apr 2026",
        services: ["devices"],
      }),
    ],
  ];
}

const MAX_CARD_JSON_BYTES = 28_000;
const MAX_TEXT_BYTES = 7439;
const HANGUL = /[\uAC00-\uD7A3]/u;

describe.each(["en", "ko"] as const)("every card in %s", (lang) => {
  it.each(everyCard(lang))(
    "%s: valid at 1.3 for the official SDK, <= 5 actions, within Webex's sizes",
    (_name, built) => {
      expect(built.card.version).toBe("1.3");
      expect(sdkProblems(built.card)).toEqual([]);
      const actions = allActions(built.card);
      expect(actions.length).toBeLessThanOrEqual(MAX_ACTIONS);
      for (const a of actions)
        expect(["Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility"]).toContain(a.type);
      const attachment = JSON.stringify({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: built.card });
      expect(Buffer.byteLength(attachment, "utf8")).toBeLessThan(MAX_CARD_JSON_BYTES);
      expect(Buffer.byteLength(built.fallback, "utf8")).toBeLessThan(MAX_TEXT_BYTES);
      expect(built.fallback.length).toBeGreaterThan(0);
      // Every Submit carries the signed reference of the card and which button it is.
      for (const a of actions.filter((x) => x.type === "Action.Submit")) {
        const data = a.data as Record<string, unknown>;
        expect(signer.verify(data.ref)).not.toBeNull();
        expect(typeof data.action).toBe("string");
      }
      if (lang === "ko") expect(JSON.stringify(built.card)).toMatch(HANGUL);
    },
  );
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("card contents", () => {
  it("R-NEW-1 / R-ORG-5: the new-customer card lists verticals and countries with their data-residency region", () => {
    const json = JSON.stringify(newCustomerCard("en", ref("new_customer")).card);
    expect(json).toContain('"title":"Germany — EU region","value":"DE"');
    expect(json).toContain('"title":"Japan — Japan region","value":"JP"');
    expect(json).not.toContain('"value":"IR"'); // not offered: not in the list (and refused on submit)
    expect(json).toContain("Manufacturing");
    expect(json).toContain("I confirm the customer is in a location where Webex is offered");
  });

  it("R-NEW-2 / R-SVC-2 / R-SVC-3 / R-SVC-4: length 30/60/90 (30 by default), Meetings site and zone, devices or skip, the Calling DID note", () => {
    const json = JSON.stringify(newCustomerCard("en", ref("new_customer")).card);
    expect(json).toContain('"id":"lengthDays"');
    expect(json).toMatch(/"value":"30"[^}]*\}|"title":"30 days \(default\)"/);
    for (const v of ["60", "90"]) expect(json).toContain(`"value":"${v}"`);
    for (const id of ["siteUrl", "siteTimeZone", "devicesSkip", "deviceModel1", "deviceQty1", "shippingAddress"])
      expect(json).toContain(`"id":"${id}"`);
    expect(json).toContain("two DIDs per location");
  });

  it("R-ELIG-1: the existing-customer and paying-customer cards offer only the eligible services", () => {
    const existing = JSON.stringify(
      existingCustomerCard("en", ref("existing_customer"), { customer, eligible: ["calling"] }).card,
    );
    expect(existing).toContain('"value":"calling"');
    expect(existing).not.toContain('"value":"messaging"');
    expect(existing).toContain("This is the right existing organisation: Globex GmbH");
    const paying = JSON.stringify(
      payingCustomerCard("en", ref("paying_customer"), {
        customer: { ...customer, admins: 2 },
        purchased: ["messaging"],
        managingPartners: ["Bright Partners"],
        eligible: ["calling"],
      }).card,
    );
    expect(paying).toContain("Purchased services");
    expect(paying).toContain("Bright Partners");
    expect(paying).not.toContain('"value":"meetings"');
  });

  it("R-CONSENT-3: the consent card explains full vs provisioning admin, shows the deadline and days left, Accept / Decline", () => {
    const built = consentCard("en", ref("consent"), {
      partner: "Bright Partners",
      requestedBy: "fiona@bright.example",
      customer: "Globex GmbH",
      services: ["calling"],
      deadline: "22 Mar 2026, 10:00 UTC",
      daysLeft: 10,
    });
    const json = JSON.stringify(built.card);
    expect(json).toContain("Answer by 22 Mar 2026, 10:00 UTC (10 days left)");
    expect(json).toContain('"id":"fullAdminAccess"');
    expect(json).toContain("provisioning admin");
    expect(allActions(built.card).map((a) => a.title)).toEqual(["Accept", "Decline"]);
  });

  it("R-CONSENT-3: ticked = full admin who provisions AND manages users and licences; unticked = provisioning admin who may only provision (en, ko)", () => {
    const view = {
      partner: "Bright Partners",
      requestedBy: "fiona@bright.example",
      customer: "Globex GmbH",
      services: ["calling" as const],
      deadline: "22 Mar 2026, 10:00 UTC",
      daysLeft: 10,
    };
    const en = JSON.stringify(consentCard("en", ref("consent"), view).card);
    expect(en).toContain(
      "Ticked: the partner becomes a full admin of your organisation: it may provision the trial services and also manage your users and licences.",
    );
    expect(en).toContain(
      "Not ticked: the partner becomes a provisioning admin: it may only provision the trial services, and cannot manage your users or licences.",
    );
    const ko = JSON.stringify(consentCard("ko", ref("consent"), view).card);
    expect(ko).toContain("체험 서비스를 프로비저닝하고 사용자와 라이선스도 관리할 수 있습니다");
    expect(ko).toContain("체험 서비스 프로비저닝만 할 수 있으며, 사용자나 라이선스는 관리할 수 없습니다");
    expect(cardTexts("en").outcome.accepted("Bright Partners", false)).toContain(
      "may only provision the trial services",
    );
    expect(cardTexts("ko").outcome.accepted("Bright Partners", true)).toContain(
      "사용자와 라이선스를 관리할 수 있습니다",
    );
  });

  it("R-CONV-3: the conversion card names the services that would be lost and asks for a confirmation", () => {
    const json = JSON.stringify(
      convertCard("en", ref("convert"), { ...summary, ...convertDetails, missing: ["calling"] }).card,
    );
    expect(json).toContain("Warning: Calling is not in the paid order and would be lost at conversion.");
    expect(json).toContain('"id":"confirmMissing"');
  });

  it("R-CONV-1: the conversion card asks whether the contact is the partner or the customer admin and for the trial admin's e-mail, showing the customer details", () => {
    for (const lang of ["en", "ko"] as const) {
      const built = convertCard(lang, ref("convert"), {
        ...summary,
        ...convertDetails,
        contactEmail: "fiona@bright.example",
      });
      const inputs = allInputs(built.card);
      expect(inputs.find((i) => i.id === "contactKind")).toMatchObject({
        type: "Input.ChoiceSet",
        value: "partner",
        isRequired: true,
      });
      expect(inputs.find((i) => i.id === "contactKind")?.choices?.map((c) => c.value)).toEqual([
        "partner",
        "customer_admin",
      ]);
      expect(inputs.find((i) => i.id === "trialAdminEmail")).toMatchObject({
        value: "boss@acme.example",
        isRequired: true,
      });
      const json = JSON.stringify(built.card);
      expect(json).toContain("boss@acme.example, helper@acme.example");
      expect(json).toContain("Set up service");
    }
  });

  it("R-CONV-5: the conversion card of a device trial offers no Devices to pay for and says the devices go back", () => {
    const built = convertCard("en", ref("convert"), {
      ...summary,
      ...convertDetails,
      services: ["messaging", "devices"],
    });
    const paid = allInputs(built.card).find((i) => i.id === "paidServices");
    expect(paid?.choices?.map((c) => c.value)).toEqual(["messaging"]);
    expect(paid?.value).toBe("messaging");
    expect(JSON.stringify(built.card)).toContain(
      "Trial devices are not part of the paid order: they go back when the device trial is over.",
    );
    expect(
      JSON.stringify(
        convertCard("ko", ref("convert"), { ...summary, ...convertDetails, services: ["messaging", "devices"] }).card,
      ),
    ).toContain("반납");
    expect(
      JSON.stringify(
        convertCard("en", ref("convert"), { ...summary, ...convertDetails, services: ["messaging", "calling"] }).card,
      ),
    ).not.toContain("Trial devices are not part");
  });

  it('R-INT-1 / R-EXP-1: the reminder has "I\'m interested in purchasing" and the Control Hub subscription link', () => {
    const actions = allActions(
      reminderCard("en", ref("reminder"), {
        customer: "Acme",
        services: ["messaging"],
        endDate: "1 Apr 2026",
        daysLeft: 7,
        subscriptionsUrl: "https://admin.webex.com/subscriptions",
      }).card,
    );
    expect(actions[0]).toMatchObject({ type: "Action.Submit", title: "I'm interested in purchasing" });
    expect(actions[1]).toMatchObject({ type: "Action.OpenUrl", url: "https://admin.webex.com/subscriptions" });
  });

  it("R-EXT-1: the edit card has the tick that confirms a shortening, naming the current end date (en, ko), unticked by default", () => {
    const en = editCard("en", ref("edit"), { ...summary, addable: [] }).card;
    const toggle = JSON.stringify(en).match(/\{[^{}]*"id":"confirmShorten"[^{}]*\}/)?.[0] ?? "";
    expect(toggle).toContain('"type":"Input.Toggle"');
    expect(toggle).toContain('"value":"false"');
    expect(toggle).toContain("Shorten the trial if the new end date is earlier than the current one (1 Apr 2026)");
    expect(JSON.stringify(editCard("ko", ref("edit"), { ...summary, addable: [] }).card)).toContain(
      "현재 종료일(1 Apr 2026)보다 이르면 트라이얼을 단축합니다",
    );
    // Re-sent after the shortening refusal, the tick keeps what was chosen.
    expect(
      JSON.stringify(
        editCard("en", ref("edit"), { ...summary, addable: [] }, { values: { days: "10", confirmShorten: "true" } })
          .card,
      ),
    ).toMatch(/"id":"confirmShorten"[^{}]*"value":"true"/);
  });

  it("R-EXT-2: the ops card shows the requested end date, the current one, and that approval sets exactly the requested date", () => {
    const json = JSON.stringify(
      opsExtensionCard("en", ref("ops_extension"), {
        partner: "Bright Partners",
        customer: "Acme",
        requestedBy: "s@b.example",
        days: 10,
        requestedEndDate: "1 May 2026",
        currentEndDate: "20 Apr 2026",
        services: ["devices"],
      }).card,
    );
    expect(json).toContain(
      "to end on 1 May 2026 (today + 10 days when asked; it ends on 20 Apr 2026 now). Approving sets exactly 1 May 2026.",
    );
    expect(
      JSON.stringify(
        opsExtensionCard("ko", ref("ops_extension"), {
          partner: "B",
          customer: "Acme",
          requestedBy: "s@b.example",
          days: 10,
          requestedEndDate: "2026년 5월 1일",
          currentEndDate: "2026년 4월 20일",
          services: ["devices"],
        }).card,
      ),
    ).toContain("승인하면 종료일이 정확히 2026년 5월 1일로 설정됩니다");
  });

  it("R-EXT-2 / R-DEL-1: the ops card approves or denies; the delete card asks for an explicit yes", () => {
    expect(
      allActions(
        opsExtensionCard("en", ref("ops_extension"), {
          partner: "B",
          customer: "A",
          requestedBy: "s@b.example",
          days: 10,
          requestedEndDate: "1 May 2026",
          currentEndDate: "20 Apr 2026",
          services: ["devices"],
        }).card,
      ).map((a) => (a.data as { action: string }).action),
    ).toEqual(["approve", "deny"]);
    expect(allActions(deleteCard("en", ref("delete"), summary).card).map((a) => a.title)).toEqual([
      "Yes, delete",
      "Keep it",
    ]);
  });

  it("a re-sent card shows each problem under its field, pre-filled with what was typed", () => {
    const json = JSON.stringify(
      newCustomerCard("en", ref("new_customer"), {
        values: { companyName: "Globex", adminEmail: "boss@" },
        problems: [{ field: "adminEmail", code: "email", value: "boss@" }],
      }).card,
    );
    expect(json).toContain('"id":"companyName","label":"Company name","value":"Globex"');
    expect(json).toContain(
      'Customer admin e-mail: is not an e-mail address (\\"boss@\\"). Expected: an address like name@example.com.',
    );
  });
});
