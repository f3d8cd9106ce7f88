// Submits of the cards that start a trial: new customer (R-NEW-1), the existing-customer lookup
// and consent request (R-CONSENT-1/2), a paying customer's trial (R-PAID-1).

import type { CardState } from "../../cards/elements.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import {
  parseExistingCustomer,
  parseLookup,
  parseNewCustomer,
  parsePayingCustomer,
} from "../../cards/submit/schemas.ts";
import type { Customer } from "../../domain/model.ts";
import { isRefusal, refuse } from "../../domain/refusals.ts";
import { SERVICES } from "../../domain/services.ts";
import { formatDate } from "../i18n/format.ts";
import { renderRefusal } from "../i18n/index.ts";
import { claimed, keepCard, type Result, type Submit, settle, withProblems, wrongCard } from "./submit-result.ts";

export async function newCustomer(s: Submit): Promise<Result> {
  if (s.action !== "submit") return wrongCard(s);
  const who = s.queries.partnerManager(s.actor, s.ref.partnerId);
  if (isRefusal(who)) return keepCard(who);
  const { partnerId } = who;
  const resend = (state: CardState) => s.cards.newCustomer(s.lang, partnerId, state);
  const parsed = parseNewCustomer(s.inputs, SERVICES);
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const outcome = await s.commands.startNewCustomer(s.actor, parsed.value);
  // R-PAID-1: the company already is this partner's customer, with no live trial: offer the trial
  // card of that customer instead of creating a duplicate.
  if (!outcome.ok && outcome.refusal.code === "customer_exists" && outcome.refusal.params.liveTrial === "none") {
    const refusal = outcome.refusal;
    const existing = await s.commands.customers.resolve(String(refusal.params.customerHandle));
    if (!isRefusal(existing))
      return claimed(s, async () => ({
        kind: "replace",
        built: await s.cards.payingCustomer(s.lang, partnerId, existing, {
          values: s.inputs,
          notice: renderRefusal(s.lang, refusal),
        }),
      }));
  }
  const t = cardTexts(s.lang).outcome;
  return settle(
    s,
    outcome,
    (o) =>
      t.newCustomerStarted(
        o.decision.customer?.name ?? parsed.value.companyName,
        o.trial?.endDate ? formatDate(s.lang, o.trial.endDate) : "—",
      ),
    resend,
  );
}

export async function existingLookup(s: Submit): Promise<Result> {
  if (s.action !== "lookup") return wrongCard(s);
  const who = s.queries.partnerManager(s.actor, s.ref.partnerId);
  if (isRefusal(who)) return keepCard(who);
  const { partnerId } = who;
  if (!(await s.claim())) return { kind: "ignore", why: "card already submitted" };
  const resend = (state: CardState) => s.cards.existingLookup(s.lang, partnerId, state);
  const parsed = parseLookup(s.inputs);
  if (!parsed.ok) return { kind: "replace", built: resend({ values: s.inputs, problems: parsed.problems }) };
  const customer = await s.queries.consentCustomer(s.actor, partnerId, parsed.value.customer);
  if (isRefusal(customer))
    return { kind: "replace", built: resend({ values: s.inputs, notice: renderRefusal(s.lang, customer) }) };
  return { kind: "replace", built: await s.cards.existingCustomer(s.lang, partnerId, customer) };
}

/** The existing-customer (consent request) and paying-customer cards: one customer, eligible services. */
export async function customerTrial(s: Submit): Promise<Result> {
  if (s.action !== "submit") return wrongCard(s);
  const who = s.queries.partnerManager(s.actor, s.ref.partnerId);
  if (isRefusal(who)) return keepCard(who);
  const customer = s.ref.customerId ? await s.commands.customers.byId(s.ref.customerId) : null;
  if (!customer) return { kind: "refused", refusal: refuse("customer_not_found", { customer: "" }), keepCard: false };
  return s.ref.kind === "existing_customer"
    ? consentRequest(s, who.partnerId, customer)
    : payingTrial(s, who.partnerId, customer);
}

async function consentRequest(s: Submit, partnerId: string, customer: Customer): Promise<Result> {
  const resend = (state: CardState) => s.cards.existingCustomer(s.lang, partnerId, customer, state);
  const parsed = parseExistingCustomer(s.inputs, await s.cards.eligible(customer, partnerId));
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const outcome = await s.commands.requestConsent(s.actor, { customer: customer.handle, ...parsed.value });
  return settle(
    s,
    outcome,
    (o) => {
      const to = o.decision.messages
        .filter((m) => m.template === "customer.consent_request")
        .map((m) => (m.to.kind === "email" ? m.to.email : ""));
      return cardTexts(s.lang).outcome.consentRequested(customer.name, to.join(", "));
    },
    resend,
  );
}

async function payingTrial(s: Submit, partnerId: string, customer: Customer): Promise<Result> {
  const resend = (state: CardState) => s.cards.payingCustomer(s.lang, partnerId, customer, state);
  const parsed = parsePayingCustomer(s.inputs, await s.cards.eligible(customer, partnerId));
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const outcome = await s.commands.startPayingCustomer(s.actor, customer.handle, parsed.value);
  return settle(
    s,
    outcome,
    (o) =>
      cardTexts(s.lang).outcome.payingStarted(
        customer.name,
        o.trial?.endDate ? formatDate(s.lang, o.trial.endDate) : "—",
      ),
    resend,
  );
}
