// Cards that start a trial: new customer (R-NEW-1/2), existing customer with consent
// (R-CONSENT-1/2, in two steps: name the organisation, then confirm it and pick from its
// eligible services, R-ELIG-1), paying customer (R-PAID-1), and the provisioning details after
// consent (R-CONSENT-4). Every one shares the setup inputs: services, length (R-NEW-2), the
// Meetings site (R-SVC-2), devices or skip (R-SVC-3) and the Calling DID note (R-SVC-4).
import type { Language } from "../domain/model.ts";
import { listCountries, listVerticals } from "../domain/regions.ts";
import { SERVICES, type Service } from "../domain/services.ts";
import { setupNotices } from "../domain/setup.ts";
import { DEFAULT_TRIAL_LENGTH, TRIAL_LENGTHS } from "../domain/validation.ts";
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

export { DEVICE_LINES } from "./submit/schemas.ts";

import { DEVICE_LINES } from "./submit/schemas.ts";

const EMAIL_REGEX = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
const SITE_REGEX = "^(https?://)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.webex\\.com/?$";

const serviceChoices = (t: CardTexts, services: readonly Service[]) =>
  services.map((s) => ({ title: t.services[s], value: s }));

/** Services, length, Meetings site, devices and the Calling note: shared by every start card. */
export function setupInputs(
  t: CardTexts,
  state: CardState,
  offered: readonly Service[],
  opts: { length?: boolean } = {},
): Element[] {
  const out: Element[] = [];
  out.push(
    ...withProblems(
      t,
      state,
      "services",
      choiceInput("services", t.fields.services, serviceChoices(t, offered), {
        value: stateValue(state, "services"),
        multi: true,
        expanded: true,
        required: true,
        errorMessage: `${t.problems.services_required.expected}`,
      }),
    ),
  );
  if (opts.length !== false) {
    out.push(
      ...withProblems(
        t,
        state,
        "lengthDays",
        choiceInput(
          "lengthDays",
          t.fields.lengthDays,
          TRIAL_LENGTHS.map((n) => ({ title: t.common.lengthChoice(n), value: String(n) })),
          {
            value: stateValue(state, "lengthDays") ?? String(DEFAULT_TRIAL_LENGTH),
          },
        ),
      ),
    );
  }
  out.push(...meetingsInputs(t, state, offered), ...devicesInputs(t, state, offered));
  if (setupNotices(offered).includes("calling_dids_required"))
    out.push(text(t.newCustomer.callingNotice, { isSubtle: true, spacing: "Medium", separator: true }));
  return out;
}

export function meetingsInputs(t: CardTexts, state: CardState, offered: readonly Service[]): Element[] {
  if (!offered.includes("meetings")) return [];
  return [
    subheading(t.newCustomer.meetingsHeading),
    text(t.newCustomer.meetingsHelp, { isSubtle: true, size: "Small" }),
    ...withProblems(
      t,
      state,
      "siteUrl",
      textInput("siteUrl", t.fields.siteUrl, {
        value: stateValue(state, "siteUrl"),
        placeholder: "acme.webex.com",
        regex: SITE_REGEX,
        errorMessage: t.problems.site_url.expected,
        maxLength: 80,
      }),
    ),
    ...withProblems(
      t,
      state,
      "siteTimeZone",
      textInput("siteTimeZone", t.fields.siteTimeZone, {
        value: stateValue(state, "siteTimeZone"),
        placeholder: "Europe/Paris",
        maxLength: 64,
      }),
    ),
  ];
}

