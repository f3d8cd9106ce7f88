// Submits of the cards others than the partner answer: the customer's consent (R-CONSENT-3..6),
// the customer's "interested in purchasing" on a reminder (R-INT-1), the trials team's decision
// on a device-trial extension (R-EXT-2).
import type { TrialFacts } from "../../app/trial-commands.ts";
import { isCustomerAdmin, isCustomerFullAdmin } from "../../domain/access.ts";
import { isRefusal, refuse } from "../../domain/refusals.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import { parseConsent } from "../../cards/submit/schemas.ts";
import { formatDate } from "../i18n/format.ts";
import { claimed, keepCard, settle, wrongCard, type Result, type Submit } from "./submit-result.ts";

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
  const { trial, customer, partner } = found;
  const fullAdminAccess = parseConsent(s.inputs).fullAdminAccess;
  const outcome =
    s.action === "accept"
      ? await s.commands.acceptConsent(s.actor, trial.id, fullAdminAccess, s.ref.version)
      : await s.commands.declineConsent(s.actor, trial.id, s.ref.version);
  const t = cardTexts(s.lang).outcome;
  // R-CONSENT-3: someone who is not a full admin is refused by the domain; the card stays.
  if (!isCustomerFullAdmin(customer, s.email)) return settle(s, outcome, () => t.wrongCard);
  if (!outcome.ok && outcome.refusal.code === "changed_meanwhile") {
    // R-CONSENT-6: once the window closed (the timer may already have cancelled the trial, which
    // makes the card stale too), the card says the request expired.
    if (trial.consentDeadline && s.now() > trial.consentDeadline) {
      const deadline = trial.consentDeadline.toISOString();
      return claimed(s, {
        kind: "refused",
        refusal: refuse("consent_expired", { deadline, partner: partner.name }),
        keepCard: false,
      });
    }
    // A customer admin has no `trial show`: a stale consent card points to `requests` (R-CONSENT-7).
    const refusal = { ...outcome.refusal, params: { ...outcome.refusal.params, audience: "customer" } };
    return settle(s, { ok: false, refusal }, () => "");
  }
  return settle(s, outcome, () =>
    s.action === "accept" ? t.accepted(partner.name, fullAdminAccess) : t.declined(partner.name),
  );
}

export async function reminder(s: Submit): Promise<Result> {
  if (s.action !== "interested") return wrongCard(s);
  const found = trialOf(s);
  if (isResult(found)) return found;
  const t = cardTexts(s.lang).outcome;
  // R-INT-1: only a customer admin; anyone else is refused by the domain and the card stays.
  if (!isCustomerAdmin(found.customer, s.email))
    return settle(s, await s.commands.interested(s.actor, found.trial.id), () => t.wrongCard);
  const outcome = await s.commands.interested({ kind: "customer_admin", email: s.email }, found.trial.id);
  return settle(s, outcome, () => t.interested(found.partner.name));
}

export async function opsExtension(s: Submit): Promise<Result> {
  if (s.action !== "approve" && s.action !== "deny") return wrongCard(s);
  if (s.person?.role !== "ops")
    return keepCard(
      s.person ? refuse("role_required", { roles: ["ops"] }) : refuse("not_registered", { email: s.email }),
    );
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
