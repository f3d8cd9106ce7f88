// Submits of the partner's cards on one trial: the trial menu (opens a card), provision
// (R-CONSENT-4), edit (extend R-EXT-1/2, services R-SVC-*), convert (R-CONV-*), cancel, delete (R-DEL-1).
import type { TrialFacts } from "../../app/trial-commands.ts";
import type { CardState } from "../../cards/elements.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import {
  parseCancel,
  parseConvert,
  parseExtend,
  parseProvision,
  parseServiceChange,
} from "../../cards/submit/schemas.ts";
import { eligibleServices } from "../../domain/eligibility.ts";
import type { Person } from "../../domain/model.ts";
import { isRefusal, refuse } from "../../domain/refusals.ts";
import type { Service } from "../../domain/services.ts";
import { formatDate } from "../i18n/format.ts";
import { renderRefusal } from "../i18n/index.ts";
import { claimed, keepCard, type Result, type Submit, settle, withProblems, wrongCard } from "./submit-result.ts";

type OnTrial = (s: Submit, found: TrialFacts, who: Person) => Promise<Result> | Result;

const BY_KIND: Partial<Record<Submit["ref"]["kind"], OnTrial>> = {
  trial_menu: openFromMenu,
  provision,
  edit,
  convert,
  cancel,
  delete: remove,
};

/** Cards on one trial for the partner: the trial must exist and the person manage it. */
export async function partnerTrialCard(s: Submit): Promise<Result> {
  const run = BY_KIND[s.ref.kind];
  if (!run) return wrongCard(s);
  if (s.facts === null || isRefusal(s.facts))
    return { kind: "refused", refusal: s.facts ?? refuse("no_trial", { trialId: "" }), keepCard: false };
  const who = s.queries.partnerManager(s.actor, s.facts.trial.partnerId);
  if (isRefusal(who)) return keepCard(who);
  return run(s, s.facts, who);
}

const endOf = (s: Submit, endDate: string | null | undefined) => (endDate ? formatDate(s.lang, endDate) : "—");
const versionOf = (s: Submit) => s.ref.version ?? -1;

/** Opening a card changes nothing: it is built from the trial as it is now; the menu stays. */
async function openFromMenu(s: Submit, { trial, customer }: TrialFacts, who: Person): Promise<Result> {
  switch (s.action) {
    case "open_edit":
      return { kind: "open", built: await s.cards.edit(s.lang, trial, customer) };
    case "open_convert":
      return { kind: "open", built: s.cards.convert(s.lang, trial, customer, { contactEmail: who.email }) };
    case "open_cancel":
      return { kind: "open", built: s.cards.cancel(s.lang, trial, customer) };
    case "open_delete":
      return { kind: "open", built: s.cards.delete(s.lang, trial, customer) };
    default:
      return wrongCard(s);
  }
}

async function provision(s: Submit, { trial, customer }: TrialFacts): Promise<Result> {
  if (s.action !== "submit") return wrongCard(s);
  const needs: Service[] = [];
  if (trial.services.includes("meetings") && !trial.meetings) needs.push("meetings");
  if (trial.services.includes("devices") && !trial.devices) needs.push("devices");
  const resend = (state: CardState) => s.cards.provision(s.lang, trial, customer, state, versionOf(s));
  const parsed = parseProvision(s.inputs, needs);
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const outcome = await s.commands.completeProvisioning(s.actor, trial.id, parsed.value, s.ref.version);
  const t = cardTexts(s.lang).outcome;
  return settle(s, outcome, (o) => t.provisioned(customer.name, endOf(s, o.trial?.endDate)), resend);
}

function edit(s: Submit, found: TrialFacts): Promise<Result> | Result {
  if (s.action === "extend") return extend(s, found);
  if (s.action === "services") return changeServices(s, found);
  return wrongCard(s);
}

