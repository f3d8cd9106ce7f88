// R-EXT-2: a device-extension request stored before requests had ids and end dates still reads
// as a decidable request, bound to the end date it asked for (request day + N in the trial's zone).
import { describe, expect, it } from "vitest";
import type { Trial as TrialRow } from "../../prisma/generated/client.ts";
import { trialFromRow, trialToData } from "../../prisma/mapping.ts";
import { trial } from "./fixtures.ts";

describe("R-EXT-2: stored device-extension requests", () => {
  const stored = trial({ timeZone: "America/Los_Angeles" });
  const row = { ...(trialToData(stored) as unknown as TrialRow), version: 3 };

  it("R-EXT-2: a request with its id and end date round-trips unchanged", () => {
    expect(trialFromRow(row).pendingDeviceExtension).toEqual(stored.pendingDeviceExtension);
    expect(trialFromRow(row)).toMatchObject({ deviceDaysUsed: 17, devicesSince: "2026-03-20" });
  });

  it("R-EXT-2: a request stored before ids existed gets a stable id and the end date it asked for", () => {
    // Requested at 01:02 UTC on 1 April = 18:02 on 31 March in Los Angeles; + 30 days = 30 April.
    const legacy = { ...row, extensionId: null, extensionEndDate: null };
    const read = trialFromRow(legacy).pendingDeviceExtension!;
    expect(read).toMatchObject({ days: 30, requestedEndDate: "2026-04-30", requestedBy: "alice@acme-net.example" });
    expect(trialFromRow(legacy).pendingDeviceExtension!.id).toBe(read.id);
  });
});
