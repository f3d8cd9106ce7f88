import { describe, expect, it } from "vitest";
import { CSV_PROBLEMS } from "../../bot/commands/csv.ts";
import { commandsFor, formatParseError, type HelpAccess, helpFor, helpForCommand } from "../../bot/commands/help.ts";
import { parseCommand } from "../../bot/commands/parse.ts";
import { COMMANDS, commandEntry, mayUse } from "../../bot/commands/table.ts";
import { COMMAND_TEXTS } from "../../bot/commands/text.ts";
import { type CommandName, USAGE_PROBLEMS } from "../../bot/commands/types.ts";
import type { PersonRole } from "../../domain/roles.ts";

const who = (role: PersonRole | null, extra: Partial<HelpAccess> = {}): HelpAccess => ({
  role,
  isBotAdmin: false,
  testClock: false,
  ...extra,
});
const names = (access: HelpAccess): CommandName[] => commandsFor(access).map((c) => c.name);

const MANAGE: CommandName[] = [
  "trial.start",
  "trial.start.existing",
  "trial.add",
  "trial.extend",
  "trial.services",
  "trial.convert",
  "trial.cancel",
  "trial.delete",
  "trial.resend",
  "trial.provision",
  "customer.import",
];
const DEVICE: CommandName[] = ["device.ship", "device.return", "device.label", "device.contact"];
const ADMIN: CommandName[] = ["person.add", "person.remove", "space.link"];

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("help: role-filtered command lists", () => {
  it("R-CONV-2: a tier-2 partner's help does not offer trial convert; a tier-1 partner's does", () => {
    expect(names(who("full_admin", { partnerTier: "tier2" }))).not.toContain("trial.convert");
    expect(names(who("full_admin", { partnerTier: "tier1" }))).toContain("trial.convert");
    expect(helpFor(who("sales_admin", { partnerTier: "tier2" }), "en")).not.toContain("trial convert");
  });

  it("R-CONSENT-7: a customer admin's help lists requests, accept, decline, interested and no partner command, and does not ask to be registered", () => {
    const list = names(who(null, { isCustomerAdmin: true }));
    expect(list).toEqual(["help", "whoami", "lang", "requests", "accept", "decline", "interested"]);
    for (const lang of ["en", "ko"] as const)
      expect(helpFor(who(null, { isCustomerAdmin: true }), lang)).not.toContain("person add");
  });

  it("R-ORG-2: read_only may list and show (and audit), but not extend or any other change", () => {
    const list = names(who("read_only"));
    expect(list).toEqual(["help", "whoami", "lang", "trial.list", "trial.show", "audit"]);
    const text = helpFor(who("read_only"), "en");
    for (const usage of [
      "`trial list [expiring <days>] [status <status>]`",
      "`trial show <customer>`",
      "`audit <customer>`",
      "`whoami`",
      "`help [command]`",
      "`lang en|ko`",
    ]) {
      expect(text).toContain(usage);
    }
    expect(text).not.toContain("trial extend");
    expect(text).not.toContain("trial delete");
  });

  it.each(["full_admin", "sales_full_admin", "sales_admin"] as const)(
    "R-ORG-2: %s may start, edit, extend, convert, cancel and delete trials",
    (role) => {
      const list = names(who(role));
      for (const n of [
        ...MANAGE,
        ...DEVICE,
        "trial.list",
        "trial.show",
        "audit",
        "help",
        "whoami",
        "lang",
      ] as CommandName[])
        expect(list).toContain(n);
      expect(helpFor(who(role), "en")).toContain("`trial extend <customer> <days> [confirm]`");
    },
  );

  it("R-ORG-2: sales_admin's help includes extend, with its usage line and what it does", () => {
    expect(helpFor(who("sales_admin"), "en")).toContain(
      "- `trial extend <customer> <days> [confirm]` — Extend a trial: it then ends that many days from today (at most 30); add confirm when that is earlier than its current end.",
    );
  });

  it("R-ORG-2 / R-EXT-2: ops may list, show, handle devices and decide device-trial extensions, but not manage trials", () => {
    const list = names(who("ops"));
    expect(list).toEqual(
      expect.arrayContaining(["trial.list", "trial.show", ...DEVICE, "device.approve", "device.deny"]),
    );
    for (const role of ["full_admin", "sales_admin", "read_only", null] as const) {
      expect(names(who(role))).not.toContain("device.approve");
      expect(names(who(role))).not.toContain("device.deny");
    }
    expect(helpFor(who("ops"), "en")).toContain("`device approve <customer>`");
    for (const n of [...MANAGE, "audit", ...ADMIN]) expect(list).not.toContain(n);
  });

  it("R-ORG-2: someone not registered gets only help and whoami, and is told how to get registered", () => {
    expect(names(who(null))).toEqual(["help", "whoami"]);
    expect(helpFor(who(null), "en")).toContain("You are not registered yet");
    expect(helpFor(who("read_only"), "en")).not.toContain("You are not registered yet");
  });

  it("admin commands only for bot admins and partner full admins; partner add only for bot admins", () => {
    for (const role of ["sales_full_admin", "sales_admin", "read_only", "ops", null] as const) {
      for (const n of [...ADMIN, "partner.add"] as CommandName[]) expect(names(who(role))).not.toContain(n);
    }
    expect(names(who("full_admin"))).toEqual(expect.arrayContaining(ADMIN));
    expect(names(who("full_admin"))).not.toContain("partner.add");
    const botAdmin = names(who(null, { isBotAdmin: true }));
    expect(botAdmin).toEqual(expect.arrayContaining([...ADMIN, "partner.add"]));
    // A bot admin who is not a partner person manages no trials.
    expect(botAdmin).not.toContain("trial.extend");
    expect(helpFor(who(null, { isBotAdmin: true }), "en")).toContain(
      "`partner add <name> tier1|tier2 [tz <IANA zone>] [domains <d1,d2>]`",
    );
  });

  it("clock commands only with the test clock", () => {
    expect(names(who("read_only"))).not.toContain("clock.show");
    expect(names(who("read_only", { testClock: true }))).toEqual(
      expect.arrayContaining(["clock.show", "clock.advance"]),
    );
    expect(helpFor(who("sales_admin", { testClock: true }), "en")).toContain("`clock advance <n>d|<n>h`");
    expect(helpFor(who("sales_admin"), "en")).not.toContain("clock");
  });

  it("yes/no are answers, not listed", () => {
    expect(names(who("full_admin", { isBotAdmin: true, testClock: true }))).not.toContain("yes");
    expect(mayUse(commandEntry("yes"), who("sales_admin"))).toBe(true);
  });

  it("Korean help uses Korean descriptions and placeholders; commands stay English", () => {
    const text = helpFor(who("sales_admin"), "ko");
    expect(text).toContain("할 수 있는 일은 다음과 같습니다");
    expect(text).toContain("`trial extend <고객> <일수> [confirm]`");
  });

  it("help <command> shows its usage and what it does", () => {
    expect(helpForCommand("trial.extend", "en")).toBe(
      "`trial extend <customer> <days> [confirm]`\nExtend a trial: it then ends that many days from today (at most 30); add confirm when that is earlier than its current end.",
    );
  });
});

