// Migrations on a fresh PostgreSQL database (created and dropped by the test).
import { createPgDatabase } from "./harness.ts";
import { migrationSuite } from "./migrations-suite.ts";

migrationSuite("PostgreSQL", async () => {
  const created = await createPgDatabase("trials_migr");
  return { config: { kind: "postgres", url: created.url }, dispose: created.drop };
});
