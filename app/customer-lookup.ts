// Partners name customers by handle or by name. Names are not patterns: a customer is the one
// whose handle is exactly the text, else whose name is exactly it, else the only one whose name
// or handle starts with it; a state-changing command never acts on that last, guessed match but
// asks for the exact name. A partner sees only customers it manages or has a trial with: any
// other customer answers exactly as a name that does not exist.

import { isLive } from "../domain/eligibility.ts";
import { type Customer, isManagedBy, type Trial } from "../domain/model.ts";
import { isRefusal, type Refusal, refuse } from "../domain/refusals.ts";
import type { CustomerWithTrials, Store } from "./store.ts";

/** view: list/show/audit may act on a unique prefix; change: a state-changing command may not. */
export type LookupIntent = "view" | "change";

export interface LookupScope {
  /**
   * Only customers this partner manages or has a trial with. null: every customer (ops, and the
   * consent request to a customer with no sales relationship yet, R-CONSENT-1).
   */
  partnerId: string | null;
  intent?: LookupIntent;
}

const EVERYONE: LookupScope = { partnerId: null, intent: "view" };

/** A customer this partner may name: one it manages or has a (not deleted) trial with. */
function visibleTo(partnerId: string | null): (found: CustomerWithTrials) => boolean {
  if (partnerId === null) return () => true;
  return ({ customer, trials }) =>
    isManagedBy(customer, partnerId) || trials.some((t) => t.partnerId === partnerId && t.status !== "deleted");
}

export class CustomerLookup {
  constructor(private readonly store: Store) {}

  /** The customer a signed card names by id (no name lookup, no visibility: the card was made for it). */
  byId(id: string): Promise<Customer | null> {
    return this.store.getCustomer(id);
  }

  async resolve(ref: string, scope: LookupScope = EVERYONE): Promise<Customer | Refusal> {
    const found = await this.find(ref, scope);
    return isRefusal(found) ? found : found.customer;
  }

  /** The customer named, with its trials: one read of the store (names, handles and trials together). */
  private async find(ref: string, scope: LookupScope): Promise<CustomerWithTrials | Refusal> {
    const text = ref.trim();
    if (!text) return refuse("customer_not_found", { customer: ref });
    const lower = text.toLowerCase();
    const found = (await this.store.searchCustomersWithTrials(text)).filter(visibleTo(scope.partnerId));
    const byHandle = found.find((f) => f.customer.handle === lower);
    if (byHandle) return byHandle;
    const exact = found.filter((f) => f.customer.name.toLowerCase() === lower);
    const list = (fs: CustomerWithTrials[]) => fs.slice(0, 10).map((f) => `${f.customer.name} (${f.customer.handle})`);
    if (exact.length > 1) return refuse("customer_ambiguous", { customer: text, matches: list(exact) });
    const [exactOne] = exact;
    if (exactOne) return exactOne;
    const prefixed = found.filter(
      (f) => f.customer.name.toLowerCase().startsWith(lower) || f.customer.handle.startsWith(lower),
    );
    if (prefixed.length > 1) return refuse("customer_ambiguous", { customer: text, matches: list(prefixed) });
    const [guess] = prefixed;
    if (!guess) return refuse("customer_not_found", { customer: text });
    if ((scope.intent ?? "view") === "change")
      return refuse("customer_guess", { customer: text, match: guess.customer.name, handle: guess.customer.handle });
    return guess;
  }

  /**
   * The partner's trial for a customer (any partner's when partnerId is null, for ops): the live
   * one, else the most recent. A customer the partner neither manages nor has a trial with is
   * "not found", never "no trial with you" (which would say that it exists).
   */
  async trialOf(
    partnerId: string | null,
    ref: string,
    intent: LookupIntent = "view",
  ): Promise<{ customer: Customer; trial: Trial } | Refusal> {
    const found = await this.find(ref, { partnerId, intent });
    if (isRefusal(found)) return found;
    const trials = found.trials.filter((t) => t.status !== "deleted" && (!partnerId || t.partnerId === partnerId));
    const newest = (list: Trial[]) => [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    const trial = newest(trials.filter(isLive)) ?? newest(trials);
    if (!trial) return refuse("no_trial", { customer: found.customer.name });
    return { customer: found.customer, trial };
  }
}
