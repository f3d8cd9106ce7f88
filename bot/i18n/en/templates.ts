// English outgoing messages: one per MessageTemplate, rendering the data the domain provides
// (domain/notify.ts trialFacts plus each use case's extras).
import type { MessageTemplate } from "../../../domain/effects.ts";
import {
  bool,
  bullets,
  capped,
  carriersOf,
  code,
  dateParam,
  digestOf,
  formatDate,
  joinList,
  lines,
  link,
  list,
  md,
  num,
  paragraphs,
  records,
  serviceList,
  str,
} from "../format.ts";
import type { Render } from "../types.ts";
import { ACCESS, CANCEL_REASON, MESSAGE_NAME, STATUS, STATUS_SHORT, UNDELIVERABLE } from "./words.ts";

const L = "en" as const;
type P = Record<string, unknown>;

const MAX_UNITS = 20;
const MAX_DIGEST_LINES = 15;

const name = (p: P, key = "customer") => md(str(p, key) || "the customer");
const services = (p: P, key = "services") => serviceList(L, list(p, key)) || "no services";
const endDate = (p: P) => dateParam(L, p, "endDate");
const who = (p: P, key = "by") => (str(p, key) ? md(str(p, key)) : "");
const byLine = (p: P) => (who(p) ? ` (by ${who(p)})` : "");
const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
const more = (n: number) => (n > 0 ? `… and ${n} more` : "");

/** R-EXT-1: how far the end date moved, in words. */
function movedText(moved: number | null): string {
  if (moved === null || moved === 0) return "";
  return moved > 0 ? `The end moved ${days(moved)} later.` : `The trial is ${days(-moved)} shorter.`;
}

function endsLine(p: P): string {
  return endDate(p) ? `Ends on: **${endDate(p)}**` : "";
}

function daysLeftText(p: P): string {
  const n = num(p, "daysLeft");
  if (n === null) return endDate(p) ? `on ${endDate(p)}` : "soon";
  if (n <= 0) return "today";
  if (n === 1) return "tomorrow";
  return `in ${days(n)}`;
}

// ---- devices (R-DEV-1/2) --------------------------------------------------------------------

/** R-DEV-2: how devices go back, per carrier. */
function carrierInstructions(carrier: string): string {
  switch (carrier) {
    case "UPS":
      return "**United States (UPS):** pack the devices in their original packaging, attach the return label that is in the device box, and book a UPS pickup yourself; Cisco then processes the return (RMA). If the label is lost, ask your partner: a new label can be requested, or the trials team decides how your location returns the devices.";
    case "DHL":
      return "**Canada and EMEAR (DHL):** the devices go back with DHL. Pack them and contact DHL yourself to schedule the pickup.";
    case "Expeditors":
      return "**Australia (Expeditors):** the devices go back with Expeditors. Pack them and contact Expeditors yourself to schedule the pickup.";
    default:
      return "**Other locations:** the return process is decided per location. Your partner will tell you how to send the devices back.";
  }
}

function unitLines(units: P[], overdue = false): string {
  const { shown, more: extra } = capped(units, MAX_UNITS);
  const rows = shown.map((u) => {
    const model = md(str(u, "model") || "Device");
    const serial = str(u, "serial") ? ` (serial ${code(str(u, "serial"))})` : "";
    const date = dateParam(L, u, "dueDate");
    const due = date ? (overdue ? `: was due ${date}` : `: return by **${date}**`) : "";
    return `${model}${serial}${due}`;
  });
  return bullets(extra ? [...rows, more(extra)] : rows);
}

function returnHowTo(units: P[]): string {
  const carriers = carriersOf(units);
  if (carriers.length === 0) return "";
  return lines("**How to return them**", bullets(carriers.map(carrierInstructions)));
}

// ---- ops ------------------------------------------------------------------------------------

function opsHeader(p: P, withStatus = true): string {
  return lines(
    str(p, "partner") ? `Partner: ${md(str(p, "partner"))}` : "",
    `Customer: ${name(p)}${str(p, "customerHandle") ? ` (${code(str(p, "customerHandle"))})` : ""}`,
    `Services: ${services(p)}`,
    withStatus && str(p, "status") ? `Status: ${STATUS_SHORT[str(p, "status")] ?? md(str(p, "status"))}` : "",
    endDate(p) ? `End date: ${endDate(p)}` : "",
  );
}

