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

const targets = (rule: string, from: string) => find(rule, from).map((v) => v.to);

beforeAll(async () => {
  const options = await extractDepcruiseOptions(join(ROOT, ".dependency-cruiser.cjs"));
  const tsConfig = extractTSConfig(join(ROOT, "tsconfig.json"));
  const result = await cruise(
    ["domain", "app", "prisma", "cards", "bot", "jobs", "boot", "emulator", "sandbox"],
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
    expect(targets("domain-is-pure", "domain/reaches-app.ts")).toEqual(["app/uses-prisma.ts"]);
  });

  it("domain/ may import domain/ files, luxon and zod", () => {
    expect(find("domain-is-pure", "domain/pure-ok.ts")).toEqual([]);
    expect(find("domain-is-pure", "domain/helper-ok.ts")).toEqual([]);
  });

  it("app/ may not import prisma/ (it uses ports)", () => {
    expect(targets("app-uses-ports", "app/uses-prisma.ts")).toEqual(["prisma/db-ok.ts"]);
  });

  it("cards/ is presentation, not an adapter: no persistence, no store port", () => {
    expect(targets("cards-is-presentation", "cards/uses-prisma.ts")).toEqual(["prisma/db-ok.ts"]);
    expect(targets("cards-is-presentation", "cards/reads-store.ts")).toEqual(["app/store.ts"]);
  });

  it("adapters do not import each other", () => {
    expect(targets("adapters-not-each-other", "prisma/uses-queue.ts")).toEqual(["jobs/queue-ok.ts"]);
    // Within one adapter's folder is fine.
    expect(find("adapters-not-each-other", "bot/webex/uses-handler.ts")).toEqual([]);
  });

  it("the Webex client imports nothing else of bot/", () => {
    expect(targets("webex-client-is-an-adapter", "bot/webex/uses-handler.ts")).toEqual(["bot/handler-ok.ts"]);
  });

  it("bot/ and jobs/ do not import the store port", () => {
    expect(targets("adapters-not-the-store", "bot/reads-store.ts")).toEqual(["app/store.ts"]);
  });

  it("only a composition root opens the persistence and queue adapters", () => {
    expect(targets("only-roots-import-persistence-and-queue", "emulator/uses-queue.ts")).toEqual(["jobs/queue-ok.ts"]);
    // Also caught by their own layer's rule.
    expect(targets("only-roots-import-persistence-and-queue", "app/uses-prisma.ts")).toEqual(["prisma/db-ok.ts"]);
    expect(violations.filter((x) => x.from.startsWith("boot/"))).toEqual([]);
  });

  it("nothing but the entry points imports the composition root", () => {
    expect(targets("roots-only-from-entry-points", "bot/uses-boot.ts")).toEqual(["boot/start-ok.ts"]);
  });

  it("nothing but main.ts imports sandbox/; sandbox/ may import itself", () => {
    expect(targets("sandbox-only-from-main", "bot/uses-sandbox.ts")).toEqual(["sandbox/start-ok.ts"]);
    expect(violations.filter((x) => x.from.startsWith("sandbox/"))).toEqual([]);
  });

  it("only prisma/ may import database packages", () => {
    const v = find("database-packages-only-in-prisma", "app/uses-prisma.ts");
    expect(v).toHaveLength(1);
    expect(v[0]?.to).toMatch(/node_modules\/pg\//);
    expect(violations.filter((x) => x.from === "prisma/db-ok.ts")).toEqual([]);
  });

  it("folders that depend on each other are a cycle, even with no module cycle", () => {
    const v = violations.filter((x) => x.rule.name === "no-folder-cycles");
    expect(v.map((x) => x.from).sort()).toEqual(["app/one", "app/two"]);
  });

  it("circular dependencies are errors", () => {
    const v = violations.filter((x) => x.rule.name === "no-circular");
    expect(v).toHaveLength(1);
    expect(v[0]?.cycle?.map((step) => step.name).sort()).toEqual(["domain/cycle-a.ts", "domain/cycle-b.ts"]);
  });

  it("every violation is an error, and there are no others", () => {
    expect(violations.every((v) => v.rule.severity === "error")).toBe(true);
    expect(violations.map(describeViolation).sort()).toEqual([
      "adapters-do-not-check-access: bot/checks-admin.ts -> domain/access.ts",
      "adapters-do-not-check-access: bot/commands/checks-access.ts -> domain/access.ts",
      "adapters-do-not-check-roles: bot/checks-role.ts -> domain/roles.ts",
      "adapters-do-not-check-roles: cards/checks-role.ts -> domain/roles.ts",
      "adapters-do-not-gate-commands: bot/commands/gate-table.ts -> domain/command-gate.ts",
      "adapters-do-not-gate-commands: bot/gates-command.ts -> domain/command-gate.ts",
      "adapters-not-each-other: prisma/uses-queue.ts -> jobs/queue-ok.ts",
      "adapters-not-the-store: bot/reads-store.ts -> app/store.ts",
      "app-uses-ports: app/uses-prisma.ts -> prisma/db-ok.ts",
      "cards-is-presentation: cards/reads-store.ts -> app/store.ts",
      "cards-is-presentation: cards/uses-prisma.ts -> prisma/db-ok.ts",
      "database-packages-only-in-prisma: app/uses-prisma.ts -> node_modules/pg",
      "domain-is-pure: domain/does-io.ts -> fs",
      "domain-is-pure: domain/logs.ts -> node_modules/pino",
      "domain-is-pure: domain/reaches-app.ts -> app/uses-prisma.ts",
      expect.stringMatching(/^no-circular: domain\/cycle-[ab]\.ts -> domain\/cycle-[ab]\.ts$/),
      "no-folder-cycles: app/one -> app/two",
      "no-folder-cycles: app/two -> app/one",
      "only-roots-import-persistence-and-queue: app/uses-prisma.ts -> prisma/db-ok.ts",
      "only-roots-import-persistence-and-queue: cards/uses-prisma.ts -> prisma/db-ok.ts",
      "only-roots-import-persistence-and-queue: emulator/uses-queue.ts -> jobs/queue-ok.ts",
      "roots-only-from-entry-points: bot/uses-boot.ts -> boot/start-ok.ts",
      "sandbox-only-from-main: bot/uses-sandbox.ts -> sandbox/start-ok.ts",
      "webex-client-is-an-adapter: bot/webex/uses-handler.ts -> bot/handler-ok.ts",
    ]);
  });
});

