#!/usr/bin/env node
// Generates the Prisma client (prisma/generated, gitignored) without network access.
//
// Every Prisma 7 CLI command first makes sure a native `schema-engine` binary is present and
// downloads it when it is not; this machine (and CI) has no route to the download host. Client
// generation itself needs no engine, so we point PRISMA_SCHEMA_ENGINE_BINARY at an existing file
// (this script): the CLI finds "its" engine and skips the download. Migrations do not use the
// CLI at all: prisma/cli/migrate.ts drives the WebAssembly schema engine.
//
// Runs as the package.json `postinstall`, and as `npm run prisma:generate`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);
const root = join(dirname(here), "..");
const schema = join(root, "prisma", "schema.prisma");

if (!existsSync(schema)) {
  console.log(`prisma-generate: ${schema} not found, nothing to generate`);
  process.exit(0);
}

let cli;
try {
  cli = createRequire(join(root, "package.json")).resolve("prisma/build/index.js");
} catch {
  console.error("prisma-generate: the `prisma` package is not installed (npm install first)");
  process.exit(1);
}

const env = { ...process.env };
const engine = env.PRISMA_SCHEMA_ENGINE_BINARY;
if (!engine || !existsSync(engine)) env.PRISMA_SCHEMA_ENGINE_BINARY = here;
env.CHECKPOINT_DISABLE = "1"; // no telemetry / update check
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";

const result = spawnSync(process.execPath, [cli, "generate", "--schema", schema], {
  cwd: root,
  env,
  stdio: "inherit",
});
if (result.error) {
  console.error(`prisma-generate: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status ?? 1);
readWasmAsText(join(root, "prisma", "generated", "internal", "class.ts"));

/**
 * The generated client imports the query compiler as a JavaScript module whose one export is the
 * WebAssembly in base64 (2.3 MB): a module lives as long as the process, so that string and the
 * module's source (another 2.3 MB) stay in the heap after the compiler is built from them. Read
 * as a file instead, the text is garbage once decoded. Same bytes, same compiler. If a Prisma
 * release words the import differently, nothing is changed and test/prisma-client.test.ts
 * says so.
 */
function readWasmAsText(classFile) {
  const source = readFileSync(classFile, "utf8");
  const imported =
    /const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;
  const match = imported.exec(source);
  if (!match) {
    console.warn("prisma-generate: the query compiler import was not recognised; left as generated");
    return;
  }
  const [, specifier, indent] = match;
  const readAsText = [
    `// scripts/prisma-generate.mjs: read as text, not imported (the base64 would live as long as the process)`,
    `const { readFile } = await import("node:fs/promises")`,
    `const { createRequire } = await import("node:module")`,
    `const text = await readFile(createRequire(import.meta.url).resolve(${JSON.stringify(specifier)}), "latin1")`,
    `return await decodeBase64AsWasm(text.slice(text.indexOf('"') + 1, text.lastIndexOf('"')))`,
  ].join(`\n${indent}`);
  writeFileSync(classFile, source.replace(imported, readAsText));
}
