// package.json's engines, the lock file and the README's Quick start agree: every locked package
// that needs a newer Node than our floor is named (with why it does no harm) in the README, so
// npm's EBADENGINE warning on Node 20 is never a surprise.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(ROOT + path, "utf8");

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^[v=]/, "")
    .split(".")
    .map((x) => Number.parseInt(x, 10) || 0);
  return [a, b, c];
};
const cmp = (x: Version, y: Version) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];

/** The subset of semver ranges engines fields use: ||, >=, >, <=, <, ^, ~, exact, x. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range
    .replace(/(>=|<=|>|<|\^|~|=)\s+/g, "$1")
    .split("||")
    .some((alt) =>
      alt
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .every((c) => {
          const m = /^(>=|<=|>|<|\^|~|=)?(.+)$/.exec(c);
          if (!m) return false;
          const op = m[1] ?? "=";
          const target = parse(m[2]!.replace(/\.x/g, ""));
          const d = cmp(v, target);
          if (op === ">=") return d >= 0;
          if (op === ">") return d > 0;
          if (op === "<=") return d <= 0;
          if (op === "<") return d < 0;
          if (op === "^") return d >= 0 && v[0] === target[0];
          if (op === "~") return d >= 0 && v[0] === target[0] && v[1] === target[1];
          const parts = m[2]!.split(".").length;
          return v.slice(0, parts).every((n, i) => n === target[i]);
        }),
    );
}

describe("Node versions", () => {
  const pkg = JSON.parse(read("package.json")) as { engines: { node: string } };
  const lock = JSON.parse(read("package-lock.json")) as {
    packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
  };
  const readme = read("README.md");
  const quickStart = readme.slice(
    readme.indexOf("## Quick start"),
    readme.indexOf("\n## ", readme.indexOf("## Quick start") + 5),
  );
  // The lowest Node each supported line starts at, from our engines range.
  const floors = pkg.engines.node
    .split("||")
    .map((alt) => alt.trim().replace(/^[\^>=~]+/, ""))
    .map((v) => parse(v).join("."));

  it("the range checker reads engines ranges as npm does", () => {
    expect(satisfies("20.19.0", "^20.19 || >=22.12")).toBe(true);
    expect(satisfies("22.11.0", "^20.19 || >=22.12")).toBe(false);
    expect(satisfies("20.19.0", ">=22")).toBe(false);
    expect(satisfies("24.1.0", "^20.12||^22||>=24")).toBe(true);
    expect(satisfies("20.19.0", ">= 20.19.0")).toBe(true);
  });

  it("package.json and the lock file's root entry state the same engines, and the README names them", () => {
    expect(lock.packages[""]?.engines).toEqual(pkg.engines);
    expect(quickStart).toContain(`\`${pkg.engines.node}\``);
  });

  it("every locked package that refuses a Node our engines admit is named in the README's Quick start", () => {
    const refusing = Object.entries(lock.packages)
      // Optional packages (platform builds) are skipped by npm where they do not fit.
      .filter(
        ([path, entry]) =>
          path !== "" && !entry.optional && entry.engines && !Array.isArray(entry.engines) && entry.engines.node,
      )
      .filter(([, entry]) => floors.some((floor) => !satisfies(floor, (entry.engines as { node: string }).node)))
      .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
    expect(refusing.length).toBeGreaterThan(0);
    for (const name of refusing)
      expect(quickStart, `${name} needs a newer Node than ${pkg.engines.node}`).toContain(`\`${name}\``);
  });
});
