#!/usr/bin/env node
// `npm run build`: compiles the bot to plain JavaScript in dist/ (tsc with tsconfig.build.json,
// which rewrites the `.ts` import extensions), then copies what the compiled code reads from
// beside itself at run time: the Prisma schema and migrations (the start-up schema check and
// `db:migrate`) and the sandbox page. Production runs `node dist/main.js`, with no TypeScript
// loader in the process.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(join(root, "package.json")).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const assets = ["prisma/schema.prisma", "prisma/migrations", "sandbox/public"];
for (const asset of assets) {
  const from = join(root, asset);
  if (existsSync(from)) cpSync(from, join(dist, asset), { recursive: true });
}
console.log(`build: dist/ written (node dist/main.js)`);
