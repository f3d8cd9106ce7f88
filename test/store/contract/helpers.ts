// What the parts of the store contract share.
import type { Commit, Store } from "../../../app/store.ts";
import type { Trial } from "../../../domain/model.ts";
import { customer, partner, trial } from "../fixtures.ts";

/** The store under test, emptied before each test. */
export interface ContractContext {
  store(): Store;
}

export function emptyCommit(over: Partial<Commit> = {}): Commit {
  return { audit: [], outbox: [], ...over };
}

/** A partner, its customer and an active trial at version 1. */
export async function seedTrialIn(store: Store, over: Partial<Trial> = {}): Promise<Trial> {
  await store.upsertPartner(partner());
  const t = trial(over);
  await store.commit(emptyCommit({ customer: customer(), trial: { next: t, expectedVersion: null } }));
  const stored = await store.getTrial(t.id);
  if (!stored) throw new Error(`seeded trial ${t.id} is not there`);
  return stored;
}
