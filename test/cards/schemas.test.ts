// Server-side validation of card submits: each bad field is named, with what is wrong and what is
// expected, all at once; and the card references are tamper-evident.
import { describe, expect, it } from "vitest";
import { problemText } from "../../cards/elements.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import { CardSigner } from "../../cards/reference.ts";
import type { FieldProblem } from "../../cards/submit/problems.ts";
import {
  parseConvert,
  parseExistingCustomer,
  parseExtend,
  parseNewCustomer,
  parseProvision,
  parseServiceChange,
} from "../../cards/submit/schemas.ts";
import { SERVICES } from "../../domain/services.ts";

const GOOD = {
  companyName: "Globex",
  adminEmail: "Boss@Globex.example",
  vertical: "Manufacturing",
  country: "DE",
  locationAck: "true",
  services: "messaging,meetings,calling,devices",
  lengthDays: "60",
  siteUrl: "https://Globex.webex.com/",
  siteTimeZone: "Europe/Berlin",
  devicesSkip: "false",
  deviceModel1: "Desk Pro",
  deviceQty1: "2",
  deviceModel2: "Board 55",
  deviceQty2: "1",
  shippingAddress: "Hauptstr. 1, Berlin",
};

const codes = (problems: FieldProblem[]) => problems.map((p) => `${p.field}${p.line ? p.line : ""}:${p.code}`);

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("card submit schemas", () => {
  it("R-NEW-1: a complete new-customer card gives the use case's input", () => {
    const parsed = parseNewCustomer(GOOD, SERVICES);
    expect(parsed).toEqual({
      ok: true,
      value: {
        companyName: "Globex",
        adminEmail: "boss@globex.example",
        vertical: "Manufacturing",
        country: "DE",
        locationAcknowledged: true,
        setup: {
          services: ["messaging", "meetings", "calling", "devices"],
          lengthDays: 60,
          meetings: { siteUrl: "globex.webex.com", timeZone: "Europe/Berlin" },
          devices: {
            lines: [
              { model: "Desk Pro", quantity: 2 },
              { model: "Board 55", quantity: 1 },
            ],
            shippingAddress: "Hauptstr. 1, Berlin",
          },
        },
      },
    });
  });

  it("R-NEW-1 / R-ORG-5 / R-NEW-2: every bad field is reported at once, each with what is wrong and what is expected", () => {
    const parsed = parseNewCustomer(
      {
        companyName: " ",
        adminEmail: "boss@",
        vertical: "Nope",
        country: "IR",
        locationAck: "false",
        services: "meetings,faxing",
        lengthDays: "45",
      },
      SERVICES,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(codes(parsed.problems)).toEqual([
      "companyName:required",
      "adminEmail:email",
      "vertical:vertical_unknown",
      "country:country_not_offered",
      "locationAck:ack_required",
      "services:service_unknown",
      "lengthDays:length_invalid",
    ]);
    const en = parsed.problems.map((p) => problemText(cardTexts("en"), p));
    expect(en).toContain(
      'Customer admin e-mail: is not an e-mail address ("boss@"). Expected: an address like name@example.com.',
    );
    expect(en).toContain(
      'Country: is a country where Webex is not offered ("IR"). Expected: a supported country; trials cannot start there.',
    );
    expect(en).toContain('Trial length: is not offered ("45"). Expected: 30, 60 or 90 days.');
    expect(en).toContain(
      "Supported location: is not acknowledged. Expected: tick it to confirm the customer is in a supported location.",
    );
    const ko = parsed.problems.map((p) => problemText(cardTexts("ko"), p));
    expect(ko[0]).toBe("회사 이름: 값이 없습니다. 필요한 값: 값을 입력하세요.");
  });

  it("R-ORG-5: an unknown country is told apart from one where Webex is not offered", () => {
    const parsed = parseNewCustomer({ ...GOOD, country: "Atlantis" }, SERVICES);
    expect(!parsed.ok && codes(parsed.problems)).toEqual(["country:country_unknown"]);
  });

  it("R-SVC-2: with Meetings, the site URL and IANA time zone are checked", () => {
    const parsed = parseNewCustomer({ ...GOOD, siteUrl: "globex.zoom.us", siteTimeZone: "Mars/Base" }, SERVICES);
    expect(!parsed.ok && codes(parsed.problems)).toEqual(["siteUrl:site_url", "siteTimeZone:time_zone"]);
    // Without Meetings the site is not asked for.
    expect(parseNewCustomer({ ...GOOD, services: "messaging", siteUrl: "", siteTimeZone: "" }, SERVICES).ok).toBe(true);
  });

  it("R-SVC-3: device lines need a model and a quantity 1-50 and a shipping address, or the step is skipped", () => {
    const parsed = parseNewCustomer(
      { ...GOOD, deviceModel1: "", deviceQty1: "2", deviceModel2: "Board", deviceQty2: "99", shippingAddress: "" },
      SERVICES,
    );
    expect(!parsed.ok && codes(parsed.problems)).toEqual([
      "deviceModel1:device_model",
      "deviceQty2:device_qty",
      "shippingAddress:shipping_address",
    ]);
    const none = parseNewCustomer(
      { ...GOOD, deviceModel1: "", deviceQty1: "", deviceModel2: "", deviceQty2: "" },
      SERVICES,
    );
    expect(!none.ok && codes(none.problems)).toEqual(["devicesSkip:devices_required"]);
    const skipped = parseNewCustomer(
      { ...GOOD, devicesSkip: "true", deviceModel1: "", deviceQty1: "", shippingAddress: "" },
      SERVICES,
    );
    expect(skipped.ok && skipped.value.setup.devices).toBeNull();
  });

  it("R-CONSENT-1 / R-ELIG-1: the organisation must be confirmed; services not offered on the card are refused", () => {
    const parsed = parseExistingCustomer(
      { orgConfirmed: "false", adminEmail: "a@b.example", services: "messaging", lengthDays: "30" },
      ["calling"],
    );
    expect(!parsed.ok && codes(parsed.problems)).toEqual([
      "orgConfirmed:confirm_required",
      "services:service_not_offered",
    ]);
  });

  it("R-EXT-1: the edit card's tick is the explicit confirmation of a shortening; unticked or absent, it is not given", () => {
    expect(parseExtend({ days: "10", confirmShorten: "true" })).toEqual({
      ok: true,
      value: { days: 10, confirmShorten: true },
    });
    expect(parseExtend({ days: "10", confirmShorten: "false" })).toEqual({
      ok: true,
      value: { days: 10, confirmShorten: false },
    });
    expect(parseExtend({ days: "10" })).toEqual({ ok: true, value: { days: 10, confirmShorten: false } });
  });

  it("R-EXT-1 / R-EDIT-1 / R-CONV-1: days 1-30, something to change, a 6-12 digit order number", () => {
    const days = parseExtend({ days: "45" });
    expect(!days.ok && codes(days.problems)).toEqual(["days:days"]);
    const change = parseServiceChange({ addServices: "", removeServices: "" }, ["messaging"], ["calling"]);
    expect(!change.ok && codes(change.problems)).toEqual(["addServices:change_required"]);
    const foreign = parseServiceChange({ addServices: "messaging" }, ["messaging"], ["calling"]);
    expect(!foreign.ok && codes(foreign.problems)).toEqual(["addServices:service_not_offered"]);
    const convert = parseConvert(
      {
        orderNumber: "12-34",
        contactEmail: "nobody",
        contactKind: "partner",
        trialAdminEmail: "boss@acme.example",
        paidServices: "messaging",
      },
      ["messaging", "calling"],
    );
    expect(!convert.ok && codes(convert.problems)).toEqual(["orderNumber:order_number", "contactEmail:email"]);
  });

  it("R-CONV-1: the conversion submit needs the contact's side and the trial admin's e-mail", () => {
    const bad = parseConvert(
      {
        orderNumber: "12345678",
        contactEmail: "fiona@bright.example",
        contactKind: "reseller",
        trialAdminEmail: "",
        paidServices: "messaging",
      },
      ["messaging"],
    );
    expect(!bad.ok && codes(bad.problems)).toEqual(["contactKind:contact_kind", "trialAdminEmail:required"]);
    const good = parseConvert(
      {
        orderNumber: "12345678",
        contactEmail: "Fiona@bright.example",
        contactKind: "customer_admin",
        trialAdminEmail: "Boss@Acme.example",
        paidServices: "messaging",
      },
      ["messaging"],
    );
    expect(good).toEqual({
      ok: true,
      value: {
        orderNumber: "12345678",
        provisioningContactEmail: "fiona@bright.example",
        provisioningContactKind: "customer_admin",
        trialAdminEmail: "boss@acme.example",
        paidServices: ["messaging"],
        confirmMissing: false,
      },
    });
  });

  it("R-CONV-5: a submitted paid order can't include Devices", () => {
    const withDevices = parseConvert(
      {
        orderNumber: "12345678",
        contactEmail: "fiona@bright.example",
        contactKind: "partner",
        trialAdminEmail: "boss@acme.example",
        paidServices: "messaging,devices",
      },
      ["messaging", "devices"],
    );
    expect(!withDevices.ok && codes(withDevices.problems)).toEqual(["paidServices:service_not_offered"]);
  });

  it("R-CONSENT-4: provisioning asks only for what the trial still needs", () => {
    expect(parseProvision({}, [])).toEqual({ ok: true, value: {} });
    const parsed = parseProvision({ siteUrl: "bad" }, ["meetings"]);
    expect(!parsed.ok && codes(parsed.problems)).toEqual(["siteUrl:site_url", "siteTimeZone:required"]);
  });
});

describe("card references", () => {
  const signer = new CardSigner("test-card-secret-0123456789", () => 1_770_000_000_000);

  it("round-trip: kind, trial, version, issued-at and a nonce", () => {
    const token = signer.sign({ kind: "edit", trialId: "t-1", version: 3 });
    expect(signer.verify(token)).toMatchObject({
      kind: "edit",
      trialId: "t-1",
      version: 3,
      issuedAt: 1_770_000_000_000,
    });
    expect(signer.verify(token)!.nonce).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("a tampered payload, a forged MAC or another secret is refused", () => {
    const token = signer.sign({ kind: "edit", trialId: "t-1", version: 3 });
    const [v, payload, mac] = token.split(".");
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), v: 4 }),
    ).toString("base64url");
    expect(signer.verify(`${v}.${other}.${mac}`)).toBeNull();
    expect(signer.verify(`${v}.${payload}.${Buffer.alloc(32).toString("base64url")}`)).toBeNull();
    expect(new CardSigner("another-secret-0123456789").verify(token)).toBeNull();
    for (const junk of [undefined, "", "v1", "v1.x.y", 42, { ref: token }]) expect(signer.verify(junk)).toBeNull();
  });
});
