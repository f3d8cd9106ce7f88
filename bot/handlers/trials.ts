// Trial commands typed in chat: list, show, extend, services, convert, cancel, delete, resend.
import { isRefusal } from "../../domain/refusals.ts";
import type { CommandOf } from "../commands/types.ts";
import {
  actorOf,
  type HandlerContext,
  outcomeReply,
  type Reply,
  refusal,
  registered,
  say,
  trialNamed,
} from "./context.ts";

/** A customer as it is typed in a command: quoted when the name has spaces. */
const customerArg = (name: string) => (/\s/.test(name) ? `"${name}"` : name);

export async function list(ctx: HandlerContext, cmd: CommandOf<"trial.list">): Promise<Reply> {
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  const rows = await ctx.app.queries.list(person, {
    ...(cmd.expiringDays !== undefined ? { expiringWithinDays: cmd.expiringDays } : {}),
    ...(cmd.status ? { statuses: [cmd.status] } : {}),
  });
  if (isRefusal(rows)) return refusal(ctx, rows);
  // Ops see every partner's trials: each row names its partner. Asked all at once, the store
  // reads them together (one statement on PostgreSQL) instead of one after another.
  const partnerIds = person.partnerId ? [] : [...new Set(rows.map((r) => r.trial.partnerId))];
  const names = await Promise.all(partnerIds.map(async (id) => (await ctx.app.directory.partner(id))?.name ?? ""));
  const partners = new Map(partnerIds.map((id, i) => [id, names[i] ?? ""]));
  return say(ctx, "reply.trial_list", {
    // The filter is worded by the catalogue, in the reader's language.
    ...(cmd.expiringDays !== undefined ? { expiringDays: cmd.expiringDays } : {}),
    ...(cmd.status ? { statusFilter: cmd.status } : {}),
    rows: rows.map((r) => ({
      customer: r.customer.name,
      handle: r.customer.handle,
      partner: partners.get(r.trial.partnerId) ?? "",
      status: r.trial.status,
      // A converted trial lists what the paid order bought, not the trial's services.
      services: r.trial.conversion?.paidServices ?? r.trial.services,
      endDate: r.trial.endDate ?? "",
      daysLeft: r.daysLeft,
      orderNumber: r.trial.conversion?.orderNumber ?? "",
    })),
  });
}

export async function show(ctx: HandlerContext, cmd: CommandOf<"trial.show">): Promise<Reply> {
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  const found = await ctx.app.queries.show(person, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const { trial, customer, devices } = found;
  // Messages Webex refused for good (app/delivery/deliver-outbox.ts): the partner must not believe they arrived.
  const undelivered = await ctx.app.directory.undeliverable(trial.id);
  return say(ctx, "reply.trial_show", {
    undelivered: undelivered.map((e) => ({
      what: e.details.what,
      recipient: e.details.recipient,
      reason: e.details.reason,
      at: e.at.toISOString(),
    })),
    customer: customer.name,
    handle: customer.handle,
    status: trial.status,
    services: trial.conversion?.paidServices ?? trial.services,
    endDate: trial.endDate ?? "",
    daysLeft: found.daysLeft,
    kind: trial.kind,
    startDate: trial.startDate ?? "",
    lengthDays: trial.lengthDays,
    siteUrl: trial.meetings?.siteUrl ?? "",
    siteTimeZone: trial.meetings?.timeZone ?? "",
    consentDeadline: trial.status === "pending_consent" ? (trial.consentDeadline?.toISOString() ?? "") : "",
    consentAdminEmail: trial.consentAdminEmail ?? "",
    access: trial.partnerAccess ?? "",
    orderNumber: trial.conversion?.orderNumber ?? "",
    devices: devices.length,
    devicesOut: devices.filter((d) => d.returnStatus === "out").length,
    devicesFlagged: devices.filter((d) => d.returnStatus === "mismatch" || d.returnStatus === "missing").length,
    pendingExtension: trial.pendingDeviceExtension?.requestedEndDate ?? "",
  });
}

/** R-EXT-1: `confirm` is the explicit confirmation a shortening needs; R-EXT-2: device trials ask ops. */
export async function extend(ctx: HandlerContext, cmd: CommandOf<"trial.extend">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const before = found.trial;
  const outcome = await ctx.app.commands.extend(
    actorOf(found.person),
    before.id,
    cmd.days,
    undefined,
    cmd.confirm === true,
  );
  return outcomeReply(ctx, outcome, (trial) => {
    const request = trial?.pendingDeviceExtension;
    if (request && request.id !== before.pendingDeviceExtension?.id) {
      return say(ctx, "reply.extension_requested", {
        customer: found.customer,
        requestedEndDate: request.requestedEndDate,
        endDate: trial?.endDate ?? "",
        replacedEndDate: before.pendingDeviceExtension?.requestedEndDate ?? "",
      });
    }
    return say(ctx, "reply.extended", {
      customer: found.customer,
      endDate: trial?.endDate ?? "",
      previousEndDate: before.endDate ?? "",
    });
  });
}

/** R-EXT-2: ops approve or deny the pending device-trial extension by command as well as by card. */
export async function decideExtension(
  ctx: HandlerContext,
  cmd: CommandOf<"device.approve"> | CommandOf<"device.deny">,
): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const approve = cmd.name === "device.approve";
  const pending = found.trial.pendingDeviceExtension;
  const outcome = await ctx.app.commands.decideDeviceExtension(actorOf(found.person), found.trial.id, approve);
  return outcomeReply(ctx, outcome, (trial) =>
    say(ctx, approve ? "reply.extension_approved" : "reply.extension_denied", {
      customer: found.customer,
      endDate: trial?.endDate ?? found.trial.endDate ?? "",
      previousEndDate: found.trial.endDate ?? "",
      requestedEndDate: pending?.requestedEndDate ?? "",
    }),
  );
}

