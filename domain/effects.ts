import type { Customer, DeviceUnit, Language, Trial } from "./model.ts";
import type { Refusal } from "./refusals.ts";

/** Where a message goes. The transport resolves these to Webex rooms or people. */
export type Recipient =
  | { kind: "email"; email: string; language?: Language }
  | { kind: "partner_space"; partnerId: string }
  /** The trials team's ops space; with partnerId, that partner's own ops space (never another's). */
  | { kind: "ops_space"; partnerId?: string }
  /** A room and thread, for a chat reply that could not be sent at once (retried from the outbox). */
  | { kind: "room"; roomId: string; parentId?: string };

/** A message the domain asks to be sent; `template` is a key in the message catalogue. */
export interface OutgoingMessage {
  to: Recipient;
  template: MessageTemplate;
  data: Record<string, unknown>;
}

export const MESSAGE_TEMPLATES = [
  "customer.welcome",
  "customer.consent_request",
  "customer.trial_started",
  "customer.expiry_reminder",
  "customer.users_access_ended",
  "customer.trial_converted",
  "customer.device_return_due",
  "customer.device_return_overdue",
  // R-CONV-1: to the provisioning contact of a conversion (the partner or the customer admin).
  "contact.provisioning_setup",
  "partner.trial_started",
  "partner.consent_requested",
  "partner.consent_accepted",
  "partner.consent_declined",
  "partner.consent_expired",
  "partner.trial_active",
  "partner.trial_extended",
  "partner.services_changed",
  "partner.trial_converted",
  "partner.trial_cancelled",
  "partner.trial_deleted",
  "partner.expiry_reminder",
  "partner.trial_expired",
  "partner.trial_lapsed",
  "partner.calling_numbers_released",
  "partner.customer_interested",
  "partner.device_extension_requested",
  "partner.device_extension_approved",
  "partner.device_extension_denied",
  "partner.device_return_due",
  "partner.device_return_overdue",
  "partner.device_return_flagged",
  // A message to a person (by e-mail) that Webex refused for good: the partner is told.
  "partner.message_undeliverable",
  "ops.event",
  "ops.device_extension_approval",
  "ops.trials_team_request",
  "ops.daily_digest",
  // A chat reply already written in the person's language (data.markdown).
  "bot.reply",
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

export const TIMER_KINDS = [
  "consent_deadline",
  "reminder_before_end",
  "reminder_end_day",
  "expiry",
  "user_notice",
  "lapse",
  "calling_release",
  "device_return_due",
  "device_return_overdue",
] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

/** A deadline of one trial. (trialId, kind) identifies it; re-setting it moves it. */
export interface TimerSpec {
  trialId: string;
  kind: TimerKind;
  dueAt: Date;
}

export interface AuditEntry {
  at: Date;
  /** Who did it: an e-mail, or `system:<reason>` for timers. */
  actor: string;
  action: string;
  partnerId: string | null;
  customerId: string | null;
  trialId: string | null;
  details: Record<string, unknown>;
}

/**
 * What must follow an accepted command. `timers` is the complete set of the trial's pending
 * deadlines after the change (replacing what was there): moving, adding and clearing timers is
 * one step with the state change.
 */
export interface Accepted {
  readonly ok: true;
  readonly trial: Trial | null;
  readonly customer: Customer | null;
  readonly devices: DeviceUnit[];
  readonly timers: TimerSpec[] | null;
  readonly messages: OutgoingMessage[];
  readonly audit: AuditEntry[];
  /** Partner ids whose link to the customer is dropped (R-CONSENT-5/6: removed from its list). */
  readonly unlinkPartnerIds: string[];
  /** Set when nothing was to be done (a stale or repeated timer): why. Nothing is written. */
  readonly skipped: string | null;
}

export interface Refused {
  readonly ok: false;
  readonly refusal: Refusal;
}

export type Decision = Accepted | Refused;

export function refused(refusal: Refusal): Refused {
  return { ok: false, refusal };
}

export function accepted(parts: Partial<Omit<Accepted, "ok">>): Accepted {
  return {
    ok: true,
    trial: parts.trial ?? null,
    customer: parts.customer ?? null,
    devices: parts.devices ?? [],
    timers: parts.timers ?? null,
    messages: parts.messages ?? [],
    audit: parts.audit ?? [],
    unlinkPartnerIds: parts.unlinkPartnerIds ?? [],
    skipped: parts.skipped ?? null,
  };
}

/** A decision that changes nothing: a timer that no longer applies, or fired twice. */
export function skipped(reason: string): Accepted {
  return accepted({ skipped: reason });
}
