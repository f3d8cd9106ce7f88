// One application command per use case, reached alike from a chat command, a card submit and
// a timer: load the state through the store port, let the domain decide, commit the decision
// (state, timers, audit, outbox) in one transaction.
import { randomUUID } from "node:crypto";
import {
  acceptConsent,
  completeProvisioning,
  declineConsent,
  resendConsent,
  staleConsentAnswer,
} from "../domain/consent.ts";
import { type ConvertTrial, convertTrial } from "../domain/convert.ts";
import {
  contactTrialsTeam,
  type LostLabelChoice,
  recordReturn,
  recordShipment,
  requestReturnLabel,
} from "../domain/devices.ts";
import type { Accepted, Decision, OutgoingMessage, TimerKind } from "../domain/effects.ts";
import { onTimer } from "../domain/expiry.ts";
import type { TrialContext } from "../domain/lifecycle.ts";
import {
  asCustomerAdmin,
  cancelTrial,
  changeServices,
  decideDeviceExtension,
  deleteTrial,
  extendTrial,
  interestedInPurchasing,
} from "../domain/manage.ts";
import { type Actor, type DeviceOrder, isManagedBy, type MeetingsSite, type Trial } from "../domain/model.ts";
import { isRefusal, type Refusal, refuse } from "../domain/refusals.ts";
import type { Service } from "../domain/services.ts";
import type { TrialSetupInput } from "../domain/setup.ts";
import { companyKey, requestConsent, startNewCustomerTrial, startPayingCustomerTrial } from "../domain/start.ts";
import { normaliseSiteUrl } from "../domain/validation.ts";
import type { Clock } from "./clock.ts";
import { CustomerLookup } from "./customer-lookup.ts";
import { uniqueHandle } from "./handles.ts";
import { type Commit, type CommitResult, ConcurrentChangeError, type Store, type TrialFacts } from "./store.ts";

// What the adapters need of the store's types, without importing the store port.
export { AlreadyClaimedError, type TrialFacts } from "./store.ts";

export interface CommandDeps {
  store: Store;
  clock: Clock;
  newId?: () => string;
  /**
   * Runs after every commit: the scheduler mirrors the trial's timers into the queue and the
   * delivery queue takes the new outbox rows (result.outboxIds).
   */
  afterCommit?: (commit: Commit, result: CommitResult) => Promise<void>;
}

/**
 * What one event brings to its use case: `facts`, the trial as the event's handler read it already
 * (used instead of reading it again when the command acts on that trial); `claim`, the event's
 * key, recorded in the commit's own transaction (commit throws AlreadyClaimedError when taken).
 */
export interface EventScope {
  facts?: TrialFacts;
  claim?: string;
}

export type Outcome = { ok: true; trial: Trial | null; decision: Accepted } | { ok: false; refusal: Refusal };

export interface NewCustomerInput {
  companyName: string;
  adminEmail: string;
  vertical: string;
  country: string;
  locationAcknowledged: boolean;
  setup: TrialSetupInput;
}

export interface ExistingCustomerInput {
  customer: string;
  adminEmail: string;
  organisationConfirmed: boolean;
  setup: TrialSetupInput;
}

const fail = (refusal: Refusal): Outcome => ({ ok: false, refusal });

/** What a "changed meanwhile" refusal says about the trial now: its customer and status. */
function staleFacts(ctx: TrialContext): Record<string, string> {
  return { trialId: ctx.trial.id, customer: ctx.customer.name, handle: ctx.customer.handle, status: ctx.trial.status };
}

export class TrialCommands {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly afterCommit: (commit: Commit, result: CommitResult) => Promise<void>;
  readonly customers: CustomerLookup;
  private readonly deps: CommandDeps;
  private readonly scope: EventScope;

  constructor(deps: CommandDeps, scope: EventScope = {}) {
    this.deps = deps;
    this.scope = scope;
    this.store = deps.store;
    this.clock = deps.clock;
    this.newId = deps.newId ?? randomUUID;
    this.afterCommit = deps.afterCommit ?? (async () => {});
    this.customers = new CustomerLookup(deps.store);
  }

  /** The same commands for one event: on the trial it read already, committing its claim. */
  within(scope: EventScope): TrialCommands {
    return new TrialCommands(this.deps, scope);
  }

  /** The trial with what a decision on it reads (one store read), or no_trial. */
  async facts(trialId: string): Promise<TrialFacts | Refusal> {
    const facts = await this.store.trialFacts(trialId);
    if (!facts || facts.trial.status === "deleted") return refuse("no_trial", { trialId });
    return facts;
  }

  // ---- starting trials ------------------------------------------------------------------

