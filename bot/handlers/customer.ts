// Commands of customer admins (not registered people: known by their Webex e-mail as an admin of
// a customer organisation). R-CONSENT-7: list the trial requests waiting for them and accept or
// decline one by command, through the same use cases as the consent card. R-INT-1: say they are
// interested in purchasing. They also see their organisation's trials.

import { cardTexts } from "../../cards/i18n/index.ts";
import type { Actor, Customer, Trial, TrialStatus } from "../../domain/model.ts";
import type { CommandOf } from "../commands/types.ts";
import { formatDateTime } from "../i18n/format.ts";
import { type HandlerContext, type Reply, refusal, say } from "./context.ts";

interface Row {
  trial: Trial;
  customer: Customer;
  partner: string;
}

/** Trials a customer admin may still act on or follow (a cancelled or deleted one is gone). */
const LIVE: readonly TrialStatus[] = ["pending_consent", "awaiting_provisioning", "active", "expired", "converted"];

async function trialsOfMyCustomers(ctx: HandlerContext, statuses: readonly TrialStatus[]): Promise<Row[]> {
  const rows: Row[] = [];
  const partnerNames = new Map<string, string>();
  for (const customer of ctx.sender.customerAdminOf) {
    for (const trial of await ctx.app.directory.trials({ customerId: customer.id, statuses: [...statuses] })) {
      let partner = partnerNames.get(trial.partnerId);
      if (partner === undefined) {
        partner = (await ctx.app.directory.partner(trial.partnerId))?.name ?? "";
        partnerNames.set(trial.partnerId, partner);
      }
      rows.push({ trial, customer, partner });
    }
  }
  return rows;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The one trial `which` names among the rows: by the customer's handle or name, or the
 * partner's name. With nothing named, the only row there is.
 */
type Picked = { ok: true; row: Row } | { ok: false; reply: Reply };

function pick(ctx: HandlerContext, rows: Row[], which: string | undefined, kind: "request" | "trial"): Picked {
  const matches =
    which === undefined
      ? rows
      : rows.filter((r) => same(r.customer.handle, which) || same(r.customer.name, which) || same(r.partner, which));
  const [only, ...others] = matches;
  if (only && others.length === 0) return { ok: true, row: only };
  const options = (matches.length > 1 ? matches : rows).map((r) => ({
    partner: r.partner,
    customer: r.customer.name,
    handle: r.customer.handle,
  }));
  if (matches.length === 0)
    return { ok: false, reply: say(ctx, "reply.customer_none", { kind, which: which ?? "", options }) };
  return { ok: false, reply: say(ctx, "reply.customer_pick", { kind, options }) };
}

function actorOf(ctx: HandlerContext): Actor {
  return { kind: "customer_admin", email: ctx.sender.email };
}

/** R-CONSENT-7: the requests waiting for this admin, then the other trials of their organisations. */
export async function requests(ctx: HandlerContext): Promise<Reply> {
  const rows = await trialsOfMyCustomers(ctx, LIVE);
  const pending = rows.filter((r) => r.trial.status === "pending_consent");
  const others = rows.filter((r) => r.trial.status !== "pending_consent");
  return say(ctx, "reply.requests", {
    requests: pending.map((r) => ({
      partner: r.partner,
      customer: r.customer.name,
      handle: r.customer.handle,
      services: r.trial.services,
      deadline: r.trial.consentDeadline ? formatDateTime(ctx.lang, r.trial.consentDeadline, r.trial.timeZone) : "",
      // R-CONSENT-3: only a full admin may answer; the others see the request and who can.
      canAnswer: ctx.app.queries.mayAnswerConsent(r.customer, ctx.sender.email),
    })),
    trials: others.map((r) => ({
      partner: r.partner,
      customer: r.customer.name,
      status: r.trial.status,
      services: r.trial.services,
      endDate: r.trial.endDate ?? "",
    })),
  });
}

/** R-CONSENT-7 / R-CONSENT-3: accept by command, with or without full admin access, as on the card. */
export async function accept(ctx: HandlerContext, cmd: CommandOf<"accept">): Promise<Reply> {
  const picked = pick(ctx, await trialsOfMyCustomers(ctx, ["pending_consent"]), cmd.which, "request");
  if (!picked.ok) return picked.reply;
  const found = picked.row;
  const outcome = await ctx.app.commands.acceptConsent(actorOf(ctx), found.trial.id, cmd.full);
  if (!outcome.ok) return refusal(ctx, outcome.refusal);
  return say(ctx, "reply.accepted", { text: cardTexts(ctx.lang).outcome.accepted(found.partner, cmd.full) });
}

/** R-CONSENT-7 / R-CONSENT-6: decline by command; the trial is cancelled and the partner told. */
export async function decline(ctx: HandlerContext, cmd: CommandOf<"decline">): Promise<Reply> {
  const picked = pick(ctx, await trialsOfMyCustomers(ctx, ["pending_consent"]), cmd.which, "request");
  if (!picked.ok) return picked.reply;
  const found = picked.row;
  const outcome = await ctx.app.commands.declineConsent(actorOf(ctx), found.trial.id);
  if (!outcome.ok) return refusal(ctx, outcome.refusal);
  return say(ctx, "reply.accepted", { text: cardTexts(ctx.lang).outcome.declined(found.partner) });
}

/** R-INT-1: the managing partner is told the customer is interested in purchasing. */
export async function interested(ctx: HandlerContext, cmd: CommandOf<"interested">): Promise<Reply> {
  const picked = pick(ctx, await trialsOfMyCustomers(ctx, ["active", "expired"]), cmd.which, "trial");
  if (!picked.ok) return picked.reply;
  const found = picked.row;
  const outcome = await ctx.app.commands.interested(actorOf(ctx), found.trial.id);
  if (!outcome.ok) return refusal(ctx, outcome.refusal);
  return say(ctx, "reply.accepted", { text: cardTexts(ctx.lang).outcome.interested(found.partner) });
}