export function devicesInputs(t: CardTexts, state: CardState, offered: readonly Service[]): Element[] {
  if (!offered.includes("devices")) return [];
  const lines: Element[] = [];
  for (let n = 1; n <= DEVICE_LINES; n++) {
    lines.push({
      type: "ColumnSet",
      columns: [
        {
          type: "Column",
          width: "stretch",
          items: withProblems(
            t,
            state,
            "deviceModel",
            textInput(`deviceModel${n}`, t.newCustomer.deviceModel(n), {
              value: stateValue(state, `deviceModel${n}`),
              placeholder: n === 1 ? "Desk Pro" : "",
              maxLength: 60,
            }),
            n,
          ),
        },
        {
          type: "Column",
          width: "auto",
          items: withProblems(
            t,
            state,
            "deviceQty",
            numberInput(`deviceQty${n}`, t.newCustomer.deviceQty(n), {
              value: stateValue(state, `deviceQty${n}`),
              min: 1,
              max: 50,
            }),
            n,
          ),
        },
      ],
    });
  }
  return [
    subheading(t.newCustomer.devicesHeading),
    text(t.newCustomer.devicesHelp, { isSubtle: true, size: "Small" }),
    ...withProblems(
      t,
      state,
      "devicesSkip",
      toggleInput("devicesSkip", t.newCustomer.devicesSkip, { value: stateValue(state, "devicesSkip") }),
    ),
    ...lines,
    ...withProblems(
      t,
      state,
      "shippingAddress",
      textInput("shippingAddress", t.fields.shippingAddress, {
        value: stateValue(state, "shippingAddress"),
        multiline: true,
        maxLength: 300,
      }),
    ),
  ];
}

// ---- new customer (R-NEW-1) ---------------------------------------------------------------------

export function newCustomerCard(lang: Language, ref: string, state: CardState = {}): BuiltCard {
  const t = cardTexts(lang);
  // Webex cards cannot react to a choice: the data-residency region is shown with each country.
  const countries = listCountries().map((c) => ({
    title: `${t.countryName?.(c.code, c.name) ?? c.name} — ${t.common.region(c.region)}`,
    value: c.code,
  }));
  const verticals = listVerticals().map((v) => ({ title: t.verticalNames?.[v] ?? v, value: v }));
  const body: Element[] = [
    heading(t.newCustomer.title),
    ...stateBanner(t, state),
    text(t.newCustomer.intro, { isSubtle: true }),
    ...withProblems(
      t,
      state,
      "companyName",
      textInput("companyName", t.fields.companyName, {
        value: stateValue(state, "companyName"),
        required: true,
        errorMessage: t.problems.required.expected,
        maxLength: 100,
      }),
    ),
    ...withProblems(
      t,
      state,
      "adminEmail",
      textInput("adminEmail", t.fields.adminEmail, {
        value: stateValue(state, "adminEmail"),
        required: true,
        regex: EMAIL_REGEX,
        errorMessage: t.problems.email.expected,
        style: "Email",
        maxLength: 254,
      }),
    ),
    ...withProblems(
      t,
      state,
      "vertical",
      choiceInput("vertical", t.fields.vertical, verticals, {
        value: stateValue(state, "vertical"),
        required: true,
        errorMessage: t.problems.vertical_unknown.expected,
      }),
    ),
    ...withProblems(
      t,
      state,
      "country",
      choiceInput("country", t.fields.country, countries, {
        value: stateValue(state, "country"),
        required: true,
        errorMessage: t.problems.country_unknown.expected,
      }),
    ),
    text(t.newCustomer.countryHelp, { isSubtle: true, size: "Small", spacing: "Small" }),
    ...withProblems(
      t,
      state,
      "locationAck",
      toggleInput("locationAck", t.newCustomer.locationAck, { value: stateValue(state, "locationAck") }),
    ),
    ...setupInputs(t, state, SERVICES),
  ];
  return {
    card: card(body, [submit(t.newCustomer.submit, ref, "submit", { style: "positive" })]),
    fallback: fallbackOf(t, t.newCustomer.title, state),
  };
}

// ---- existing customer (R-CONSENT-1/2, R-ELIG-1) -----------------------------------------------

export function existingLookupCard(lang: Language, ref: string, state: CardState = {}): BuiltCard {
  const t = cardTexts(lang);
  const body: Element[] = [
    heading(t.existingLookup.title),
    ...stateBanner(t, state),
    text(t.existingLookup.intro, { isSubtle: true }),
    ...withProblems(
      t,
      state,
      "customer",
      textInput("customer", t.fields.customer, {
        value: stateValue(state, "customer"),
        required: true,
        errorMessage: t.problems.required.expected,
        placeholder: "acme",
        maxLength: 100,
      }),
    ),
  ];
  return {
    card: card(body, [submit(t.existingLookup.next, ref, "lookup")]),
    fallback: fallbackOf(t, t.existingLookup.title, state),
  };
}

