// Migrations on a new PGlite directory.
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { migrationSuite, tmpRoot } from "./migrations-suite.ts";

migrationSuite("a PGlite directory", async () => {
  const dataDir = mkdtempSync(join(tmpRoot, "pglite-"));
  return {
    config: { kind: "pglite", dataDir },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});
