// Reading rows, and the rows related to them, in one plain-SQL statement (sql.ts) as one JSON
// text: each row a JSON array of its columns in the order of its table in sql-rows.ts, turned
// back into the row Prisma would have returned, so the *FromRow mappers (mapping.ts) serve both.
// Instants travel as epoch milliseconds and DATE columns as days since 1970-01-01: exact numbers,
// whatever the session's TimeZone and DateStyle (JSON text of a TIMESTAMPTZ carries the session's
// offset), and cheaper to turn into a Date than ISO text.
import { entries, type SqlTable, type SqlType } from "./sql-rows.ts";

const DAY_MS = 86_400_000;
/** json_build_array takes at most 100 arguments (PostgreSQL's FUNC_MAX_ARGS). */
const MAX_COLUMNS = 100;

function columnJson(alias: string, column: string, type: SqlType): string {
  const c = `${alias}."${column}"`;
  switch (type) {
    case "timestamptz":
      return `(extract(epoch FROM ${c}) * 1000)::bigint`;
    case "date":
      return `(${c} - DATE '1970-01-01')`;
    default:
      return c;
  }
}

/** The row `alias` of table `t` as a JSON array of its columns (read back by `rowReader`). */
export function rowJson(t: SqlTable<string>, alias: string): string {
  const columns = entries(t);
  if (columns.length > MAX_COLUMNS) throw new Error(`rowJson: ${t.name} has more than ${MAX_COLUMNS} columns`);
  return `json_build_array(${columns.map(([, [c, type]]) => columnJson(alias, c, type)).join(", ")})`;
}

/** A subquery: the rows of `t` (as `alias`) where `where` holds, in `orderBy` order, as a JSON array of rowJson ([] when none). */
export function rowsJson(t: SqlTable<string>, alias: string, where: string, orderBy: string): string {
  return `(SELECT coalesce(json_agg(${rowJson(t, alias)} ORDER BY ${orderBy}), '[]'::json) FROM ${t.name} ${alias} WHERE ${where})`;
}

function fieldValue(type: SqlType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "timestamptz":
      return new Date(value as number);
    case "date":
      return new Date((value as number) * DAY_MS);
    default:
      return value;
  }
}

/**
 * Turns rowJson's arrays of table `t` back into rows as Prisma returns them: fields by name,
 * instants and DATE columns (UTC midnight) as Date, JSON and arrays as parsed, SQL NULL as null.
 */
export function rowReader<R>(t: SqlTable<Extract<keyof R, string>>): (values: readonly unknown[]) => R {
  const columns = entries(t).map(([field, [, type]]) => [field, type] as const);
  return (values) => {
    const row: Record<string, unknown> = {};
    columns.forEach(([field, type], i) => {
      row[field] = fieldValue(type, values[i]);
    });
    return row as R;
  };
}
