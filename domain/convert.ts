// R-CONV-1..5: converting a trial to a paid order.
import { isCustomerAdmin, requireTrialRole } from "./access.ts";
import { type Decision, refused } from "./effects.ts";
import { decided, requireBeforeGraceEnd, requireStatus, type TrialContext, withChanges } from "./lifecycle.ts";
import { type Customer, isManagedBy, type Person, type ProvisioningContactKind } from "./model.ts";
import {
  auditEntry,
  message,
  partnerSpace,
  SET_UP_SERVICE_URL,
  toCustomerAdmins,
  toEmail,
  trialFacts,
} from "./notify.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { returnDueDate } from "./schedule.ts";
import { type Service, sortServices } from "./services.ts";
import { ACTION_STATUSES } from "./trial-actions.ts";
import { emailDomain, isEmail, normaliseEmail } from "./validation.ts";

// Cisco Commerce (CCW) order numbers are numeric.
const ORDER_NUMBER = /^\d{6,12}$/;

export interface ConvertTrial extends TrialContext {
  orderNumber: string;
  /** R-CONV-1: partner or customer admin; the partner itself is recommended. */
  provisioningContactEmail: string;
  /**
   * R-CONV-1: whether the contact is the partner or the customer admin. When not given it
   * follows from the address: the partner's own domain, or one of the customer's admins.
   */
  provisioningContactKind?: ProvisioningContactKind;
  /** R-CONV-1: the trial customer admin's e-mail; defaults to the admin the trial was set up with. */
  trialAdminEmail?: string;
  /** Services in the paid order; defaults to every trial service except Devices (R-CONV-5). */
  paidServices?: Service[];
  /** R-CONV-3: the partner confirmed converting with services missing from the order. */
  confirmMissing?: boolean;
}

/** R-CONV-1: the contact is the partner when the address is on the partner's domain, the customer admin when it is one. */
function contactKindOf(contact: string, cmd: ConvertTrial): ProvisioningContactKind | null {
  if (cmd.partner.emailDomains.map((d) => d.toLowerCase()).includes(emailDomain(contact))) return "partner";
  if (cmd.actor.kind === "person" && normaliseEmail(cmd.actor.person.email) === contact) return "partner";
  if (isCustomerAdmin(cmd.customer, contact)) return "customer_admin";
  return null;
}

function defaultTrialAdmin(cmd: ConvertTrial): string | null {
  return (
    cmd.trial.consentAdminEmail ??
    cmd.customer.admins.find((a) => a.role === "full_admin")?.email ??
    cmd.customer.admins[0]?.email ??
    null
  );
}

export function convertTrial(cmd: ConvertTrial): Decision {
  const { now, actor, trial, partner } = cmd;
  const who = requireTrialRole(actor, "manage", trial);
  if (isRefusal(who)) return refused(who);
  if (partner.tier !== "tier1") return refused(refuse("tier2_cannot_convert", { partner: partner.name })); // R-CONV-2
  const wrong =
    requireStatus(trial, ACTION_STATUSES.convert, "convert") ?? requireBeforeGraceEnd(trial, now, "convert"); // R-CONV-4
  if (wrong) return refused(wrong);
  const order = checkOrder(cmd);
  if (isRefusal(order)) return refused(order);
  return converted(cmd, who, order);
}

/** The order as the partner gave it, checked (R-CONV-1, R-CONV-3, R-CONV-5). */
interface Order {
  orderNumber: string;
  contact: string;
  kind: ProvisioningContactKind;
  trialAdmin: string;
  paid: Service[];
  missing: Service[];
}

function invalid(field: string, value: string | undefined, expected: string): Refusal {
  return refuse("invalid_input", { field, ...(value !== undefined ? { value } : {}), expected });
}

