// The store contract on a real PostgreSQL server: a fresh database for this file, dropped afterwards.
import { describe } from "vitest";
import { postgresTarget, prismaStoreTarget } from "./harness.ts";
import { definePrismaChecks } from "./prisma-checks.ts";
import { defineStoreSuite } from "./store-suite.ts";

describe("prisma store on PostgreSQL", () => {
  defineStoreSuite(() => prismaStoreTarget(postgresTarget), definePrismaChecks);
});
