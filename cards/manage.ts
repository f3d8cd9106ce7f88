// Cards that manage a running trial: the menu `trial show` offers, edit (extend R-EXT-1/2, add or
// remove services R-EDIT-1), convert (R-CONV-1..3, with the missing-service warning) and the
// confirmations for cancel and delete (R-DEL-1).
import type { Language } from "../domain/model.ts";
import { SERVICES, type Service } from "../domain/services.ts";
import {
  type BuiltCard,
  type CardState,
  card,
  choiceInput,
  type Element,
  facts,
  fallbackOf,
  heading,
  numberInput,
  stateBanner,
  stateValue,
  subheading,
  submit,
  text,
  textInput,
  toggleInput,
  withProblems,
} from "./elements.ts";
import { type CardTexts, cardTexts } from "./i18n/index.ts";
import { devicesInputs, meetingsInputs } from "./start.ts";

/** What the managing cards show about the trial (dates already formatted for the language). */
export interface TrialSummary {
  customer: string;
  status: string;
  services: readonly Service[];
  /** Formatted end date, or null before the trial is active. */
  endDate: string | null;
  daysLeft: number | null;
}

const names = (t: CardTexts, list: readonly Service[]) => list.map((s) => t.services[s]).join(", ");

function summaryFacts(t: CardTexts, s: TrialSummary): Element {
  const rows: [string, string][] = [
    [t.common.services, names(t, s.services) || t.common.none],
    ["", s.endDate ? t.common.endsOn(s.endDate, s.daysLeft) : t.common.notStarted],
  ];
  return facts(rows.map(([a, b]) => [a || t.common.status(s.status), b]));
}

/** The buttons `trial show` offers: each opens the matching card (nothing changes yet). */
export function trialMenuCard(
  lang: Language,
  ref: string,
  s: TrialSummary,
  allowed: { edit: boolean; convert: boolean; cancel: boolean; delete: boolean },
): BuiltCard {
  const t = cardTexts(lang);
  const title = t.menu.title(s.customer);
  const actions: Element[] = [];
  if (allowed.edit) actions.push(submit(t.menu.edit, ref, "open_edit"));
  if (allowed.convert) actions.push(submit(t.menu.convert, ref, "open_convert"));
  if (allowed.cancel) actions.push(submit(t.menu.cancel, ref, "open_cancel"));
  if (allowed.delete) actions.push(submit(t.menu.delete, ref, "open_delete", { style: "destructive" }));
  return { card: card([heading(title), summaryFacts(t, s)], actions), fallback: fallbackOf(t, title) };
}

export function editCard(
  lang: Language,
  ref: string,
  s: TrialSummary & { addable: readonly Service[] },
  state: CardState = {},
): BuiltCard {
  const t = cardTexts(lang);
  const title = t.edit.title(s.customer);
  const removable = s.services;
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    summaryFacts(t, s),
    subheading(t.edit.extendHeading),
    text(t.edit.extendHelp, { isSubtle: true, size: "Small" }),
    ...withProblems(
      t,
      state,
      "days",
      numberInput("days", t.fields.days, { value: stateValue(state, "days"), min: 1, max: 30, placeholder: "30" }),
    ),
    // R-EXT-1: an earlier end date is applied only with this tick.
    ...withProblems(
      t,
      state,
      "confirmShorten",
      toggleInput("confirmShorten", t.edit.confirmShorten(s.endDate ?? t.common.notStarted), {
        value: stateValue(state, "confirmShorten"),
      }),
    ),
    subheading(t.edit.servicesHeading),
    text(t.edit.servicesHelp, { isSubtle: true, size: "Small" }),
  ];
  if (s.addable.length) {
    body.push(
      ...withProblems(
        t,
        state,
        "addServices",
        choiceInput(
          "addServices",
          t.fields.addServices,
          s.addable.map((x) => ({ title: t.services[x], value: x })),
          { value: stateValue(state, "addServices"), multi: true, expanded: true },
        ),
      ),
    );
    body.push(...meetingsInputs(t, state, s.addable), ...devicesInputs(t, state, s.addable));
  }
  body.push(
    ...withProblems(
      t,
      state,
      "removeServices",
      choiceInput(
        "removeServices",
        t.fields.removeServices,
        removable.map((x) => ({ title: t.services[x], value: x })),
        { value: stateValue(state, "removeServices"), multi: true, expanded: true },
      ),
    ),
  );
  const actions = [submit(t.edit.extend, ref, "extend"), submit(t.edit.change, ref, "services")];
  return { card: card(body, actions), fallback: fallbackOf(t, title, state) };
}

export interface ConvertDetails {
  contactEmail?: string;
  /** R-CONV-1: the trial customer admin, pre-filled. */
  trialAdminEmail?: string;
  /** R-CONV-1: the customer details the contact checks. */
  country: string;
  region: string;
  admins: readonly string[];
  missing?: readonly Service[];
}

