// Partners name customers by handle or by name; an ambiguous name lists the matches.
import type { Customer, Trial } from "../domain/model.ts";
import { refuse, type Refusal } from "../domain/refusals.ts";
import { isLive } from "../domain/eligibility.ts";
import type { Store } from "./store.ts";

export class CustomerLookup {
  constructor(private readonly store: Store) {}

  async resolve(ref: string): Promise<Customer | Refusal> {
    const text = ref.trim();
    if (!text) return refuse("customer_not_found", { customer: ref });
    const byHandle = await this.store.findCustomerByHandle(text.toLowerCase());
    if (byHandle) return byHandle;
    const found = await this.store.searchCustomers(text);
    const exact = found.filter((c) => c.name.toLowerCase() === text.toLowerCase());
    if (exact.length === 1) return exact[0]!;
    if (found.length === 1) return found[0]!;
    if (found.length === 0) return refuse("customer_not_found", { customer: text });
    return refuse("customer_ambiguous", { customer: text, matches: found.slice(0, 10).map((c) => `${c.name} (${c.handle})`) });
  }

  /** The partner's trial for a customer (any partner's when partnerId is null, for ops): the live one, else the most recent. */
  async trialOf(partnerId: string | null, ref: string): Promise<{ customer: Customer; trial: Trial } | Refusal> {
    const customer = await this.resolve(ref);
    if ("code" in customer) return customer;
    const trials = (await this.store.listTrials({ customerId: customer.id, ...(partnerId ? { partnerId } : {}) })).filter((t) => t.status !== "deleted");
    if (trials.length === 0) return refuse("no_trial", { customer: customer.name });
    const live = trials.filter(isLive);
    const pick = (list: Trial[]) => [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
    return { customer, trial: pick(live.length ? live : trials) };
  }
}
