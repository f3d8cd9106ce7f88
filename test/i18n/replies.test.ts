// How a trial reads in `trial list`: days left, the end day itself, and trials already ended.
import { expect, it } from "vitest";
import { translate } from "../../bot/i18n/index.ts";

const row = (daysLeft: number | null, endDate = "2026-04-01") => ({
  customer: "Acme",
  handle: "acme",
  status: daysLeft !== null && daysLeft < 0 ? "expired" : "active",
  services: ["messaging"],
  endDate,
  daysLeft,
});

it("a trial list says days left, 'today' on the end day, and 'ended' after it — never negative days", () => {
  const text = translate("en", "reply.trial_list", { rows: [row(20), row(1), row(0), row(-46)] });
  expect(text).toContain("ends 1 Apr 2026 (20 days left)");
  expect(text).toContain("ends 1 Apr 2026 (1 day left)");
  expect(text).toContain("ends 1 Apr 2026 (today)");
  expect(text).toContain("ended 1 Apr 2026");
  expect(text).not.toMatch(/-\d+ days?/);
  const ko = translate("ko", "reply.trial_list", { rows: [row(-46), row(0)] });
  expect(ko).toContain("종료됨");
  expect(ko).toContain("(오늘)");
  expect(ko).not.toMatch(/-\d+일/);
});

it("a trial not started yet (waiting for consent) says so", () => {
  expect(translate("en", "reply.trial_list", { rows: [{ ...row(null, ""), status: "pending_consent" }] })).toContain(
    "not started",
  );
});
