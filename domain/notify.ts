// Who hears about what. Messages are addressed by e-mail or to a linked space; the transport
// resolves them to Webex people and rooms, each in the person's language.
import type { AuditEntry, MessageTemplate, OutgoingMessage, Recipient } from "./effects.ts";
import type { Actor, Customer, Person, Trial } from "./model.ts";
import { actorLabel } from "./model.ts";
import { MANAGING_ROLES } from "./roles.ts";

/** Control Hub's subscription page, linked from every customer reminder (R-EXP-1). */
export const CONTROL_HUB_SUBSCRIPTIONS_URL = "https://admin.webex.com/subscriptions";
export const CONTROL_HUB_URL = "https://admin.webex.com";
/**
 * R-CONV-1: the "Set up service" link of the provisioning message ("Provisioning information
 * required for order …"): the provisioning contact sets the order up in Control Hub.
 */
export const SET_UP_SERVICE_URL = CONTROL_HUB_URL;

export function message(to: Recipient, template: MessageTemplate, data: Record<string, unknown>): OutgoingMessage {
  return { to, template, data };
}

export function toEmail(email: string, language?: Person["language"]): Recipient {
  return language ? { kind: "email", email, language } : { kind: "email", email };
}

export const partnerSpace = (partnerId: string): Recipient => ({ kind: "partner_space", partnerId });
export const opsSpace: Recipient = { kind: "ops_space" };

/** R-EXP-1: "every admin of the managing partner": people whose role may manage trials. */
export function partnerAdmins(people: readonly Person[], partnerId: string): Person[] {
  return people.filter((p) => p.partnerId === partnerId && (MANAGING_ROLES as readonly string[]).includes(p.role));
}

export function toCustomerAdmins(
  customer: Customer,
  template: MessageTemplate,
  data: Record<string, unknown>,
): OutgoingMessage[] {
  return customer.admins.map((a) => message(toEmail(a.email, a.language), template, data));
}

export function toPartnerAdmins(
  people: readonly Person[],
  partnerId: string,
  template: MessageTemplate,
  data: Record<string, unknown>,
): OutgoingMessage[] {
  return partnerAdmins(people, partnerId).map((p) => message(toEmail(p.email, p.language), template, data));
}

/** Facts about a trial that most templates show. */
export function trialFacts(trial: Trial, customer: Customer): Record<string, unknown> {
  return {
    trialId: trial.id,
    customer: customer.name,
    customerHandle: customer.handle,
    services: [...trial.services],
    status: trial.status,
    endDate: trial.endDate,
  };
}

export function auditEntry(
  now: Date,
  actor: Actor,
  action: string,
  trial: Pick<Trial, "id" | "partnerId" | "customerId"> | null,
  details: Record<string, unknown> = {},
): AuditEntry {
  return {
    at: now,
    actor: actorLabel(actor),
    action,
    partnerId: trial?.partnerId ?? null,
    customerId: trial?.customerId ?? null,
    trialId: trial?.id ?? null,
    details,
  };
}
