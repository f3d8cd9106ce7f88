import { describe, expect, it } from "vitest";
import { parseCommand, suggestCommand } from "../../bot/commands/parse.ts";
import { COMMANDS } from "../../bot/commands/table.ts";
import type { Command, CommandName, ParseError, UsageProblem } from "../../bot/commands/types.ts";

const opts = { testClock: false };
const clockOn = { testClock: true };

function ok(text: string, options = opts): Command {
  const r = parseCommand(text, options);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got ${JSON.stringify(r.error)}`);
  return r.command;
}

function err(text: string, options = opts): ParseError {
  const r = parseCommand(text, options);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(r.command)}`);
  return r.error;
}

function usage(text: string, command: CommandName, problem: UsageProblem, params?: Record<string, string>): void {
  const e = err(text, clockOn);
  expect(e).toMatchObject({ kind: "usage", command, problem, ...(params && { params }) });
}

// Realistic input for every command: quoted names, mixed case, extra spaces.
const GOOD: [string, Command][] = [
  ["help", { name: "help" }],
  ["  HELP  ", { name: "help" }],
  ["help trial extend", { name: "help", topic: "trial.extend" }],
  ["Help Trial Extend", { name: "help", topic: "trial.extend" }],
  ["whoami", { name: "whoami" }],
  ["WhoAmI", { name: "whoami" }],
  ["lang ko", { name: "lang", language: "ko" }],
  ["Lang EN", { name: "lang", language: "en" }],
  ["lang 한국어", { name: "lang", language: "ko" }],
  ["trial start", { name: "trial.start" }],
  ["Trial  Start", { name: "trial.start" }],
  ["trial start existing", { name: "trial.start.existing" }],
  ["TRIAL START EXISTING", { name: "trial.start.existing" }],
  ['trial add "Globex Corporation"', { name: "trial.add", customer: "Globex Corporation" }],
  ["trial add globex", { name: "trial.add", customer: "globex" }],
  ["trial list", { name: "trial.list" }],
  ["trial list expiring 7", { name: "trial.list", expiringDays: 7 }],
  ["trial list status active", { name: "trial.list", status: "active" }],
  [
    "Trial List  Status PENDING_CONSENT  Expiring 14",
    { name: "trial.list", status: "pending_consent", expiringDays: 14 },
  ],
  ["trial list status pending-consent", { name: "trial.list", status: "pending_consent" }],
  ["trial list expired", { name: "trial.list", status: "expired" }],
  ["trial list expiring in 7 days", { name: "trial.list", expiringDays: 7 }],
  ['trial show "Acme Corp"', { name: "trial.show", customer: "Acme Corp" }],
  ["trial show 'Acme Corp'", { name: "trial.show", customer: "Acme Corp" }],
  ["trial show \u201CAcme Corp\u201D", { name: "trial.show", customer: "Acme Corp" }],
  ["trial show acme", { name: "trial.show", customer: "acme" }],
  ['trial extend "Acme Corp" 30', { name: "trial.extend", customer: "Acme Corp", days: 30 }],
  ["  Trial   EXTEND   acme    14  ", { name: "trial.extend", customer: "acme", days: 14 }],
  ["trial extend acme 10 days", { name: "trial.extend", customer: "acme", days: 10 }],
  // The parser accepts up to 999; the domain enforces R-EXT-1's 30 and says so.
  ["trial extend acme 45", { name: "trial.extend", customer: "acme", days: 45 }],
  // R-EXT-1: the explicit confirmation of a shortening.
  ["trial extend acme 10 confirm", { name: "trial.extend", customer: "acme", days: 10, confirm: true }],
  ["trial extend acme 10 days CONFIRM", { name: "trial.extend", customer: "acme", days: 10, confirm: true }],
  [
    "trial services acme +calling -meetings",
    { name: "trial.services", customer: "acme", add: ["calling"], remove: ["meetings"] },
  ],
  [
    'trial services "Acme Corp" +Devices +MESSAGING',
    { name: "trial.services", customer: "Acme Corp", add: ["devices", "messaging"], remove: [] },
  ],
  ["trial services acme -calling", { name: "trial.services", customer: "acme", add: [], remove: ["calling"] }],
  [
    "trial services acme +calling,-meetings",
    { name: "trial.services", customer: "acme", add: ["calling"], remove: ["meetings"] },
  ],
  [
    'trial convert "Acme Corp" order 12345678 contact Pat@Partner.COM',
    {
      name: "trial.convert",
      customer: "Acme Corp",
      orderNumber: "12345678",
      contactEmail: "pat@partner.com",
      confirm: false,
    },
  ],
  [
    "Trial Convert acme Order 12345678 Contact pat@partner.com Services calling,meetings Confirm",
    {
      name: "trial.convert",
      customer: "acme",
      orderNumber: "12345678",
      contactEmail: "pat@partner.com",
      services: ["calling", "meetings"],
      confirm: true,
    },
  ],
  [
    "trial convert acme contact pat@partner.com services calling, Meetings order 87654321",
    {
      name: "trial.convert",
      customer: "acme",
      orderNumber: "87654321",
      contactEmail: "pat@partner.com",
      services: ["calling", "meetings"],
      confirm: false,
    },
  ],
  [
    "trial convert acme order 12345678 contact Boss@Acme.example as customer admin Boss@Acme.example",
    {
      name: "trial.convert",
      customer: "acme",
      orderNumber: "12345678",
      contactEmail: "boss@acme.example",
      contactKind: "customer_admin",
      trialAdminEmail: "boss@acme.example",
      confirm: false,
    },
  ],
  [
    "trial convert acme order 12345678 contact pat@partner.com As Partner",
    {
      name: "trial.convert",
      customer: "acme",
      orderNumber: "12345678",
      contactEmail: "pat@partner.com",
      contactKind: "partner",
      confirm: false,
    },
  ],
  ["trial cancel acme", { name: "trial.cancel", customer: "acme" }],
  [
    'trial cancel "Acme Corp" budget was cut',
    { name: "trial.cancel", customer: "Acme Corp", reason: "budget was cut" },
  ],
  [
    "trial cancel acme customer's budget was cut",
    { name: "trial.cancel", customer: "acme", reason: "customer's budget was cut" },
  ],
  [
    'trial cancel acme "went with a competitor"',
    { name: "trial.cancel", customer: "acme", reason: "went with a competitor" },
  ],
  ["trial cancel acme budget\nand timing", { name: "trial.cancel", customer: "acme", reason: "budget\nand timing" }],
  // Issue 12: an unmatched quote stays unmatched in the stored reason.
  ['trial cancel acme he said "no way', { name: "trial.cancel", customer: "acme", reason: 'he said "no way' }],
  [
    'trial cancel acme he said "no way" twice',
    { name: "trial.cancel", customer: "acme", reason: 'he said "no way" twice' },
  ],
  ['trial delete "Acme Corp"', { name: "trial.delete", customer: "Acme Corp" }],
  ["trial resend acme", { name: "trial.resend", customer: "acme" }],
  ["trial provision acme", { name: "trial.provision", customer: "acme" }],
  [
    'device ship "Acme Corp" eula 2027-03-31 CS-DESKPRO-K9:fdo2345abcd DX80:FOC1111 country de',
    {
      name: "device.ship",
      customer: "Acme Corp",
      eulaDate: "2027-03-31",
      units: [
        { model: "CS-DESKPRO-K9", serial: "FDO2345ABCD" },
        { model: "DX80", serial: "FOC1111" },
      ],
      country: "DE",
    },
  ],
  [
    'Device Ship acme EULA 2027-03-31 "Room Kit Mini:FOC9999"',
    {
      name: "device.ship",
      customer: "acme",
      eulaDate: "2027-03-31",
      units: [{ model: "Room Kit Mini", serial: "FOC9999" }],
    },
  ],
  [
    "device return acme FOC1111 fdo2345abcd",
    { name: "device.return", customer: "acme", serials: ["FOC1111", "FDO2345ABCD"] },
  ],
  [
    "device return acme FOC1111, FOC2222,FOC3333",
    { name: "device.return", customer: "acme", serials: ["FOC1111", "FOC2222", "FOC3333"] },
  ],
  ["device label acme foc1111", { name: "device.label", customer: "acme", serial: "FOC1111" }],
  ["device contact acme demo 4455667", { name: "device.contact", customer: "acme", demoOrder: "4455667" }],
  [
    "device contact acme org 1eb65fdf-9643-417f-9974-ad72cae0e10f admin Admin@Acme.com",
    {
      name: "device.contact",
      customer: "acme",
      orgId: "1eb65fdf-9643-417f-9974-ad72cae0e10f",
      adminEmail: "admin@acme.com",
    },
  ],
  ["device contact acme serials foc1,foc2", { name: "device.contact", customer: "acme", serials: ["FOC1", "FOC2"] }],
  // R-EXT-2: ops decide a device-trial extension by command as well as by card.
  ["device approve acme", { name: "device.approve", customer: "acme" }],
  ['device deny "Acme Corp"', { name: "device.deny", customer: "Acme Corp" }],
  ["customer import", { name: "customer.import", csv: null, firstLine: 2 }],
  [
    "Customer Import\nname,country,vertical,full_admin_emails\nAcme,US,Retail,a@acme.com",
    {
      name: "customer.import",
      csv: "name,country,vertical,full_admin_emails\nAcme,US,Retail,a@acme.com",
      firstLine: 2,
    },
  ],
  ['audit "Acme Corp"', { name: "audit", customer: "Acme Corp" }],
  ["partner add Initech tier1", { name: "partner.add", partnerName: "Initech", tier: "tier1" }],
  [
    'partner add "Initech Korea" Tier2 tz Asia/Seoul domains initech.co.kr,@Initech.com',
    {
      name: "partner.add",
      partnerName: "Initech Korea",
      tier: "tier2",
      timeZone: "Asia/Seoul",
      domains: ["initech.co.kr", "initech.com"],
    },
  ],
  ["person add Kim@Initech.co.kr sales_admin", { name: "person.add", email: "kim@initech.co.kr", role: "sales_admin" }],
  [
    'person add kim@initech.co.kr Read_Only "Initech Korea"',
    { name: "person.add", email: "kim@initech.co.kr", role: "read_only", partner: "Initech Korea" },
  ],
  ["person add ops@cisco.com ops", { name: "person.add", email: "ops@cisco.com", role: "ops" }],
  ["person remove Kim@Initech.co.kr", { name: "person.remove", email: "kim@initech.co.kr" }],
  ["space link ops", { name: "space.link", kind: "ops", partner: null }],
  ["space link initech partner", { name: "space.link", kind: "partner", partner: "initech" }],
  ['space link "Initech Korea"', { name: "space.link", kind: "partner", partner: "Initech Korea" }],
  ["yes", { name: "yes" }],
  ["Yes", { name: "yes" }],
  ["NO", { name: "no" }],
  // R-CONSENT-7: customer admins answer requests by command.
  ["requests", { name: "requests" }],
  // Issue 12 / R-SVC-2: adding Meetings by text takes the site and its time zone.
  [
    "trial services acme +meetings site acme.webex.com tz Europe/Paris",
    {
      name: "trial.services",
      customer: "acme",
      add: ["meetings"],
      remove: [],
      site: "acme.webex.com",
      timeZone: "Europe/Paris",
    },
  ],
  ["accept", { name: "accept", full: false }],
  ['accept "Bright Partners" full', { name: "accept", which: "Bright Partners", full: true }],
  ["Accept acme Full Admin", { name: "accept", which: "acme", full: true }],
  ["accept full", { name: "accept", full: true }],
  ["decline", { name: "decline" }],
  ['decline "Bright Partners"', { name: "decline", which: "Bright Partners" }],
  ["interested bright", { name: "interested", which: "bright" }],
];

