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

/** The text and name of each shape of composition seen: a commit's parts come in a few shapes. */
const shapes = new Map<string, { name: string; text: string }>();

export function composeStatements(parts: readonly StatementPart[]): ComposedStatement {
  if (parts.length === 0) throw new Error("composeStatements: no parts");
  // A part's text follows from its tag; its parameters' numbers from the parts before it.
  const key = parts.map((p) => `${p.tag}:${p.text.length}:${p.values.length}:${p.count ?? ""}`).join(",");
  let shape = shapes.get(key);
  if (!shape) {
    shape = { name: nameOf(key), text: composedText(parts) };
    shapes.set(key, shape);
  }
  return { ...shape, values: parts.flatMap((p) => p.values) };
}

function composedText(parts: readonly StatementPart[]): string {
  const clauses: string[] = [];
  const counts: string[] = [];
  let offset = 0;
  for (const [i, part] of parts.entries()) {
    const shift = offset;
    const text = part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`);
    clauses.push(`p${i} AS (${text}${part.count ? " RETURNING 1" : ""})`);
    if (part.count) counts.push(`(SELECT count(*) FROM p${i})::int AS "${part.count}"`);
    offset += part.values.length;
  }
  return `WITH ${clauses.join(", ")} SELECT ${counts.length > 0 ? counts.join(", ") : "1 AS done"}`;
}

/**
 * A prepared statement's name, unique per shape and within PostgreSQL's 63 bytes (a longer name
 * is cut, and two cut alike would collide): a digest of the shape.
 */
function nameOf(shape: string): string {
  return `trials_with_${createHash("sha1").update(shape).digest("hex").slice(0, 16)}`;
}
