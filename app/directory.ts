// Reads the chat and card adapters need beside the use cases' own answers: a partner's name or
// tier, a customer's trials, what could not be delivered. The adapters read through this, never
// through the store.

import type { Customer, Partner, Trial } from "../domain/model.ts";
import type { Store, StoredAuditEntry, TrialFilter } from "./store.ts";

export class Directory {
  constructor(private readonly store: Pick<Store, "getPartner" | "listTrials" | "auditOf" | "getCustomer">) {}

  partner(id: string): Promise<Partner | null> {
    return this.store.getPartner(id);
  }

  customer(id: string): Promise<Customer | null> {
    return this.store.getCustomer(id);
  }

  trials(filter: Pick<TrialFilter, "customerId" | "partnerId" | "statuses">): Promise<Trial[]> {
    return this.store.listTrials(filter);
  }

  /** The latest messages about a trial that Webex refused for good (audit `message.undeliverable`). */
  async undeliverable(trialId: string, limit = 5): Promise<StoredAuditEntry[]> {
    const entries = await this.store.auditOf({ trialId });
    return entries.filter((e) => e.action === "message.undeliverable").slice(-limit);
  }
}
