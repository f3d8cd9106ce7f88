// The store survives PostgreSQL ending its idle connections (a restart, a failover): no
// uncaught exception, and the next query works on a new connection.
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../../app/store.ts";
import { createPrismaStore } from "../../prisma/prisma-store.ts";
import { partner } from "./fixtures.ts";
import { PG_ADMIN_URL, postgresTarget, type TestTarget } from "./harness.ts";

let target: TestTarget;
let store: Store;

beforeAll(async () => {
  target = await postgresTarget();
  store = createPrismaStore(target.db);
});
afterAll(async () => {
  await target?.dispose();
});

it("keeps working after the server terminates its idle connections", async () => {
  await store.upsertPartner(partner({ id: "p-1", name: "Before" }));
  const dbName = new URL(
    target.db.description.match(/postgres(?:ql)? (\S+)/)?.[1] ?? "postgres://x/none",
  ).pathname.slice(1);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const ended = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [dbName],
    );
    expect(ended.rowCount).toBeGreaterThan(0);
  } finally {
    await admin.end();
  }
  // Give the pool's idle clients a moment to receive the termination.
  await new Promise((r) => setTimeout(r, 200));
  await store.upsertPartner(partner({ id: "p-2", name: "After" }));
  expect((await store.listPartners()).map((p) => p.name).sort()).toEqual(["After", "Before"]);
});