  /** R-NEW-1 */
  async startNewCustomer(actor: Actor, input: NewCustomerInput): Promise<Outcome> {
    const partner = await this.actorPartner(actor);
    if (isRefusal(partner)) return fail(partner);
    const setup = await this.withSiteCheck(input.setup);
    const handle = await uniqueHandle(
      input.companyName,
      async (h) => (await this.store.findCustomerByHandle(h)) !== null,
    );
    // R-PAID-1: the partner's customers of the same company name, to offer instead of a duplicate.
    // The store searches by a word of the name (its longest), the domain's key decides sameness.
    const key = companyKey(input.companyName);
    const word = input.companyName.split(/[^\p{L}\p{N}]+/u).sort((a, b) => b.length - a.length)[0] ?? "";
    const partnerCustomers =
      key && word
        ? (await this.store.searchCustomers(word)).filter(
            (c) => companyKey(c.name) === key && isManagedBy(c, partner.id),
          )
        : [];
    const partnerTrials = (
      await Promise.all(partnerCustomers.map((c) => this.store.listTrials({ customerId: c.id, partnerId: partner.id })))
    ).flat();
    const decision = startNewCustomerTrial({
      partnerCustomers,
      partnerTrials,
      now: this.clock.now(),
      actor,
      partner,
      ids: { trialId: this.newId(), customerId: this.newId(), handle },
      customer: input,
      setup,
    });
    return this.apply(decision, null);
  }

  /** R-CONSENT-1/2 */
  async requestConsent(actor: Actor, input: ExistingCustomerInput): Promise<Outcome> {
    const partner = await this.actorPartner(actor);
    if (isRefusal(partner)) return fail(partner);
    const customer = await this.customers.resolve(input.customer);
    if (isRefusal(customer)) return fail(customer);
    const decision = requestConsent({
      now: this.clock.now(),
      actor,
      partner,
      customer,
      customerTrials: await this.store.listTrials({ customerId: customer.id }),
      trialId: this.newId(),
      adminEmail: input.adminEmail,
      organisationConfirmed: input.organisationConfirmed,
      setup: await this.withSiteCheck(input.setup),
    });
    return this.apply(decision, null);
  }

  /** R-PAID-1 */
  async startPayingCustomer(actor: Actor, customerRef: string, setup: TrialSetupInput): Promise<Outcome> {
    const partner = await this.actorPartner(actor);
    if (isRefusal(partner)) return fail(partner);
    const customer = await this.customers.resolve(customerRef);
    if (isRefusal(customer)) return fail(customer);
    const decision = startPayingCustomerTrial({
      now: this.clock.now(),
      actor,
      partner,
      customer,
      customerTrials: await this.store.listTrials({ customerId: customer.id }),
      trialId: this.newId(),
      setup: await this.withSiteCheck(setup),
    });
    return this.apply(decision, null);
  }

  // ---- consent ---------------------------------------------------------------------------

  acceptConsent(actor: Actor, trialId: string, fullAdminAccess: boolean, expectedVersion?: number) {
    return this.onTrial(trialId, actor, (ctx) => acceptConsent({ ...ctx, fullAdminAccess }), expectedVersion);
  }

  declineConsent(actor: Actor, trialId: string, expectedVersion?: number) {
    return this.onTrial(trialId, actor, (ctx) => declineConsent(ctx), expectedVersion);
  }

  /**
   * R-CONSENT-3/6/7: an answer on the consent card, bound to the version the card shows. A card
   * out of date tells a full admin more (expired, or changed: see `requests`) than anyone else.
   */
  async answerConsent(
    actor: Actor,
    trialId: string,
    answer: { accept: boolean; fullAdminAccess: boolean },
    expectedVersion?: number,
  ): Promise<Outcome> {
    const outcome = answer.accept
      ? await this.acceptConsent(actor, trialId, answer.fullAdminAccess, expectedVersion)
      : await this.declineConsent(actor, trialId, expectedVersion);
    if (outcome.ok || outcome.refusal.code !== "changed_meanwhile") return outcome;
    // The trial as the card's event read it: the card was built from it.
    const ctx = await this.context(trialId, actor);
    return isRefusal(ctx) ? outcome : fail(staleConsentAnswer(ctx, outcome.refusal));
  }

  resendConsent(actor: Actor, trialId: string) {
    return this.onTrial(trialId, actor, (ctx) => resendConsent(ctx));
  }

  async completeProvisioning(
    actor: Actor,
    trialId: string,
    input: { meetings?: MeetingsSite | null; devicesOrder?: DeviceOrder | null } = {},
    expectedVersion?: number,
  ) {
    const siteUrlTaken = await this.siteTaken(input.meetings, trialId);
    return this.onTrial(
      trialId,
      actor,
      async (ctx) =>
        completeProvisioning({
          ...ctx,
          ...input,
          siteUrlTaken,
          customerTrials: await this.store.listTrials({ customerId: ctx.customer.id }),
        }),
      expectedVersion,
    );
  }

