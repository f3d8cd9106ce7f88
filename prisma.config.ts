// Configuration for the Prisma CLI. Only `prisma generate` runs here (scripts/prisma-generate.mjs);
// migrations go through prisma/cli/migrate.ts. The datasource URL is for the native
// `prisma migrate deploy`, wherever its engine binary can be had.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
