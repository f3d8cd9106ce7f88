// The use cases every entry point (the bot, the admin CLI) hands to the command handlers.
import { AdminCommands } from "../app/admin-commands.ts";
import type { Clock } from "../app/clock.ts";
import { importCustomers } from "../app/customer-import.ts";
import { Directory } from "../app/directory.ts";
import { EventClaims } from "../app/event-claims.ts";
import type { Store } from "../app/store.ts";
import { type CommandDeps, TrialCommands } from "../app/trial-commands.ts";
import { TrialQueries } from "../app/trial-queries.ts";
import { type ConfirmationStore, Confirmations, inProcessConfirmations } from "../bot/confirmations.ts";
import type { UseCases } from "../bot/handlers/context.ts";
import { identify } from "../bot/identity.ts";

export function createUseCases(deps: {
  store: Store;
  clock: Clock;
  defaultTimeZone: string;
  afterCommit?: CommandDeps["afterCommit"];
  cards?: UseCases["cards"];
  testClock?: UseCases["testClock"];
  /** Where pending questions are kept: the database the replicas share (the bot); default this process only. */
  confirmations?: ConfirmationStore;
}): UseCases {
  const { store, clock } = deps;
  return {
    directory: new Directory(store),
    importCustomers: (actor, rows) => importCustomers({ store, clock }, actor, rows),
    enqueueReplies: (messages) => store.enqueueMessages(messages),
    isUnavailable: (error) => store.isUnavailable(error),
    clock,
    commands: new TrialCommands({ store, clock, ...(deps.afterCommit ? { afterCommit: deps.afterCommit } : {}) }),
    queries: new TrialQueries(store, clock),
    admin: new AdminCommands(store, clock, { defaultTimeZone: deps.defaultTimeZone }),
    confirmations: new Confirmations(deps.confirmations ?? inProcessConfirmations()),
    claims: new EventClaims(store, clock),
    identify: (botAdmins, webexPersonId, email) => identify({ store, clock }, botAdmins, webexPersonId, email),
    ...(deps.cards ? { cards: deps.cards } : {}),
    ...(deps.testClock ? { testClock: deps.testClock } : {}),
  };
}
