// The store suite on an in-memory PGlite, shared by the file's tests (creating one takes seconds).
import { describe } from "vitest";
import { pgliteTarget } from "./harness.ts";
import { defineStoreSuite } from "./store-suite.ts";

describe("prisma store on PGlite", () => defineStoreSuite(pgliteTarget));
