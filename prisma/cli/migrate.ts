// Migration tool without the Prisma CLI's native engine (see prisma/schema-engine.ts).
//   tsx prisma/cli/migrate.ts deploy        apply pending migrations   (npm run db:migrate)
//   tsx prisma/cli/migrate.ts status        report pending/failed/edited migrations (npm run db:status)
//   tsx prisma/cli/migrate.ts diff <name>   create a migration from schema.prisma vs the migrations
//                                           (npm run db:diff -- <name>); --dry-run prints it only
// Target: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR/pglite (default ./data).
// Exit codes: 0 ok; 1 error; 2 status found pending or broken migrations.
import { databaseConfigFromEnv, describeConfig } from "../database.ts";
import { applyMigrations, diffMigration, migrationStatus } from "../migrations-runner.ts";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const log = process.env.MIGRATE_DEBUG ? (m: string) => console.error(m) : undefined;
  switch (command) {
    case "deploy": {
      const config = databaseConfigFromEnv();
      const { applied, ms } = await applyMigrations(config, { log });
      console.log(
        applied.length === 0
          ? `${describeConfig(config)}: no pending migrations (${ms} ms)`
          : `${describeConfig(config)}: applied ${applied.length} migration(s) in ${ms} ms:\n` +
              applied.map((n) => `  ${n}`).join("\n"),
      );
      return 0;
    }
    case "status": {
      const config = databaseConfigFromEnv();
      const s = await migrationStatus(config, { log });
      console.log(`${describeConfig(config)}:`);
      if (s.upToDate) console.log("  database schema is up to date");
      for (const [label, names] of [
        ["not yet applied", s.pending],
        ["failed", s.failed],
        ["edited after being applied", s.edited],
        ["applied but not in prisma/migrations", s.unknown],
      ] as const) {
        if (names.length > 0) console.log(`  ${label}:\n${names.map((n) => `    ${n}`).join("\n")}`);
      }
      return s.upToDate ? 0 : 2;
    }
    case "diff": {
      const dryRun = rest.includes("--dry-run");
      const name = rest.find((a) => !a.startsWith("--"));
      if (!name) {
        console.error("usage: migrate.ts diff <name> [--dry-run]");
        return 1;
      }
      const { changed, directory, sql } = await diffMigration(name, { dryRun, log });
      if (dryRun) console.log(changed ? sql : "-- the schema matches the migrations");
      else console.log(directory ? `created ${directory}` : "the schema matches the migrations: nothing to do");
      return 0;
    }
    default:
      console.error("usage: migrate.ts deploy | status | diff <name> [--dry-run]");
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