describe("replies to parse errors", () => {
  it("unknown command with a suggestion", () => {
    const r = parseCommand("trail list", { testClock: false });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatParseError(r.error, "en")).toBe(
      "I don't know `trail list`. Did you mean `trial list`? Type `help` for what you can do.",
    );
    expect(formatParseError(r.error, "ko")).toContain("`trial list`");
  });

  it("unknown command without a suggestion", () => {
    expect(formatParseError({ kind: "unknown", input: "make coffee" }, "en")).toBe(
      "I don't know `make coffee`. Type `help` for what you can do.",
    );
  });

  it("a usage error says what was wrong and shows the usage", () => {
    const r = parseCommand("trial extend acme thirty", { testClock: false });
    if (r.ok) throw new Error("should fail");
    expect(formatParseError(r.error, "en")).toBe(
      "`thirty` is not a number of days: give a whole number from 1 to 30.\nUsage: `trial extend <customer> <days> [confirm]`",
    );
    expect(formatParseError(r.error, "ko")).toBe(
      "`thirty`은(는) 일수가 아닙니다. 1부터 30까지의 정수를 입력하세요.\n사용법: `trial extend <고객> <일수> [confirm]`",
    );
  });

  it("a name with spaces: the reply shows it quoted", () => {
    const r = parseCommand("trial show Acme Corp", { testClock: false });
    if (r.ok) throw new Error("should fail");
    expect(formatParseError(r.error, "en")).toContain('put it in quotes: `"Acme Corp"`');
  });

  it("backticks in what was typed cannot break the code span", () => {
    expect(formatParseError({ kind: "unknown", input: "tri`al" }, "en")).toContain("`tri'al`");
  });
});

