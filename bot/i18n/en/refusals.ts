// English refusals: one per RefusalCode. Each says what was wrong and what to do instead.
import type { RefusalCode } from "../../../domain/refusals.ts";
import { lookupCountry } from "../../../domain/regions.ts";
import {
  bullets,
  capped,
  code,
  dateParam,
  echo,
  joinList,
  list,
  md,
  num,
  paragraphs,
  serviceList,
  serviceName,
  str,
} from "../format.ts";
import type { Render } from "../types.ts";
import { USAGE } from "../usage.ts";
import { ACTION, FIELD, INELIGIBLE, ROLE, STATUS } from "./words.ts";

const L = "en" as const;

const role = (r: string) => ROLE[r] ?? md(r);
const status = (s: string) => STATUS[s] ?? md(s);
const service = (p: Record<string, unknown>) => serviceName(L, str(p, "service") || "service");
const customer = (p: Record<string, unknown>, fallback = "this customer") =>
  str(p, "customer") ? `**${md(echo(str(p, "customer")))}**` : fallback;
const days = (n: number | null) => (n === 1 ? "1 day" : `${n ?? "?"} days`);

/** Per status: what the person can do instead of the refused action. */
const STATUS_HINT: Record<string, string> = {
  pending_consent: `Wait until a full admin of the customer accepts the consent request; meanwhile you can resend it (${USAGE.resend}) or cancel the trial.`,
  awaiting_provisioning: `Complete provisioning first (${USAGE.provision}); the trial becomes active then.`,
  active: `See what the trial allows now with ${USAGE.show}.`,
  expired: `The trial is in its grace period: you can still extend (${USAGE.extend}) or convert it.`,
  converted: "The trial is already a paid order; manage the services in Control Hub.",
  cancelled: `Start a new trial (${USAGE.add}) if the customer still wants one.`,
  lapsed: "A lapsed trial can't be brought back; start a new trial if the customer is eligible.",
  deleted: `Start a new trial (${USAGE.add}) if the customer still wants one.`,
};

