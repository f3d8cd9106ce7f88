import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Store tests share one PostgreSQL server and one Redis; files run in parallel but each
    // test uses its own schema / queue prefix.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
