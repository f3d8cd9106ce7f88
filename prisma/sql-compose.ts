// Several data-modifying statements sent as one, a round trip each saved: each becomes a WITH
// clause (PostgreSQL runs every data-modifying WITH clause to completion, whether or not the
// main query reads it), its parameters renumbered after the previous ones'. The clauses share
// one snapshot: none may write a row another one writes, and none sees another's rows. A part
// with `mustWrite` must write a row: when it writes none, the statement's final SELECT raises
// (trials_refuse, SQLSTATE TB001, the message naming the part: migration commit_refusals) and
// PostgreSQL rolls back every clause, so the statement is all or nothing without BEGIN/COMMIT.
// The parts are checked in the order they come (their row locks are taken in that order).

import { createHash } from "node:crypto";

export interface StatementPart {
  /** Names the part (same tags, same text): the statement's name derives from the tags. */
  tag: string;
  /** One INSERT, UPDATE or DELETE with $1… parameters and no WITH or RETURNING of its own. */
  text: string;
  values: readonly unknown[];
  /** The statement fails (REFUSAL_SQLSTATE, message = this name) when this part writes no row. */
  mustWrite?: string;
}

export interface ComposedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** The SQLSTATE of a composed statement that failed itself: a `mustWrite` part wrote no row. */
export const REFUSAL_SQLSTATE = "TB001";

/** The text and name of each shape of composition seen: a commit's parts come in a few shapes. */
const shapes = new Map<string, { name: string; text: string }>();

export function composeStatements(parts: readonly StatementPart[]): ComposedStatement {
  if (parts.length === 0) throw new Error("composeStatements: no parts");
  // A part's text follows from its tag; its parameters' numbers from the parts before it.
  const key = parts.map((p) => `${p.tag}:${p.text.length}:${p.values.length}:${p.mustWrite ?? ""}`).join(",");
  let shape = shapes.get(key);
  if (!shape) {
    shape = { name: nameOf(key), text: composedText(parts) };
    shapes.set(key, shape);
  }
  return { ...shape, values: parts.flatMap((p) => p.values) };
}

function composedText(parts: readonly StatementPart[]): string {
  const clauses: string[] = [];
  const checks: string[] = [];
  let offset = 0;
  for (const [i, part] of parts.entries()) {
    if (part.mustWrite !== undefined && !/^[a-z_]+$/.test(part.mustWrite))
      throw new Error(`composeStatements: part name ${part.mustWrite} is not a plain word`);
    const shift = offset;
    const text = part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`);
    clauses.push(`p${i} AS (${text}${part.mustWrite ? " RETURNING 1" : ""})`);
    if (part.mustWrite) checks.push(`WHEN NOT EXISTS (SELECT FROM p${i}) THEN trials_refuse('${part.mustWrite}')`);
    offset += part.values.length;
  }
  const done = checks.length > 0 ? `CASE ${checks.join(" ")} ELSE 1 END` : "1";
  return `WITH ${clauses.join(", ")} SELECT ${done} AS done`;
}

/**
 * A prepared statement's name, unique per shape and within PostgreSQL's 63 bytes (a longer name
 * is cut, and two cut alike would collide): a digest of the shape.
 */
function nameOf(shape: string): string {
  return `trials_with_${createHash("sha1").update(shape).digest("hex").slice(0, 16)}`;
}