export const refusals: Record<RefusalCode, Render> = {
  role_required: (p) => {
    const roles = list(p, "roles");
    if (roles.length > 0 && roles.every((r) => r === "ops")) {
      return "Only the trials team (ops) can do that. Nothing was changed; ask the trials team in the ops space.";
    }
    if (roles.length > 0 && roles.every((r) => r === "customer_admin")) {
      return "Only an admin of the customer's organisation can do that: customer admins answer trial requests and follow their own trials here.";
    }
    const names = roles.length > 0 ? roles.map(role) : ["full admin", "sales full admin", "sales admin"];
    return `You need one of these roles to do that: ${joinList(L, names, "disjunction")}. Ask a partner full admin to change your role.`;
  },

  not_your_trial: () =>
    `That trial belongs to another partner organisation, so you can't see or change it. Pick one of your own trials (${USAGE.list}).`,

  own_organisation: () =>
    "You can't start a trial for your own partner organisation. Trials for your own organisation need a CUWP order in Cisco Commerce Workspace (CCW): place that order in CCW instead.",

  country_not_offered: (p) => {
    const given = str(p, "country");
    const known = given ? lookupCountry(given) : null;
    const name = known && known.name.toLowerCase() !== given.toLowerCase() ? ` (${md(known.name)})` : "";
    const what = given ? `Webex is not offered in **${md(given)}**${name}` : "Webex is not offered in that country";
    return `${what}, so a trial can't be started there. Check the customer's country (its name or two-letter ISO code, e.g. ${code("DE")}); trials are possible only where Webex is offered.`;
  },

  location_not_acknowledged: () =>
    "Please confirm that the customer is in a supported location before the trial starts. Tick the supported-location box and submit again.",

  organisation_not_confirmed: (p) =>
    `Please confirm that ${customer(p, "this")} is the right existing organisation before the consent request goes out. Check the organisation's details, tick the confirmation and send the request again.`,

  invalid_input: (p) => {
    const field = str(p, "field");
    const label = FIELD[field] ?? (field ? md(field) : "A value");
    const value = str(p, "value");
    const expected = str(p, "expected");
    const what = value ? `**${label}**: "${md(value)}" is not valid.` : `**${label}** is missing or not valid.`;
    const instead = expected ? ` Expected: ${md(expected)}.` : "";
    return `${what}${instead} Please correct it and try again.`;
  },

  service_not_eligible: (p) => {
    const reason = INELIGIBLE[str(p, "reason")] ?? "it is not available to this customer";
    const tip =
      str(p, "reason") === "already_in_trial"
        ? `See that trial with ${USAGE.show}, or pick other services.`
        : str(p, "reason") === "trialed_by_other_partner"
          ? "Pick other services, or wait until that partner's trial has ended."
          : "Pick services the customer has not purchased (with Meetings or Messaging purchased, Calling can still be trialed).";
    return `${service(p)} can't be trialed for this customer: ${reason}. ${tip}`;
  },

  no_services: () =>
    `Pick at least one service to trial: ${serviceList(L, ["messaging", "meetings", "calling", "devices"], "disjunction")}.`,

  meetings_site_required: (p) =>
    `Meetings needs a Meetings site URL (${code("<name>.webex.com")}) and a time zone (e.g. ${code("Europe/Paris")}). Add both${str(p, "typedCustomer") ? `: ${code(`trial services ${str(p, "typedCustomer")} +meetings site <name>.webex.com tz <zone>`)}, or on the card (${code(`trial show ${str(p, "typedCustomer")}`)}, then Extend or change services)` : ""}, or leave Meetings out of the trial.`,

  meetings_site_taken: (p) =>
    `The Meetings site URL ${str(p, "siteUrl") ? `**${md(str(p, "siteUrl"))}**` : "you chose"} is already in use. Choose another name (${code("<name>.webex.com")}) and try again.`,

  invalid_length: (p) => {
    const allowed = list(p, "allowed");
    const options = allowed.length ? joinList(L, allowed, "disjunction") : "30, 60 or 90";
    const value = str(p, "value");
    return `A trial lasts ${options} days${value ? `, not ${md(value)}` : ""}. Pick one of these lengths (30 days if you leave it out).`;
  },

  invalid_transition: (p) => {
    const action = ACTION[str(p, "action")] ?? (md(str(p, "action")) || "do that to");
    const current = str(p, "status");
    const allowed = list(p, "allowed").map(status);
    const when = allowed.length ? ` That is only possible while it is ${joinList(L, allowed, "disjunction")}.` : "";
    const hint = STATUS_HINT[current] ?? `Check the trial with ${USAGE.show}.`;
    return `You can't ${action} this trial while it is ${current ? status(current) : "in its current status"}.${when} ${hint}`;
  },

  consent_not_full_admin: (p) =>
    `Only a full admin of ${customer(p, "the customer's organisation")} can accept or decline this trial request. Nothing was changed; ask one of your organisation's full admins to answer it.`,

  consent_expired: (p) => {
    const deadline = dateParam(L, p, "deadline", true);
    const partner = str(p, "partner") ? md(str(p, "partner")) : "the partner";
    return `This trial request expired${deadline ? ` on ${deadline}` : ""}, so it can no longer be accepted or declined. If you still want the trial, ask ${partner} to send a new request.`;
  },

  extension_too_long: (p) => {
    const max = num(p, "max") ?? 30;
    const asked = num(p, "days");
    return `A trial can be extended by at most ${days(max)} at a time, counted from today${asked !== null ? ` (you asked for ${days(asked)})` : ""}. Extend by ${days(max)} or fewer (${USAGE.extend}).`;
  },

  extension_unchanged: (p) => {
    const current = dateParam(L, p, "currentEndDate");
    const n = num(p, "days");
    return `${n !== null ? `Extending by ${days(n)} from today` : "This extension"} ends the trial on **${current || "its current end date"}**, which is already its end date. Nothing was changed. Extensions count from today, not from the current end: choose another number of days.`;
  },

  // R-EXT-1: a shortening is applied only after an explicit confirmation; both dates are named.
  shortening_needs_confirmation: (p) => {
    const current = dateParam(L, p, "currentEndDate");
    const requested = dateParam(L, p, "requestedEndDate");
    const n = num(p, "days");
    const shorter = num(p, "shorterBy");
    const handle = str(p, "customerHandle");
    const confirm = handle && n !== null ? code(`trial extend ${handle} ${n} confirm`) : USAGE.extendConfirm;
    return paragraphs(
      `${n !== null ? `Extending by ${days(n)} from today` : "This extension"} sets the end of ${customer(p, "the trial")}'s trial to **${requested || "an earlier date"}**, which is ${shorter !== null ? `${days(shorter)} ` : ""}earlier than its current end date, **${current || "unknown"}**: the trial would be shortened. Nothing was changed yet.`,
      `To shorten it, type ${confirm}, or tick "Shorten the trial" on the edit card. To keep the current end date, do nothing.`,
    );
  },

  device_trial_too_long: (p) => {
    const max = num(p, "max") ?? 120;
    const start = dateParam(L, p, "startDate");
    const latest = dateParam(L, p, "latestEndDate");
    const used = num(p, "usedDays") ?? 0;
    return `A trial with Devices lasts at most ${days(max)} in total, counting every day it had Devices${used > 0 ? ` (${days(used)} before Devices was last added${start ? ` on ${start}` : ""})` : start ? `; it has had them since ${start}` : ""}${latest ? `, so it can end no later than **${latest}**` : ""}. Removing and adding Devices again does not reset this. Choose a shorter extension${latest ? ` that ends on or before ${latest}` : ""}.`;
  },

  no_device_extension_pending: (p) =>
    `There is no device trial extension waiting for approval${str(p, "customer") ? ` for ${customer(p)}` : " on this trial"}, so there is nothing to approve or deny (it may have been decided already). The partner must request the extension first.`,

  // R-EXT-2: only a newer request replaces one; its card is the one that decides.
  extension_request_replaced: (p) => {
    const requested = dateParam(L, p, "requestedEndDate");
    const by = str(p, "requestedBy");
    const handle = str(p, "customerHandle");
    return `This card is for an earlier extension request of ${customer(p)}'s device trial; a newer request replaced it${by ? `: ${md(by)} now asks` : ", which asks"} for the trial to end on **${requested || "a new date"}**. Nothing was changed. Decide the newer request on its own card${handle ? `, or type ${code(`device approve ${handle}`)} or ${code(`device deny ${handle}`)}` : ""}.`;
  },

  extension_request_outdated: (p) => {
    const requested = dateParam(L, p, "requestedEndDate");
    const handle = str(p, "customerHandle");
    return `The device trial extension of ${customer(p)} asked for the trial to end on **${requested || "a date"}**, which has already passed: approving it now would end the trial at once. Nothing was changed. Deny it${handle ? ` (${code(`device deny ${handle}`)})` : ""} and ask the partner for a new request.`;
  },

  last_service: (p) =>
    `${service(p)} is the last service in this trial and can't be removed. To end the trial, cancel it instead (${USAGE.cancel}).`,

  service_not_in_trial: (p) =>
    `${service(p)} is not part of this trial, so it can't be removed. See the trial's services with ${USAGE.show}.`,

  service_already_in_trial: (p) =>
    `${service(p)} is already part of this trial. To add a service, pick one the trial doesn't have yet (${USAGE.services}).`,

  tier2_cannot_convert: (p) =>
    `${str(p, "partner") ? `**${md(str(p, "partner"))}** is a tier 2 partner` : "Tier 2 partners"} and can't convert trials to paid orders here: tier 2 partners buy through a distributor. Contact your distributor to place the order.`,

  conversion_missing_services: (p) => {
    const missing = serviceList(L, list(p, "missing"));
    const order = str(p, "orderNumber");
    return paragraphs(
      `Order ${order ? `**${md(order)}**` : "you gave"} does not include ${missing || "every trial service"} from the trial. If you convert now, the customer loses ${missing || "those services"} (and their configuration) when the trial ends. Nothing was converted yet.`,
      // On the card: its own tick box; in chat: the command as typed (services included) plus confirm.
      str(p, "via") === "card"
        ? `Add the missing services to the order in CCW and convert again, or, to convert without them, tick **I understand: convert without the missing services** below and press **Convert** again.`
        : `Add the missing services to the order in CCW and convert again, or, to convert without them, send ${str(p, "command") ? code(str(p, "command")) : USAGE.convertConfirm}.`,
    );
  },

  confirmation_required: (p) => {
    const answer = str(p, "answer") || "Yes";
    const whose = str(p, "customer") ? ` the trial of **${md(str(p, "customer"))}**` : " this trial";
    if (str(p, "action") === "delete" || !str(p, "action")) {
      return `Deleting${whose} can't be undone. Nothing was deleted yet: to go ahead, confirm with **${md(answer)}**.`;
    }
    return `Please confirm before you ${ACTION[str(p, "action")] ?? md(str(p, "action"))}${whose}: answer **${md(answer)}**. Nothing was changed yet.`;
  },

  return_label_us_only: (p) => {
    const carrier = str(p, "carrier");
    const where = str(p, "country") ? ` Devices shipped to ${md(str(p, "country"))}` : " These devices";
    const how =
      carrier === "per_location"
        ? " go back by a process decided per location: ask the trials team how to return them."
        : carrier
          ? ` go back with ${md(carrier)}, which needs no replacement label from us: ask the trials team for the return details.`
          : " go back another way: ask the trials team how to return them.";
    return `A replacement return label can only be requested for devices in the US.${where}${how} To have the trials team decide the return process for the customer's location, use ${code("device label <customer> <serial> process")}.`;
  },

  serial_unknown: (p) => {
    const serials = list(p, "serials").map((s) => code(s));
    const shipped = capped(list(p, "shipped"), 20);
    const shippedText = shipped.shown.length
      ? ` Serial numbers shipped for this trial: ${shipped.shown.map((s) => code(s)).join(", ")}${shipped.more ? ` and ${shipped.more} more` : ""}.`
      : " No devices were recorded as shipped for this trial.";
    return `${serials.length ? `${joinList(L, serials)} ${serials.length === 1 ? "does" : "do"}` : "The serial number does"} not match any device shipped for this trial.${shippedText} Check the serial numbers and try again.`;
  },

  trials_team_details_missing: (p) => {
    const missing = capped(list(p, "missingSerials"), 20);
    const still = missing.shown.length
      ? ` (serial numbers still missing: ${missing.shown.map((s) => code(s)).join(", ")}${missing.more ? ` and ${missing.more} more` : ""})`
      : "";
    return `Without a demo order number, the trials team (${code(str(p, "trialsTeamEmail") || "webextrials_info@cisco.com")}) needs the customer org ID and the customer admin e-mail, or every device serial number${still}. Add one of these and send the request again: ${USAGE.deviceContact}.`;
  },

  not_customer_admin: (p) =>
    `Only an admin of ${customer(p, "the customer's organisation")} can do that. Ask one of your organisation's Webex admins to do it.`,

  grace_ended: (p) => {
    const action = ACTION[str(p, "action")] ?? "change";
    const end = dateParam(L, p, "endDate");
    const graceEnd = dateParam(L, p, "graceEndedAt", true);
    return `${end ? `This trial ended on ${end} and its` : "This trial's"} grace period ended${graceEnd ? ` at ${graceEnd}` : ""}, so you can no longer ${action} it: after the grace period a trial lapses and can't be brought back. Nothing was changed. If the customer is eligible, start a new trial (${USAGE.add}) or place a new order in CCW.`;
  },

  live_trial_exists: (p) => {
    const handle = str(p, "customerHandle") || "<customer>";
    const end = dateParam(L, p, "endDate");
    const state = str(p, "status") ? status(str(p, "status")) : "live";
    const svc = serviceList(L, list(p, "services"));
    return paragraphs(
      `${customer(p)} already has a trial with you (${state}${svc ? `: ${svc}` : ""}${end ? `, ends on ${end}` : ""}). A customer can have only one live trial with a partner, so no second trial was started.`,
      `Edit the live trial instead: add or remove services with ${code(`trial services ${handle} +calling -meetings`)}, extend it with ${code(`trial extend ${handle} <days>`)}, or see it with ${code(`trial show ${handle}`)}.`,
    );
  },

  customer_exists: (p) => {
    const handle = str(p, "customerHandle") || "<customer>";
    const live = str(p, "liveTrial");
    const next =
      live && live !== "none"
        ? `It already has a live trial (${status(live)}): edit that trial (${code(`trial services ${handle} +calling -meetings`)}) or see it with ${code(`trial show ${handle}`)}.`
        : `Start the trial for that customer instead: ${code(`trial add ${handle}`)}.`;
    return paragraphs(
      `${customer(p)} is already one of your customers (handle ${code(handle)}), so no new customer was created: a second one with the same name would make commands by name ambiguous.`,
      next,
    );
  },

  customer_not_found: (p) =>
    `${str(p, "customer") ? `No customer called **${md(echo(str(p, "customer")))}** was found` : "No customer was named"}. Check the name or its handle in ${USAGE.list}, or start a trial for a new customer with ${USAGE.start}.`,

  customer_ambiguous: (p) => {
    const matches = capped(list(p, "matches"), 10);
    return paragraphs(
      `${customer(p, "That name")} matches several customers:`,
      bullets([...matches.shown.map(md), ...(matches.more ? [`… and ${matches.more} more`] : [])]),
      "Say which one you mean: use its handle (the name in brackets).",
    );
  },

  no_trial: (p) =>
    str(p, "customer")
      ? `**${md(str(p, "customer"))}** has no trial with you. Start one first (${USAGE.add}), or check your trials with ${USAGE.list}.`
      : `That trial doesn't exist any more (it may have been deleted). See your trials with ${USAGE.list}.`,

  // Who changed it is unknown here (often the same person, in chat or on another card): no "someone else".
  changed_meanwhile: (p) => {
    const now = str(p, "status") ? ` (it is now ${status(str(p, "status"))})` : "";
    const show =
      str(p, "audience") === "customer" ? code("requests") : code(`trial show ${str(p, "handle") || "<customer>"}`);
    if (str(p, "card") === "removed") {
      return `That card was out of date: the trial of ${customer(p, "this customer")} changed after the card was made${now}. I removed the card and changed nothing. Type ${show} for an up-to-date card.`;
    }
    return `The trial of ${customer(p, "this customer")} changed while I was handling your request${now}. Nothing was changed. Type ${show} to see it as it is now, and try again.`;
  },

  not_registered: (p) =>
    `${str(p, "email") ? md(str(p, "email")) : "You"} ${str(p, "email") ? "is" : "are"} not registered with a partner organisation in this bot, so you can't manage trials yet. Ask a full admin of your partner organisation to register you.`,

  belongs_to_other_partner: (p) =>
    str(p, "kind") === "space"
      ? "This space is already linked to another partner organisation (or to the trials team), so only a bot admin can link it again. Nothing was changed."
      : str(p, "kind") === "customer"
        ? `${customer(p, "This customer")} is managed by another partner organisation, so only a bot admin can change it. Nothing was changed.`
        : `${str(p, "value") ? code(str(p, "value")) : "This person"} is registered with another partner organisation (or the trials team), so only a bot admin can move them. Nothing was changed.`,

  customer_guess: (p) =>
    `${customer(p, "That name")} is only part of a customer's name, and this command changes a trial. Did you mean **${md(str(p, "match"))}** (${code(str(p, "handle"))})? Nothing was changed: type the command again with the handle ${code(str(p, "handle"))} or the full name in quotes.`,
};
