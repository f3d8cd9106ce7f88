// Cards that travel with outgoing messages: the consent request to customer admins
// (R-CONSENT-2/3), the expiry reminder to customer admins (R-EXP-1, R-INT-1) and the ops approval
// of a device-trial extension (R-EXT-2).
import type { Language } from "../domain/model.ts";
import type { Service } from "../domain/services.ts";
import {
  type BuiltCard,
  card,
  container,
  type Element,
  facts,
  fallbackOf,
  heading,
  openUrl,
  submit,
  text,
  toggleInput,
} from "./elements.ts";
import { cardTexts } from "./i18n/index.ts";

export interface ConsentView {
  partner: string;
  requestedBy: string;
  customer: string;
  services: readonly Service[];
  /** Formatted deadline (date and time). */
  deadline: string;
  daysLeft: number;
}

/** R-CONSENT-2/3: who asks, for which services, until when; Accept / Decline; full admin access explained. */
export function consentCard(lang: Language, ref: string, v: ConsentView): BuiltCard {
  const t = cardTexts(lang);
  const title = t.consent.title(v.partner, v.customer);
  const body: Element[] = [
    heading(title),
    text(t.consent.asks(v.requestedBy, v.partner)),
    facts([[t.common.services, v.services.map((s) => t.services[s]).join(", ")]]),
    text(t.consent.deadline(v.deadline, v.daysLeft), { weight: "Bolder" }),
    text(t.consent.onlyFullAdmin, { isSubtle: true }),
    toggleInput("fullAdminAccess", t.consent.fullAccess, { label: t.fields.fullAdminAccess }),
    container(
      [
        text(t.consent.fullAccessExplained, { size: "Small" }),
        text(t.consent.provisioningExplained, { size: "Small" }),
      ],
      "emphasis",
    ),
  ];
  return {
    // The reader's language rides with the submit: a customer admin is no registered person, so
    // the bot answers the click in the card's language from it.
    card: card(body, [
      submit(t.consent.accept, ref, "accept", { style: "positive", extra: { lang } }),
      submit(t.consent.decline, ref, "decline", { style: "destructive", inputs: "none", extra: { lang } }),
    ]),
    fallback: fallbackOf(t, title, {}, [t.consent.deadline(v.deadline, v.daysLeft)]),
  };
}

export interface ReminderView {
  customer: string;
  services: readonly Service[];
  endDate: string;
  daysLeft: number | null;
  subscriptionsUrl: string;
}

/** R-EXP-1 / R-INT-1: the reminder with the Control Hub link and "I'm interested in purchasing". */
export function reminderCard(lang: Language, ref: string, v: ReminderView): BuiltCard {
  const t = cardTexts(lang);
  const title = t.reminder.title(v.daysLeft);
  const body: Element[] = [
    heading(title),
    text(t.reminder.body(v.services.map((s) => t.services[s]).join(", "), v.customer, v.endDate)),
    text(t.reminder.subscribe),
  ];
  return {
    card: card(body, [
      submit(t.reminder.interested, ref, "interested", { style: "positive", extra: { lang } }),
      openUrl(t.reminder.openControlHub, v.subscriptionsUrl),
    ]),
    fallback: fallbackOf(t, title, {}, [v.subscriptionsUrl]),
  };
}

export interface OpsExtensionView {
  partner: string;
  customer: string;
  requestedBy: string;
  days: number;
  requestedEndDate: string;
  /** The end date when the card was built (formatted). */
  currentEndDate: string;
  services: readonly Service[];
}

/** R-EXT-2: the trials team approves or denies a device-trial extension. */
export function opsExtensionCard(lang: Language, ref: string, v: OpsExtensionView): BuiltCard {
  const t = cardTexts(lang);
  const body: Element[] = [
    heading(t.opsExtension.title),
    text(t.opsExtension.body(v.requestedBy, v.partner, v.customer, v.days, v.requestedEndDate, v.currentEndDate)),
    facts([[t.common.services, v.services.map((s) => t.services[s]).join(", ")]]),
    text(t.opsExtension.rule, { isSubtle: true }),
  ];
  return {
    card: card(body, [
      submit(t.opsExtension.approve, ref, "approve", { style: "positive", inputs: "none" }),
      submit(t.opsExtension.deny, ref, "deny", { style: "destructive", inputs: "none" }),
    ]),
    fallback: fallbackOf(t, t.opsExtension.title, {}, [
      t.opsExtension.body(v.requestedBy, v.partner, v.customer, v.days, v.requestedEndDate, v.currentEndDate),
    ]),
  };
}
