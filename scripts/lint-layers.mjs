#!/usr/bin/env node
// Runs dependency-cruiser with .dependency-cruiser.cjs over the layer folders given as arguments
// (default: domain app bot cards jobs prisma sandbox), skipping folders that do not exist yet, so the
// check works on a partial tree. Extra depcruise options may follow "--".
//   node scripts/lint-layers.mjs [folder…] [-- depcruise options…]
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_FOLDERS = ["domain", "app", "bot", "cards", "jobs", "prisma", "sandbox"];

const argv = process.argv.slice(2);
const dashdash = argv.indexOf("--");
const folderArgs = dashdash === -1 ? argv : argv.slice(0, dashdash);
const extra = dashdash === -1 ? [] : argv.slice(dashdash + 1);

const wanted = folderArgs.length > 0 ? folderArgs : DEFAULT_FOLDERS;
const folders = wanted.filter((f) => existsSync(join(root, f)) && statSync(join(root, f)).isDirectory());
const skipped = wanted.filter((f) => !folders.includes(f));
if (skipped.length > 0) console.log(`lint:layers: skipping missing folder(s): ${skipped.join(", ")}`);
if (folders.length === 0) {
  console.log("lint:layers: nothing to check");
  process.exit(0);
}

const bin = join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");
const result = spawnSync(process.execPath, [bin, "--config", ".dependency-cruiser.cjs", ...extra, ...folders], {
  cwd: root,
  stdio: "inherit",
});
if (result.error) {
  console.error(`lint:layers: could not run dependency-cruiser: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
