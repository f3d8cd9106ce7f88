// `trial list expiring 7` bench (called by bench/run.ts; alone: `npx tsx bench/list-expiring.ts`):
// N trials (BENCH_LIST_TRIALS, default 10,000) across 20 partners on a fresh PostgreSQL database,
// seeded with SQL: 90 % active with end dates spread over the next 120 days, the rest expired,
// lapsed or converted; each customer with two admins and its managing partner. The use case
// (TrialQueries.list, what the chat command runs before rendering) is timed in this process for
// ops (every partner's trials) and for a partner's admin: warm-up, then sequential runs; p50/p99.
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { systemClock } from "../app/clock.ts";
import { TrialQueries } from "../app/trial-queries.ts";
import type { Person } from "../domain/model.ts";
import { openDatabase } from "../prisma/database.ts";
import { applyMigrations } from "../prisma/migrations-runner.ts";
import { createPrismaStore } from "../prisma/prisma-store.ts";
import { createPgDatabase } from "../test/store/harness.ts";

const PARTNERS = 20;
const WARMUP = 20;
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 200);

export interface ListExpiringBench {
  trials: number;
  markdown: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

export async function benchListExpiring(
  trials = Number(process.env.BENCH_LIST_TRIALS ?? 10_000),
): Promise<ListExpiringBench> {
  const created = await createPgDatabase("trials_bench_list");
  const db = await openDatabase({ kind: "postgres", url: created.url });
  try {
    await applyMigrations(db);
    const sql = (q: string) => db.prisma.$executeRawUnsafe(q);
    await sql(`INSERT INTO partners (id, name, tier, time_zone, email_domains)
               SELECT 'p-' || g, 'Partner ' || g, 'tier1', 'UTC', '{}' FROM generate_series(1, ${PARTNERS}) g`);
    await sql(`INSERT INTO customers (id, handle, name, vertical, country, region, purchased_services)
               SELECT 'c-' || g, 'c' || g, 'Customer ' || g, 'Retail', 'US', 'US', '{}' FROM generate_series(1, ${trials}) g`);
    await sql(`INSERT INTO customer_admins (customer_id, email, role, language, position)
               SELECT 'c-' || g, a.e || g || '@c.example', a.r, 'en', a.p FROM generate_series(1, ${trials}) g
               CROSS JOIN (VALUES ('it', 'full_admin', 0), ('ops', 'other', 1)) AS a(e, r, p)`);
    await sql(`INSERT INTO managing_partners (customer_id, partner_id, access, position)
               SELECT 'c-' || g, 'p-' || (1 + g % ${PARTNERS}), 'full_admin', 0 FROM generate_series(1, ${trials}) g`);
    await sql(`INSERT INTO trials (id, partner_id, customer_id, kind, status, services, length_days, time_zone, start_date, end_date, created_at, updated_at, version)
               SELECT 't-' || g, 'p-' || (1 + g % ${PARTNERS}), 'c-' || g, 'new_customer',
                      CASE WHEN g % 10 = 0 THEN (ARRAY['expired', 'lapsed', 'converted'])[1 + (g / 10) % 3] ELSE 'active' END,
                      '{messaging,calling}', 90, (ARRAY['UTC', 'Asia/Seoul', 'America/New_York', 'Europe/Berlin'])[1 + g % 4],
                      current_date - 30, current_date + abs(hashtext('t-' || g)) % 120, now(), now(), 1
               FROM generate_series(1, ${trials}) g`);
    await sql("ANALYZE");

    const queries = new TrialQueries(createPrismaStore(db), systemClock);
    const person = (partnerId: string | null): Person => ({
      id: randomUUID(),
      email: `${partnerId ?? "ops"}@bench.example`,
      webexPersonId: null,
      partnerId,
      role: partnerId ? "full_admin" : "ops",
      language: "en",
    });
    const measure = async (who: Person) => {
      let rows = 0;
      for (let i = 0; i < WARMUP; i++) await queries.list(who, { expiringWithinDays: 7 });
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const listed = await queries.list(who, { expiringWithinDays: 7 });
        ms.push(performance.now() - t);
        rows = Array.isArray(listed) ? listed.length : -1;
      }
      ms.sort((a, b) => a - b);
      return { rows, p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(ms.at(-1) ?? 0) };
    };
    const asOps = await measure(person(null));
    const asPartner = await measure(person("p-2"));
    const n = trials.toLocaleString("en");
    const markdown = [
      `| \`trial list expiring 7\` (PostgreSQL, ${n} trials) | rows | p50 ms | p99 ms | max ms |`,
      `|---|---|---|---|---|`,
      `| ops (every partner) | ${asOps.rows} | ${asOps.p50} | ${asOps.p99} | ${asOps.max} |`,
      `| a partner's admin (1 of ${PARTNERS} partners) | ${asPartner.rows} | ${asPartner.p50} | ${asPartner.p99} | ${asPartner.max} |`,
      "",
      `- (e) The use case TrialQueries.list (store reads and filtering; not the reply's rendering) in this process, ${WARMUP} warm-up then ${RUNS} runs each, one at a time. ${n} trials over ${PARTNERS} partners, 90 % active with end dates spread over 120 days, seeded with SQL.`,
    ].join("\n");
    return { trials, markdown };
  } finally {
    await db.close();
    await created.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log((await benchListExpiring()).markdown);
  process.exit(0);
}
