// Issue 10, "names are not patterns": control characters are refused at the edge with a clear
// message (PostgreSQL refuses NUL: the bot answered "Something went wrong"), and the cancel
// reason has one limit whether it comes from chat, the card or the domain.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCsvErrors, parseCustomerCsv } from "../../bot/commands/csv.ts";
import { formatParseError } from "../../bot/commands/help.ts";
import { parseCommand } from "../../bot/commands/parse.ts";
import { parseCancel, parseLookup, parseNewCustomer } from "../../cards/submit/schemas.ts";
import { cancelTrial } from "../../domain/manage.ts";
import { SERVICES } from "../../domain/services.ts";
import { COMPANY_NAME_MAX, REASON_MAX } from "../../domain/validation.ts";
import { ctx } from "../domain/fixtures.ts";
import { ALPHA, createWorld, partnerPerson, type World } from "./world.ts";

const parse = (text: string) => parseCommand(text, { testClock: false });

describe("control characters are refused at the edge", () => {
  it("chat: any command with NUL or another control character is refused before it is read, in English and Korean", () => {
    for (const text of [
      'trial show "\u0000"',
      'audit "\u0000"',
      "trial show acme\u0007",
      "customer import\nname\u0000,handle",
      "\u001btrial list",
    ]) {
      const parsed = parse(text);
      expect(parsed, JSON.stringify(text)).toEqual({ ok: false, error: { kind: "control_character" } });
    }
    const error = { kind: "control_character" } as const;
    expect(formatParseError(error, "en")).toContain("control characters");
    expect(formatParseError(error, "ko")).toContain("제어 문자");
    // Tabs and line breaks are text.
    expect(parse("trial show\tacme").ok).toBe(true);
    expect(parse("trial cancel acme\r\nno budget").ok).toBe(true);
  });

  it("card: a field with a control character is a problem on that field", () => {
    expect(parseLookup({ customer: "Acme\u0000" })).toMatchObject({
      ok: false,
      problems: [{ field: "customer", code: "control_character" }],
    });
    expect(parseCancel({ reason: "no\u0000budget" })).toMatchObject({
      ok: false,
      problems: [{ field: "reason", code: "control_character" }],
    });
  });
});

describe("the cancel reason: one limit for chat, card and domain", () => {
  it("chat: a 7,000-character reason is refused with the card's limit; 200 is accepted", () => {
    const long = parse(`trial cancel acme ${"x".repeat(7000)}`);
    expect(long).toMatchObject({
      ok: false,
      error: {
        kind: "usage",
        command: "trial.cancel",
        problem: "reason_too_long",
        params: { max: "200", length: "7000" },
      },
    });
    if (!long.ok) {
      expect(formatParseError(long.error, "en")).toContain("at most 200 characters");
      expect(formatParseError(long.error, "ko")).toContain("최대 200자");
    }
    expect(parse(`trial cancel acme ${"x".repeat(REASON_MAX)}`)).toMatchObject({
      ok: true,
      command: { reason: "x".repeat(200) },
    });
    // The body lines count too.
    expect(parse(`trial cancel acme first\n${"y".repeat(200)}`)).toMatchObject({
      ok: false,
      error: { problem: "reason_too_long" },
    });
  });

  it("card and domain: the same 200", () => {
    expect(parseCancel({ reason: "x".repeat(201) })).toMatchObject({
      ok: false,
      problems: [{ field: "reason", code: "too_long" }],
    });
    expect(parseCancel({ reason: "x".repeat(200) }).ok).toBe(true);
    expect(cancelTrial({ ...ctx(), reason: "x".repeat(201) })).toMatchObject({
      ok: false,
      refusal: { code: "invalid_input", params: { field: "reason" } },
    });
    expect(cancelTrial({ ...ctx(), reason: "x".repeat(200) }).ok).toBe(true);
  });
});

describe("the company name: one limit for the card and the CSV import", () => {
  const header = "name,handle,country,vertical,admin_emails,full_admin_emails,purchased_services,managing_partners";
  const row = (name: string) => `${header}\n${name},,US,Retail,a@new.example,a@new.example,,`;

  it(`${COMPANY_NAME_MAX} characters are accepted, one more is refused, on both`, () => {
    const ok = "N".repeat(COMPANY_NAME_MAX);
    const long = "N".repeat(COMPANY_NAME_MAX + 1);
    expect(parseCustomerCsv(row(ok)).ok).toBe(true);
    const csv = parseCustomerCsv(row(long));
    expect(csv).toMatchObject({
      ok: false,
      errors: [{ line: 2, problem: "name_too_long", params: { max: String(COMPANY_NAME_MAX) } }],
    });
    if (!csv.ok) {
      expect(formatCsvErrors(csv.errors, "en")).toContain(`longer than ${COMPANY_NAME_MAX} characters`);
      expect(formatCsvErrors(csv.errors, "ko")).toContain(`${COMPANY_NAME_MAX}자를 넘습니다`);
    }
    // The card's other fields are left empty: only the company name's problem is looked at.
    const nameProblems = (companyName: string) => {
      const parsed = parseNewCustomer({ companyName }, SERVICES);
      return parsed.ok ? [] : parsed.problems.filter((p) => p.field === "companyName").map((p) => p.code);
    };
    expect(nameProblems(long)).toEqual(["too_long"]);
    expect(nameProblems(ok)).toEqual([]);
  });
});

describe("on the real store, through the bot's handlers", () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  }, 60_000);
  afterAll(async () => {
    await w?.dispose();
  });

  it('trial show "\\u0000" and audit "\\u0000" answer the control-character message, not "Something went wrong"; nothing changes', async () => {
    const viewer = partnerPerson(ALPHA, "read_only");
    const before = await w.alphaRows();
    for (const text of ['trial show "\u0000"', 'audit "\u0000"', 'trial cancel "\u0000" x']) {
      const reply = await w.say(viewer, text);
      expect(reply).toContain("control characters");
    }
    expect(await w.alphaRows()).toEqual(before);
  });

  it("trial cancel with part of a name asks which customer was meant, in English and Korean, and changes nothing", async () => {
    const seller = partnerPerson(ALPHA, "sales_admin");
    const before = await w.allRows();
    expect(await w.say(seller, 'trial cancel "Acme C" no budget')).toContain(
      "Did you mean **Acme Corp** (`acme-corp`)? Nothing was changed",
    );
    expect(await w.say(seller, "trial cancel acm_ no budget")).toContain("No customer called **acm\\_**");
    expect(await w.allRows()).toEqual(before);
    await w.say(seller, "lang ko");
    expect(await w.say(seller, "trial delete acme")).toContain("**Acme Corp**(`acme-corp`) 고객을 말씀하신 건가요?");
    await w.reset();
    // The exact handle acts.
    expect(await w.say(seller, "trial cancel acme-corp no budget")).toMatch(/^Done/);
  });
});
