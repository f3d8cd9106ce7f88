// R-CONV-4 / R-EXP-4: nothing after the grace end extends or converts a trial, however late the
// lapse timer fires: every action compares with the grace end itself, not only with the status.
import { describe, expect, it } from "vitest";
import { convertTrial } from "../../domain/convert.ts";
import { onTimer } from "../../domain/expiry.ts";
import { changeServices, decideDeviceExtension, extendTrial } from "../../domain/manage.ts";
import { graceEndsAt } from "../../domain/schedule.ts";
import { as, ctx, NOW, ok, person, refusalOf, trial } from "./fixtures.ts";

// Ended 31 March (UTC): expired at 1 April 00:00, grace ends 1 May 00:00.
const expired = trial({ status: "expired", handledTimers: { expiry: "2026-04-01T00:00:00.000Z" } });
const GRACE_END = new Date("2026-05-01T00:00:00Z");
const oneHourLate = new Date(GRACE_END.getTime() + 3_600_000);
const order = { orderNumber: "87654321", provisioningContactEmail: "sales.admin@bright.example" };

describe("the grace end itself", () => {
  it("R-EXP-4: the fixture's grace end is 30 days after the end", () => {
    expect(graceEndsAt(expired)?.toISOString()).toBe(GRACE_END.toISOString());
  });

  it("R-EXP-4: one hour after the grace end, with the lapse not yet processed, extending is refused", () => {
    const r = refusalOf(extendTrial({ ...ctx({ trial: expired, now: oneHourLate }), days: 10 }));
    expect(r).toMatchObject({
      code: "grace_ended",
      params: { action: "extend", graceEndedAt: GRACE_END.toISOString() },
    });
    // A minute before the grace end it is still allowed (R-EXT-1 brings the trial back).
    expect(
      ok(extendTrial({ ...ctx({ trial: expired, now: new Date(GRACE_END.getTime() - 60_000) }), days: 10 })).trial
        ?.status,
    ).toBe("active");
  });

  it("R-CONV-4: one hour after the grace end, with the lapse not yet processed, converting is refused", () => {
    expect(refusalOf(convertTrial({ ...ctx({ trial: expired, now: oneHourLate }), ...order })).code).toBe(
      "grace_ended",
    );
  });

  it("R-EXP-4: even a trial whose expiry timer never ran (still active) can't be extended past its grace end", () => {
    expect(refusalOf(extendTrial({ ...ctx({ now: oneHourLate }), days: 10 })).code).toBe("grace_ended");
    expect(
      refusalOf(changeServices({ ...ctx({ now: oneHourLate }), add: ["calling"], remove: [], customerTrials: [] }))
        .code,
    ).toBe("grace_ended");
  });

  it("R-EXP-4: a device extension approved after the grace end is refused; denying it still clears the request", () => {
    const requested = trial({
      status: "expired",
      services: ["messaging", "devices"],
      meetings: null,
      pendingDeviceExtension: {
        id: "ext-1",
        days: 20,
        requestedEndDate: "2026-12-31",
        requestedBy: "sales.admin@bright.example",
        requestedAt: NOW,
      },
    });
    const opsActor = as(person("ops"));
    expect(
      refusalOf(
        decideDeviceExtension({ ...ctx({ trial: requested, actor: opsActor, now: oneHourLate }), approve: true }),
      ).code,
    ).toBe("grace_ended");
    expect(
      ok(decideDeviceExtension({ ...ctx({ trial: requested, actor: opsActor, now: oneHourLate }), approve: false }))
        .trial?.pendingDeviceExtension,
    ).toBeNull();
  });

  it("R-EXP-4: the late lapse timer still lapses the trial it could not save", () => {
    const d = ok(
      onTimer({
        ...ctx({ trial: expired, now: oneHourLate, actor: { kind: "system", reason: "lapse" } }),
        kind: "lapse",
        dueAt: GRACE_END,
      }),
    );
    expect(d.trial?.status).toBe("lapsed");
  });
});
