// Several data-modifying statements sent as one, a round trip each saved: each becomes a WITH
// clause (PostgreSQL runs every data-modifying WITH clause to completion, whether or not the
// main query reads it), its parameters renumbered after the previous ones'. The clauses share
// one snapshot: none may write a row another one writes, and none sees another's rows. A part
// with `count` reports how many rows it wrote, read in the order the parts come (so their row
// locks are taken in that order).

import { createHash } from "node:crypto";

export interface StatementPart {
  /** Names the part (same tags, same text): the statement's name derives from the tags. */
  tag: string;
  /** One INSERT, UPDATE or DELETE with $1… parameters and no WITH or RETURNING of its own. */
  text: string;
  values: readonly unknown[];
  /** Report the rows written under this name. */
  count?: string;
}

export interface ComposedStatement {
  name: string;
  text: string;
  values: unknown[];
}

export function composeStatements(parts: readonly StatementPart[]): ComposedStatement {
  if (parts.length === 0) throw new Error("composeStatements: no parts");
  const clauses: string[] = [];
  const counts: string[] = [];
  const values: unknown[] = [];
  for (const [i, part] of parts.entries()) {
    const offset = values.length;
    const text = part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    clauses.push(`p${i} AS (${text}${part.count ? " RETURNING 1" : ""})`);
    if (part.count) counts.push(`(SELECT count(*) FROM p${i})::int AS "${part.count}"`);
    values.push(...part.values);
  }
  return {
    name: nameOf(parts.map((p) => p.tag).join(",")),
    text: `WITH ${clauses.join(", ")} SELECT ${counts.length > 0 ? counts.join(", ") : "1 AS done"}`,
    values,
  };
}

const names = new Map<string, string>();

/**
 * A prepared statement's name, unique per set of parts and within PostgreSQL's 63 bytes (a
 * longer name is cut, and two cut alike would collide): a digest of the tags.
 */
function nameOf(tags: string): string {
  let name = names.get(tags);
  if (!name) {
    name = `trials_with_${createHash("sha1").update(tags).digest("hex").slice(0, 16)}`;
    names.set(tags, name);
  }
  return name;
}
