// Administration typed in chat: partners, people, spaces, customer import.
import type { AdminActor } from "../../app/admin-commands.ts";
import { hasControlCharacters } from "../../domain/validation.ts";
import { formatCsvErrors, parseCustomerCsv } from "../commands/csv.ts";
import { commandText } from "../commands/text.ts";
import type { CommandOf } from "../commands/types.ts";
import { type HandlerContext, type Reply, refusal, say } from "./context.ts";

const adminActor = (ctx: HandlerContext): AdminActor => ({
  email: ctx.sender.email,
  person: ctx.sender.person,
  isBotAdmin: ctx.sender.isBotAdmin,
});

export async function addPartner(ctx: HandlerContext, cmd: CommandOf<"partner.add">): Promise<Reply> {
  const done = await ctx.app.admin.addPartner(adminActor(ctx), {
    name: cmd.partnerName,
    tier: cmd.tier,
    ...(cmd.timeZone ? { timeZone: cmd.timeZone } : {}),
    ...(cmd.domains ? { domains: cmd.domains } : {}),
  });
  if (!done.ok) return refusal(ctx, done.refusal);
  return say(ctx, "reply.partner_added", {
    name: done.value.name,
    tier: done.value.tier,
    timeZone: done.value.timeZone,
  });
}

export async function addPerson(ctx: HandlerContext, cmd: CommandOf<"person.add">): Promise<Reply> {
  const done = await ctx.app.admin.addPerson(adminActor(ctx), {
    email: cmd.email,
    role: cmd.role,
    ...(cmd.partner ? { partner: cmd.partner } : {}),
  });
  if (!done.ok) return refusal(ctx, done.refusal);
  const partner = done.value.partnerId ? await ctx.app.directory.partner(done.value.partnerId) : null;
  return say(ctx, "reply.person_added", {
    email: done.value.email,
    role: done.value.role,
    partner: partner?.name ?? "",
  });
}

export async function removePerson(ctx: HandlerContext, cmd: CommandOf<"person.remove">): Promise<Reply> {
  const done = await ctx.app.admin.removePerson(adminActor(ctx), cmd.email);
  if (!done.ok) return refusal(ctx, done.refusal);
  return say(ctx, "reply.person_removed", { email: done.value.email });
}

export async function linkSpace(ctx: HandlerContext, cmd: CommandOf<"space.link">): Promise<Reply> {
  const done = await ctx.app.admin.linkSpace(adminActor(ctx), {
    roomId: ctx.roomId,
    kind: cmd.kind,
    partner: cmd.partner,
  });
  if (!done.ok) return refusal(ctx, done.refusal);
  return say(ctx, "reply.space_linked", { kind: done.value.kind, partner: done.value.partner?.name ?? "" });
}

export async function importCsv(
  ctx: HandlerContext,
  cmd: CommandOf<"customer.import">,
  attachedCsv: string | null,
): Promise<Reply> {
  const csv = cmd.csv ?? attachedCsv;
  if (!csv) return say(ctx, "reply.import_needs_csv");
  // A pasted CSV was checked with the message; an attached file is checked here, as at the edge.
  if (hasControlCharacters(csv)) return { markdown: commandText(ctx.lang, "control_character") };
  const parsed = parseCustomerCsv(csv, { firstLine: cmd.csv ? cmd.firstLine : 1 });
  // A file with any bad row imports nothing: the partner fixes the rows and sends it again.
  if (!parsed.ok) return { markdown: formatCsvErrors(parsed.errors, ctx.lang) };
  const done = await ctx.app.importCustomers(adminActor(ctx), parsed.rows);
  if (!done.ok) return refusal(ctx, done.refusal);
  return say(ctx, "reply.import_done", {
    created: done.value.created.length,
    updated: done.value.updated.length,
    problems: done.value.problems,
  });
}