function opsEvent(p: P): string {
  const event = str(p, "event");
  const c = name(p);
  switch (event) {
    case "reminder_before_end":
    case "reminder_end_day":
      return paragraphs(`**Expiry reminder sent:** the trial of ${c} ends ${daysLeftText(p)}.`, opsHeader(p, false));
    case "expired":
      return paragraphs(
        `**Trial expired:** ${c}. Grace period until ${dateParam(L, p, "graceEndsAt", true) || "the end of grace"}.`,
        opsHeader(p, false),
      );
    case "users_notified":
      return paragraphs(`**Users told their access ended:** ${c}.`, opsHeader(p, false));
    case "lapsed": {
      const release = dateParam(L, p, "callingNumbersReleasedAt", true);
      return paragraphs(
        `**Trial lapsed:** ${c}. Users moved to a free consumer organisation; this can't be undone.`,
        release ? `Calling phone numbers are kept until ${release}.` : "",
        opsHeader(p, false),
      );
    }
    case "calling_numbers_released":
      return paragraphs(`**Calling numbers released:** ${c}.`, opsHeader(p, false));
    case "device_return_overdue":
      return paragraphs(
        `**Devices not returned in time, flagged missing:** ${c}.`,
        unitLines(records(p, "units"), true),
        opsHeader(p, false),
      );
    case "device_return_mismatch":
      return paragraphs(
        `**Returned serial numbers don't match the shipped ones:** ${c}.`,
        flaggedLines(p),
        opsHeader(p, false),
      );
    default:
      return paragraphs(`**Trial event${event ? ` ${code(event)}` : ""}:** ${c}.`, opsHeader(p, false));
  }
}

function flaggedLines(p: P): string {
  const { shown, more: extra } = capped(records(p, "flagged"), MAX_UNITS);
  const rows = shown.map(
    (f) => `shipped ${code(str(f, "shipped") || "?")}, returned ${code(str(f, "returned") || "?")}`,
  );
  return bullets(extra ? [...rows, more(extra)] : rows);
}

function digestSection(title: string, rows: P[], withTime: boolean): string {
  if (rows.length === 0) return lines(`**${title}:** none`);
  const { shown, more: extra } = capped(rows, MAX_DIGEST_LINES);
  const items = shown.map((r) => {
    const date = withTime ? dateParam(L, r, "date", true) : dateParam(L, r, "date");
    return `${date ? `${date}: ` : ""}${md(str(r, "customer") || "?")}${str(r, "customerHandle") ? ` (${code(str(r, "customerHandle"))})` : ""}, ${md(str(r, "partner") || "?")}: ${serviceList(L, list(r, "services")) || "no services"}`;
  });
  return lines(`**${title} (${rows.length}):**`, bullets(extra ? [...items, more(extra)] : items));
}

function dailyDigest(p: P): string {
  const d = digestOf(p);
  const counts = Object.entries(d.counts)
    .filter(([, v]) => typeof v === "number" && v > 0)
    .map(([k, v]) => `${STATUS_SHORT[k] ?? md(k)}: ${v as number}`);
  const flags = capped(d.deviceFlags, MAX_DIGEST_LINES);
  const flagRows = flags.shown.map(
    (f) =>
      `${md(str(f, "customer") || "?")}: ${code(str(f, "serial") || "?")} ${str(f, "status") === "mismatch" ? "mismatched" : "missing"}`,
  );
  return paragraphs(
    `**Daily trials digest${d.date ? `, ${formatDate(L, d.date)}` : ""}**`,
    `Trials by status: ${counts.length ? counts.join(" · ") : "none"}`,
    digestSection("Ending within 7 days", d.endingSoon, false),
    digestSection("Grace ending within 7 days", d.lapsingSoon, false),
    digestSection("Consent window closing within 2 days", d.consentClosingSoon, true),
    d.deviceFlags.length
      ? lines(
          `**Open device flags (${d.deviceFlags.length}):**`,
          bullets(flags.more ? [...flagRows, more(flags.more)] : flagRows),
        )
      : "**Open device flags:** none",
  );
}

