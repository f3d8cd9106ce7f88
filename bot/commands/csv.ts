// `customer import`: rows of existing customers (R-ORG-4: name, vertical, country → region, admins,
// purchased services, managing partners) as CSV, read with csv-parse and checked row by row.
// Errors carry the line number (of the message when the CSV was typed after the command, of the
// file when attached). Whether a customer already exists, and handle uniqueness against the store,
// are for the caller.
import { parse } from "csv-parse/sync";
import type { Language } from "../../domain/model.ts";
import { closestVertical, isOffered, lookupCountry, type Region } from "../../domain/regions.ts";
import { parseService, type Service } from "../../domain/services.ts";
import { COMPANY_NAME_MAX, isEmail, normaliseEmail } from "../../domain/validation.ts";
import { commandText } from "./text.ts";
import { CSV_COLUMNS, type CsvColumn } from "./types.ts";

export { CSV_COLUMNS, type CsvColumn };

/** Columns the header must have; the others may be left out. */
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ["name", "country", "vertical", "full_admin_emails"];

export const MAX_IMPORT_ROWS = 500;

export interface CustomerImportRow {
  /** Line of the row (see ParseCsvOptions.firstLine). */
  line: number;
  name: string;
  /** Lower case; null when not given (the caller derives one from the name). */
  handle: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  /** R-ORG-5 */
  region: Region;
  /** R-ORG-4: the closest listed vertical. */
  vertical: string;
  /** Full admins first; an address in both lists is a full admin. Lower case. */
  admins: { email: string; role: "full_admin" | "other" }[];
  purchasedServices: Service[];
  /** Partner names or ids, as written. */
  managingPartners: string[];
}

export const CSV_PROBLEMS = [
  "missing",
  "malformed",
  "header_missing",
  "header_unknown",
  "header_duplicate",
  "no_rows",
  "too_many_rows",
  "columns",
  "required",
  "email",
  "service",
  "country",
  "country_unknown",
  "country_not_offered",
  "handle",
  "handle_duplicate",
  "full_admin_missing",
  "name_too_long",
] as const;
export type CsvProblemCode = (typeof CSV_PROBLEMS)[number];

export interface CsvProblem {
  /** null: about the whole CSV (nothing sent, cannot be read). */
  line: number | null;
  field?: CsvColumn;
  problem: CsvProblemCode;
  params?: Record<string, string>;
}

export type CsvResult = { ok: true; rows: CustomerImportRow[] } | { ok: false; errors: CsvProblem[] };

export interface ParseCsvOptions {
  /** The line number of the CSV's first line: 2 when typed after `customer import`, 1 for a file. */
  firstLine?: number;
  maxRows?: number;
}

const HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function splitList(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type CsvRecord = { record: string[]; info: { lines: number } };

/** Parses and checks the CSV of `customer import`: every row, or every problem with its line. */
export function parseCustomerCsv(text: string | null, options: ParseCsvOptions = {}): CsvResult {
  const offset = (options.firstLine ?? 1) - 1;
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS;
  if (text === null || text.trim() === "") return { ok: false, errors: [{ line: null, problem: "missing" }] };
  const records = readRecords(text, offset);
  if (!Array.isArray(records)) return { ok: false, errors: [records] };
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: null, problem: "missing" }] };
  const headerLine = header.info.lines + offset;
  const names = header.record.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  const errors = headerProblems(names, headerLine);
  if (errors.length) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: [{ line: headerLine, problem: "no_rows" }] };
  if (rows.length > maxRows)
    return { ok: false, errors: [{ line: null, problem: "too_many_rows", params: { max: String(maxRows) } }] };

  const out: CustomerImportRow[] = [];
  const handles = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines + offset;
    if (record.length !== names.length) {
      errors.push({
        line,
        problem: "columns",
        params: { found: String(record.length), expected: String(names.length) },
      });
      continue;
    }
    const row = new RowCheck(record, line, names);
    const checked = checkRow(row, handles);
    if (checked) out.push(checked);
    else errors.push(...row.problems);
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows: out };
}

/** The records with their line numbers, or the problem that the CSV cannot be read. */
function readRecords(text: string, offset: number): CsvRecord[] | CsvProblem {
  try {
    return parse(text, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    }) as unknown as CsvRecord[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    const detail = (err.message ?? String(e)).replace(/^[^:]*:\s*/, "").slice(0, 200);
    return {
      line: typeof err.lines === "number" ? err.lines + offset : null,
      problem: "malformed",
      params: { detail },
    };
  }
}

function headerProblems(names: readonly string[], headerLine: number): CsvProblem[] {
  const errors: CsvProblem[] = [];
  const dup = names.find((n, i) => n !== "" && names.indexOf(n) !== i);
  if (dup) errors.push({ line: headerLine, problem: "header_duplicate", params: { value: dup } });
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  if (unknown.length)
    errors.push({ line: headerLine, problem: "header_unknown", params: { columns: unknown.join(", ") } });
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length)
    errors.push({ line: headerLine, problem: "header_missing", params: { columns: missing.join(", ") } });
  return errors;
}

