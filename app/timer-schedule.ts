// The lifecycle's pending deadlines, as the timer jobs (jobs/) read them to mirror them into
// Redis. The store holds the truth; the queue adapter asks this read model, never the store.
import type { TimerSpec } from "../domain/effects.ts";
import type { TrialStore } from "./ports/trials.ts";

export interface TimerSchedule {
  /** A trial's pending deadlines, soonest first. */
  pendingTimers(trialId: string): Promise<TimerSpec[]>;
  /** Each trial's earliest pending deadline (the one Redis schedules). */
  nextTimers(): Promise<TimerSpec[]>;
}

export function timerSchedule(store: Pick<TrialStore, "pendingTimers" | "nextTimers">): TimerSchedule {
  return {
    pendingTimers: (trialId) => store.pendingTimers(trialId),
    nextTimers: () => store.nextTimers(),
  };
}
