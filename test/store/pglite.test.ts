// The store contract on an in-memory PGlite, shared by the file's tests (creating one takes seconds).
import { describe } from "vitest";
import { pgliteTarget, prismaStoreTarget } from "./harness.ts";
import { definePrismaChecks } from "./prisma-checks.ts";
import { defineStoreSuite } from "./store-suite.ts";

describe("prisma store on PGlite", () => {
  defineStoreSuite(() => prismaStoreTarget(pgliteTarget), definePrismaChecks);
});
