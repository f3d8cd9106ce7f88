// From a parsed command to its handler. The command table's gate, asked of the app, comes
// first (R-ORG-2); the domain checks again, per trial.
import { commandRefusal } from "../../app/command-access.ts";
import { commandEntry } from "../commands/table.ts";
import type { Command } from "../commands/types.ts";
import * as admin from "./admin.ts";
import * as cards from "./cards.ts";
import { type HandlerContext, type Reply, refusal } from "./context.ts";
import * as customer from "./customer.ts";
import * as devices from "./devices.ts";
import * as general from "./general.ts";
import * as trials from "./trials.ts";

export async function handleCommand(
  ctx: HandlerContext,
  command: Command,
  attachedCsv: string | null = null,
): Promise<Reply> {
  const refused = commandRefusal(ctx.sender, commandEntry(command.name));
  if (refused) return refusal(ctx, refused);
  switch (command.name) {
    case "help":
      return general.help(ctx, command);
    case "whoami":
      return general.whoami(ctx);
    case "lang":
      return general.lang(ctx, command);
    case "clock.show":
    case "clock.advance":
      return general.clock(ctx, command);
    case "trial.list":
      return trials.list(ctx, command);
    case "trial.show":
      return cards.withMenu(ctx, command, await trials.show(ctx, command));
    case "trial.extend":
      return trials.extend(ctx, command);
    case "trial.services":
      return trials.services(ctx, command);
    case "trial.convert":
      return trials.convert(ctx, command);
    case "trial.cancel":
      return trials.cancel(ctx, command);
    case "trial.resend":
      return trials.resend(ctx, command);
    case "trial.delete":
      return trials.askDelete(ctx, command);
    case "yes":
      return trials.answer(ctx, true);
    case "no":
      return trials.answer(ctx, false);
    case "audit":
      return trials.audit(ctx, command);
    case "trial.start":
      return cards.startNew(ctx);
    case "trial.start.existing":
      return cards.startExisting(ctx);
    case "trial.add":
      return cards.startPaying(ctx, command);
    case "trial.provision":
      return cards.provision(ctx, command);
    case "device.ship":
      return devices.ship(ctx, command);
    case "device.return":
      return devices.giveBack(ctx, command);
    case "device.label":
      return devices.label(ctx, command);
    case "device.contact":
      return devices.contact(ctx, command);
    case "device.approve":
    case "device.deny":
      return trials.decideExtension(ctx, command);
    case "customer.import":
      return admin.importCsv(ctx, command, attachedCsv);
    case "partner.add":
      return admin.addPartner(ctx, command);
    case "person.add":
      return admin.addPerson(ctx, command);
    case "person.remove":
      return admin.removePerson(ctx, command);
    case "space.link":
      return admin.linkSpace(ctx, command);
    case "requests":
      return customer.requests(ctx);
    case "accept":
      return customer.accept(ctx, command);
    case "decline":
      return customer.decline(ctx, command);
    case "interested":
      return customer.interested(ctx, command);
  }
}
