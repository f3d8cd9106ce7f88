// Layer rules (dependency-cruiser). Run: npm run lint:layers (scripts/lint-layers.mjs).
// Paths in the rules are relative to the directory depcruise runs in (the repo root, or a test
// fixture directory), so node_modules paths are matched unanchored.

/** npm packages the pure domain may use. */
const DOMAIN_PACKAGES = ["luxon", "zod", "@types/luxon"];
/** Database packages only the prisma/ adapter may use. */
const DATABASE_PACKAGES = ["@prisma/[^/]+", "pg", "@types/pg", "@electric-sql/pglite", "pglite-prisma-adapter"];

const escape = (name) => name.replace(/[.]/g, "\\.");
const inNodeModules = (names) => `(^|/)node_modules/(${names.map(escape).join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "domain/ is pure business logic: it may import only domain/ files (and its JSON data) and the " +
        "npm packages luxon and zod. No node built-ins (no I/O: node:fs, node:http, node:net, …), no " +
        "prisma/@prisma, bullmq, ioredis, fastify, pg, pino, undici, adaptivecards, and nothing from app/, " +
        "bot/, cards/, jobs/ or prisma/.",
      from: { path: "^domain/" },
      to: { pathNot: ["^domain/", inNodeModules(DOMAIN_PACKAGES)] },
    },
    {
      name: "app-uses-ports",
      severity: "error",
      comment: "app/ talks to adapters through ports; it must not import prisma/, bot/, jobs/ or cards/.",
      from: { path: "^app/" },
      to: { path: "^(prisma|bot|jobs|cards)/" },
    },
    {
      name: "cards-no-persistence-or-jobs",
      severity: "error",
      comment: "cards/ renders Adaptive Cards; it must not import prisma/ or jobs/.",
      from: { path: "^cards/" },
      to: { path: "^(prisma|jobs)/" },
    },
    {
      name: "sandbox-only-from-main",
      severity: "error",
      comment:
        "sandbox/ (the local sandbox: emulator, demo data, test clock wiring, the page) is started by main.ts " +
        "only; no other part of the bot imports it (tests may).",
      from: { pathNot: ["^sandbox/", "^main\\.ts$", "^test/"] },
      to: { path: "^sandbox/" },
    },
    {
      name: "database-packages-only-in-prisma",
      severity: "error",
      comment:
        "Only prisma/ (the persistence adapter) may import @prisma/*, pg, @electric-sql/pglite or " +
        "pglite-prisma-adapter.",
      from: { pathNot: "^prisma/" },
      to: { path: inNodeModules(DATABASE_PACKAGES) },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "No circular dependencies.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "Every import must resolve (a typo, or a package missing from package.json).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // The generated Prisma client is a leaf: imported by prisma/, never cruised into.
    doNotFollow: { path: ["node_modules", "(^|/)prisma/generated/"] },
    exclude: { path: ["(^|/)prisma/generated/", "(^|/)prisma/migrations/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6", "cjs"],
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "types", "default"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