function trialsTeamRequest(p: P): string {
  if (str(p, "request") === "return_process") {
    return paragraphs(
      `**Return process to decide** for ${name(p)}${byLine(p)}: the return label is lost.`,
      `Device serial: ${code(str(p, "serial") || "?")}${str(p, "country") ? `, shipped to ${md(str(p, "country"))}` : ""}. Decide how this location returns the device and tell the partner.`,
      opsHeader(p),
    );
  }
  if (str(p, "request") === "return_label") {
    return paragraphs(
      `**Replacement return label requested** for ${name(p)}${byLine(p)}`,
      `Device serial: ${code(str(p, "serial") || "?")} (US, UPS).`,
      opsHeader(p),
    );
  }
  const serials = capped(list(p, "serials"), 40);
  return paragraphs(
    `**Request for the trials team** about ${name(p)}${byLine(p)}${dateParam(L, p, "date") ? ` on ${dateParam(L, p, "date")}` : ""}`,
    lines(
      str(p, "demoOrderNumber") ? `Demo order number: ${md(str(p, "demoOrderNumber"))}` : "Demo order number: none",
      str(p, "customerOrgId") ? `Customer org ID: ${code(str(p, "customerOrgId"))}` : "",
      str(p, "customerAdminEmail") ? `Customer admin e-mail: ${md(str(p, "customerAdminEmail"))}` : "",
      serials.shown.length
        ? `Serial numbers: ${serials.shown.map((s) => code(s)).join(", ")}${serials.more ? ` and ${serials.more} more` : ""}`
        : "",
      str(p, "note") ? `Note: ${md(str(p, "note"))}` : "",
    ),
    opsHeader(p),
  );
}

/** R-CONV-5: a conversion does not buy the trial devices: they still go back. */
function devicesGoBack(p: P): string {
  if (!bool(p, "devicesReturn")) return "";
  const due = dateParam(L, p, "returnDueDate");
  return `**The trial devices must still go back:** a conversion does not include them. Return them when the device trial is over${due ? ` (the first are due back by **${due}**)` : ""}; devices for the paid service are ordered through Cisco Commerce Workspace (CCW).`;
}

// ---- the catalogue ----------------------------------------------------------------------------

