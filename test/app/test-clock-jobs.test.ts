// An advance of the test clock reports the deadlines the timer jobs fire beside it: once the
// clock has moved to a deadline, its job may fire it before the advance's own loop reaches it.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import { type FiredTimer, TestClock } from "../../app/test-clock.ts";
import type { Outcome } from "../../app/trial-commands.ts";
import type { TimerKind, TimerSpec } from "../../domain/effects.ts";

const T0 = new Date("2026-06-01T00:00:00Z");
const due = new Date("2026-06-02T00:00:00Z");
const fired = { ok: true, decision: { skipped: false } } as unknown as Outcome;

describe("the test clock beside the timer jobs", () => {
  it("reports a deadline a job fired during the advance, and only within it", async () => {
    const clock = new ManualClock(T0);
    let pending: TimerSpec[] = [
      { trialId: "t-1", kind: "lapse", dueAt: due },
      { trialId: "t-1", kind: "user_notice", dueAt: due },
    ];
    let testClock: TestClock;
    const commands = {
      async fireTimer(trialId: string, kind: TimerKind, dueAt: Date): Promise<Outcome> {
        pending = pending.filter((t) => t.kind !== kind);
        // While the lapse is handled, the trial's job fires the user notice, due at the same instant.
        if (kind === "lapse") {
          pending = pending.filter((t) => t.kind !== "user_notice");
          testClock.noteFired({ trialId, kind: "user_notice", dueAt });
        }
        return fired;
      },
    };
    testClock = new TestClock(clock, { store: { pendingTimers: async () => pending }, commands });
    const report: FiredTimer[] = await testClock.advanceWithDetails(2 * 24 * 3600_000);
    expect(report.map((f) => f.kind).sort()).toEqual(["lapse", "user_notice"]);
    // Outside an advance (or past its target) a job's firing is no advance's.
    testClock.noteFired({ trialId: "t-1", kind: "expiry", dueAt: due });
    expect(await testClock.advanceWithDetails(0)).toEqual([]);
  });
});
