import { defineConfig } from "vitest/config";

// Two projects. `unit`: the tests that need no server (pure domain, cards, command language,
// catalogue, the Webex client against the in-process emulator, the use cases and the store
// contract on the in-memory store): `npm run test:unit`, seconds.
// `integration`: everything else — the store on PGlite and PostgreSQL, BullMQ on Redis,
// end-to-end and browser tests — which needs PostgreSQL, Redis and Chromium (`npm test` makes
// sure they are there). A new test folder is integration until it is listed here.
const UNIT = [
  "test/*.test.ts",
  "test/app/**/*.test.ts",
  "test/cards/**/*.test.ts",
  "test/commands/**/*.test.ts",
  "test/domain/**/*.test.ts",
  "test/i18n/**/*.test.ts",
  "test/store/memory.test.ts",
  "test/webex/**/*.test.ts",
];

export default defineConfig({
  test: {
    // Integration files share one PostgreSQL server and one Redis; files run in parallel but
    // each test uses its own database / queue prefix.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        // The unit files share no global state (no module mocks, fake timers or env changes), so
        // one module graph per worker serves them all: importing the tree once instead of once per
        // file is most of the project's time.
        test: { name: "unit", include: UNIT, isolate: false, pool: "threads" },
      },
      { extends: true, test: { name: "integration", include: ["test/**/*.test.ts"], exclude: UNIT } },
    ],
  },
});
