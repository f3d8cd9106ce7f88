// Builds the cards the bot sends, with what the store knows (eligible services, the trial's
// version for the card's reference), in the reader's language. Pure card layouts are in cards/.
import type { Clock } from "../../app/clock.ts";
import type { BuiltCard, CardState } from "../../cards/elements.ts";
import { cancelCard, convertCard, deleteCard, editCard, type TrialSummary, trialMenuCard } from "../../cards/manage.ts";
import { consentCard, opsExtensionCard, reminderCard } from "../../cards/notify.ts";
import type { CardSigner } from "../../cards/reference.ts";
import {
  existingCustomerCard,
  existingLookupCard,
  newCustomerCard,
  payingCustomerCard,
  provisionCard,
} from "../../cards/start.ts";
import { calendarDate, daysLeft } from "../../domain/calendar.ts";
import { eligibleServices } from "../../domain/eligibility.ts";
import type { Customer, Language, Trial } from "../../domain/model.ts";
import { SERVICES, type Service } from "../../domain/services.ts";
import { allowsAction, type TrialAction } from "../../domain/trial-actions.ts";
import { formatDate, formatDateTime } from "../i18n/format.ts";

/** What the cards read (the store, or anything that answers the same). */
export interface CardReads {
  listTrials(filter: { customerId: string }): Promise<Trial[]>;
  getPartner(id: string): Promise<{ name: string } | null>;
}

export class CardService {
  constructor(
    readonly signer: CardSigner,
    private readonly store: CardReads,
    private readonly clock: Clock,
  ) {}

  // ---- starting --------------------------------------------------------------------------------

  newCustomer(lang: Language, partnerId: string, state: CardState = {}): BuiltCard {
    return newCustomerCard(lang, this.signer.sign({ kind: "new_customer", partnerId }), state);
  }

  existingLookup(lang: Language, partnerId: string, state: CardState = {}): BuiltCard {
    return existingLookupCard(lang, this.signer.sign({ kind: "existing_lookup", partnerId }), state);
  }

  /** Every trial of the customer (every partner's): what eligibility looks at. */
  trialsOf(customerId: string): Promise<Trial[]> {
    return this.store.listTrials({ customerId });
  }

  /** R-ELIG-1: only the services the customer may trial now. */
  async eligible(customer: Customer, partnerId: string): Promise<Service[]> {
    return eligibleServices(customer, await this.store.listTrials({ customerId: customer.id }), partnerId);
  }

  async existingCustomer(
    lang: Language,
    partnerId: string,
    customer: Customer,
    state: CardState = {},
  ): Promise<BuiltCard> {
    const ref = this.signer.sign({ kind: "existing_customer", partnerId, customerId: customer.id });
    return existingCustomerCard(
      lang,
      ref,
      { customer: facts(customer), eligible: await this.eligible(customer, partnerId) },
      state,
    );
  }

  async payingCustomer(
    lang: Language,
    partnerId: string,
    customer: Customer,
    state: CardState = {},
  ): Promise<BuiltCard> {
    const ref = this.signer.sign({ kind: "paying_customer", partnerId, customerId: customer.id });
    const partners = await Promise.all(
      customer.managingPartners.map(async (m) => (await this.store.getPartner(m.partnerId))?.name ?? m.partnerId),
    );
    return payingCustomerCard(
      lang,
      ref,
      {
        customer: { ...facts(customer), admins: customer.admins.length },
        purchased: customer.purchasedServices,
        managingPartners: partners,
        eligible: await this.eligible(customer, partnerId),
      },
      state,
    );
  }

  provision(
    lang: Language,
    trial: Trial,
    customer: Customer,
    state: CardState = {},
    version = trial.version,
  ): BuiltCard {
    const ref = this.signer.sign({ kind: "provision", trialId: trial.id, version });
    return provisionCard(
      lang,
      ref,
      { customer: customer.name, services: trial.services, hasSite: !!trial.meetings, hasDevices: !!trial.devices },
      state,
    );
  }

  // ---- managing --------------------------------------------------------------------------------

  summary(lang: Language, trial: Trial, customer: Customer): TrialSummary {
    const now = this.clock.now();
    return {
      customer: customer.name,
      status: trial.status,
      services: trial.services,
      endDate: trial.endDate ? formatDate(lang, trial.endDate) : null,
      daysLeft: trial.endDate && trial.status === "active" ? daysLeft(now, trial.endDate, trial.timeZone) : null,
    };
  }

  /**
   * The buttons of `trial show`, for a person the use case let manage the trial
   * (TrialQueries.manageableTrial); null when the trial's status allows none of them.
   */
  menu(lang: Language, trial: Trial, customer: Customer): BuiltCard | null {
    // The buttons the domain would not refuse for the trial's status.
    const may = (action: TrialAction) => allowsAction(trial.status, action);
    const allowed = {
      edit: may("extend") || may("changeServices"),
      convert: may("convert"),
      cancel: may("cancel"),
      delete: may("delete"),
    };
    if (!Object.values(allowed).some(Boolean)) return null;
    return trialMenuCard(
      lang,
      this.signer.sign({ kind: "trial_menu", trialId: trial.id, version: trial.version }),
      this.summary(lang, trial, customer),
      allowed,
    );
  }

