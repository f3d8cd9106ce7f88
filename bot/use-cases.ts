// The use cases every entry point (the bot, the admin CLI) hands to the command handlers.
import { AdminCommands } from "../app/admin-commands.ts";
import type { Clock } from "../app/clock.ts";
import type { Store } from "../app/store.ts";
import { TrialCommands, type CommandDeps } from "../app/trial-commands.ts";
import { TrialQueries } from "../app/trial-queries.ts";
import { Confirmations, type ConfirmationStore } from "./confirmations.ts";
import type { UseCases } from "./handlers/context.ts";

export function createUseCases(deps: {
  store: Store;
  clock: Clock;
  defaultTimeZone: string;
  afterCommit?: CommandDeps["afterCommit"];
  cards?: UseCases["cards"];
  testClock?: UseCases["testClock"];
  /** Where pending questions are kept (shared by the replicas). */
  confirmations: ConfirmationStore;
}): UseCases {
  const { store, clock } = deps;
  return {
    store,
    clock,
    commands: new TrialCommands({ store, clock, ...(deps.afterCommit ? { afterCommit: deps.afterCommit } : {}) }),
    queries: new TrialQueries(store, clock),
    admin: new AdminCommands(store, clock, { defaultTimeZone: deps.defaultTimeZone }),
    confirmations: new Confirmations(deps.confirmations),
    ...(deps.cards ? { cards: deps.cards } : {}),
    ...(deps.testClock ? { testClock: deps.testClock } : {}),
  };
}