export interface CustomerFacts {
  name: string;
  handle: string;
  country: string;
  region: string;
}

export function existingCustomerCard(
  lang: Language,
  ref: string,
  view: { customer: CustomerFacts; eligible: readonly Service[] },
  state: CardState = {},
): BuiltCard {
  const t = cardTexts(lang);
  const c = view.customer;
  const title = t.existing.title(c.name);
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    text(t.existing.intro, { isSubtle: true }),
    text(t.existing.orgFacts(c.name, c.handle, c.country, t.common.region(c.region)), { weight: "Bolder" }),
    ...withProblems(
      t,
      state,
      "orgConfirmed",
      toggleInput("orgConfirmed", t.existing.confirmOrg(c.name), { value: stateValue(state, "orgConfirmed") }),
    ),
    ...withProblems(
      t,
      state,
      "adminEmail",
      textInput("adminEmail", t.fields.adminEmail, {
        value: stateValue(state, "adminEmail"),
        required: true,
        regex: EMAIL_REGEX,
        errorMessage: t.problems.email.expected,
        style: "Email",
        maxLength: 254,
      }),
    ),
    text(t.existing.adminHelp, { isSubtle: true, size: "Small", spacing: "Small" }),
  ];
  if (view.eligible.length === 0) {
    body.push(text(t.existing.noEligible, { color: "Warning" }));
    return { card: card(body), fallback: fallbackOf(t, title, state, [t.existing.noEligible]) };
  }
  body.push(...setupInputs(t, state, view.eligible));
  return {
    card: card(body, [submit(t.existing.submit, ref, "submit", { style: "positive" })]),
    fallback: fallbackOf(t, title, state),
  };
}

// ---- paying customer (R-PAID-1) -----------------------------------------------------------------

export interface PayingView {
  customer: CustomerFacts & { admins: number };
  purchased: readonly Service[];
  managingPartners: readonly string[];
  eligible: readonly Service[];
}

export function payingCustomerCard(lang: Language, ref: string, view: PayingView, state: CardState = {}): BuiltCard {
  const t = cardTexts(lang);
  const c = view.customer;
  const title = t.paying.title(c.name);
  const names = (list: readonly Service[]) => (list.length ? list.map((s) => t.services[s]).join(", ") : t.common.none);
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    text(t.paying.intro, { isSubtle: true }),
    facts([
      [t.paying.country, `${c.country} (${t.common.region(c.region)})`],
      [t.paying.purchased, names(view.purchased)],
      [t.paying.managedBy, view.managingPartners.join(", ") || t.common.none],
      [t.paying.admins, String(c.admins)],
    ]),
  ];
  if (view.eligible.length === 0) {
    body.push(text(t.paying.noEligible, { color: "Warning" }));
    return { card: card(body), fallback: fallbackOf(t, title, state, [t.paying.noEligible]) };
  }
  body.push(...setupInputs(t, state, view.eligible));
  return {
    card: card(body, [submit(t.paying.submit, ref, "submit", { style: "positive" })]),
    fallback: fallbackOf(t, title, state),
  };
}

// ---- provisioning details after consent (R-CONSENT-4) ------------------------------------------

export function provisionCard(
  lang: Language,
  ref: string,
  view: { customer: string; services: readonly Service[]; hasSite: boolean; hasDevices: boolean },
  state: CardState = {},
): BuiltCard {
  const t = cardTexts(lang);
  const title = t.provision.title(view.customer);
  const needs: Service[] = [];
  if (view.services.includes("meetings") && !view.hasSite) needs.push("meetings");
  if (view.services.includes("devices") && !view.hasDevices) needs.push("devices");
  const body: Element[] = [
    heading(title),
    ...stateBanner(t, state),
    text(t.provision.intro, { isSubtle: true }),
    facts([[t.common.services, view.services.map((s) => t.services[s]).join(", ")]]),
    ...(needs.length
      ? [...meetingsInputs(t, state, needs), ...devicesInputs(t, state, needs)]
      : [text(t.provision.nothingNeeded)]),
  ];
  return {
    card: card(body, [submit(t.provision.submit, ref, "submit", { style: "positive" })]),
    fallback: fallbackOf(t, title, state),
  };
}
