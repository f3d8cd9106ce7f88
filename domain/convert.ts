// R-CONV-1..4: converting a trial to a paid order.
import { requireTrialRole } from "./access.ts";
import { refused, type Decision } from "./effects.ts";
import { decided, requireStatus, withChanges, type TrialContext } from "./lifecycle.ts";
import type { Customer } from "./model.ts";
import { auditEntry, message, partnerSpace, toCustomerAdmins, trialFacts } from "./notify.ts";
import { isRefusal, refuse } from "./refusals.ts";
import { sortServices, type Service } from "./services.ts";
import { isEmail, normaliseEmail } from "./validation.ts";

// Cisco Commerce (CCW) order numbers are numeric.
const ORDER_NUMBER = /^\d{6,12}$/;

export interface ConvertTrial extends TrialContext {
  orderNumber: string;
  /** R-CONV-1: partner or customer admin; the partner itself is recommended. */
  provisioningContactEmail: string;
  /** Services in the paid order; defaults to every trial service. */
  paidServices?: Service[];
  /** R-CONV-3: the partner confirmed converting with services missing from the order. */
  confirmMissing?: boolean;
}

export function convertTrial(cmd: ConvertTrial): Decision {
  const { now, actor, trial, customer, partner } = cmd;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  if (partner.tier !== "tier1") return refused(refuse("tier2_cannot_convert", { partner: partner.name })); // R-CONV-2
  const wrong = requireStatus(trial, ["active", "expired"], "convert"); // R-CONV-4
  if (wrong) return refused(wrong);
  const orderNumber = cmd.orderNumber.trim();
  if (!ORDER_NUMBER.test(orderNumber)) {
    return refused(refuse("invalid_input", { field: "orderNumber", value: cmd.orderNumber, expected: "the Cisco Commerce order number (6 to 12 digits)" }));
  }
  const contact = normaliseEmail(cmd.provisioningContactEmail);
  if (!isEmail(contact)) {
    return refused(refuse("invalid_input", { field: "provisioningContactEmail", value: cmd.provisioningContactEmail, expected: "an e-mail address (yours is recommended)" }));
  }
  const paid = sortServices(cmd.paidServices ?? trial.services);
  const missing = trial.services.filter((s) => !paid.includes(s));
  if (missing.length > 0 && !cmd.confirmMissing) {
    // R-CONV-3: name what the customer would lose and ask again.
    return refused(refuse("conversion_missing_services", { missing, orderNumber }));
  }
  const next = withChanges(trial, now, {
    status: "converted",
    conversion: { orderNumber, provisioningContactEmail: contact, paidServices: paid },
    pendingDeviceExtension: null,
  });
  const updated: Customer = {
    ...customer,
    purchasedServices: sortServices([...customer.purchasedServices, ...paid]),
    managingPartners: customer.managingPartners.some((m) => m.partnerId === partner.id)
      ? customer.managingPartners
      : [...customer.managingPartners, { partnerId: partner.id, access: trial.partnerAccess ?? "full_admin" }],
  };
  const facts = { ...trialFacts(next, updated), orderNumber, paidServices: paid, missing, usageDataKept: true };
  return decided({
    trial: next,
    now,
    customer: updated,
    devices: cmd.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_converted", { ...facts, by: who.email, contact }),
      ...toCustomerAdmins(customer, "customer.trial_converted", { ...facts, partner: partner.name }),
    ],
    audit: [auditEntry(now, actor, "trial.converted", next, { orderNumber, contact, paidServices: paid, missing, from: trial.status })],
  });
}
