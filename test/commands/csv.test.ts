import { describe, expect, it } from "vitest";
import { CSV_COLUMNS, type CsvProblem, formatCsvErrors, parseCustomerCsv } from "../../bot/commands/csv.ts";
import { parseCommand } from "../../bot/commands/parse.ts";
import { COMMAND_TEXTS } from "../../bot/commands/text.ts";

const HEADER = CSV_COLUMNS.join(",");

function errorsOf(text: string | null, firstLine = 1): CsvProblem[] {
  const r = parseCustomerCsv(text, { firstLine });
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.rows)}`);
  return r.errors;
}

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a suite is a list of test cases, not logic
describe("customer import CSV", () => {
  it("reads good rows typed after the command, with message line numbers", () => {
    const message = [
      "customer import",
      HEADER,
      'Acme Corp,acme,US,Retail,buyer@acme.com,"it@acme.com;CIO@Acme.com",meetings;Messaging,Initech',
      "",
      "Globex,,de,banking,,ops@globex.de,,",
    ].join("\n");
    const parsed = parseCommand(message, { testClock: false });
    if (!parsed.ok || parsed.command.name !== "customer.import") throw new Error("should parse");
    const r = parseCustomerCsv(parsed.command.csv, { firstLine: parsed.command.firstLine });
    expect(r).toEqual({
      ok: true,
      rows: [
        {
          line: 3,
          name: "Acme Corp",
          handle: "acme",
          country: "US",
          region: "US",
          vertical: "Retail",
          admins: [
            { email: "it@acme.com", role: "full_admin" },
            { email: "cio@acme.com", role: "full_admin" },
            { email: "buyer@acme.com", role: "other" },
          ],
          purchasedServices: ["meetings", "messaging"],
          managingPartners: ["Initech"],
        },
        {
          line: 5,
          name: "Globex",
          handle: null,
          country: "DE",
          region: "EU",
          vertical: expect.any(String),
          admins: [{ email: "ops@globex.de", role: "full_admin" }],
          purchasedServices: [],
          managingPartners: [],
        },
      ],
    });
  });

  it("accepts columns in any order, optional columns left out, a BOM and CRLF line ends", () => {
    const r = parseCustomerCsv("\uFEFFFull_Admin_Emails,Name,Country,Vertical\r\nboss@acme.com,Acme,us,Retail\r\n");
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.rows[0]).toMatchObject({
        line: 2,
        name: "Acme",
        country: "US",
        handle: null,
        admins: [{ email: "boss@acme.com", role: "full_admin" }],
      });
  });

  it("an address in both admin lists is a full admin once", () => {
    const r = parseCustomerCsv(`${HEADER}\nAcme,acme,US,Retail,a@acme.com;b@acme.com,A@acme.com,,`);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.rows[0]!.admins).toEqual([
      { email: "a@acme.com", role: "full_admin" },
      { email: "b@acme.com", role: "other" },
    ]);
  });

  it("reports every bad row with its line number and what was wrong", () => {
    const csv = [
      HEADER, // line 2 of the message
      "Acme,acme,US,Retail,,it@acme.com,,", // 3: fine
      "Bad Mail,bad,US,Retail,not-an-email,it@bad.com,,", // 4
      "No Admin,noadmin,US,Retail,a@x.com,,,", // 5
      "Fax Co,fax,US,Retail,,it@fax.com,fax;calling,", // 6
      "Far Away,far,USA,Retail,,it@far.com,,", // 7
      "Nowhere,nowhere,XX,Retail,,it@nowhere.com,,", // 8
      ",Acme,US,,,it@x.com,,", // 9: name and vertical empty, handle "acme" taken by line 3
      "Short,short,US", // 10
      "Bad Handle,Bad Handle!,US,Retail,,it@h.com,,", // 11
    ].join("\n");
    const errors = errorsOf(csv, 2);
    expect(errors).toEqual([
      { line: 4, field: "admin_emails", problem: "email", params: { value: "not-an-email", field: "admin_emails" } },
      { line: 5, field: "full_admin_emails", problem: "full_admin_missing" },
      { line: 6, field: "purchased_services", problem: "service", params: { value: "fax" } },
      { line: 7, field: "country", problem: "country", params: { value: "USA" } },
      { line: 8, field: "country", problem: "country_unknown", params: { value: "XX" } },
      { line: 9, field: "name", problem: "required", params: { field: "name" } },
      { line: 9, field: "handle", problem: "handle_duplicate", params: { value: "acme", other: "3" } },
      { line: 9, field: "vertical", problem: "required", params: { field: "vertical" } },
      { line: 10, problem: "columns", params: { found: "3", expected: "8" } },
      { line: 11, field: "handle", problem: "handle", params: { value: "Bad Handle!" } },
    ]);
    const text = formatCsvErrors(errors, "en");
    expect(text).toContain("The CSV has 10 problem(s)");
    expect(text).toContain("- Line 4: `not-an-email` in admin_emails is not an e-mail address.");
    expect(text).toContain("- Line 10: This row has 3 values; the header has 8.");
    expect(formatCsvErrors(errors, "ko")).toContain(
      "4번째 줄: admin_emails의 `not-an-email`은(는) 이메일 주소가 아닙니다.",
    );
  });

  it("header problems are reported on the header line", () => {
    expect(errorsOf("name,country,vertical\nAcme,US,Retail", 2)).toEqual([
      { line: 2, problem: "header_missing", params: { columns: "full_admin_emails" } },
    ]);
    expect(errorsOf(`${HEADER},notes\n`)).toEqual([
      { line: 1, problem: "header_unknown", params: { columns: "notes" } },
    ]);
    expect(errorsOf(HEADER)).toEqual([{ line: 1, problem: "no_rows" }]);
  });

  it("no CSV at all asks for it; unreadable CSV says where", () => {
    expect(errorsOf(null)).toEqual([{ line: null, problem: "missing" }]);
    expect(errorsOf("  \n ")).toEqual([{ line: null, problem: "missing" }]);
    expect(formatCsvErrors(errorsOf(null), "en")).toContain("Send the customers on the lines after `customer import`");
    const broken = errorsOf(`${HEADER}\n"Acme,acme,US,Retail,,a@acme.com,,`, 2);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ problem: "malformed", line: 3 });
  });

  it("a country where Webex is not offered is refused (R-ORG-5)", () => {
    const r = parseCustomerCsv(`${HEADER}\nX,x,KP,Retail,,a@x.com,,`);
    expect(r.ok ? [] : r.errors).toMatchObject([{ line: 2, problem: "country_not_offered" }]);
  });

  it("limits the rows of one import", () => {
    const rows = Array.from({ length: 3 }, (_, i) => `C${i},c${i},US,Retail,,a@c${i}.com,,`);
    expect(parseCustomerCsv([HEADER, ...rows].join("\n"), { maxRows: 2 })).toEqual({
      ok: false,
      errors: [{ line: null, problem: "too_many_rows", params: { max: "2" } }],
    });
  });

  it("the header shown in the texts is the one the parser reads", () => {
    for (const lang of ["en", "ko"] as const) expect(COMMAND_TEXTS[lang]["csv.missing"]!({})).toContain(HEADER);
  });
});