  // ---- managing --------------------------------------------------------------------------

  /** R-EXT-1: `confirmShorten` is the explicit confirmation an earlier end date needs. */
  extend(actor: Actor, trialId: string, days: number, expectedVersion?: number, confirmShorten = false) {
    return this.onTrial(trialId, actor, (ctx) => extendTrial({ ...ctx, days, confirmShorten }), expectedVersion);
  }

  /**
   * R-EXT-2: not tied to the trial's version (the approval stays decidable whatever changes
   * meanwhile), only to the request: `requestId` from the ops card; absent (a command), the
   * pending request is decided.
   */
  decideDeviceExtension(actor: Actor, trialId: string, approve: boolean, requestId?: string) {
    return this.onTrial(trialId, actor, (ctx) =>
      decideDeviceExtension({ ...ctx, approve, ...(requestId !== undefined ? { requestId } : {}) }),
    );
  }

  async changeServices(
    actor: Actor,
    trialId: string,
    change: { add: Service[]; remove: Service[]; meetings?: MeetingsSite | null; devicesOrder?: DeviceOrder | null },
    expectedVersion?: number,
  ) {
    const siteUrlTaken = await this.siteTaken(change.meetings, trialId);
    return this.onTrial(
      trialId,
      actor,
      async (ctx) =>
        changeServices({
          ...ctx,
          ...change,
          siteUrlTaken,
          customerTrials: await this.store.listTrials({ customerId: ctx.customer.id }),
        }),
      expectedVersion,
    );
  }

  convert(actor: Actor, trialId: string, order: Omit<ConvertTrial, keyof TrialContext>, expectedVersion?: number) {
    return this.onTrial(trialId, actor, (ctx) => convertTrial({ ...ctx, ...order }), expectedVersion);
  }

  cancel(actor: Actor, trialId: string, reason?: string, expectedVersion?: number) {
    return this.onTrial(trialId, actor, (ctx) => cancelTrial({ ...ctx, reason }), expectedVersion);
  }

  delete(actor: Actor, trialId: string, confirmation: string | null, expectedVersion?: number) {
    return this.onTrial(trialId, actor, (ctx) => deleteTrial({ ...ctx, confirmation }), expectedVersion);
  }

  interested(actor: Actor, trialId: string) {
    return this.onTrial(trialId, actor, (ctx) => interestedInPurchasing(ctx));
  }

  /** R-INT-1: "interested" on the reminder card, by whoever answers it as an admin of the customer. */
  interestedFromReminder(actor: Actor, trialId: string) {
    return this.onTrial(trialId, actor, (ctx) =>
      interestedInPurchasing({ ...ctx, actor: asCustomerAdmin(ctx.actor, ctx.customer) }),
    );
  }

  // ---- devices ---------------------------------------------------------------------------

  shipDevices(
    actor: Actor,
    trialId: string,
    input: { units: { model: string; serial: string }[]; eulaExpiryDate: string; country?: string },
  ) {
    return this.onTrial(trialId, actor, (ctx) => recordShipment({ ...ctx, ...input }));
  }

  returnDevices(actor: Actor, trialId: string, serials: string[]) {
    return this.onTrial(trialId, actor, (ctx) => recordReturn({ ...ctx, serials }));
  }

  /** R-DEV-2: a lost label: a new one (US only), or the location's return process decided. */
  requestReturnLabel(actor: Actor, trialId: string, serial: string, choice?: LostLabelChoice) {
    return this.onTrial(trialId, actor, (ctx) => requestReturnLabel({ ...ctx, serial, ...(choice ? { choice } : {}) }));
  }

  contactTrialsTeam(
    actor: Actor,
    trialId: string,
    details: {
      demoOrderNumber?: string;
      customerOrgId?: string;
      customerAdminEmail?: string;
      serials?: string[];
      note?: string;
    },
  ) {
    return this.onTrial(trialId, actor, (ctx) => contactTrialsTeam({ ...ctx, ...details }));
  }

  // ---- timers ----------------------------------------------------------------------------

  /** A deadline fell due. Stale or repeated timers change nothing (decision.skipped). */
  fireTimer(trialId: string, kind: TimerKind, dueAt: Date) {
    return this.onTrial(trialId, { kind: "system", reason: kind }, (ctx) => onTimer({ ...ctx, kind, dueAt }));
  }

  // ---- plumbing --------------------------------------------------------------------------

