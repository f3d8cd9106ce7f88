// The test clock (TRIALS_TEST_CLOCK) when several replicas run: `clock advance` reaches one of
// them, yet every replica's commands, timers and digest must read the same time. The time saved
// in the database is the shared one: a replica moves it only forward (an advance elsewhere that
// went further wins), and each replica catches up with it before handling an event and every
// `everyMs` in between (for its timer jobs and the digest).
import type { ManualClock } from "../../app/clock.ts";
import { savedTestClock } from "../../app/test-clock.ts";
import type { Logger } from "../../bot/webex/logger.ts";
import type { ReplicaStore } from "../../prisma/replica-store.ts";

export interface SharedTestClock {
  /** TestClock's persist: saves `at` unless a later time is saved; this clock follows the later one. */
  persist(at: Date): Promise<void>;
  /** Moves this clock to the saved time when that is later. */
  sync(): Promise<void>;
  stop(): void;
}

export function shareTestClock(deps: {
  clock: ManualClock;
  settingKey: string;
  store: Pick<ReplicaStore, "saveClockForward"> & { getSetting(key: string): Promise<unknown> };
  logger: Logger;
  /** 0: only on events. */
  everyMs?: number;
}): SharedTestClock {
  const { clock } = deps;
  const follow = (saved: Date | null) => {
    if (saved && saved.getTime() > clock.now().getTime()) clock.set(saved);
  };
  const sync = async () => follow(savedTestClock(await deps.store.getSetting(deps.settingKey)));
  const everyMs = deps.everyMs ?? 1_000;
  const timer =
    everyMs > 0
      ? setInterval(
          () => void sync().catch((err: unknown) => deps.logger.debug({ err }, "reading the shared test clock failed")),
          everyMs,
        )
      : null;
  timer?.unref();
  return {
    persist: async (at) => follow(await deps.store.saveClockForward(deps.settingKey, at)),
    sync,
    stop: () => timer && clearInterval(timer),
  };
}
