// Device commands: ship, return, replacement label, trials team (R-DEV-1..4).

import { TRIALS_TEAM_EMAIL } from "../../domain/devices.ts";
import { isRefusal } from "../../domain/refusals.ts";
import { returnDueDate } from "../../domain/schedule.ts";
import type { CommandOf } from "../commands/types.ts";
import { actorOf, type HandlerContext, outcomeReply, type Reply, refusal, say, trialNamed } from "./context.ts";

export async function ship(ctx: HandlerContext, cmd: CommandOf<"device.ship">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.shipDevices(actorOf(found.person), found.trial.id, {
    units: cmd.units,
    eulaExpiryDate: cmd.eulaDate,
    ...(cmd.country ? { country: cmd.country } : {}),
  });
  return outcomeReply(ctx, outcome, () => {
    const first = outcome.ok ? outcome.decision.devices[0] : undefined;
    return say(ctx, "reply.devices_shipped", {
      customer: found.customer,
      count: cmd.units.length,
      dueDate: first ? returnDueDate(first) : "",
    });
  });
}

export async function giveBack(ctx: HandlerContext, cmd: CommandOf<"device.return">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.returnDevices(actorOf(found.person), found.trial.id, cmd.serials);
  return outcomeReply(ctx, outcome, () => {
    const flagged = outcome.ok
      ? outcome.decision.devices
          .filter((d) => d.returnStatus === "mismatch")
          .map((d) => `${d.serialShipped} ≠ ${d.serialReturned}`)
      : [];
    return say(ctx, "reply.devices_returned", { customer: found.customer, flagged });
  });
}

export async function label(ctx: HandlerContext, cmd: CommandOf<"device.label">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.requestReturnLabel(
    actorOf(found.person),
    found.trial.id,
    cmd.serial,
    cmd.process ? "location_process" : "new_label",
  );
  return outcomeReply(ctx, outcome, () =>
    say(ctx, cmd.process ? "reply.return_process_requested" : "reply.return_label_requested", {
      customer: found.customer,
      serial: cmd.serial,
    }),
  );
}

export async function contact(ctx: HandlerContext, cmd: CommandOf<"device.contact">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.contactTrialsTeam(actorOf(found.person), found.trial.id, {
    ...(cmd.demoOrder ? { demoOrderNumber: cmd.demoOrder } : {}),
    ...(cmd.orgId ? { customerOrgId: cmd.orgId } : {}),
    ...(cmd.adminEmail ? { customerAdminEmail: cmd.adminEmail } : {}),
    ...(cmd.serials ? { serials: cmd.serials } : {}),
  });
  // R-DEV-4: the reply shows the trials team's address and the message drafted for it.
  return outcomeReply(ctx, outcome, () =>
    say(ctx, "reply.trials_team_told", {
      customer: found.customer,
      trialsTeamEmail: TRIALS_TEAM_EMAIL,
      demoOrder: cmd.demoOrder ?? "",
      orgId: cmd.orgId ?? "",
      adminEmail: cmd.adminEmail ?? "",
      serials: cmd.serials ?? [],
    }),
  );
}
