// R-EXT-2: the ops approval card names one request; a message about a replaced request goes out
// without a card, so only the newest request can be decided by button.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../app/clock.ts";
import type { Store } from "../../app/store.ts";
import { CardService } from "../../bot/cards/service.ts";
import { CardSigner } from "../../cards/reference.ts";
import { customer, NOW, trial } from "../domain/fixtures.ts";

const signer = new CardSigner("a-test-secret-of-some-length");
// opsExtension reads nothing from the store.
const service = new CardService(signer, {} as Store, new ManualClock(NOW));
const pending = trial({
  services: ["devices"],
  meetings: null,
  endDate: "2026-03-20",
  pendingDeviceExtension: {
    id: "t1:5",
    days: 25,
    requestedEndDate: "2026-03-27",
    requestedBy: "sam@bright.example",
    requestedAt: NOW,
  },
});

describe("R-EXT-2: the ops approval card", () => {
  it("R-EXT-2: carries the pending request's id (not the trial version) and shows its requested end date", () => {
    const built = service.opsExtension("en", { ...pending, version: 9 }, customer(), "Bright Partners", "t1:5")!;
    const ref = JSON.stringify(built.card).match(/"ref":"([^"]+)"/)?.[1];
    const verified = signer.verify(ref);
    expect(verified).toMatchObject({ kind: "ops_extension", trialId: "t1", requestId: "t1:5" });
    expect(verified?.version).toBeUndefined();
    expect(JSON.stringify(built.card)).toContain("to end on 27 Mar 2026");
  });

  it("R-EXT-2: a message about a request that was replaced meanwhile gets no card; a trial with no request gets none either", () => {
    expect(service.opsExtension("en", pending, customer(), "Bright Partners", "t1:3")).toBeNull();
    expect(
      service.opsExtension("ko", { ...pending, pendingDeviceExtension: null }, customer(), "Bright Partners", "t1:5"),
    ).toBeNull();
    // A message from before requests had ids decides the pending request.
    expect(service.opsExtension("ko", pending, customer(), "Bright Partners")).not.toBeNull();
  });
});
