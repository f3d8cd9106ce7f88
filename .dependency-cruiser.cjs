// Layer rules (dependency-cruiser). Run: npm run lint:layers (scripts/lint-layers.mjs).
// Paths in the rules are relative to the directory depcruise runs in (the repo root, or a test
// fixture directory), so node_modules paths are matched unanchored.

/** npm packages the pure domain may use. */
const DOMAIN_PACKAGES = ["luxon", "zod", "@types/luxon"];
/** Database packages only the prisma/ adapter may use. */
const DATABASE_PACKAGES = ["@prisma/[^/]+", "pg", "@types/pg", "@electric-sql/pglite", "pglite-prisma-adapter"];
/**
 * The composition roots, which alone wire adapters together: the entry points (main.ts; the admin
 * CLI's is boot/admin.ts), boot/ (start-bot.ts and what it opens), and sandbox/ (the local
 * sandbox, started by main.ts, which starts the bot beside the emulator).
 */
const ROOTS = ["^main\\.ts$", "^boot/", "^sandbox/"];
/**
 * The store port: app/store.ts, and the per-aggregate ports split from it (any app/ports/ file
 * named for a store, or app/stores/) as they land.
 */
const STORE_PORT = ["^app/store\\.ts$", "^app/ports/(?!messaging\\.ts$)", "^app/stores?/"];

const escapeDots = (name) => name.replace(/[.]/g, "\\.");
const inNodeModules = (names) => `(^|/)node_modules/(${names.map(escapeDots).join("|")})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "domain/ is pure business logic: it may import only domain/ files (and its JSON data) and the " +
        "npm packages luxon and zod. No node built-ins (no I/O: node:fs, node:http, node:net, …), no " +
        "prisma/@prisma, bullmq, ioredis, pg, pino, undici, adaptivecards, and nothing from app/, " +
        "bot/, cards/, jobs/ or prisma/.",
      from: { path: "^domain/" },
      to: { pathNot: ["^domain/", inNodeModules(DOMAIN_PACKAGES)] },
    },
    {
      name: "app-uses-ports",
      severity: "error",
      comment:
        "app/ (use cases and ports) talks to adapters through ports; it must not import the adapters " +
        "(prisma/, bot/, jobs/), cards/, or a composition root (boot/, sandbox/).",
      from: { path: "^app/" },
      to: { path: "^(prisma|bot|jobs|cards|boot|sandbox)/" },
    },
    {
      name: "cards-is-presentation",
      severity: "error",
      comment:
        "cards/ is not an adapter: it is the chat's pure presentation (Adaptive Card layouts, their texts, " +
        "signed card references, submit schemas), with no I/O, no Webex and no store. It may import domain/ " +
        "and app/ (port and use-case types), never an adapter (bot/, jobs/, prisma/), the store port, or a " +
        "composition root. So the adapters that render (bot/: chat replies, i18n, card handling; the outbox " +
        "through the OutgoingCards port) may use its layouts.",
      from: { path: "^cards/" },
      to: { path: ["^(bot|jobs|prisma|boot|sandbox)/", ...STORE_PORT] },
    },
    {
      name: "adapters-not-each-other",
      severity: "error",
      comment:
        "The adapters (bot/: chat, receiver, i18n, Webex client; jobs/: BullMQ; prisma/: persistence) " +
        "translate between the outside and app/; they never import each other. Only a composition root " +
        "wires them together.",
      from: { path: "^(bot|jobs|prisma|memory-store)/" },
      to: { path: "^(bot|jobs|prisma|memory-store)/", pathNot: "^$1/" },
    },
    {
      name: "webex-client-is-an-adapter",
      severity: "error",
      comment:
        "The Webex client (bot/webex/: REST client, messaging port implementation, payload types) knows " +
        "Webex only: it may import app/ ports, never the rest of bot/ (chat parsing, handlers, i18n, " +
        "card handling), cards/, jobs/ or prisma/.",
      from: { path: "^bot/webex/" },
      to: { path: "^(bot|cards|jobs|prisma)/", pathNot: "^bot/webex/" },
    },
    {
      name: "adapters-not-the-store",
      severity: "error",
      comment:
        "bot/ and jobs/ neither read nor write the store: they call a use case in app/, which does. " +
        "(prisma/ implements the store port; cards/ has its own rule.)",
      from: { path: "^(bot|jobs)/" },
      to: { path: STORE_PORT },
    },
    {
      name: "adapters-do-not-check-roles",
      severity: "error",
      comment:
        "Adapters never decide permissions: bot/, jobs/ and cards/ do not import domain/roles.ts " +
        "(hasPermission, rolesFor, MANAGING_ROLES) but ask a use case in app/, which asks the domain. The " +
        "chat's language may name roles (bot/commands/ parses them, bot/i18n/ words them), and a type-only " +
        "import (PersonRole) decides nothing.",
      from: { path: "^(bot|jobs|cards)/", pathNot: "^bot/(commands|i18n)/" },
      to: { path: "^domain/roles\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "adapters-do-not-check-access",
      severity: "error",
      comment:
        "Adapters never decide who may act: bot/, jobs/ and cards/ do not import domain/access.ts (requirePartnerRole, " +
        "requireManagerOf, requireOps, partnerScope, isCustomerAdmin, isCustomerFullAdmin, …) but ask a use case in " +
        "app/, which asks the domain. Unlike the role names (adapters-do-not-check-roles), the chat's language has no " +
        "need of these either: the command table's gate has its own rule (adapters-do-not-gate-commands). A type-only " +
        "import decides nothing.",
      from: { path: "^(bot|jobs|cards)/" },
      to: { path: "^domain/access\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "adapters-do-not-gate-commands",
      severity: "error",
      comment:
        "Adapters never decide who may use a command: bot/, jobs/ and cards/ do not import domain/command-gate.ts " +
        "(mayUseCommand, commandRefusal, rolesNeeded) but ask app/command-access.ts, which asks the domain. The " +
        "command table (bot/commands/table.ts) declares each command's access with the gate's types: a type-only " +
        "import decides nothing.",
      from: { path: "^(bot|jobs|cards)/" },
      to: { path: "^domain/command-gate\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "only-roots-import-persistence-and-queue",
      severity: "error",
      comment:
        "The persistence (prisma/, memory-store/) and queue (jobs/) adapters are opened and started by a " +
        "composition root (main.ts, boot/, sandbox/) only; everything else reaches them through ports.",
      from: { pathNot: [...ROOTS, "^prisma/", "^memory-store/", "^jobs/"] },
      to: { path: "^(prisma|memory-store|jobs)/" },
    },
    {
      name: "roots-only-from-entry-points",
      severity: "error",
      comment:
        "boot/ (the composition root) is imported by the entry points only (main.ts, the sandbox it " +
        "starts); nothing it wires may import it back.",
      from: { pathNot: ROOTS },
      to: { path: "^boot/" },
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
      name: "no-folder-cycles",
      severity: "error",
      comment:
        "No two folders depend on each other, directly or through others (bot/ → jobs/ → bot/, or " +
        "cards/ → bot/webex/ → … → cards/): dependencies between folders go one way.",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "No circular dependencies between modules.",
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
