// In which statuses a partner may act on a trial: the domain's checks (manage.ts, convert.ts) and
// the trial menu's buttons (bot/cards/service.ts) read the same lists.
import type { TrialStatus } from "./model.ts";

export const ACTION_STATUSES = {
  /** R-EXT-1 */
  extend: ["active", "expired"],
  /** R-SVC-2/3: services added or removed. */
  changeServices: ["awaiting_provisioning", "active"],
  /** R-CONV-4 */
  convert: ["active", "expired"],
  cancel: ["pending_consent", "awaiting_provisioning", "active", "expired"],
  /** R-DEL-1: anything not deleted already. */
  delete: ["pending_consent", "awaiting_provisioning", "active", "expired", "converted", "cancelled", "lapsed"],
} as const satisfies Record<string, readonly TrialStatus[]>;

export type TrialAction = keyof typeof ACTION_STATUSES;

export function allowsAction(status: TrialStatus, action: TrialAction): boolean {
  return (ACTION_STATUSES[action] as readonly TrialStatus[]).includes(status);
}