const CLOCK: [string, Command][] = [
  ["clock show", { name: "clock.show" }],
  ["clock advance 3d", { name: "clock.advance", amount: 3, unit: "d" }],
  ["Clock Advance 12H", { name: "clock.advance", amount: 12, unit: "h" }],
  ["clock advance 2 days", { name: "clock.advance", amount: 2, unit: "d" }],
];

describe("parseCommand: every command from realistic input", () => {
  it.each(GOOD)("%j", (text, expected) => {
    expect(ok(text)).toEqual(expected);
    expect(ok(text, clockOn)).toEqual(expected);
  });

  it.each(CLOCK)("%j (test clock on)", (text, expected) => {
    expect(ok(text, clockOn)).toEqual(expected);
  });

  it("covers every command of the table", () => {
    const seen = new Set([...GOOD, ...CLOCK].map(([, c]) => c.name));
    expect(COMMANDS.map((c) => c.name).filter((n) => !seen.has(n))).toEqual([]);
  });

  it("an empty message (a bare mention) asks for help", () => {
    expect(ok("   ")).toEqual({ name: "help" });
    expect(ok("")).toEqual({ name: "help" });
  });

  it("the first line is the command; the rest is the body", () => {
    const c = ok("\n\ncustomer import\nname,country\r\nAcme,US\n");
    expect(c).toEqual({ name: "customer.import", csv: "name,country\nAcme,US\n", firstLine: 2 });
    // Other commands ignore a body.
    expect(ok("trial show acme\nthanks!")).toEqual({ name: "trial.show", customer: "acme" });
  });

  it("tabs and non-breaking spaces count as spaces; quotes keep inner spacing tidy", () => {
    expect(ok("trial\textend\u00A0acme 5")).toEqual({ name: "trial.extend", customer: "acme", days: 5 });
    expect(ok('trial show "  Acme   Corp "')).toEqual({ name: "trial.show", customer: "Acme Corp" });
  });

  it("a customer name that looks like a keyword is still a customer when quoted", () => {
    expect(ok('space link "ops"')).toEqual({ name: "space.link", kind: "partner", partner: "ops" });
    expect(err('"trial" show acme')).toMatchObject({ kind: "unknown" });
  });
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("parseCommand: malformed input gives a usage error naming the problem", () => {
  it("missing customer", () => {
    usage("trial show", "trial.show", "missing_customer");
    usage('trial extend ""', "trial.extend", "missing_customer");
    usage("audit", "audit", "missing_customer");
  });

  it("an unquoted name with spaces is pointed out, with the quoted form", () => {
    usage("trial show Acme Corp", "trial.show", "unexpected", { value: "Corp", hint: "quotes", example: "Acme Corp" });
    usage("trial extend Acme Corp 30", "trial.extend", "unexpected", {
      value: "Corp",
      hint: "quotes",
      example: "Acme Corp",
    });
    usage("trial services Acme Corp +calling", "trial.services", "unexpected", { value: "Corp", hint: "quotes" });
    usage("device ship Acme Corp eula 2027-01-01 DX80:FOC1", "device.ship", "unexpected", {
      value: "Corp",
      hint: "quotes",
    });
    usage("partner add Initech Korea tier1", "partner.add", "unexpected", {
      value: "Korea",
      hint: "quotes",
      example: "Initech Korea",
    });
  });

  it("days: whole numbers from 1 to 999", () => {
    usage("trial extend acme", "trial.extend", "missing_value", { option: "days" });
    usage("trial extend acme thirty", "trial.extend", "days_invalid", { value: "thirty" });
    usage("trial extend acme 10 please", "trial.extend", "unexpected", { value: "please" });
    // Issue 12: the same 1-30 the domain's R-EXT-1 refusal names for 31, not 1-999.
    usage("trial extend acme 0", "trial.extend", "days_invalid", { value: "0", min: "1", max: "30" });
    usage("trial extend acme -5", "trial.extend", "days_invalid", { value: "-5" });
    usage("trial extend acme 2.5", "trial.extend", "days_invalid", { value: "2.5" });
    usage("trial extend acme 1000", "trial.extend", "days_invalid", { value: "1000" });
    usage("trial extend acme 10 20", "trial.extend", "unexpected", { value: "20" });
    usage("trial list expiring soon", "trial.list", "days_invalid", { value: "soon" });
    usage("trial list expiring", "trial.list", "missing_value", { option: "expiring" });
  });

  it("trial list: status and options", () => {
    usage("trial list status pending", "trial.list", "status_invalid", { value: "pending" });
    usage("trial list status active status expired", "trial.list", "duplicate_option", { option: "status" });
    usage("trial list everything", "trial.list", "unexpected", { value: "everything" });
  });

  it("services: +service/-service against the four services", () => {
    usage("trial services acme", "trial.services", "services_missing");
    usage("trial services acme +fax", "trial.services", "service_unknown", { value: "fax" });
    usage("trial services acme +calling meetings", "trial.services", "service_change_invalid", { value: "meetings" });
    usage("trial services acme +calling -calling", "trial.services", "service_conflict", { value: "calling" });
    usage("trial convert acme order 12345678 contact a@b.co services calling,fax", "trial.convert", "service_unknown", {
      value: "fax",
    });
  });

  it("convert: order and contact are required; the contact is an e-mail", () => {
    usage("trial convert acme contact pat@partner.com", "trial.convert", "missing_option", { option: "order" });
    usage("trial convert acme order 12345678", "trial.convert", "missing_option", { option: "contact" });
    usage("trial convert acme order 12345678 contact pat", "trial.convert", "email_invalid", { value: "pat" });
    usage("trial convert acme order", "trial.convert", "missing_value", { option: "order" });
    usage("trial convert acme order 1 order 2 contact a@b.co", "trial.convert", "duplicate_option", {
      option: "order",
    });
    usage("trial convert acme order 12345678 contact a@b.co please", "trial.convert", "unexpected", {
      value: "please",
    });
  });

  it("R-CONV-1: convert: the contact is the partner or the customer admin; the trial admin is an e-mail", () => {
    usage("trial convert acme order 12345678 contact a@b.co as reseller", "trial.convert", "contact_kind_invalid", {
      value: "reseller",
    });
    usage("trial convert acme order 12345678 contact a@b.co admin nobody", "trial.convert", "email_invalid", {
      value: "nobody",
    });
    usage(
      "trial convert acme order 12345678 contact a@b.co as partner as customer",
      "trial.convert",
      "duplicate_option",
      { option: "as" },
    );
  });

  it("device ship: EULA date, model:serial units, country", () => {
    usage("device ship acme DX80:FOC1", "device.ship", "missing_option", { option: "eula" });
    usage("device ship acme eula 2027-01-01", "device.ship", "units_missing");
    usage("device ship acme eula 31/01/2027 DX80:FOC1", "device.ship", "date_invalid", { value: "31/01/2027" });
    usage("device ship acme eula 2027-02-30 DX80:FOC1", "device.ship", "date_invalid", { value: "2027-02-30" });
    usage("device ship acme eula 2027-01-01 DX80:FOC1 FOC2", "device.ship", "unit_invalid", { value: "FOC2" });
    usage("device ship acme eula 2027-01-01 :FOC1", "device.ship", "unit_invalid", { value: ":FOC1" });
    usage("device ship acme eula 2027-01-01 DX80:FOC#1", "device.ship", "serial_invalid", { value: "FOC#1" });
    usage("device ship acme eula 2027-01-01 DX80:FOC1 country Germany", "device.ship", "country_invalid", {
      value: "Germany",
    });
    usage("device ship acme eula 2027-01-01 DX80:FOC1 country XX", "device.ship", "country_invalid", { value: "XX" });
  });

  it("device return / label / contact", () => {
    usage("device return acme", "device.return", "serials_missing");
    usage("device return acme FOC1 FOC/2", "device.return", "serial_invalid", { value: "FOC/2" });
    usage("device label acme", "device.label", "serials_missing");
    usage("device label acme FOC1 FOC2", "device.label", "unexpected", { value: "FOC2" });
    usage("device contact acme", "device.contact", "contact_details_missing");
    usage("device contact acme admin nobody", "device.contact", "email_invalid", { value: "nobody" });
    usage("device contact acme demo", "device.contact", "missing_value", { option: "demo" });
  });

  it("lang, admin commands and the clock", () => {
    usage("lang fr", "lang", "language_invalid", { value: "fr" });
    usage("lang", "lang", "missing_value");
    usage("partner add", "partner.add", "name_missing");
    usage("partner add Initech", "partner.add", "tier_missing");
    usage("partner add Initech gold", "partner.add", "tier_invalid", { value: "gold" });
    usage("partner add Initech tier1 tz Mars/Olympus", "partner.add", "timezone_invalid", { value: "Mars/Olympus" });
    usage("partner add Initech tier1 domains not_a_domain", "partner.add", "domain_invalid", { value: "not_a_domain" });
    usage("person add", "person.add", "email_missing");
    usage("person add kim", "person.add", "email_invalid", { value: "kim" });
    usage("person add kim@initech.com", "person.add", "role_missing");
    usage("person add kim@initech.com boss", "person.add", "role_invalid", { value: "boss" });
    usage("person remove", "person.remove", "email_missing");
    usage("space link", "space.link", "space_target_missing");
    usage("space link initech elsewhere", "space.link", "space_kind_invalid", { value: "elsewhere" });
    usage("clock advance", "clock.advance", "missing_value");
    usage("clock advance 3w", "clock.advance", "duration_invalid", { value: "3w" });
    usage("clock advance 0d", "clock.advance", "number_invalid", { value: "0" });
  });

  it("commands without arguments refuse extra words", () => {
    usage("whoami please", "whoami", "unexpected", { value: "please" });
    usage("trial start new", "trial.start", "unexpected", { value: "new" });
    usage("customer import now", "customer.import", "unexpected", { value: "now" });
  });
});

describe("parseCommand: unknown commands and suggestions", () => {
  it("`trail lsit` suggests `trial list`", () => {
    expect(err("trail lsit")).toEqual({ kind: "unknown", input: "trail lsit", suggestion: "trial list" });
  });

  it.each([
    ["hlep", "help"],
    ["trial extnd acme 5", "trial extend"],
    ["Trial Shwo acme", "trial show"],
    ["device retrun acme FOC1", "device return"],
    ["persn add kim@x.com read_only", "person add"],
    ["trial strat existing", "trial start existing"],
    ["whoamI?", "whoami"],
  ])("%j suggests %j", (text, suggestion) => {
    expect(err(text)).toMatchObject({ kind: "unknown", suggestion });
  });

  it("no suggestion when nothing is reasonably close", () => {
    expect(err("what is the weather")).toEqual({ kind: "unknown", input: "what is the weather" });
    expect(err("trial")).toEqual({ kind: "unknown", input: "trial" });
    expect(suggestCommand("xyzzy", opts)).toBeUndefined();
  });

  it("clock commands exist only with the test clock", () => {
    expect(err("clock show")).toEqual({ kind: "unknown", input: "clock show" });
    expect(err("clock advance 3d")).toMatchObject({ kind: "unknown" });
    expect(ok("clock show", clockOn)).toEqual({ name: "clock.show" });
    // and are never suggested without it
    expect(suggestCommand("clock shwo", opts)).toBeUndefined();
    expect(suggestCommand("clock shwo", clockOn)).toBe("clock show");
    expect(ok("help clock show", opts)).toEqual({ name: "help" });
  });
});
