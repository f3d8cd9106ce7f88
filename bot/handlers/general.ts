// help, whoami, lang, and the test clock.

import { must } from "../../domain/invariant.ts";
import { isRefusal } from "../../domain/refusals.ts";
import { helpFor, helpForCommand } from "../commands/help.ts";
import type { CommandOf } from "../commands/types.ts";
import { type HandlerContext, type Reply, refusal, registered, say } from "./context.ts";

export async function help(ctx: HandlerContext, cmd: CommandOf<"help">): Promise<Reply> {
  if (cmd.topic) return { markdown: helpForCommand(cmd.topic, ctx.lang) };
  const isCustomerAdmin = ctx.sender.customerAdminOf.length > 0;
  const partnerTier = ctx.sender.partner?.tier ?? null;
  return {
    markdown: helpFor(
      {
        role: ctx.sender.person?.role ?? null,
        isBotAdmin: ctx.sender.isBotAdmin,
        isCustomerAdmin,
        partnerTier,
        testClock: !!ctx.app.testClock,
      },
      ctx.lang,
    ),
  };
}

export async function whoami(ctx: HandlerContext): Promise<Reply> {
  const person = ctx.sender.person;
  if (!person && ctx.sender.customerAdminOf.length > 0) {
    // A customer admin: say what they can do here, not "ask to be registered".
    const customers = ctx.sender.customerAdminOf.map((c) => ({
      name: c.name,
      fullAdmin: ctx.app.queries.mayAnswerConsent(c, ctx.sender.email),
    }));
    return say(ctx, "reply.whoami_customer", { email: ctx.sender.email, customers, language: ctx.lang });
  }
  // Read with the sender, in the same statement.
  const partner = ctx.sender.partner;
  return say(ctx, "reply.whoami", {
    email: ctx.sender.email,
    role: person?.role ?? "",
    partner: partner?.name ?? "",
    isBotAdmin: ctx.sender.isBotAdmin,
    language: ctx.lang,
  });
}

export async function lang(ctx: HandlerContext, cmd: CommandOf<"lang">): Promise<Reply> {
  if (!ctx.sender.person && ctx.sender.customerAdminOf.length > 0) {
    // A customer admin's language is kept on each customer they administer: consent requests and
    // reminders reach them in it.
    await ctx.app.admin.setCustomerAdminLanguage(ctx.sender.email, ctx.sender.customerAdminOf, cmd.language);
    return say({ ...ctx, lang: cmd.language }, "reply.lang_set", { language: cmd.language });
  }
  const person = registered(ctx);
  if (isRefusal(person)) return refusal(ctx, person);
  await ctx.app.admin.setLanguage(person, cmd.language);
  return say({ ...ctx, lang: cmd.language }, "reply.lang_set", { language: cmd.language });
}

export async function clock(
  ctx: HandlerContext,
  cmd: CommandOf<"clock.show"> | CommandOf<"clock.advance">,
): Promise<Reply> {
  // Clock commands parse only when the app has a test clock (bot.ts), so one is there.
  const testClock = must(ctx.app.testClock, "the test clock");
  const denied = testClock.refusalFor(ctx.sender);
  if (denied) return refusal(ctx, denied);
  if (cmd.name === "clock.show") return say(ctx, "reply.clock", { now: testClock.show().toISOString() });
  const fired = await testClock.advance(cmd.amount * (cmd.unit === "d" ? 86_400_000 : 3_600_000));
  return say(ctx, "reply.clock", { now: testClock.show().toISOString(), fired });
}
