// Copies in and out of the tables, so callers never share objects with the store (as with rows
// read from a database), and the orders and text matching the Prisma store uses.

/** A JSON column: what goes in comes back as JSON would (dates become strings, undefined goes). */
export function jsonCopy<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}

export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Text order of the database (collation C: by code unit). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareBy<T>(...keys: Array<(row: T) => string | number>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : compareText(String(x), String(y));
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Case-insensitive, literal text matching (as the Prisma store's escaped ILIKE). */
export function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
export function containsText(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

export function assertCalendarDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a calendar date (yyyy-MM-dd): ${date}`);
}
