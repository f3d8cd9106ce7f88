// Administration: partners, people, spaces. Bot admins (BOT_ADMINS) may do all of it; a
// partner's full admin may manage people and spaces of its own partner. Every change is audited.
// A partner admin must own both what a command changes (the person, the space as it is now)
// and where it lands (the target partner): moving a person or a space between partners, or
// re-linking a space another partner (or the trials team) linked, is for bot admins only.
import { randomUUID } from "node:crypto";
import type { AuditEntry } from "../domain/effects.ts";
import type { Customer, Partner, PartnerTier, Person } from "../domain/model.ts";
import { isRefusal, type Refusal, refuse } from "../domain/refusals.ts";
import type { PersonRole } from "../domain/roles.ts";
import { isEmail, isValidTimeZone, normaliseEmail } from "../domain/validation.ts";
import type { Clock } from "./clock.ts";
import type { SpaceKind, Store } from "./store.ts";

/** Who runs an admin command: a registered person, and whether they are a bot admin. */
export interface AdminActor {
  email: string;
  person: Person | null;
  isBotAdmin: boolean;
}

export type AdminOutcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const ok = <T>(value: T): AdminOutcome<T> => ({ ok: true, value });
const no = <T>(refusal: Refusal): AdminOutcome<T> => ({ ok: false, refusal });

