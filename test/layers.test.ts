// The layer rules in .dependency-cruiser.cjs must keep catching what they forbid: cruise a fixture
// tree (test/fixtures/layers/) in which each file breaks one rule, or keeps to it (*-ok.ts), and
// check the exact set of violations. A rule that silently stops matching fails this test.

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = join(ROOT, "test", "fixtures", "layers");

let violations: IViolation[] = [];

/** "rule: from -> to", with paths into node_modules shortened to "node_modules/<package>". */
function describeViolation(v: IViolation): string {
  const to = v.to.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, "node_modules/$1");
  return `${v.rule.name}: ${v.from} -> ${to}`;
}

function find(rule: string, from: string): IViolation[] {
  return violations.filter((v) => v.rule.name === rule && v.from === from);
}

beforeAll(async () => {
  const options = await extractDepcruiseOptions(join(ROOT, ".dependency-cruiser.cjs"));
  const tsConfig = extractTSConfig(join(ROOT, "tsconfig.json"));
  const result = await cruise(
    ["domain", "app", "prisma", "cards", "bot", "sandbox"],
    { ...options, baseDir: FIXTURE, validate: true, outputType: "json" },
    {},
    { tsConfig },
  );
  const output = typeof result.output === "string" ? (JSON.parse(result.output) as ICruiseResult) : result.output;
  violations = output.summary.violations;
}, 60_000);

describe("layer rules (.dependency-cruiser.cjs)", () => {
  it("domain/ may not import node built-ins (no I/O)", () => {
    const v = find("domain-is-pure", "domain/does-io.ts");
    expect(v.map(describeViolation)).toEqual(["domain-is-pure: domain/does-io.ts -> fs"]);
  });

  it("domain/ may not import npm packages other than luxon and zod", () => {
    const v = find("domain-is-pure", "domain/logs.ts");
    expect(v).toHaveLength(1);
    expect(v[0]?.to).toMatch(/node_modules\/pino\//);
  });

  it("domain/ may not import outer layers", () => {
    expect(find("domain-is-pure", "domain/reaches-app.ts").map((v) => v.to)).toEqual(["app/uses-prisma.ts"]);
  });

  it("domain/ may import domain/ files, luxon and zod", () => {
    expect(find("domain-is-pure", "domain/pure-ok.ts")).toEqual([]);
    expect(find("domain-is-pure", "domain/helper-ok.ts")).toEqual([]);
  });

  it("app/ may not import prisma/ (it uses ports)", () => {
    expect(find("app-uses-ports", "app/uses-prisma.ts").map((v) => v.to)).toEqual(["prisma/db-ok.ts"]);
  });

  it("cards/ may not import prisma/ or jobs/", () => {
    expect(find("cards-no-persistence-or-jobs", "cards/uses-prisma.ts").map((v) => v.to)).toEqual(["prisma/db-ok.ts"]);
  });

  it("nothing but main.ts imports sandbox/; sandbox/ may import itself", () => {
    expect(find("sandbox-only-from-main", "bot/uses-sandbox.ts").map((v) => v.to)).toEqual(["sandbox/start-ok.ts"]);
    expect(violations.filter((x) => x.from.startsWith("sandbox/"))).toEqual([]);
  });

  it("only prisma/ may import database packages", () => {
    const v = find("database-packages-only-in-prisma", "app/uses-prisma.ts");
    expect(v).toHaveLength(1);
    expect(v[0]?.to).toMatch(/node_modules\/pg\//);
    expect(violations.filter((x) => x.from.startsWith("prisma/"))).toEqual([]);
  });

  it("circular dependencies are errors", () => {
    const v = violations.filter((x) => x.rule.name === "no-circular");
    expect(v).toHaveLength(1);
    expect(v[0]?.cycle?.map((step) => step.name).sort()).toEqual(["domain/cycle-a.ts", "domain/cycle-b.ts"]);
  });

  it("every violation is an error, and there are no others", () => {
    expect(violations.every((v) => v.rule.severity === "error")).toBe(true);
    expect(violations.map(describeViolation).sort()).toEqual([
      "app-uses-ports: app/uses-prisma.ts -> prisma/db-ok.ts",
      "cards-no-persistence-or-jobs: cards/uses-prisma.ts -> prisma/db-ok.ts",
      "database-packages-only-in-prisma: app/uses-prisma.ts -> node_modules/pg",
      "domain-is-pure: domain/does-io.ts -> fs",
      "domain-is-pure: domain/logs.ts -> node_modules/pino",
      "domain-is-pure: domain/reaches-app.ts -> app/uses-prisma.ts",
      expect.stringMatching(/^no-circular: domain\/cycle-[ab]\.ts -> domain\/cycle-[ab]\.ts$/),
      "sandbox-only-from-main: bot/uses-sandbox.ts -> sandbox/start-ok.ts",
    ]);
  });
});
