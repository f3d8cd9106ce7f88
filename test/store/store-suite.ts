// The store contract: every implementation of the Store port (app/store.ts) behaves the same.
// Run on the in-memory store (memory.test.ts, unit), PGlite (pglite.test.ts) and PostgreSQL
// (postgres.test.ts). Every port method is exercised (the parts are in contract/); what only a
// database has (its SQL plumbing, its migrations) is tested beside its target.
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import type { Store } from "../../app/store.ts";
import { auditLog, webhookEvents, webhookInboxSettingsHealth } from "./contract/audit-events.ts";
import { constraintsAndLiterals, copiesAndEdgeCases } from "./contract/constraints.ts";
import { customers } from "./contract/customers.ts";
import type { ContractContext } from "./contract/helpers.ts";
import { outboxClaims, outboxDelivery, outboxOnceJsonAndDevices } from "./contract/outbox.ts";
import { customerSearchIsLiteral, partnersPeopleAndSpaces, spacesWithPeople } from "./contract/partners.ts";
import {
  commitVersions,
  concurrentCommitsAndTimers,
  devicesAndSiteUrls,
  trialFilters,
  trialRoundTrips,
  trialSummaries,
} from "./contract/trials.ts";

/** A Store implementation under test. */
export interface StoreTarget {
  name: string;
  /** An empty store for the next test (the same one emptied, or a new one). */
  reset(): Promise<Store>;
  dispose(): Promise<void>;
}

/** `more` adds a target's own tests, which may use the target the suite made. */
export function defineStoreSuite<T extends StoreTarget>(
  makeTarget: () => Promise<T>,
  more?: (current: () => T) => void,
): void {
  let target: T;
  let store: Store | null = null;
  const ctx: ContractContext = {
    store: () => {
      if (!store) throw new Error("no store yet");
      return store;
    },
  };

  beforeAll(async () => {
    const started = performance.now();
    target = await makeTarget();
    if (target.name !== "memory") {
      console.log(`[store ${target.name}] ready in ${Math.round(performance.now() - started)} ms`);
    }
  });
  afterAll(async () => {
    await target?.dispose();
  });
  beforeEach(async () => {
    store = await target.reset();
  });

  describe("partners, people, spaces", () => {
    partnersPeopleAndSpaces(ctx);
    spacesWithPeople(ctx);
    customerSearchIsLiteral(ctx);
  });
  describe("customers", () => {
    customers(ctx);
  });
  describe("trials and commit", () => {
    trialRoundTrips(ctx);
    commitVersions(ctx);
    concurrentCommitsAndTimers(ctx);
    devicesAndSiteUrls(ctx);
    trialFilters(ctx);
    trialSummaries(ctx);
  });
  describe("audit", () => {
    auditLog(ctx);
  });
  describe("webhook events", () => {
    webhookEvents(ctx);
  });
  describe("webhook inbox, settings, health", () => {
    webhookInboxSettingsHealth(ctx);
  });
  describe("outbox", () => {
    outboxDelivery(ctx);
  });
  describe("outbox claims and the jobs' additions", () => {
    outboxClaims(ctx);
    outboxOnceJsonAndDevices(ctx);
  });
  describe("constraints and literal matching", () => {
    constraintsAndLiterals(ctx);
    copiesAndEdgeCases(ctx);
  });
  more?.(() => target);
}