describe("command texts (bot/i18n/{en,ko}/commands.ts)", () => {
  it.each(["en", "ko"] as const)("%s has a usage line and a help line for every command", (lang) => {
    const texts = COMMAND_TEXTS[lang];
    for (const c of COMMANDS) {
      expect(texts[c.usage], `${lang} ${c.usage}`).toBeTypeOf("function");
      expect(texts[c.help], `${lang} ${c.help}`).toBeTypeOf("function");
      expect(texts[c.usage]!({}).startsWith("`")).toBe(true);
    }
  });

  it.each(["en", "ko"] as const)("%s has a text for every usage problem and CSV problem", (lang) => {
    const texts = COMMAND_TEXTS[lang];
    for (const p of USAGE_PROBLEMS) expect(texts[`problem.${p}`], `${lang} problem.${p}`).toBeTypeOf("function");
    for (const p of CSV_PROBLEMS) expect(texts[`csv.${p}`], `${lang} csv.${p}`).toBeTypeOf("function");
  });

  it("Korean has exactly the English keys, and every text renders with no parameters", () => {
    expect(Object.keys(COMMAND_TEXTS.ko).sort()).toEqual(Object.keys(COMMAND_TEXTS.en).sort());
    for (const lang of ["en", "ko"] as const) {
      for (const [key, render] of Object.entries(COMMAND_TEXTS[lang]))
        expect(render({}), `${lang} ${key}`).toBeTypeOf("string");
    }
  });
});

describe("the command table agrees with the use cases", () => {
  it("R-ORG-4: customer import is open to exactly the actors the import use case admits (bot admins too)", async () => {
    const { importCustomers } = await import("../../app/customer-import.ts");
    const { systemClock } = await import("../../app/clock.ts");
    const deps = { store: {} as never, clock: systemClock };
    const person = (role: PersonRole) => ({
      id: "p1",
      email: "x@bright.example",
      role,
      partnerId: "bright",
      webexPersonId: null,
      language: "en" as const,
    });
    const actors = [
      { role: null, isBotAdmin: true },
      { role: null, isBotAdmin: false },
      ...(["full_admin", "sales_full_admin", "sales_admin", "read_only", "ops"] as const).flatMap((role) => [
        { role, isBotAdmin: false },
        { role, isBotAdmin: true },
      ]),
    ];
    for (const a of actors) {
      const admitted = (
        await importCustomers(
          deps,
          { email: "x@bright.example", person: a.role ? (person(a.role) as never) : null, isBotAdmin: a.isBotAdmin },
          [],
        )
      ).ok;
      expect({ ...a, allowed: mayUse(commandEntry("customer.import"), a) }).toEqual({ ...a, allowed: admitted });
    }
    expect(names(who(null, { isBotAdmin: true }))).toContain("customer.import");
  });
});