/** R-CONV-1: who sets the paid order up, and the trial's customer admin. */
function contactInputs(t: CardTexts, s: ConvertDetails, state: CardState): Element[] {
  return [
    ...withProblems(
      t,
      state,
      "contactEmail",
      textInput("contactEmail", t.fields.contactEmail, {
        value: stateValue(state, "contactEmail") ?? s.contactEmail,
        required: true,
        errorMessage: t.problems.email.expected,
        style: "Email",
        maxLength: 254,
      }),
    ),
    ...withProblems(
      t,
      state,
      "contactKind",
      choiceInput(
        "contactKind",
        t.fields.contactKind,
        [
          { title: t.convert.contactPartner, value: "partner" },
          { title: t.convert.contactCustomerAdmin, value: "customer_admin" },
        ],
        {
          value: stateValue(state, "contactKind") ?? "partner",
          expanded: true,
          required: true,
          errorMessage: t.problems.contact_kind.expected,
        },
      ),
    ),
    ...withProblems(
      t,
      state,
      "trialAdminEmail",
      textInput("trialAdminEmail", t.fields.trialAdminEmail, {
        value: stateValue(state, "trialAdminEmail") ?? s.trialAdminEmail,
        required: true,
        errorMessage: t.problems.email.expected,
        style: "Email",
        maxLength: 254,
      }),
    ),
  ];
}

export function convertCard(
  lang: Language,
  ref: string,
  s: TrialSummary & ConvertDetails,
  state: CardState = {},
): BuiltCard {
  const t = cardTexts(lang);
  const title = t.convert.title(s.customer);
  const missing = s.missing ?? [];
  // R-CONV-5: Devices can't be bought by converting: trial devices go back.
  const payable = s.services.filter((x) => x !== "devices");
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    text(t.convert.intro, { isSubtle: true }),
    summaryFacts(t, s),
    ...withProblems(
      t,
      state,
      "orderNumber",
      textInput("orderNumber", t.fields.orderNumber, {
        value: stateValue(state, "orderNumber"),
        required: true,
        regex: "^\\s*\\d{6,12}\\s*$",
        errorMessage: t.problems.order_number.expected,
        placeholder: "12345678",
        maxLength: 20,
      }),
    ),
    ...contactInputs(t, s, state),
    text(t.convert.contactHelp, { isSubtle: true, size: "Small" }),
    text(t.convert.customerDetails(s.country, s.region, s.admins.join(", ") || t.common.none), { size: "Small" }),
    text(t.convert.paidHelp, { isSubtle: true, size: "Small", spacing: "Medium" }),
    ...withProblems(
      t,
      state,
      "paidServices",
      choiceInput(
        "paidServices",
        t.fields.paidServices,
        payable.map((x) => ({ title: t.services[x], value: x })),
        {
          value: stateValue(state, "paidServices") ?? payable.join(","),
          multi: true,
          expanded: true,
        },
      ),
    ),
  ];
  if (s.services.includes("devices")) body.push(text(t.convert.devicesReturn, { color: "Warning" }));
  if (missing.length) {
    // R-CONV-3: name what would be lost and ask for an explicit confirmation.
    body.push(text(t.convert.missingWarning(names(t, missing)), { color: "Warning", weight: "Bolder" }));
    body.push(
      ...withProblems(
        t,
        state,
        "confirmMissing",
        toggleInput("confirmMissing", t.convert.confirmMissing, { value: "false" }),
      ),
    );
  }
  return {
    card: card(body, [submit(t.convert.submit, ref, "convert", { style: "positive" })]),
    fallback: fallbackOf(t, title, state, missing.length ? [t.convert.missingWarning(names(t, missing))] : []),
  };
}

export function cancelCard(lang: Language, ref: string, s: TrialSummary, state: CardState = {}): BuiltCard {
  const t = cardTexts(lang);
  const title = t.cancel.title(s.customer);
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    text(t.cancel.question(t.common.status(s.status))),
    summaryFacts(t, s),
    textInput("reason", `${t.fields.reason} (${t.common.optional})`, {
      value: stateValue(state, "reason"),
      maxLength: 200,
    }),
  ];
  return {
    card: card(body, [
      submit(t.cancel.confirm, ref, "cancel", { style: "destructive" }),
      submit(t.cancel.keep, ref, "keep", { inputs: "none" }),
    ]),
    fallback: fallbackOf(t, title, state),
  };
}

/** R-DEL-1: deleting asks first; the "Yes, delete" button is the explicit "Yes". */
export function deleteCard(lang: Language, ref: string, s: TrialSummary, state: CardState = {}): BuiltCard {
  const t = cardTexts(lang);
  const title = t.delete.title(s.customer);
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    text(t.delete.question(t.common.status(s.status))),
    summaryFacts(t, s),
  ];
  return {
    card: card(body, [
      submit(t.delete.confirm, ref, "delete", { style: "destructive", inputs: "none" }),
      submit(t.delete.keep, ref, "keep", { inputs: "none" }),
    ]),
    fallback: fallbackOf(t, title, state),
  };
}

export { SERVICES };