export async function services(ctx: HandlerContext, cmd: CommandOf<"trial.services">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const meetings =
    cmd.site !== undefined || cmd.timeZone !== undefined
      ? { meetings: { siteUrl: cmd.site ?? "", timeZone: cmd.timeZone ?? "" } }
      : {};
  const outcome = await ctx.app.commands.changeServices(actorOf(found.person), found.trial.id, {
    add: cmd.add,
    remove: cmd.remove,
    ...meetings,
  });
  if (!outcome.ok && outcome.refusal.code === "meetings_site_required") {
    // R-SVC-2: the text command takes the site and zone too; say how, with this trial's handle.
    return refusal(ctx, {
      ...outcome.refusal,
      params: { ...outcome.refusal.params, typedCustomer: customerArg(cmd.customer) },
    });
  }
  return outcomeReply(ctx, outcome, (trial) =>
    say(ctx, "reply.services_changed", { customer: found.customer, services: trial?.services ?? [] }),
  );
}

export async function convert(ctx: HandlerContext, cmd: CommandOf<"trial.convert">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.convert(actorOf(found.person), found.trial.id, {
    orderNumber: cmd.orderNumber,
    provisioningContactEmail: cmd.contactEmail,
    ...(cmd.contactKind ? { provisioningContactKind: cmd.contactKind } : {}),
    ...(cmd.trialAdminEmail ? { trialAdminEmail: cmd.trialAdminEmail } : {}),
    ...(cmd.services ? { paidServices: cmd.services } : {}),
    confirmMissing: cmd.confirm,
  });
  if (!outcome.ok && outcome.refusal.code === "conversion_missing_services") {
    // R-CONV-3: the command to send is the one typed (services, side and admin included), with confirm.
    const command = [
      "trial convert",
      customerArg(cmd.customer),
      "order",
      cmd.orderNumber,
      "contact",
      cmd.contactEmail,
      ...(cmd.contactKind ? ["as", cmd.contactKind === "partner" ? "partner" : "customer"] : []),
      ...(cmd.trialAdminEmail ? ["admin", cmd.trialAdminEmail] : []),
      ...(cmd.services ? ["services", cmd.services.join(",")] : []),
      "confirm",
    ].join(" ");
    return refusal(ctx, { ...outcome.refusal, params: { ...outcome.refusal.params, command } });
  }
  return outcomeReply(ctx, outcome, (trial) =>
    say(ctx, "reply.converted", {
      customer: found.customer,
      orderNumber: cmd.orderNumber,
      // R-CONV-5: the conversion reply says the trial devices go back.
      devicesReturn: found.trial.services.includes("devices"),
      contact: trial?.conversion?.provisioningContactEmail ?? cmd.contactEmail,
    }),
  );
}

export async function cancel(ctx: HandlerContext, cmd: CommandOf<"trial.cancel">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.cancel(actorOf(found.person), found.trial.id, cmd.reason);
  return outcomeReply(ctx, outcome, () => say(ctx, "reply.cancelled", { customer: found.customer }));
}

export async function resend(ctx: HandlerContext, cmd: CommandOf<"trial.resend">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  const outcome = await ctx.app.commands.resendConsent(actorOf(found.person), found.trial.id);
  return outcomeReply(ctx, outcome, () => say(ctx, "reply.resent", { customer: found.customer }));
}

/** R-DEL-1: ask first; the "yes" carries the version the question was asked about. */
export async function askDelete(ctx: HandlerContext, cmd: CommandOf<"trial.delete">): Promise<Reply> {
  const found = await trialNamed(ctx, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  // A person who may not delete is told so now, not after answering "yes".
  const check = await ctx.app.commands.delete(actorOf(found.person), found.trial.id, null);
  if (!check.ok && check.refusal.code !== "confirmation_required") return refusal(ctx, check.refusal);
  await ctx.app.confirmations.ask(
    ctx.roomId,
    ctx.sender.webexPersonId,
    { action: "trial.delete", trialId: found.trial.id, version: found.trial.version, customer: found.customer },
    ctx.app.clock.now().getTime(),
  );
  return say(ctx, "reply.confirm_delete", { customer: found.customer, status: found.trial.status });
}

export async function answer(ctx: HandlerContext, yes: boolean): Promise<Reply> {
  const pending = await ctx.app.confirmations.take(ctx.roomId, ctx.sender.webexPersonId, ctx.app.clock.now().getTime());
  if (!pending) return say(ctx, "reply.nothing_to_confirm");
  if (!yes) return say(ctx, "reply.kept");
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  const outcome = await ctx.app.commands.delete(actorOf(person), pending.trialId, "Yes", pending.version);
  return outcomeReply(ctx, outcome, () => say(ctx, "reply.deleted", { customer: pending.customer }));
}

export async function audit(ctx: HandlerContext, cmd: CommandOf<"audit">): Promise<Reply> {
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  const found = await ctx.app.queries.audit(person, cmd.customer);
  if (isRefusal(found)) return refusal(ctx, found);
  return say(ctx, "reply.audit", {
    customer: found.customer.name,
    timeZone: ctx.sender.partner?.timeZone ?? "UTC",
    entries: found.entries.slice(-20).map((e) => ({ at: e.at.toISOString(), action: e.action, actor: e.actor })),
  });
}
