// A card was submitted (attachmentActions:created): who clicked (the Webex person, looked up in
// the store; nothing in the card grants rights), which card (its signed reference), what was
// typed (validated per card), then the use case. What happens to the card:
//   - success: the card message is deleted and the outcome posted in its place;
//   - bad inputs, or a refusal the person can fix (a site URL taken, a service not eligible,
//     missing services at conversion…): the card is replaced by the same card, pre-filled with
//     what was typed and the problems shown;
//   - a final refusal (stale card: changed meanwhile; consent expired; wrong status): the card is
//     replaced by the refusal, since submitting it again can never work;
//   - the wrong person (not registered, wrong role or partner, not a full admin of the customer):
//     the refusal is posted and the card stays for the right person; nothing is claimed;
//   - a forged or tampered reference: refused, the card stays, nothing changes;
//   - a second submit of the same card (double click, or two people at once): ignored. Each
//     card's nonce is claimed once in the store (markEventProcessed("card:<nonce>")) before its
//     use case runs; repeated webhook deliveries are already dropped by the receiver.
import type { Logger } from "pino";
import type { Outcome } from "../../app/trial-commands.ts";
import { isCustomerAdmin, isCustomerFullAdmin, requirePartnerRole } from "../../domain/access.ts";
import { eligibleServices } from "../../domain/eligibility.ts";
import type { Actor, Customer, Language, Person, Trial } from "../../domain/model.ts";
import { refuse, type Refusal, type RefusalCode } from "../../domain/refusals.ts";
import { SERVICES, type Service } from "../../domain/services.ts";
import type { BuiltCard, CardState } from "../../cards/elements.ts";
import { cardTexts } from "../../cards/i18n/index.ts";
import { ACTION_FIELD, REF_FIELD, type CardRef } from "../../cards/reference.ts";
import {
  parseCancel,
  parseConsent,
  parseConvert,
  parseExistingCustomer,
  parseExtend,
  parseLookup,
  parseNewCustomer,
  parsePayingCustomer,
  parseProvision,
  parseServiceChange,
  type Inputs,
} from "../../cards/submit/schemas.ts";
import type { UseCases } from "../handlers/context.ts";
import { identify } from "../identity.ts";
import { formatDate } from "../i18n/format.ts";
import { isLanguage, renderRefusal, translate } from "../i18n/index.ts";
import type { WebexClient } from "../webex/client.ts";
import { WebexApiError } from "../webex/errors.ts";
import type { Message, WebhookEnvelope } from "../webex/types.ts";
import type { CardService } from "./service.ts";

export interface CardSubmitDeps {
  client: WebexClient;
  app: UseCases;
  cards: CardService;
  me: { id: string };
  botAdmins: readonly string[];
  logger: Logger;
}

type Result =
  /** Delete the card, post this outcome. */
  | { kind: "done"; markdown: string }
  /** Delete the card, post this card instead (pre-filled with problems, or the next step). */
  | { kind: "replace"; built: BuiltCard }
  /** Keep the card, post this card as well (the trial menu opening a card). */
  | { kind: "open"; built: BuiltCard }
  /**
   * Post the refusal; keepCard: the card stays, else it is replaced by the refusal. topLevel:
   * posted as a new message in the room, where the person looks now, not in the card's thread.
   */
  | { kind: "refused"; refusal: Refusal; keepCard: boolean; topLevel?: boolean }
  | { kind: "say"; markdown: string; keepCard: boolean }
  | { kind: "ignore"; why: string };

/** Refusals about who clicked: the card stays for the person it is meant for. */
const WHO: ReadonlySet<RefusalCode> = new Set([
  "role_required",
  "not_your_trial",
  "not_registered",
  "consent_not_full_admin",
  "not_customer_admin",
]);

/** Refusals the person can fix on the card: it comes back pre-filled, with the refusal on top. */
const FIXABLE: ReadonlySet<RefusalCode> = new Set([
  "invalid_input",
  "own_organisation",
  "country_not_offered",
  "location_not_acknowledged",
  "organisation_not_confirmed",
  "service_not_eligible",
  "no_services",
  "meetings_site_required",
  "meetings_site_taken",
  "invalid_length",
  "extension_too_long",
  "extension_unchanged",
  "shortening_needs_confirmation",
  "device_trial_too_long",
  "last_service",
  "service_not_in_trial",
  "service_already_in_trial",
  "conversion_missing_services",
  "confirmation_required",
  "customer_not_found",
  "customer_ambiguous",
]);

