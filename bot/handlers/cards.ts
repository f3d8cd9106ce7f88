// Chat commands that answer with a card: trial start (R-NEW-1), trial start existing
// (R-CONSENT-1), trial add (R-PAID-1), trial provision (R-CONSENT-4), and the buttons under
// trial show (edit, convert, cancel, delete). The card's submit is handled in bot/cards/submit.ts.

import type { BuiltCard } from "../../cards/elements.ts";
import { isRefusal, type Refusal } from "../../domain/refusals.ts";
import type { CommandOf } from "../commands/types.ts";
import { type HandlerContext, type Reply, refusal, registered, say } from "./context.ts";

const withCard = (built: BuiltCard): Reply => ({ markdown: built.fallback, card: built.card });

/** The partner whose trials the sender may start (the use case decides), or the refusal. */
function startingPartner(ctx: HandlerContext): { partnerId: string } | Refusal {
  const person = registered(ctx);
  return isRefusal(person) ? person : ctx.app.queries.startingPartner(person);
}

export function startNew(ctx: HandlerContext): Reply {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const starter = startingPartner(ctx);
  if (isRefusal(starter)) return refusal(ctx, starter);
  return withCard(cards.newCustomer(ctx.lang, starter.partnerId));
}

export function startExisting(ctx: HandlerContext): Reply {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const starter = startingPartner(ctx);
  if (isRefusal(starter)) return refusal(ctx, starter);
  return withCard(cards.existingLookup(ctx.lang, starter.partnerId));
}

export async function startPaying(ctx: HandlerContext, cmd: CommandOf<"trial.add">): Promise<Reply> {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  const paying = await ctx.app.queries.payingCustomer(person, cmd.customer);
  if (isRefusal(paying)) return refusal(ctx, paying);
  return withCard(await cards.payingCustomer(ctx.lang, paying.partnerId, paying.customer));
}

export async function provision(ctx: HandlerContext, cmd: CommandOf<"trial.provision">): Promise<Reply> {
  const cards = ctx.app.cards;
  if (!cards) return say(ctx, "reply.card_needed");
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  const found = await ctx.app.queries.provisionableTrial(person, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  return withCard(cards.provision(ctx.lang, found.trial, found.customer));
}

/** `trial show` for someone who may manage the trial (the use case decides): the reply carries the menu card. */
export async function withMenu(ctx: HandlerContext, cmd: CommandOf<"trial.show">, reply: Reply): Promise<Reply> {
  const cards = ctx.app.cards;
  const person = ctx.sender.person;
  if (!cards || !person) return reply;
  const found = await ctx.app.queries.manageableTrial(person, cmd.customer);
  if (isRefusal(found)) return reply;
  const menu = cards.menu(ctx.lang, found.trial, found.customer);
  return menu ? { markdown: reply.markdown, card: menu.card, cardAfterText: true } : reply;
}