export const templates: Record<MessageTemplate, Render> = {
  "customer.welcome": (p) =>
    paragraphs(
      `**Welcome to Webex, ${name(p)}!**`,
      `${str(p, "partner") ? md(str(p, "partner")) : "Your Webex partner"} has started a Webex trial for you with ${services(p)}.${endDate(p) ? ` The trial runs until **${endDate(p)}**.` : ""}`,
      `Sign in to Control Hub at ${link(str(p, "controlHubUrl") || "https://admin.webex.com")} to add your users and set up the services.`,
    ),

  "customer.consent_request": (p) => {
    const partner = str(p, "partner") ? md(str(p, "partner")) : "A Webex partner";
    const deadline = dateParam(L, p, "deadline", true);
    const window = num(p, "windowDays") ?? 10;
    return paragraphs(
      `**${partner} asks to start a Webex trial for ${name(p)}**`,
      lines(`Services: ${services(p)}`, who(p, "requestedBy") ? `Requested by: ${who(p, "requestedBy")}` : ""),
      lines(
        `Only a full admin of ${name(p)} can accept. When you accept, you choose what access ${partner} gets:`,
        bullets([
          `**Full admin access** ticked: ${partner} becomes a full admin of your organisation and may provision the trial services and also manage your users and licences.`,
          `Not ticked: ${partner} becomes a provisioning admin and may only provision the trial services; it cannot manage your users or licences.`,
        ]),
      ),
      `Accept or decline with the buttons on the request card${deadline ? ` by **${deadline}**` : ""}. If no full admin answers within ${days(window)}, the request is cancelled.`,
    );
  },

  "customer.trial_started": (p) =>
    paragraphs(
      `**${str(p, "partner") ? md(str(p, "partner")) : "Your Webex partner"} has started a Webex trial for ${name(p)}**`,
      lines(`Services: ${services(p)}`, endsLine(p)),
      `Manage the trial services in Control Hub: ${link(str(p, "controlHubUrl") || "https://admin.webex.com")}`,
    ),

  "customer.expiry_reminder": (p) => {
    const url = str(p, "subscriptionsUrl") || "https://admin.webex.com/subscriptions";
    return paragraphs(
      `**Your Webex trial ends ${daysLeftText(p)}**`,
      `The trial of ${services(p)} for ${name(p)} ends on **${endDate(p) || "its end date"}**.`,
      `To keep these services, buy a subscription: see your subscriptions in Control Hub (${link(url)})${str(p, "partner") ? ` or contact ${md(str(p, "partner"))}` : ""}.`,
    );
  },

  "customer.users_access_ended": (p) => {
    const url = str(p, "subscriptionsUrl") || "https://admin.webex.com/subscriptions";
    return paragraphs(
      `**Trial services have ended for ${name(p)}**`,
      `Your users no longer have access to the trial services: ${services(p)}.${endDate(p) ? ` The trial ended on ${endDate(p)}.` : ""}`,
      `To use these services again, buy a subscription (${link(url)})${str(p, "partner") ? ` or contact ${md(str(p, "partner"))}` : ""}.`,
    );
  },

  "customer.trial_converted": (p) => {
    const missing = list(p, "missing");
    return paragraphs(
      `**Your Webex trial is now a paid subscription**`,
      `${str(p, "partner") ? md(str(p, "partner")) : "Your partner"} converted the trial for ${name(p)} to order **${md(str(p, "orderNumber") || "?")}**.`,
      lines(
        `Paid services: ${serviceList(L, list(p, "paidServices")) || services(p)}`,
        missing.length ? `Not in the order, ending with the trial: ${serviceList(L, missing)}` : "",
      ),
      bool(p, "usageDataKept") || p.usageDataKept === undefined ? "Usage data from the trial is kept." : "",
      devicesGoBack(p),
    );
  },

  "contact.provisioning_setup": (p) => {
    const kind = str(p, "contactKind");
    return paragraphs(
      `**Provisioning information required for order ${md(str(p, "orderNumber") || "?")}**`,
      `${str(p, "partner") ? md(str(p, "partner")) : "The partner"} converted the Webex trial of ${name(p)} to a paid order and named you as its provisioning contact${kind === "customer_admin" ? " (as the customer's admin)" : kind === "partner" ? " (as the partner)" : ""}.`,
      lines(
        `Order number: **${md(str(p, "orderNumber") || "?")}**`,
        `Paid services: ${serviceList(L, list(p, "paidServices")) || services(p)}`,
        str(p, "trialAdminEmail") ? `Trial customer admin: ${md(str(p, "trialAdminEmail"))}` : "",
        str(p, "country")
          ? `Customer country: ${md(str(p, "country"))}${str(p, "region") ? ` (data region ${md(str(p, "region"))})` : ""}`
          : "",
      ),
      `When you set the order up, say whether you are the partner or the customer admin, give the trial customer admin's e-mail and check the customer details above. ${link(str(p, "setUpServiceUrl") || "https://admin.webex.com", "Set up service")}`,
      devicesGoBack(p),
    );
  },

  "customer.device_return_due": (p) => {
    const units = records(p, "units");
    return paragraphs(
      `**Please return the trial devices of ${name(p)}**`,
      "These trial devices are due back. Devices must be returned within 14 days of the device expiry date in the EULA message, and the serial numbers returned must match those shipped.",
      unitLines(units),
      returnHowTo(units),
    );
  },

  "customer.device_return_overdue": (p) =>
    paragraphs(
      `**Trial devices of ${name(p)} have not been returned**`,
      "The return deadline for these devices has passed and they have not been received:",
      unitLines(records(p, "units"), true),
      "Please send them back as soon as possible, or contact your partner if you have already returned them.",
    ),

  "partner.trial_started": (p) =>
    paragraphs(
      `**Trial started for ${name(p)}**${byLine(p)}`,
      lines(`Services: ${services(p)}`, str(p, "region") ? `Data region: ${md(str(p, "region"))}` : "", endsLine(p)),
    ),

  "partner.consent_requested": (p) => {
    const recipients = list(p, "recipients").map(md);
    const deadline = dateParam(L, p, "deadline", true);
    return paragraphs(
      `**Consent requested from ${name(p)}**${byLine(p)}`,
      lines(`Services: ${services(p)}`, recipients.length ? `Sent to: ${joinList(L, recipients)}` : ""),
      `A full admin of the customer must accept${deadline ? ` by **${deadline}**` : " within 10 days"}; otherwise the trial is cancelled and the customer leaves your list. Meanwhile you can resend the request or cancel the trial.`,
    );
  },

  "partner.consent_accepted": (p) => {
    const access = str(p, "access");
    return paragraphs(
      `**${name(p)} accepted your trial request**${who(p) ? ` (${who(p)})` : ""}`,
      lines(`Services: ${services(p)}`, access ? `Your access: ${ACCESS[access] ?? md(access)}` : ""),
      `Next: complete provisioning with the card below or ${code(`trial provision ${str(p, "customerHandle") || "<customer>"}`)}; the trial becomes active then.`,
    );
  },

  "partner.consent_declined": (p) =>
    paragraphs(
      `**${name(p)} declined your trial request**${who(p) ? ` (${who(p)})` : ""}`,
      `The trial of ${services(p)} is cancelled and ${name(p)} was removed from your customer list.`,
    ),

  "partner.consent_expired": (p) => {
    const deadline = dateParam(L, p, "deadline", true);
    return paragraphs(
      `**The consent request to ${name(p)} expired**`,
      `No full admin of the customer answered${deadline ? ` by ${deadline}` : " within 10 days"}. The trial is cancelled and the customer was removed from your list. You can send a new request if the customer still wants a trial.`,
    );
  },

  "partner.trial_active": (p) =>
    paragraphs(`**The trial for ${name(p)} is active**${byLine(p)}`, lines(`Services: ${services(p)}`, endsLine(p))),

  // R-EXT-1: what really happened to the end date (both dates, how far it moved), not the N typed.
  "partner.trial_extended": (p) => {
    const n = num(p, "days");
    const previous = dateParam(L, p, "previousEndDate");
    return paragraphs(
      `**The trial for ${name(p)} now ends on ${endDate(p) || "?"}**${previous ? ` (was ${previous})` : ""}${byLine(p)}`,
      lines(
        movedText(num(p, "movedDays")),
        n !== null ? `Set to today + ${days(n)}.` : "",
        who(p, "approvedBy") ? `Approved by the trials team: ${who(p, "approvedBy")}` : "",
        `Services: ${services(p)}`,
      ),
    );
  },

  "partner.services_changed": (p) => {
    const added = list(p, "added");
    const removed = list(p, "removed");
    return paragraphs(
      `**Services changed for ${name(p)}**${byLine(p)}`,
      lines(
        added.length ? `Added: ${serviceList(L, added)}` : "",
        removed.length ? `Removed: ${serviceList(L, removed)}` : "",
        `Services now: ${services(p)}`,
      ),
    );
  },

  "partner.trial_converted": (p) => {
    const missing = list(p, "missing");
    return paragraphs(
      `**The trial for ${name(p)} was converted to a paid order**${byLine(p)}`,
      lines(
        `Order number: **${md(str(p, "orderNumber") || "?")}**`,
        `Paid services: ${serviceList(L, list(p, "paidServices")) || services(p)}`,
        str(p, "contact") ? `Provisioning contact: ${md(str(p, "contact"))}` : "",
        missing.length ? `Not in the order (the customer loses them): ${serviceList(L, missing)}` : "",
      ),
      "Usage data from the trial is kept.",
      devicesGoBack(p),
    );
  },

  "partner.trial_cancelled": (p) => {
    const reason = str(p, "reason");
    return paragraphs(
      `**The trial for ${name(p)} was cancelled**${byLine(p)}`,
      lines(`Services: ${services(p)}`, reason ? `Reason: ${CANCEL_REASON[reason] ?? md(reason)}` : ""),
    );
  },

  "partner.trial_deleted": (p) => {
    const previous = str(p, "previousStatus");
    return paragraphs(
      `**The trial for ${name(p)} was deleted**${byLine(p)}`,
      `${previous ? `It was ${STATUS[previous] ?? md(previous)}. ` : ""}Its pending reminders and deadlines were removed, and the deletion is recorded in the audit log.`,
    );
  },

  "partner.expiry_reminder": (p) =>
    paragraphs(
      `**The trial for ${name(p)} ends ${daysLeftText(p)}**${endDate(p) && num(p, "daysLeft") !== null ? ` (${endDate(p)})` : ""}`,
      `Expiring services: ${services(p)}`,
      "Convert it to a paid order, or extend it, before it ends. After the end there is a 30-day grace period in which it can still be converted.",
    ),

  "partner.trial_expired": (p) => {
    const grace = dateParam(L, p, "graceEndsAt", true);
    return paragraphs(
      `**The trial for ${name(p)} has expired**`,
      `The 30-day grace period runs${grace ? ` until **${grace}**` : ""}; until then you can still convert it. After that the trial lapses: licences, the Meetings site URL, admin roles and Calling configuration can't be recovered.`,
      `Services: ${services(p)}`,
    );
  },

  "partner.trial_lapsed": (p) => {
    const release = dateParam(L, p, "callingNumbersReleasedAt", true);
    return paragraphs(
      `**The trial for ${name(p)} has lapsed**`,
      "The grace period ended without a conversion. Users were moved to a free consumer organisation; licences, the Meetings site URL, admin roles and Calling configuration can't be recovered. This can't be undone.",
      release ? `Calling has stopped, but the phone numbers are kept until **${release}**.` : "",
    );
  },

  "partner.calling_numbers_released": (p) =>
    paragraphs(
      `**Calling phone numbers released for ${name(p)}**`,
      "The phone numbers kept for 15 days after the lapsed trial have now been released.",
    ),

  "partner.customer_interested": (p) =>
    paragraphs(
      `**${name(p)} is interested in purchasing**${who(p) ? ` (${who(p)})` : ""}`,
      lines(`Services in the trial: ${services(p)}`, endsLine(p)),
      "Follow up with the customer, and convert the trial once you have the order.",
    ),

  "partner.device_extension_requested": (p) => {
    const n = num(p, "days");
    const to = dateParam(L, p, "requestedEndDate");
    const replaced = dateParam(L, p, "replacedEndDate");
    return paragraphs(
      `**Device trial extension requested for ${name(p)}**${byLine(p)}`,
      `Requested end date: **${to || "?"}**${n !== null ? ` (today + ${days(n)})` : ""}. ${endDate(p) ? `Until the trials team approves, the trial still ends on ${endDate(p)}. ` : ""}Trials with Devices need the trials team's approval; you'll be told when they decide.`,
      replaced ? `This replaces the earlier request to end on ${replaced}, which can no longer be approved.` : "",
    );
  },

  "partner.device_extension_approved": (p) => {
    const n = num(p, "days");
    return paragraphs(
      `**Device trial extension approved for ${name(p)}**${who(p) ? ` (by the trials team: ${who(p)})` : ""}`,
      lines(n !== null ? `Extended by ${days(n)}` : "", endDate(p) ? `New end date: **${endDate(p)}**` : ""),
    );
  },

  "partner.device_extension_denied": (p) => {
    const to = dateParam(L, p, "requestedEndDate");
    return paragraphs(
      `**Device trial extension denied for ${name(p)}**${who(p) ? ` (by the trials team: ${who(p)})` : ""}`,
      `The trials team did not approve ending the trial on ${to || "the requested date"}.${endDate(p) ? ` The trial still ends on **${endDate(p)}**.` : ""}`,
    );
  },

  "partner.device_return_due": (p) => {
    const units = records(p, "units");
    return paragraphs(
      `**Trial devices of ${name(p)} are due back**`,
      unitLines(units),
      "The customer admins were told how to return them:",
      returnHowTo(units),
    );
  },

  "partner.device_return_overdue": (p) =>
    paragraphs(
      `**Trial devices of ${name(p)} were not returned in time**`,
      unitLines(records(p, "units"), true),
      "They are flagged as missing; the flag stays open until the devices are back. Please follow up with the customer.",
    ),

  "partner.device_return_flagged": (p) => {
    const returned = list(p, "returned");
    return paragraphs(
      `**Returned devices of ${name(p)} don't match what was shipped**`,
      flaggedLines(p),
      "These units are flagged as mismatched and stay open until resolved. Check the serial numbers with the customer.",
      returned.length ? `Returned as shipped: ${returned.map((s) => code(s)).join(", ")}` : "",
    );
  },

  "partner.message_undeliverable": (p) =>
    paragraphs(
      `**Not delivered: ${MESSAGE_NAME[str(p, "what")] ?? "a message"} to ${md(str(p, "recipient") || "the recipient")}** (${name(p)})`,
      `${UNDELIVERABLE[str(p, "reason")] ?? UNDELIVERABLE.failed}. Check the address with the customer; ${code(`trial show ${str(p, "customerHandle") || "<customer>"}`)} lists what was not delivered.`,
    ),

  "ops.event": opsEvent,

  "ops.device_extension_approval": (p) => {
    const n = num(p, "days");
    const to = dateParam(L, p, "requestedEndDate");
    const replaced = dateParam(L, p, "replacedEndDate");
    const handle = str(p, "customerHandle");
    return paragraphs(
      "**A device trial extension needs your approval**",
      `${who(p) ? `${who(p)} asks` : "The partner asks"} to extend the trial${to ? ` to end on **${to}**` : ""}${n !== null ? ` (today + ${days(n)})` : ""}. Approving sets exactly this end date. Device trials last at most 120 days in total, counting every day they had Devices.`,
      replaced ? `This replaces the earlier request to end on ${replaced}.` : "",
      opsHeader(p),
      `Approve or deny with the card buttons${handle ? `, or type ${code(`device approve ${handle}`)} or ${code(`device deny ${handle}`)}` : ""}.`,
    );
  },

  "ops.trials_team_request": trialsTeamRequest,

  "ops.daily_digest": dailyDigest,
  "bot.reply": (p) => str(p, "markdown"),
};
