// The generated Prisma client as scripts/prisma-generate.mjs leaves it: the query compiler's
// WebAssembly is read from its base64 module as text, never imported (an imported module, and
// the 2.3 MB string it exports, would stay in the heap for the life of the process).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const classFile = join(dirname(fileURLToPath(import.meta.url)), "..", "prisma", "generated", "internal", "class.ts");

describe("generated Prisma client", () => {
  it("reads the query compiler's base64 module as text instead of importing it", () => {
    const source = readFileSync(classFile, "utf8");
    expect(source).not.toMatch(/import\("[^"]+\.wasm-base64\.mjs"\)/);
    const specifier = /resolve\("([^"]+\.wasm-base64\.mjs)"\)/.exec(source)?.[1];
    expect(specifier).toBeDefined();
    // What the generated code takes from the file (between the first and last quote) is the module.
    const text = readFileSync(createRequire(classFile).resolve(String(specifier)), "latin1");
    const bytes = Buffer.from(text.slice(text.indexOf('"') + 1, text.lastIndexOf('"')), "base64");
    // A WebAssembly binary: the magic "\0asm", then version 1.
    expect([...bytes.subarray(0, 8)]).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(bytes.length).toBeGreaterThan(1_000_000);
  });
});