export class AdminCommands {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: { defaultTimeZone?: string; newId?: () => string } = {},
  ) {}

  private get newId(): () => string {
    return this.options.newId ?? randomUUID;
  }

  private audit(
    actor: AdminActor,
    action: string,
    partnerId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    const entry: AuditEntry = {
      at: this.clock.now(),
      actor: actor.email,
      action,
      partnerId,
      customerId: null,
      trialId: null,
      details,
    };
    return this.store.appendAudit([entry]);
  }

  /** Bot admins, or the partner's own full admins. */
  private mayAdminister(actor: AdminActor, partnerId: string | null): Refusal | null {
    if (actor.isBotAdmin) return null;
    if (partnerId && actor.person?.role === "full_admin" && actor.person.partnerId === partnerId) return null;
    return refuse("role_required", { roles: partnerId ? ["bot admin", "full_admin"] : ["bot admin"] });
  }

  private async partnerByName(name: string): Promise<Partner | Refusal> {
    return (
      (await this.store.findPartnerByName(name)) ??
      refuse("invalid_input", { field: "partner", value: name, expected: "the name of a registered partner" })
    );
  }

  async addPartner(
    actor: AdminActor,
    input: { name: string; tier: PartnerTier; timeZone?: string; domains?: string[] },
  ): Promise<AdminOutcome<Partner>> {
    const denied = this.mayAdminister(actor, null);
    if (denied) return no(denied);
    const name = input.name.trim();
    if (!name) return no(refuse("invalid_input", { field: "partner", expected: "a partner name" }));
    // A partner added without a zone keeps its current one, else gets the configured default.
    const existingZone = (await this.store.findPartnerByName(input.name.trim()))?.timeZone;
    const timeZone = input.timeZone ?? existingZone ?? this.options.defaultTimeZone ?? "UTC";
    if (!isValidTimeZone(timeZone))
      return no(
        refuse("invalid_input", {
          field: "timeZone",
          value: timeZone,
          expected: "an IANA time zone, e.g. Europe/Paris",
        }),
      );
    const existing = await this.store.findPartnerByName(name);
    const partner: Partner = {
      id: existing?.id ?? this.newId(),
      name,
      tier: input.tier,
      timeZone,
      emailDomains: (input.domains ?? existing?.emailDomains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean),
      webexOrgId: existing?.webexOrgId ?? null,
    };
    await this.store.upsertPartner(partner);
    await this.audit(actor, existing ? "partner.updated" : "partner.added", partner.id, {
      name,
      tier: partner.tier,
      timeZone,
      domains: partner.emailDomains,
    });
    return ok(partner);
  }

  async addPerson(
    actor: AdminActor,
    input: { email: string; role: PersonRole; partner?: string },
  ): Promise<AdminOutcome<Person>> {
    const email = normaliseEmail(input.email);
    if (!isEmail(email))
      return no(refuse("invalid_input", { field: "email", value: input.email, expected: "an e-mail address" }));
    let partnerId: string | null = null;
    if (input.role !== "ops") {
      if (input.partner) {
        const partner = await this.partnerByName(input.partner);
        if (isRefusal(partner)) return no(partner);
        partnerId = partner.id;
      } else if (actor.person?.partnerId) {
        partnerId = actor.person.partnerId;
      } else {
        return no(
          refuse("invalid_input", {
            field: "partner",
            expected: "the partner this person belongs to: person add <email> <role> <partner>",
          }),
        );
      }
    }
    const denied = this.mayAdminister(actor, partnerId);
    if (denied) return no(denied);
    if (input.role === "ops" && !actor.isBotAdmin) return no(refuse("role_required", { roles: ["bot admin"] }));
    const existing = await this.store.findPersonByEmail(email);
    // R-ORG-1: a person registered elsewhere (another partner, or ops) is not the actor's to
    // move; the target partner alone was checked above.
    if (existing && existing.partnerId !== partnerId && !actor.isBotAdmin) {
      return no(refuse("belongs_to_other_partner", { kind: "person", value: email }));
    }
    const person: Person = {
      id: existing?.id ?? this.newId(),
      email,
      webexPersonId: existing?.webexPersonId ?? null,
      partnerId,
      role: input.role,
      language: existing?.language ?? "en",
    };
    await this.store.upsertPerson(person);
    await this.audit(actor, existing ? "person.updated" : "person.added", partnerId, {
      email,
      role: input.role,
      previousRole: existing?.role ?? null,
    });
    return ok(person);
  }

  async removePerson(actor: AdminActor, emailInput: string): Promise<AdminOutcome<Person>> {
    const email = normaliseEmail(emailInput);
    const existing = await this.store.findPersonByEmail(email);
    if (!existing) return no(refuse("not_registered", { email }));
    // A full admin is told why (the person is another partner's), not that the role is missing.
    if (!actor.isBotAdmin && actor.person?.role === "full_admin" && existing.partnerId !== actor.person.partnerId) {
      return no(refuse("belongs_to_other_partner", { kind: "person", value: email }));
    }
    const denied = this.mayAdminister(actor, existing.partnerId);
    if (denied) return no(denied);
    await this.store.removePerson(email);
    await this.audit(actor, "person.removed", existing.partnerId, { email, role: existing.role });
    return ok(existing);
  }

  async linkSpace(
    actor: AdminActor,
    input: { roomId: string; kind: SpaceKind; partner: string | null },
  ): Promise<AdminOutcome<{ kind: SpaceKind; partner: Partner | null }>> {
    let partner: Partner | null = null;
    if (input.kind === "partner" && !input.partner)
      return no(refuse("invalid_input", { field: "partner", expected: "space link <partner> partner" }));
    // `space link <partner> ops` is that partner's own ops space; `space link ops` the trials
    // team's, which hears every partner's alerts (bot admins only).
    if (input.partner) {
      const found = await this.partnerByName(input.partner);
      if (isRefusal(found)) return no(found);
      partner = found;
    }
    const denied = this.mayAdminister(actor, partner?.id ?? null);
    if (denied) return no(denied);
    const current = await this.store.findSpace(input.roomId);
    // Membership of a space grants nothing: a space linked to another partner (or to the
    // trials team) stays theirs unless a bot admin moves it.
    if (current && current.partnerId !== (partner?.id ?? null) && !actor.isBotAdmin) {
      return no(refuse("belongs_to_other_partner", { kind: "space", value: input.roomId }));
    }
    await this.store.linkSpace({ roomId: input.roomId, kind: input.kind, partnerId: partner?.id ?? null });
    await this.audit(actor, "space.linked", partner?.id ?? null, { roomId: input.roomId, kind: input.kind });
    return ok({ kind: input.kind, partner });
  }

  /** A customer admin's language, on every customer where the e-mail is an admin. */
  async setCustomerAdminLanguage(
    email: string,
    customers: readonly Customer[],
    language: Person["language"],
  ): Promise<void> {
    const address = normaliseEmail(email);
    for (const customer of customers) {
      const fresh = (await this.store.getCustomer(customer.id)) ?? customer;
      if (!fresh.admins.some((a) => normaliseEmail(a.email) === address)) continue;
      await this.store.upsertCustomer({
        ...fresh,
        admins: fresh.admins.map((a) => (normaliseEmail(a.email) === address ? { ...a, language } : a)),
      });
    }
    await this.store.appendAudit(
      customers.map((c) => ({
        at: this.clock.now(),
        actor: address,
        action: "customer_admin.language_set",
        partnerId: null,
        customerId: c.id,
        trialId: null,
        details: { language },
      })),
    );
  }

  async setLanguage(person: Person, language: Person["language"]): Promise<void> {
    await this.store.setPersonLanguage(person.email, language);
    await this.audit({ email: person.email, person, isBotAdmin: false }, "person.language_set", person.partnerId, {
      language,
    });
  }
}