/** One data row's cells by column, and the problems found in it so far. */
class RowCheck {
  readonly problems: CsvProblem[] = [];

  constructor(
    private readonly record: readonly string[],
    readonly line: number,
    private readonly names: readonly string[],
  ) {}

  add(problem: CsvProblemCode, field?: CsvColumn, params?: Record<string, string>): void {
    this.problems.push({ line: this.line, problem, ...(field && { field }), ...(params && { params }) });
  }

  cell(c: CsvColumn): string {
    const i = this.names.indexOf(c);
    return i < 0 ? "" : (this.record[i] ?? "").trim();
  }

  required(c: CsvColumn): string {
    const value = this.cell(c);
    if (value === "") this.add("required", c, { field: c });
    return value;
  }
}

/** The row, or null when it has problems (in row.problems, in column order). */
function checkRow(row: RowCheck, handles: Map<string, number>): CustomerImportRow | null {
  const name = row.required("name").replace(/\s+/g, " ");
  // The new-customer card's limit for the same input.
  if (name.length > COMPANY_NAME_MAX) row.add("name_too_long", "name", { max: String(COMPANY_NAME_MAX) });
  const handle = handleOf(row, handles);
  const place = placeOf(row);
  const verticalText = row.required("vertical");
  const vertical = verticalText ? closestVertical(verticalText) : null; // R-ORG-4
  const admins = adminsOf(row);
  const purchased: Service[] = [];
  for (const raw of splitList(row.cell("purchased_services"))) {
    const s = parseService(raw);
    if (s) purchased.push(s);
    else row.add("service", "purchased_services", { value: raw });
  }
  const managingPartners = [...new Set(splitList(row.cell("managing_partners")))];
  if (row.problems.length > 0 || place === null || vertical === null) return null;
  return {
    line: row.line,
    name,
    handle,
    country: place.country,
    region: place.region,
    vertical,
    admins,
    purchasedServices: [...new Set(purchased)],
    managingPartners,
  };
}

/** The row's handle (unique in the CSV), or null when not given or wrong. */
function handleOf(row: RowCheck, handles: Map<string, number>): string | null {
  const handleText = row.cell("handle").toLowerCase();
  if (handleText === "") return null;
  if (!HANDLE.test(handleText) || handleText.length > 40) row.add("handle", "handle", { value: row.cell("handle") });
  else if (handles.has(handleText))
    row.add("handle_duplicate", "handle", { value: handleText, other: String(handles.get(handleText)) });
  else {
    handles.set(handleText, row.line);
    return handleText;
  }
  return null;
}

function placeOf(row: RowCheck): { country: string; region: Region } | null {
  const countryText = row.required("country");
  if (countryText === "") return null;
  const found = /^[A-Za-z]{2}$/.test(countryText) ? lookupCountry(countryText) : null;
  if (!/^[A-Za-z]{2}$/.test(countryText)) row.add("country", "country", { value: countryText });
  else if (!found) row.add("country_unknown", "country", { value: countryText });
  else if (!isOffered(found))
    row.add("country_not_offered", "country", { value: found.name }); // R-ORG-5
  else return { country: found.code, region: found.region };
  return null;
}

/** Full admins first; an address in both lists is a full admin. */
function adminsOf(row: RowCheck): CustomerImportRow["admins"] {
  const emails = (c: "admin_emails" | "full_admin_emails"): string[] => {
    const list: string[] = [];
    for (const raw of splitList(row.cell(c))) {
      const e = normaliseEmail(raw);
      if (isEmail(e)) list.push(e);
      else row.add("email", c, { value: raw, field: c });
    }
    return list;
  };
  const fullAdmins = [...new Set(emails("full_admin_emails"))];
  const others = [...new Set(emails("admin_emails"))].filter((e) => !fullAdmins.includes(e));
  // R-CONSENT-3: only a full admin of the customer can consent, so one must be known.
  if (fullAdmins.length === 0 && !row.problems.some((p) => p.field === "full_admin_emails"))
    row.add("full_admin_missing", "full_admin_emails");
  return [
    ...fullAdmins.map((email) => ({ email, role: "full_admin" as const })),
    ...others.map((email) => ({ email, role: "other" as const })),
  ];
}

/** The problems as a Webex markdown reply, one per line, with their line numbers. */
export function formatCsvErrors(errors: readonly CsvProblem[], lang: Language, max = 30): string {
  const lines = errors.slice(0, max).map((e) => {
    const problem = commandText(lang, `csv.${e.problem}`, e.params ?? {});
    if (e.problem === "missing") return problem;
    return e.line === null
      ? commandText(lang, "csv.file", { problem })
      : commandText(lang, "csv.line", { line: e.line, problem });
  });
  if (errors.length > max) lines.push("…");
  const [only] = lines;
  if (errors.length === 1 && errors[0]?.problem === "missing" && only !== undefined) return only;
  return [commandText(lang, "csv.errors_title", { count: errors.length }), lines.map((l) => `- ${l}`).join("\n")].join(
    "\n",
  );
}
