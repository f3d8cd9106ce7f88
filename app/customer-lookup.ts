// Partners name customers by handle or by name. Names are not patterns: a customer is the one
// whose handle is exactly the text, else whose name is exactly it, else the only one whose name
// or handle starts with it; a state-changing command never acts on that last, guessed match but
// asks for the exact name. A partner sees only customers it manages or has a trial with: any
// other customer answers exactly as a name that does not exist.
import type { Customer, Trial } from "../domain/model.ts";
import { refuse, type Refusal } from "../domain/refusals.ts";
import { isLive } from "../domain/eligibility.ts";
import type { Store } from "./store.ts";

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

export class CustomerLookup {
  constructor(private readonly store: Store) {}

  private async visibility(partnerId: string | null): Promise<(c: Customer) => boolean> {
    if (partnerId === null) return () => true;
    const withTrial = new Set(
      (await this.store.listTrials({ partnerId })).filter((t) => t.status !== "deleted").map((t) => t.customerId),
    );
    return (c) => withTrial.has(c.id) || c.managingPartners.some((m) => m.partnerId === partnerId);
  }

  async resolve(ref: string, scope: LookupScope = EVERYONE): Promise<Customer | Refusal> {
    const text = ref.trim();
    if (!text) return refuse("customer_not_found", { customer: ref });
    const lower = text.toLowerCase();
    const visible = await this.visibility(scope.partnerId);
    const byHandle = await this.store.findCustomerByHandle(lower);
    if (byHandle && visible(byHandle)) return byHandle;
    const found = (await this.store.searchCustomers(text)).filter(visible);
    const exact = found.filter((c) => c.name.toLowerCase() === lower);
    if (exact.length === 1) return exact[0]!;
    const list = (cs: Customer[]) => cs.slice(0, 10).map((c) => `${c.name} (${c.handle})`);
    if (exact.length > 1) return refuse("customer_ambiguous", { customer: text, matches: list(exact) });
    const prefixed = found.filter((c) => c.name.toLowerCase().startsWith(lower) || c.handle.startsWith(lower));
    if (prefixed.length === 0) return refuse("customer_not_found", { customer: text });
    if (prefixed.length > 1) return refuse("customer_ambiguous", { customer: text, matches: list(prefixed) });
    const guess = prefixed[0]!;
    if ((scope.intent ?? "view") === "change")
      return refuse("customer_guess", { customer: text, match: guess.name, handle: guess.handle });
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
    const customer = await this.resolve(ref, { partnerId, intent });
    if ("code" in customer) return customer;
    const trials = (
      await this.store.listTrials({ customerId: customer.id, ...(partnerId ? { partnerId } : {}) })
    ).filter((t) => t.status !== "deleted");
    if (trials.length === 0) return refuse("no_trial", { customer: customer.name });
    const live = trials.filter(isLive);
    const pick = (list: Trial[]) => [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]!;
    return { customer, trial: pick(live.length ? live : trials) };
  }
}
