// Chat commands that answer with a card: trial start (R-NEW-1), trial start existing
// (R-CONSENT-1), trial add (R-PAID-1), trial provision (R-CONSENT-4), and the buttons under
// trial show (edit, convert, cancel, delete). The card's submit is handled in bot/cards/submit.ts.

import type { BuiltCard } from "../../cards/elements.ts";
import { requireStatus } from "../../domain/lifecycle.ts";
import type { Person } from "../../domain/model.ts";
import { isRefusal, refuse } from "../../domain/refusals.ts";
import { hasPermission, MANAGING_ROLES } from "../../domain/roles.ts";
import { refuseSecondLiveTrial } from "../../domain/start.ts";
import type { CommandOf } from "../commands/types.ts";
import { type HandlerContext, type Reply, refusal, registered, say, trialNamed } from "./context.ts";

const withCard = (built: BuiltCard): Reply => ({ markdown: built.fallback, card: built.card });

const ofPartner = (p: Person): p is Person & { partnerId: string } => Boolean(p.partnerId);

type Starter = { ok: true; person: Person & { partnerId: string } } | { ok: false; reply: Reply };

/** The registered partner person who may start trials, or the reply refusing. */
function starter(ctx: HandlerContext): Starter {
  const person = registered(ctx);
  if (isRefusal(person)) return { ok: false, reply: refusal(ctx, person) };
  if (!hasPermission(person.role, "manage") || !ofPartner(person))
    return { ok: false, reply: refusal(ctx, refuse("role_required", { roles: [...MANAGING_ROLES] })) };
  return { ok: true, person };
}

export function startNew(ctx: HandlerContext): Reply {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const who = starter(ctx);
  if (!who.ok) return who.reply;
  const person = who.person;
  return withCard(cards.newCustomer(ctx.lang, person.partnerId));
}

export function startExisting(ctx: HandlerContext): Reply {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const who = starter(ctx);
  if (!who.ok) return who.reply;
  const person = who.person;
  return withCard(cards.existingLookup(ctx.lang, person.partnerId));
}

export async function startPaying(ctx: HandlerContext, cmd: CommandOf<"trial.add">): Promise<Reply> {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const who = starter(ctx);
  if (!who.ok) return who.reply;
  const person = who.person;
  const customer = await ctx.app.commands.customers.resolve(cmd.customer, { partnerId: person.partnerId });
  if (isRefusal(customer)) return refusal(ctx, customer);
  if (!customer.managingPartners.some((m) => m.partnerId === person.partnerId)) {
    return refusal(
      ctx,
      refuse("invalid_input", {
        field: "customer",
        value: customer.name,
        expected: "a customer you manage (use trial start existing to ask for consent)",
      }),
    );
  }
  // R-PAID-1: with a live trial Partner Hub offers Edit, not Add: no card for a second trial.
  const second = refuseSecondLiveTrial(
    customer,
    await ctx.app.directory.trials({ customerId: customer.id, partnerId: person.partnerId }),
    person.partnerId,
  );
  if (second) return refusal(ctx, second);
  return withCard(await cards.payingCustomer(ctx.lang, person.partnerId, customer));
}

export async function provision(ctx: HandlerContext, cmd: CommandOf<"trial.provision">): Promise<Reply> {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const wrong = requireStatus(found.trial, ["awaiting_provisioning"], "provision");
  if (wrong) return refusal(ctx, wrong);
  const customer = await ctx.app.directory.customer(found.trial.customerId);
  if (!customer) return refusal(ctx, refuse("no_trial", { customer: found.customer }));
  return withCard(cards.provision(ctx.lang, found.trial, customer));
}

/** `trial show` for someone who may manage the trial: the reply carries the menu card. */
export async function withMenu(ctx: HandlerContext, cmd: CommandOf<"trial.show">, reply: Reply): Promise<Reply> {
  const cards = ctx.app.cards;
  const person = ctx.sender.person;
  if (!cards || !person || !hasPermission(person.role, "manage")) return reply;
  const found = await ctx.app.commands.customers.trialOf(person.partnerId, cmd.customer, "view");
  if (isRefusal(found)) return reply;
  const menu = cards.menu(ctx.lang, found.trial, found.customer, person);
  return menu ? { markdown: reply.markdown, card: menu.card, cardAfterText: true } : reply;
}
