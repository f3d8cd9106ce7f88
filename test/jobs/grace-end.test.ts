// R-CONV-4 / R-EXP-4 on the real BullMQ queues (Redis) and PostgreSQL: the lapse job is held back
// (the timer workers are stopped) past the grace end. An hour later a conversion or an extension
// is refused because the grace end itself has passed, not because the status says lapsed; when
// the workers come back, the held-back lapse still runs and lapses the trial.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TimerKind } from "../../domain/effects.ts";
import { as, FIONA, type JobsHarness, startJobsHarness } from "./harness.ts";

let h: JobsHarness;
const HOUR = 3_600_000;

beforeAll(async () => {
  h = await startJobsHarness();
});
afterAll(async () => {
  await h?.close();
});

async function due(trialId: string, kind: TimerKind): Promise<Date> {
  const t = (await h.store.pendingTimers(trialId)).find((x) => x.kind === kind);
  if (!t) throw new Error(`${trialId} has no pending ${kind}`);
  return t.dueAt;
}

describe("the grace end with the lapse job held back", () => {
  it("R-CONV-4/R-EXP-4: one hour after the grace end a conversion or extension is refused; the held-back lapse still lapses the trial", async () => {
    const trial = await h.startTrial("Lima", ["messaging", "calling"]);
    await h.settle();
    await h.runUntil(await due(trial.id, "expiry"));
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "expired" });
    const lapseAt = await due(trial.id, "lapse");

    // Hold the lapse job back: no timer worker runs while the clock passes the grace end.
    await h.stopJobs();
    h.clock.set(new Date(lapseAt.getTime() + HOUR));
    const before = await h.store.getTrial(trial.id);
    const converted = await h.commands.convert(as(FIONA), trial.id, {
      orderNumber: "300001",
      provisioningContactEmail: FIONA.email,
    });
    expect(converted).toMatchObject({
      ok: false,
      refusal: { code: "grace_ended", params: { action: "convert", graceEndedAt: lapseAt.toISOString() } },
    });
    const extended = await h.commands.extend(as(FIONA), trial.id, 10);
    expect(extended).toMatchObject({ ok: false, refusal: { code: "grace_ended", params: { action: "extend" } } });
    // Nothing changed: still expired (the lapse has not run), not converted, same version.
    expect(await h.store.getTrial(trial.id)).toEqual(before);
    expect((await h.store.getCustomer(trial.customerId))?.purchasedServices).toEqual([]);

    // The workers come back: the held-back lapse fires and R-EXP-4 applies.
    await h.restartJobs();
    await h.runUntil(new Date(lapseAt.getTime() + 2 * HOUR));
    expect(await h.store.getTrial(trial.id)).toMatchObject({ status: "lapsed" });
    const after = await h.commands.convert(as(FIONA), trial.id, {
      orderNumber: "300002",
      provisioningContactEmail: FIONA.email,
    });
    expect(after).toMatchObject({ ok: false, refusal: { code: "invalid_transition", params: { status: "lapsed" } } });
  });
});