// Adapters never decide permissions: they ask a use case in app/, which asks the domain.
describe("layer rules: who may act is asked of app/, not decided by an adapter", () => {
  it("adapters do not import the role checks (they ask a use case); the chat's language and type-only imports may", () => {
    expect(targets("adapters-do-not-check-roles", "bot/checks-role.ts")).toEqual(["domain/roles.ts"]);
    expect(targets("adapters-do-not-check-roles", "cards/checks-role.ts")).toEqual(["domain/roles.ts"]);
    expect(find("adapters-do-not-check-roles", "bot/commands/parse-role-ok.ts")).toEqual([]);
    expect(find("adapters-do-not-check-roles", "bot/role-type-ok.ts")).toEqual([]);
  });

  it("adapters do not import the access checks (they ask a use case), not even the chat's language; type-only imports may", () => {
    expect(targets("adapters-do-not-check-access", "bot/checks-admin.ts")).toEqual(["domain/access.ts"]);
    expect(targets("adapters-do-not-check-access", "bot/commands/checks-access.ts")).toEqual(["domain/access.ts"]);
    expect(find("adapters-do-not-check-access", "bot/access-type-ok.ts")).toEqual([]);
  });

  it("adapters do not import the command table's gate (they ask app/), not even the table; type-only imports may", () => {
    expect(targets("adapters-do-not-gate-commands", "bot/gates-command.ts")).toEqual(["domain/command-gate.ts"]);
    expect(targets("adapters-do-not-gate-commands", "bot/commands/gate-table.ts")).toEqual(["domain/command-gate.ts"]);
    expect(find("adapters-do-not-gate-commands", "bot/commands/gate-type-ok.ts")).toEqual([]);
  });
});
