// The store suite on a real PostgreSQL server: a fresh database for this file, dropped afterwards.
import { describe } from "vitest";
import { postgresTarget } from "./harness.ts";
import { defineStoreSuite } from "./store-suite.ts";

describe("prisma store on PostgreSQL", () => defineStoreSuite(postgresTarget));