function checkOrder(cmd: ConvertTrial): Order | Refusal {
  const { trial } = cmd;
  const orderNumber = cmd.orderNumber.trim();
  if (!ORDER_NUMBER.test(orderNumber)) {
    return invalid("orderNumber", cmd.orderNumber, "the Cisco Commerce order number (6 to 12 digits)");
  }
  const contact = normaliseEmail(cmd.provisioningContactEmail);
  if (!isEmail(contact)) {
    return invalid(
      "provisioningContactEmail",
      cmd.provisioningContactEmail,
      "an e-mail address (yours is recommended)",
    );
  }
  const kind = cmd.provisioningContactKind ?? contactKindOf(contact, cmd);
  if (!kind) {
    return invalid(
      "provisioningContactKind",
      contact,
      "whether the provisioning contact is the partner or the customer admin",
    );
  }
  const trialAdmin = normaliseEmail(cmd.trialAdminEmail ?? defaultTrialAdmin(cmd) ?? "");
  if (!isEmail(trialAdmin)) {
    return invalid("trialAdminEmail", cmd.trialAdminEmail ?? "", "the e-mail address of the trial's customer admin");
  }
  // R-CONV-5: trial devices are not sold by a conversion: they go back when the device trial is
  // over, and devices for the paid service are ordered through CCW. Devices is therefore never
  // a paid service, and not "lost" by leaving it out of the order (R-CONV-3).
  const paid = sortServices((cmd.paidServices ?? trial.services).filter((s) => s !== "devices"));
  const missing = trial.services.filter((s) => s !== "devices" && !paid.includes(s));
  if (paid.length === 0) {
    return invalid(
      "paidServices",
      undefined,
      "at least one service other than Devices (devices for the paid service are ordered through CCW)",
    );
  }
  if (missing.length > 0 && !cmd.confirmMissing) {
    // R-CONV-3: name what the customer would lose and ask again.
    return refuse("conversion_missing_services", { missing, orderNumber });
  }
  return { orderNumber, contact, kind, trialAdmin, paid, missing };
}

function converted(cmd: ConvertTrial, who: Person, order: Order): Decision {
  const { now, actor, trial, customer, partner } = cmd;
  const { orderNumber, contact, kind, trialAdmin, paid, missing } = order;
  const next = withChanges(trial, now, {
    status: "converted",
    conversion: {
      orderNumber,
      provisioningContactEmail: contact,
      provisioningContactKind: kind,
      trialAdminEmail: trialAdmin,
      paidServices: paid,
    },
    pendingDeviceExtension: null,
  });
  const updated: Customer = {
    ...customer,
    purchasedServices: sortServices([...customer.purchasedServices, ...paid]),
    managingPartners: isManagedBy(customer, partner.id)
      ? customer.managingPartners
      : [...customer.managingPartners, { partnerId: partner.id, access: trial.partnerAccess ?? "full_admin" }],
  };
  // R-CONV-5: every trial device still out goes back, with the date it is due.
  const devicesOut = cmd.devices.filter((d) => d.trialId === trial.id && d.returnStatus === "out");
  const facts = {
    ...trialFacts(next, updated),
    orderNumber,
    paidServices: paid,
    missing,
    usageDataKept: true,
    devicesReturn: trial.services.includes("devices") || devicesOut.length > 0,
    devicesOut: devicesOut.length,
    returnDueDate: devicesOut.map(returnDueDate).sort()[0] ?? null,
  };
  return decided({
    trial: next,
    now,
    customer: updated,
    devices: cmd.devices,
    messages: [
      message(partnerSpace(trial.partnerId), "partner.trial_converted", { ...facts, by: who.email, contact }),
      ...toCustomerAdmins(customer, "customer.trial_converted", { ...facts, partner: partner.name }),
      // R-CONV-1: the provisioning contact sets the order up from the "Set up service" link.
      message(
        toEmail(contact, customer.admins.find((a) => normaliseEmail(a.email) === contact)?.language),
        "contact.provisioning_setup",
        {
          ...facts,
          partner: partner.name,
          contact,
          contactKind: kind,
          trialAdminEmail: trialAdmin,
          country: customer.country,
          region: customer.region,
          setUpServiceUrl: SET_UP_SERVICE_URL,
        },
      ),
    ],
    audit: [
      auditEntry(now, actor, "trial.converted", next, {
        orderNumber,
        contact,
        contactKind: kind,
        trialAdminEmail: trialAdmin,
        paidServices: paid,
        missing,
        from: trial.status,
      }),
    ],
  });
}
