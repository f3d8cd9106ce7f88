// The production command is written in three places that operators read: package.json's
// start:prod (which the bench measures), the Dockerfile's CMD and the README. A V8 flag added to
// one (the young generation's cap) and not the others would run a different process than the one
// measured.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(ROOT + path, "utf8");

const startProd = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts["start:prod"];

describe("the production command", () => {
  it("is node with its flags on dist/main.js", () => {
    expect(startProd).toMatch(/^node( --[\w-]+(=\S+)?)* dist\/main\.js$/);
  });

  it("is the Dockerfile's CMD", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read("Dockerfile"))?.[1];
    expect(cmd, "the Dockerfile has an exec-form CMD").toBeDefined();
    expect((JSON.parse(cmd ?? "[]") as string[]).join(" ")).toBe(startProd);
  });

  it("is the command the README shows", () => {
    expect(read("README.md")).toContain(`DATABASE_URL=postgresql://… ${startProd}`);
  });
});