interface Submit {
  ref: CardRef;
  action: string;
  inputs: Inputs;
  actor: Actor;
  person: Person | null;
  email: string;
  lang: Language;
  /** Claims this card once; false when it was already submitted. */
  claim(): Promise<boolean>;
}

export function createCardSubmitHandler(deps: CardSubmitDeps) {
  const { client, app, cards, me, logger } = deps;
  const { store, commands, clock } = app;

  async function onAttachmentAction(envelope: WebhookEnvelope, log: Logger = logger): Promise<void> {
    const action = await client.getAttachmentAction(envelope.data.id);
    if (action.personId === me.id) return;
    let cardMessage: Message;
    try {
      cardMessage = await client.getMessage(action.messageId);
    } catch (error) {
      // The card is gone: it was already submitted and replaced.
      if (error instanceof WebexApiError && error.code === "not_found")
        return log.info({ messageId: action.messageId }, "card submit ignored: card already replaced");
      throw error;
    }
    if (cardMessage.personId !== me.id) return;
    const place = { roomId: cardMessage.roomId, ...(cardMessage.parentId ? { parentId: cardMessage.parentId } : {}) };

    const webexPerson = await client.person(action.personId);
    const sender = await identify({ store, clock }, deps.botAdmins, action.personId, webexPerson.emails[0] ?? "");
    const inputs = action.inputs ?? {};
    // The language only picks the texts; it grants nothing.
    const lang: Language = sender.person?.language ?? (isLanguage(inputs.lang) ? inputs.lang : "en");
    const ref = cards.signer.verify(inputs[REF_FIELD]);
    let result: Result;
    if (!ref) {
      log.warn({ person: sender.email }, "card submit refused: invalid reference");
      result = { kind: "say", markdown: cardTexts(lang).outcome.invalidReference, keepCard: true };
    } else {
      let claimed = false;
      const submit: Submit = {
        ref,
        action: typeof inputs[ACTION_FIELD] === "string" ? (inputs[ACTION_FIELD] as string) : "",
        inputs,
        actor: sender.person
          ? { kind: "person", person: sender.person }
          : { kind: "customer_admin", email: sender.email },
        person: sender.person,
        email: sender.email,
        lang,
        claim: async () => (claimed = await store.markEventProcessed(`card:${ref.nonce}`, clock.now())),
      };
      try {
        result = await dispatch(submit);
      } catch (error) {
        // Nothing was applied (a use case commits all or nothing): free the card for another try
        // and tell the person, instead of leaving a card that silently ignores every click.
        if (claimed) await store.forgetEvent(`card:${ref.nonce}`);
        log.error({ err: error, card: ref.kind }, "card submit failed");
        result = { kind: "say", markdown: translate(lang, "reply.failed"), keepCard: true };
      }
    }
    log.info(
      { card: ref?.kind, action: inputs[ACTION_FIELD], person: sender.email, result: result.kind },
      "card submitted",
    );
    await deliver(result, cardMessage, place, lang, log);
  }

  async function deliver(
    result: Result,
    cardMessage: Message,
    place: { roomId: string; parentId?: string },
    lang: Language,
    log: Logger,
  ): Promise<void> {
    const removeCard = async () => {
      try {
        await client.deleteMessage(cardMessage.id);
      } catch (error) {
        if (!(error instanceof WebexApiError)) throw error;
        log.warn({ err: error, messageId: cardMessage.id }, "could not delete the card message");
      }
    };
    switch (result.kind) {
      case "ignore":
        log.info({ why: result.why }, "card submit ignored");
        return;
      case "done":
        await removeCard();
        await client.createMessage({ ...place, markdown: result.markdown });
        return;
      case "replace":
        await removeCard();
        await client.createMessage({ ...place, markdown: result.built.fallback, card: result.built.card });
        return;
      case "open":
        await client.createMessage({ ...place, markdown: result.built.fallback, card: result.built.card });
        return;
      case "refused":
      case "say": {
        const markdown = result.kind === "say" ? result.markdown : renderRefusal(lang, result.refusal);
        if (!result.keepCard) await removeCard();
        await client.createMessage({
          ...(result.kind === "refused" && result.topLevel ? { roomId: place.roomId } : place),
          markdown,
        });
        return;
      }
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** A partner person who may manage trials of this partner, or the refusal (R-ORG-2). */
  function manager(s: Submit, partnerId: string | undefined): Person | Refusal {
    if (!s.person) return refuse("not_registered", { email: s.email });
    // A card without a partner names no partner the person belongs to: not_your_trial.
    return requirePartnerRole(s.actor, "manage", partnerId ?? "");
  }

  async function trialOf(ref: CardRef): Promise<{ trial: Trial; customer: Customer } | Refusal> {
    const trial = ref.trialId ? await store.getTrial(ref.trialId) : null;
    if (!trial || trial.status === "deleted") return refuse("no_trial", { trialId: ref.trialId ?? "" });
    const customer = await store.getCustomer(trial.customerId);
    if (!customer) return refuse("no_trial", { trialId: trial.id });
    return { trial, customer };
  }

  const isRefusal = (x: unknown): x is Refusal =>
    typeof x === "object" && x !== null && (x as Refusal).kind === "refusal";

  /** The outcome of a use case as a Result: success text, card re-sent for fixable refusals. */
  async function settle(
    s: Submit,
    outcome: Outcome,
    success: (o: Extract<Outcome, { ok: true }>) => string,
    resend?: (state: CardState) => BuiltCard | Promise<BuiltCard>,
  ): Promise<Result> {
    if (outcome.ok) return { kind: "done", markdown: success(outcome) };
    const r = outcome.refusal;
    if (WHO.has(r.code)) return { kind: "refused", refusal: r, keepCard: true };
    // A stale card: it goes, and the person is told so where they are looking, with the name to
    // type for a fresh one (the card's thread may be far up the space).
    if (r.code === "changed_meanwhile")
      return {
        kind: "refused",
        refusal: { ...r, params: { ...r.params, card: "removed" } },
        keepCard: false,
        topLevel: true,
      };
    if (resend && FIXABLE.has(r.code))
      return { kind: "replace", built: await resend({ values: s.inputs, notice: renderRefusal(s.lang, r) }) };
    return { kind: "refused", refusal: r, keepCard: false };
  }

  const already: Result = { kind: "ignore", why: "card already submitted" };
  const names = (lang: Language, list: readonly Service[]) => list.map((x) => cardTexts(lang).services[x]).join(", ");
  const endOf = (lang: Language, trial: Trial | null) => (trial?.endDate ? formatDate(lang, trial.endDate) : "—");

  // ---- per card ------------------------------------------------------------------------------------

  async function dispatch(s: Submit): Promise<Result> {
    const t = cardTexts(s.lang);
    const wrong: Result = { kind: "say", markdown: t.outcome.wrongCard, keepCard: true };
    const { ref } = s;
    switch (ref.kind) {
      case "new_customer": {
        if (s.action !== "submit") return wrong;
        const who = manager(s, ref.partnerId);
        if (isRefusal(who)) return { kind: "refused", refusal: who, keepCard: true };
        if (!(await s.claim())) return already;
        const resend = (state: CardState) => cards.newCustomer(s.lang, who.partnerId!, state);
        const parsed = parseNewCustomer(s.inputs, SERVICES);
        if (!parsed.ok) return { kind: "replace", built: resend({ values: s.inputs, problems: parsed.problems }) };
        const outcome = await commands.startNewCustomer(s.actor, parsed.value);
        // R-PAID-1: the company already is this partner's customer, with no live trial: offer
        // the trial card of that customer instead of creating a duplicate.
        if (!outcome.ok && outcome.refusal.code === "customer_exists" && outcome.refusal.params.liveTrial === "none") {
          const existing = await store.findCustomerByHandle(String(outcome.refusal.params.customerHandle));
          if (existing) {
            return {
              kind: "replace",
              built: await cards.payingCustomer(s.lang, who.partnerId!, existing, {
                values: s.inputs,
                notice: renderRefusal(s.lang, outcome.refusal),
              }),
            };
          }
        }
        return settle(
          s,
          outcome,
          (o) =>
            t.outcome.newCustomerStarted(o.decision.customer?.name ?? parsed.value.companyName, endOf(s.lang, o.trial)),
          resend,
        );
      }

      case "existing_lookup": {
        if (s.action !== "lookup") return wrong;
        const who = manager(s, ref.partnerId);
        if (isRefusal(who)) return { kind: "refused", refusal: who, keepCard: true };
        if (!(await s.claim())) return already;
        const resend = (state: CardState) => cards.existingLookup(s.lang, who.partnerId!, state);
        const parsed = parseLookup(s.inputs);
        if (!parsed.ok) return { kind: "replace", built: resend({ values: s.inputs, problems: parsed.problems }) };
        const customer = await commands.customers.resolve(parsed.value.customer);
        if (isRefusal(customer))
          return { kind: "replace", built: resend({ values: s.inputs, notice: renderRefusal(s.lang, customer) }) };
        if (customer.managingPartners.some((m) => m.partnerId === who.partnerId)) {
          const notice = renderRefusal(
            s.lang,
            refuse("invalid_input", {
              field: "customer",
              value: customer.name,
              expected: "a customer you do not manage yet (use trial add for your own customers)",
            }),
          );
          return { kind: "replace", built: resend({ values: s.inputs, notice }) };
        }
        return { kind: "replace", built: await cards.existingCustomer(s.lang, who.partnerId!, customer) };
      }

      case "existing_customer":
      case "paying_customer": {
        if (s.action !== "submit") return wrong;
        const who = manager(s, ref.partnerId);
        if (isRefusal(who)) return { kind: "refused", refusal: who, keepCard: true };
        const customer = ref.customerId ? await store.getCustomer(ref.customerId) : null;
        if (!customer)
          return { kind: "refused", refusal: refuse("customer_not_found", { customer: "" }), keepCard: false };
        if (!(await s.claim())) return already;
        const offered = await cards.eligible(customer, who.partnerId!);
        if (ref.kind === "existing_customer") {
          const resend = (state: CardState) => cards.existingCustomer(s.lang, who.partnerId!, customer, state);
          const parsed = parseExistingCustomer(s.inputs, offered);
          if (!parsed.ok)
            return { kind: "replace", built: await resend({ values: s.inputs, problems: parsed.problems }) };
          const outcome = await commands.requestConsent(s.actor, { customer: customer.handle, ...parsed.value });
          return settle(
            s,
            outcome,
            (o) => {
              const to = o.decision.messages
                .filter((m) => m.template === "customer.consent_request")
                .map((m) => (m.to.kind === "email" ? m.to.email : ""));
              return t.outcome.consentRequested(customer.name, to.join(", "));
            },
            resend,
          );
        }
        const resend = (state: CardState) => cards.payingCustomer(s.lang, who.partnerId!, customer, state);
        const parsed = parsePayingCustomer(s.inputs, offered);
        if (!parsed.ok)
          return { kind: "replace", built: await resend({ values: s.inputs, problems: parsed.problems }) };
        const outcome = await commands.startPayingCustomer(s.actor, customer.handle, parsed.value);
        return settle(s, outcome, (o) => t.outcome.payingStarted(customer.name, endOf(s.lang, o.trial)), resend);
      }

      case "consent": {
        if (s.action !== "accept" && s.action !== "decline") return wrong;
        const found = await trialOf(ref);
        if (isRefusal(found)) return { kind: "refused", refusal: found, keepCard: false };
        const { trial, customer } = found;
        const run = () =>
          s.action === "accept"
            ? commands.acceptConsent(s.actor, trial.id, parseConsent(s.inputs).fullAdminAccess, ref.version)
            : commands.declineConsent(s.actor, trial.id, ref.version);
        // R-CONSENT-3: someone who is not a full admin is refused by the domain; the card stays.
        if (!isCustomerFullAdmin(customer, s.email)) return settle(s, await run(), () => t.outcome.wrongCard);
        if (!(await s.claim())) return already;
        const outcome = await run();
        const partner = (await store.getPartner(trial.partnerId))?.name ?? "";
        // R-CONSENT-6: once the window closed (the timer may already have cancelled the trial,
        // which makes the card stale too), the card says the request expired.
        if (
          !outcome.ok &&
          outcome.refusal.code === "changed_meanwhile" &&
          trial.consentDeadline &&
          clock.now() > trial.consentDeadline
        ) {
          return {
            kind: "refused",
            refusal: refuse("consent_expired", { deadline: trial.consentDeadline.toISOString(), partner }),
            keepCard: false,
          };
        }
        // A customer admin has no `trial show`: a stale consent card points to `requests` (R-CONSENT-7).
        const forCustomer =
          !outcome.ok && outcome.refusal.code === "changed_meanwhile"
            ? {
                ok: false as const,
                refusal: { ...outcome.refusal, params: { ...outcome.refusal.params, audience: "customer" } },
              }
            : outcome;
        return settle(s, forCustomer, () =>
          s.action === "accept"
            ? t.outcome.accepted(partner, parseConsent(s.inputs).fullAdminAccess)
            : t.outcome.declined(partner),
        );
      }

      case "reminder": {
        if (s.action !== "interested") return wrong;
        const found = await trialOf(ref);
        if (isRefusal(found)) return { kind: "refused", refusal: found, keepCard: false };
        // R-INT-1: only a customer admin; anyone else is refused by the domain and the card stays.
        if (!isCustomerAdmin(found.customer, s.email))
          return settle(s, await commands.interested(s.actor, found.trial.id), () => t.outcome.wrongCard);
        if (!(await s.claim())) return already;
        const partner = (await store.getPartner(found.trial.partnerId))?.name ?? "";
        return settle(s, await commands.interested({ kind: "customer_admin", email: s.email }, found.trial.id), () =>
          t.outcome.interested(partner),
        );
      }

      case "ops_extension": {
        if (s.action !== "approve" && s.action !== "deny") return wrong;
        if (s.person?.role !== "ops")
          return {
            kind: "refused",
            refusal: s.person
              ? refuse("role_required", { roles: ["ops"] })
              : refuse("not_registered", { email: s.email }),
            keepCard: true,
          };
        const found = await trialOf(ref);
        if (isRefusal(found)) return { kind: "refused", refusal: found, keepCard: false };
        if (!(await s.claim())) return already;
        const approve = s.action === "approve";
        // R-EXT-2: bound to the request the card shows (a card from before requests had ids: the pending one).
        const outcome = await commands.decideDeviceExtension(s.actor, found.trial.id, approve, ref.requestId);
        const before = found.trial;
        return settle(s, outcome, (o) =>
          approve
            ? t.outcome.extensionApproved(
                found.customer.name,
                endOf(s.lang, o.trial),
                before.endDate ? formatDate(s.lang, before.endDate) : null,
              )
            : t.outcome.extensionDenied(
                found.customer.name,
                endOf(s.lang, before),
                before.pendingDeviceExtension
                  ? formatDate(s.lang, before.pendingDeviceExtension.requestedEndDate)
                  : "—",
              ),
        );
      }

      default:
        return partnerTrialCard(s);
    }
  }

  /** Cards on one trial for the partner: provision, menu, edit, convert, cancel, delete. */
  async function partnerTrialCard(s: Submit): Promise<Result> {
    const t = cardTexts(s.lang);
    const { ref, lang } = s;
    const wrong: Result = { kind: "say", markdown: t.outcome.wrongCard, keepCard: true };
    const found = await trialOf(ref);
    if (isRefusal(found)) return { kind: "refused", refusal: found, keepCard: false };
    const { trial, customer } = found;
    const who = manager(s, trial.partnerId);
    if (isRefusal(who)) return { kind: "refused", refusal: who, keepCard: true };
    const version = ref.version ?? -1;

    if (ref.kind === "trial_menu") {
      // Opening a card changes nothing: it is built from the trial as it is now; the menu stays.
      switch (s.action) {
        case "open_edit":
          return { kind: "open", built: await cards.edit(lang, trial, customer) };
        case "open_convert":
          return { kind: "open", built: cards.convert(lang, trial, customer, { contactEmail: who.email }) };
        case "open_cancel":
          return { kind: "open", built: cards.cancel(lang, trial, customer) };
        case "open_delete":
          return { kind: "open", built: cards.delete(lang, trial, customer) };
        default:
          return wrong;
      }
    }

    if (!(await s.claim())) return already;
    switch (ref.kind) {
      case "provision": {
        if (s.action !== "submit") return wrong;
        const needs: Service[] = [];
        if (trial.services.includes("meetings") && !trial.meetings) needs.push("meetings");
        if (trial.services.includes("devices") && !trial.devices) needs.push("devices");
        const resend = (state: CardState) => cards.provision(lang, trial, customer, state, version);
        const parsed = parseProvision(s.inputs, needs);
        if (!parsed.ok) return { kind: "replace", built: resend({ values: s.inputs, problems: parsed.problems }) };
        const outcome = await commands.completeProvisioning(s.actor, trial.id, parsed.value, ref.version);
        return settle(s, outcome, (o) => t.outcome.provisioned(customer.name, endOf(lang, o.trial)), resend);
      }
      case "edit": {
        const resend = (state: CardState) => cards.edit(lang, trial, customer, state, version);
        if (s.action === "extend") {
          const parsed = parseExtend(s.inputs);
          if (!parsed.ok)
            return { kind: "replace", built: await resend({ values: s.inputs, problems: parsed.problems }) };
          const outcome = await commands.extend(
            s.actor,
            trial.id,
            parsed.value.days,
            ref.version,
            parsed.value.confirmShorten,
          );
          return settle(
            s,
            outcome,
            (o) => {
              const request = o.trial?.pendingDeviceExtension;
              return request && request.id !== trial.pendingDeviceExtension?.id
                ? t.outcome.extensionRequested(
                    customer.name,
                    formatDate(lang, request.requestedEndDate),
                    endOf(lang, o.trial),
                  )
                : t.outcome.extended(
                    customer.name,
                    endOf(lang, o.trial),
                    trial.endDate ? formatDate(lang, trial.endDate) : null,
                  );
            },
            resend,
          );
        }
        if (s.action === "services") {
          const trials = await store.listTrials({ customerId: customer.id });
          const addable = eligibleServices(
            customer,
            trials.filter((x) => x.id !== trial.id),
            trial.partnerId,
          ).filter((x) => !trial.services.includes(x));
          const parsed = parseServiceChange(s.inputs, trial.services, addable);
          if (!parsed.ok)
            return { kind: "replace", built: await resend({ values: s.inputs, problems: parsed.problems }) };
          const outcome = await commands.changeServices(s.actor, trial.id, parsed.value, ref.version);
          return settle(
            s,
            outcome,
            (o) => t.outcome.servicesChanged(customer.name, names(lang, o.trial?.services ?? [])),
            resend,
          );
        }
        return wrong;
      }
      case "convert": {
        if (s.action !== "convert") return wrong;
        const parsed = parseConvert(s.inputs, trial.services);
        if (!parsed.ok)
          return {
            kind: "replace",
            built: cards.convert(lang, trial, customer, {
              state: { values: s.inputs, problems: parsed.problems },
              version,
            }),
          };
        const outcome = await commands.convert(s.actor, trial.id, parsed.value, ref.version);
        if (!outcome.ok && outcome.refusal.code === "conversion_missing_services") {
          // R-CONV-3: the card comes back naming what would be lost, with a confirmation to tick.
          const missing = (outcome.refusal.params.missing as readonly Service[] | undefined) ?? [];
          const notice = renderRefusal(lang, {
            ...outcome.refusal,
            params: { ...outcome.refusal.params, via: "card" },
          });
          return {
            kind: "replace",
            built: cards.convert(lang, trial, customer, {
              state: { values: s.inputs, notice },
              version,
              missing: [...missing],
            }),
          };
        }
        return settle(
          s,
          outcome,
          () => t.outcome.converted(customer.name, parsed.value.orderNumber, trial.services.includes("devices")),
          (state) => cards.convert(lang, trial, customer, { state, version }),
        );
      }
      case "cancel": {
        if (s.action === "keep") return { kind: "done", markdown: t.outcome.kept };
        if (s.action !== "cancel") return wrong;
        const parsed = parseCancel(s.inputs);
        if (!parsed.ok)
          return {
            kind: "replace",
            built: cards.cancel(lang, trial, customer, { values: s.inputs, problems: parsed.problems }, version),
          };
        return settle(s, await commands.cancel(s.actor, trial.id, parsed.value.reason, ref.version), () =>
          t.outcome.cancelled(customer.name),
        );
      }
      case "delete": {
        if (s.action === "keep") return { kind: "done", markdown: t.outcome.kept };
        if (s.action !== "delete") return wrong;
        // R-DEL-1: the "Yes, delete" button is the explicit Yes.
        return settle(s, await commands.delete(s.actor, trial.id, "Yes", ref.version), () =>
          t.outcome.deleted(customer.name),
        );
      }
      default:
        return wrong;
    }
  }

  return { onAttachmentAction };
}