async function extend(s: Submit, { trial, customer }: TrialFacts): Promise<Result> {
  const resend = (state: CardState) => s.cards.edit(s.lang, trial, customer, state, versionOf(s));
  const parsed = parseExtend(s.inputs);
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const { days, confirmShorten } = parsed.value;
  const outcome = await s.commands.extend(s.actor, trial.id, days, s.ref.version, confirmShorten);
  const t = cardTexts(s.lang).outcome;
  return settle(
    s,
    outcome,
    (o) => {
      const request = o.trial?.pendingDeviceExtension;
      return request && request.id !== trial.pendingDeviceExtension?.id
        ? t.extensionRequested(customer.name, formatDate(s.lang, request.requestedEndDate), endOf(s, o.trial?.endDate))
        : t.extended(
            customer.name,
            endOf(s, o.trial?.endDate),
            trial.endDate ? formatDate(s.lang, trial.endDate) : null,
          );
    },
    resend,
  );
}

async function changeServices(s: Submit, { trial, customer }: TrialFacts): Promise<Result> {
  const resend = (state: CardState) => s.cards.edit(s.lang, trial, customer, state, versionOf(s));
  const others = (await s.cards.trialsOf(customer.id)).filter((x) => x.id !== trial.id);
  const addable = eligibleServices(customer, others, trial.partnerId).filter((x) => !trial.services.includes(x));
  const parsed = parseServiceChange(s.inputs, trial.services, addable);
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const outcome = await s.commands.changeServices(s.actor, trial.id, parsed.value, s.ref.version);
  const t = cardTexts(s.lang).outcome;
  const names = (list: readonly Service[]) => list.map((x) => cardTexts(s.lang).services[x]).join(", ");
  return settle(s, outcome, (o) => t.servicesChanged(customer.name, names(o.trial?.services ?? [])), resend);
}

async function convert(s: Submit, { trial, customer }: TrialFacts): Promise<Result> {
  if (s.action !== "convert") return wrongCard(s);
  const version = versionOf(s);
  const again = (state: CardState, missing?: Service[]) =>
    s.cards.convert(s.lang, trial, customer, { state, version, ...(missing ? { missing } : {}) });
  const parsed = parseConvert(s.inputs, trial.services);
  if (!parsed.ok) return withProblems(s, parsed.problems, again);
  const outcome = await s.commands.convert(s.actor, trial.id, parsed.value, s.ref.version);
  if (!outcome.ok && outcome.refusal.code === "conversion_missing_services") {
    // R-CONV-3: the card comes back naming what would be lost, with a confirmation to tick.
    const refusal = outcome.refusal;
    const missing = (refusal.params.missing as readonly Service[] | undefined) ?? [];
    const notice = renderRefusal(s.lang, { ...refusal, params: { ...refusal.params, via: "card" } });
    return claimed(s, { kind: "replace", built: again({ values: s.inputs, notice }, [...missing]) });
  }
  const t = cardTexts(s.lang).outcome;
  const devices = trial.services.includes("devices");
  return settle(s, outcome, () => t.converted(customer.name, parsed.value.orderNumber, devices), again);
}

async function cancel(s: Submit, { trial, customer }: TrialFacts): Promise<Result> {
  const t = cardTexts(s.lang).outcome;
  if (s.action === "keep") return claimed(s, { kind: "done", markdown: t.kept });
  if (s.action !== "cancel") return wrongCard(s);
  const resend = (state: CardState) => s.cards.cancel(s.lang, trial, customer, state, versionOf(s));
  const parsed = parseCancel(s.inputs);
  if (!parsed.ok) return withProblems(s, parsed.problems, resend);
  const outcome = await s.commands.cancel(s.actor, trial.id, parsed.value.reason, s.ref.version);
  return settle(s, outcome, () => t.cancelled(customer.name));
}

async function remove(s: Submit, { trial, customer }: TrialFacts): Promise<Result> {
  const t = cardTexts(s.lang).outcome;
  if (s.action === "keep") return claimed(s, { kind: "done", markdown: t.kept });
  if (s.action !== "delete") return wrongCard(s);
  // R-DEL-1: the "Yes, delete" button is the explicit Yes.
  const outcome = await s.commands.delete(s.actor, trial.id, "Yes", s.ref.version);
  return settle(s, outcome, () => t.deleted(customer.name));
}