  async edit(
    lang: Language,
    trial: Trial,
    customer: Customer,
    state: CardState = {},
    version = trial.version,
  ): Promise<BuiltCard> {
    const ref = this.signer.sign({ kind: "edit", trialId: trial.id, version });
    const trials = await this.store.listTrials({ customerId: customer.id });
    const addable = eligibleServices(
      customer,
      trials.filter((t) => t.id !== trial.id),
      trial.partnerId,
    ).filter((s) => !trial.services.includes(s));
    return editCard(lang, ref, { ...this.summary(lang, trial, customer), addable }, state);
  }

  convert(
    lang: Language,
    trial: Trial,
    customer: Customer,
    opts: { state?: CardState; version?: number; missing?: Service[]; contactEmail?: string } = {},
  ): BuiltCard {
    const ref = this.signer.sign({ kind: "convert", trialId: trial.id, version: opts.version ?? trial.version });
    const trialAdmin =
      trial.consentAdminEmail ??
      customer.admins.find((a) => a.role === "full_admin")?.email ??
      customer.admins[0]?.email;
    return convertCard(
      lang,
      ref,
      {
        ...this.summary(lang, trial, customer),
        country: customer.country,
        region: customer.region,
        admins: customer.admins.map((a) => a.email),
        ...(trialAdmin ? { trialAdminEmail: trialAdmin } : {}),
        ...(opts.contactEmail ? { contactEmail: opts.contactEmail } : {}),
        ...(opts.missing ? { missing: opts.missing } : {}),
      },
      opts.state ?? {},
    );
  }

  cancel(lang: Language, trial: Trial, customer: Customer, state: CardState = {}, version = trial.version): BuiltCard {
    return cancelCard(
      lang,
      this.signer.sign({ kind: "cancel", trialId: trial.id, version }),
      this.summary(lang, trial, customer),
      state,
    );
  }

  delete(lang: Language, trial: Trial, customer: Customer, state: CardState = {}, version = trial.version): BuiltCard {
    return deleteCard(
      lang,
      this.signer.sign({ kind: "delete", trialId: trial.id, version }),
      this.summary(lang, trial, customer),
      state,
    );
  }

  // ---- cards that travel with outgoing messages -------------------------------------------------

  consent(lang: Language, trial: Trial, customer: Customer, partner: string, requestedBy: string): BuiltCard | null {
    if (trial.status !== "pending_consent" || !trial.consentDeadline) return null;
    const now = this.clock.now();
    const deadline = trial.consentDeadline;
    return consentCard(lang, this.signer.sign({ kind: "consent", trialId: trial.id, version: trial.version }), {
      partner,
      requestedBy,
      customer: customer.name,
      services: trial.services,
      deadline: formatDateTime(lang, deadline, trial.timeZone),
      daysLeft: Math.max(0, daysLeft(now, calendarDate(deadline, trial.timeZone), trial.timeZone)),
    });
  }

  /**
   * R-TIME-1: `event` is what the reminder message says (its end date and days left), so the card
   * agrees with the text and with the partner's reminder of the same event, however late it is sent.
   */
  reminder(
    lang: Language,
    trial: Trial,
    customer: Customer,
    subscriptionsUrl: string,
    event: { endDate?: string; daysLeft?: number } = {},
  ): BuiltCard | null {
    const endDate = event.endDate ?? trial.endDate;
    if (!endDate) return null;
    return reminderCard(lang, this.signer.sign({ kind: "reminder", trialId: trial.id, version: trial.version }), {
      customer: customer.name,
      services: trial.services,
      endDate: formatDate(lang, endDate),
      daysLeft: event.daysLeft ?? daysLeft(this.clock.now(), endDate, trial.timeZone),
      subscriptionsUrl,
    });
  }

  /**
   * R-EXT-2: the card decides one request (its id in the reference), not a trial version, so it
   * stays decidable while the trial changes; a request already replaced gets no card.
   */
  opsExtension(
    lang: Language,
    trial: Trial,
    customer: Customer,
    partner: string,
    requestId?: string,
  ): BuiltCard | null {
    const pending = trial.pendingDeviceExtension;
    if (!pending || (requestId !== undefined && requestId !== pending.id)) return null;
    return opsExtensionCard(
      lang,
      this.signer.sign({ kind: "ops_extension", trialId: trial.id, requestId: pending.id }),
      {
        partner,
        customer: customer.name,
        requestedBy: pending.requestedBy,
        days: pending.days,
        requestedEndDate: formatDate(lang, pending.requestedEndDate),
        currentEndDate: trial.endDate ? formatDate(lang, trial.endDate) : "—",
        services: trial.services,
      },
    );
  }
}

function facts(customer: Customer) {
  return { name: customer.name, handle: customer.handle, country: customer.country, region: customer.region };
}

export { SERVICES };
