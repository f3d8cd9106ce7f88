// Every rule in docs/trial-rules.md must be named by at least one test (a test or describe name
// that contains the rule id, e.g. it("R-EXT-1: extends from today", …)), and every rule id cited
// in domain/ must exist in the rule list (no typos, no rules that were removed).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RULES_DOC = join(ROOT, "docs", "trial-rules.md");
const SELF = fileURLToPath(import.meta.url);

/** A rule id not followed by another digit (R-EXP-1 must not match inside R-EXP-10). */
const RULE_ID = /R-[A-Z]+-\d+(?!\d)/g;

function filesUnder(dir: string, accept: (path: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return entries
    .map((e) => join(dir, e))
    .filter((p) => !p.includes("node_modules") && accept(p))
    .sort();
}

/** Rule ids defined in the doc: lines of the form "- R-XXX-n …". */
function definedRules(): string[] {
  const ids: string[] = [];
  for (const line of readFileSync(RULES_DOC, "utf8").split("\n")) {
    const m = /^- (R-[A-Z]+-\d+)\b/.exec(line);
    if (m?.[1]) ids.push(m[1]);
  }
  return ids;
}

/**
 * Names of tests, suites and parametrised tests in a test file: it(…), test(…), describe(…),
 * also with .only / .concurrent / .sequential / .fails / .each(…) / .for(…). Skipped and todo
 * tests (.skip, .todo) do not count as covering a rule.
 */
const TEST_NAME =
  /\b(?:it|test|describe|suite)(?:\.(?:only|concurrent|sequential|fails|each\([^)]*\)|for\([^)]*\)))*\s*\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;

function testNames(source: string): string[] {
  return [...source.matchAll(TEST_NAME)].map((m) => m[2] ?? "");
}

describe("rule coverage (docs/trial-rules.md)", () => {
  const rules = definedRules();

  it("the rule list defines rule ids, each once", () => {
    expect(rules.length).toBeGreaterThan(0);
    const dupes = rules.filter((id, i) => rules.indexOf(id) !== i);
    expect(dupes, `rule ids defined more than once: ${dupes.join(", ")}`).toEqual([]);
  });

  it("every rule is named by at least one test", () => {
    const testFiles = filesUnder(join(ROOT, "test"), (p) => p.endsWith(".test.ts") && p !== SELF);
    const covered = new Set<string>();
    for (const file of testFiles) {
      for (const name of testNames(readFileSync(file, "utf8"))) {
        for (const id of name.match(RULE_ID) ?? []) covered.add(id);
      }
    }
    const missing = rules.filter((id) => !covered.has(id));
    expect(missing, `rules that no test names (${missing.length}): ${missing.join(", ")}`).toEqual([]);
  });

  it("every rule id cited under domain/ exists in the rule list", () => {
    const known = new Set(rules);
    const unknown: string[] = [];
    for (const file of filesUnder(join(ROOT, "domain"), (p) => /\.(ts|json|md)$/.test(p))) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        for (const id of line.match(RULE_ID) ?? []) {
          if (!known.has(id)) unknown.push(`${id} (${relative(ROOT, file)}:${i + 1})`);
        }
      });
    }
    expect(unknown, `rule ids cited in domain/ but not defined in docs/trial-rules.md: ${unknown.join(", ")}`).toEqual(
      [],
    );
  });
});
