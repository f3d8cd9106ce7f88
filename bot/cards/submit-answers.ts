// Submits of the cards others than the partner answer: the customer's consent (R-CONSENT-3..6),
// the customer's "interested in purchasing" on a reminder (R-INT-1), the trials team's decision
// on a device-trial extension (R-EXT-2).
import type { TrialFacts } from "../../app/trial-commands.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import { parseConsent } from "../../cards/submit/schemas.ts";
import { isRefusal, refuse } from "../../domain/refusals.ts";
import { formatDate } from "../i18n/format.ts";
import { keepCard, type Result, type Submit, settle, wrongCard } from "./submit-result.ts";

/** The trial the card names, or the result refusing (the card goes: it names nothing that is left). */
function trialOf(s: Submit): TrialFacts | Result {
  if (s.facts === null) return { kind: "refused", refusal: refuse("no_trial", { trialId: "" }), keepCard: false };
  if (isRefusal(s.facts)) return { kind: "refused", refusal: s.facts, keepCard: false };
  return s.facts;
}
const isResult = (x: TrialFacts | Result): x is Result => "kind" in x;

export async function consent(s: Submit): Promise<Result> {
  if (s.action !== "accept" && s.action !== "decline") return wrongCard(s);
  const found = trialOf(s);
  if (isResult(found)) return found;
  const { trial, partner } = found;
  const accept = s.action === "accept";
  const fullAdminAccess = parseConsent(s.inputs).fullAdminAccess;
  // R-CONSENT-3: someone who is not a full admin is refused by the domain; the card stays.
  const outcome = await s.commands.answerConsent(s.actor, trial.id, { accept, fullAdminAccess }, s.ref.version);
  const t = cardTexts(s.lang).outcome;
  return settle(s, outcome, () => (accept ? t.accepted(partner.name, fullAdminAccess) : t.declined(partner.name)));
}

export async function reminder(s: Submit): Promise<Result> {
  if (s.action !== "interested") return wrongCard(s);
  const found = trialOf(s);
  if (isResult(found)) return found;
  // R-INT-1: only a customer admin; anyone else is refused by the domain and the card stays.
  const outcome = await s.commands.interestedFromReminder(s.actor, found.trial.id);
  return settle(s, outcome, () => cardTexts(s.lang).outcome.interested(found.partner.name));
}

export async function opsExtension(s: Submit): Promise<Result> {
  if (s.action !== "approve" && s.action !== "deny") return wrongCard(s);
  const ops = s.queries.extensionDecider(s.actor);
  if (isRefusal(ops)) return keepCard(ops);
  const found = trialOf(s);
  if (isResult(found)) return found;
  const approve = s.action === "approve";
  const before = found.trial;
  // R-EXT-2: bound to the request the card shows (a card from before requests had ids: the pending one).
  const outcome = await s.commands.decideDeviceExtension(s.actor, before.id, approve, s.ref.requestId);
  const t = cardTexts(s.lang).outcome;
  const date = (d: string | null | undefined) => (d ? formatDate(s.lang, d) : null);
  return settle(s, outcome, (o) =>
    approve
      ? t.extensionApproved(found.customer.name, date(o.trial?.endDate) ?? "—", date(before.endDate))
      : t.extensionDenied(
          found.customer.name,
          date(before.endDate) ?? "—",
          date(before.pendingDeviceExtension?.requestedEndDate) ?? "—",
        ),
  );
}