  /** The partner of the acting person, or a refusal (unregistered people act on nothing). */
  private async actorPartner(actor: Actor) {
    if (actor.kind !== "person")
      return refuse("role_required", { roles: ["full_admin", "sales_full_admin", "sales_admin"] });
    if (!actor.person.partnerId)
      return refuse("role_required", { roles: ["full_admin", "sales_full_admin", "sales_admin"] });
    const partner = await this.store.getPartner(actor.person.partnerId);
    return partner ?? refuse("not_registered", { email: actor.person.email });
  }

  /** R-SVC-2: is the requested Meetings site URL used by another trial already? */
  private async siteTaken(meetings: MeetingsSite | null | undefined, exceptTrialId?: string): Promise<boolean> {
    return meetings?.siteUrl ? this.store.isSiteUrlTaken(normaliseSiteUrl(meetings.siteUrl), exceptTrialId) : false;
  }

  private async withSiteCheck(setup: TrialSetupInput): Promise<TrialSetupInput> {
    if (!setup.meetings?.siteUrl) return setup;
    return { ...setup, siteUrlTaken: await this.siteTaken(setup.meetings) };
  }

  async context(trialId: string, actor: Actor, fresh = false): Promise<TrialContext | Refusal> {
    const loaded = this.scope.facts;
    const facts = !fresh && loaded?.trial.id === trialId ? loaded : await this.facts(trialId);
    if (isRefusal(facts)) return facts;
    return { now: this.clock.now(), actor, ...facts };
  }

  private async onTrial(
    trialId: string,
    actor: Actor,
    decide: (ctx: TrialContext) => Decision | Promise<Decision>,
    expectedVersion?: number,
  ): Promise<Outcome> {
    const ctx = await this.context(trialId, actor);
    if (isRefusal(ctx)) return fail(ctx);
    // A card built from an older version of the trial acts on nothing.
    if (expectedVersion !== undefined && expectedVersion !== ctx.trial.version) {
      return fail(refuse("changed_meanwhile", staleFacts(ctx)));
    }
    const outcome = await this.apply(await decide(ctx), ctx.trial.version, ctx.trial.customerId, ctx.trial.partnerId);
    if (outcome.ok || outcome.refusal.code !== "changed_meanwhile") return outcome;
    // Lost a race with another change: the refusal names the trial as it is now.
    const now = await this.context(trialId, actor, true);
    return fail(refuse("changed_meanwhile", staleFacts(isRefusal(now) ? ctx : now)));
  }

  /**
   * R-EXP-6: the trials team's ops space hears every partner's alerts; a partner that linked
   * its own ops space (`space link <partner> ops`) also hears its own trials' alerts there, and
   * never another partner's. Only the alerts (ops.event): approvals and requests to the
   * trials team stay with the trials team.
   */
  private async opsCopies(
    messages: readonly OutgoingMessage[],
    partnerId: string | undefined,
  ): Promise<OutgoingMessage[]> {
    const alerts = messages.filter((m) => m.to.kind === "ops_space" && !m.to.partnerId && m.template === "ops.event");
    if (!partnerId || alerts.length === 0 || !(await this.store.spaceFor("ops", partnerId))) return [];
    return alerts.map((m) => ({ ...m, to: { kind: "ops_space", partnerId } }));
  }

  private async apply(
    decision: Decision,
    expectedVersion: number | null,
    customerId?: string,
    partnerId?: string,
  ): Promise<Outcome> {
    if (!decision.ok) return fail(decision.refusal);
    if (decision.skipped) return { ok: true, trial: null, decision };
    const trial = decision.trial;
    const unlinkFrom = customerId ?? trial?.customerId;
    const partnerOps = await this.opsCopies(decision.messages, partnerId ?? trial?.partnerId);
    const commit: Commit = {
      ...(this.scope.claim !== undefined ? { claim: this.scope.claim } : {}),
      ...(trial ? { trial: { next: trial, expectedVersion } } : {}),
      ...(decision.customer ? { customer: decision.customer } : {}),
      ...(decision.devices.length ? { devices: decision.devices } : {}),
      ...(trial && decision.timers ? { timers: { trialId: trial.id, pending: decision.timers } } : {}),
      ...(decision.unlinkPartnerIds.length && unlinkFrom
        ? { unlink: { customerId: unlinkFrom, partnerIds: decision.unlinkPartnerIds } }
        : {}),
      audit: decision.audit,
      outbox: [...decision.messages, ...partnerOps],
    };
    let result: CommitResult;
    try {
      result = await this.store.commit(commit);
    } catch (error) {
      if (error instanceof ConcurrentChangeError) return fail(refuse("changed_meanwhile", { trialId: error.trialId }));
      throw error;
    }
    await this.afterCommit(commit, result);
    const stored = trial ? { ...trial, version: expectedVersion === null ? 1 : expectedVersion + 1 } : null;
    return { ok: true, trial: stored, decision };
  }
}
