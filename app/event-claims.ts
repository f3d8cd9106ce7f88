// An event handled once: a card's nonce is recorded when its submit is handled without a commit
// (a commit records it in its own transaction, see EventScope.claim in trial-commands.ts).
import type { Clock } from "./clock.ts";
import type { Store } from "./store.ts";

export class EventClaims {
  constructor(
    private readonly store: Pick<Store, "markEventProcessed" | "forgetEvent">,
    private readonly clock: Clock,
  ) {}

  /** Records the key; false when it was recorded already (the event was handled). */
  claim(key: string): Promise<boolean> {
    return this.store.markEventProcessed(key, this.clock.now());
  }

  /** Frees the key after a handling that failed before changing anything. */
  release(key: string): Promise<void> {
    return this.store.forgetEvent(key);
  }
}
