// English replies to chat commands (`reply.<key>`): confirmations, lists, who-am-I, the intro.
import {
  bullets,
  code,
  formatDate,
  formatDateTime,
  lines,
  list,
  md,
  num,
  records,
  serviceList,
  str,
} from "../format.ts";
import type { Render } from "../types.ts";
import { ACCESS, EVENT, KIND, MESSAGE_NAME, STATUS_SHORT, SYSTEM_ACTOR, UNDELIVERABLE } from "./words.ts";

const status = (s: string) => STATUS_SHORT[s] ?? s.replace(/_/g, " ");

const trialLine = (p: Record<string, unknown>): string => {
  const left = num(p, "daysLeft");
  const date = str(p, "endDate") ? formatDate("en", str(p, "endDate")) : "";
  const over = ["converted", "cancelled", "lapsed", "deleted"].includes(str(p, "status"));
  // A trial that is over has no end to count down to: a converted one names its paid order.
  const end = str(p, "orderNumber")
    ? `order ${code(str(p, "orderNumber"))}`
    : over
      ? date
        ? `trial end ${date}`
        : "never started"
      : !date
        ? "not started"
        : left !== null && left < 0
          ? `ended ${date}`
          : `ends ${date}${left === null ? "" : left === 0 ? " (today)" : ` (${left} day${left === 1 ? "" : "s"} left)`}`;
  return `**${md(str(p, "customer"))}** (${code(str(p, "handle"))})${str(p, "partner") ? `, partner **${md(str(p, "partner"))}**` : ""} — ${status(str(p, "status"))}, ${serviceList("en", list(p, "services"))}, ${end}`;
};

export const replies: Record<string, Render> = {
  "reply.intro": () =>
    lines(
      "Hi, I'm **trials-bot**: I run Webex service trials from chat.",
      `To link this space, a bot admin or a partner full admin types ${code("space link <partner> partner")} here (or ${code("space link ops")} for the ops space).`,
      `Type ${code("help")} to see what you can do.`,
    ),
  "reply.whoami": (p) =>
    lines(
      `You are ${code(str(p, "email"))}.`,
      str(p, "role")
        ? `Role: **${str(p, "role").replace(/_/g, " ")}**${str(p, "partner") ? ` at **${md(str(p, "partner"))}**` : ""}.`
        : "You are not registered with trials-bot: ask your partner's full admin to add you.",
      p.isBotAdmin ? "You are a bot admin." : null,
      `Language: ${str(p, "language")}.`,
    ),
  "reply.lang_set": (p) => `Done: I'll write to you in ${str(p, "language") === "ko" ? "Korean" : "English"}.`,
  "reply.trial_list": (p) => {
    const rows = records(p, "rows");
    const n = num(p, "expiringDays");
    const filter = [
      n !== null ? `ending within ${n} day${n === 1 ? "" : "s"}` : "",
      str(p, "statusFilter") ? `${status(str(p, "statusFilter"))}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    p = { ...p, filter: filter ? `(${filter})` : "" };
    if (rows.length === 0)
      return `No trials${str(p, "filter") ? ` ${str(p, "filter")}` : ""}. Start one with ${code("trial start")}.`;
    return lines(
      `**${rows.length} trial${rows.length === 1 ? "" : "s"}**${str(p, "filter") ? ` ${str(p, "filter")}` : ""}:`,
      bullets(rows.map(trialLine)),
    );
  },
  "reply.trial_show": (p) =>
    lines(
      trialLine(p),
      `Kind: ${KIND[str(p, "kind")] ?? str(p, "kind").replace(/_/g, " ")}; started ${str(p, "startDate") ? formatDate("en", str(p, "startDate")) : "—"}; length ${str(p, "lengthDays")} days.`,
      str(p, "siteUrl") ? `Meetings site: ${str(p, "siteUrl")} (${str(p, "siteTimeZone")})` : null,
      str(p, "consentDeadline")
        ? `Consent requested from ${code(str(p, "consentAdminEmail"))}; window closes ${formatDate("en", str(p, "consentDeadline"))}.`
        : null,
      str(p, "access") ? `Partner access: ${ACCESS[str(p, "access")] ?? str(p, "access").replace(/_/g, " ")}.` : null,
      str(p, "orderNumber") ? `Converted with order ${code(str(p, "orderNumber"))}.` : null,
      num(p, "devices")
        ? `Devices: ${num(p, "devices")} shipped, ${num(p, "devicesOut")} still out, ${num(p, "devicesFlagged")} flagged.`
        : null,
      str(p, "pendingExtension")
        ? `A device-trial extension to end on ${formatDate("en", str(p, "pendingExtension"))} waits for the trials team.`
        : null,
      ...records(p, "undelivered").map(
        (u) =>
          `Not delivered (${formatDate("en", str(u, "at"))}): ${MESSAGE_NAME[str(u, "what")] ?? "a message"} to ${code(str(u, "recipient"))}: ${UNDELIVERABLE[str(u, "reason")] ?? UNDELIVERABLE.failed}.`,
      ),
    ),
  "reply.done": (p) => `Done: ${str(p, "what")}.`,
  // R-EXT-1: both dates, so a shortening or a small move reads as what it is.
  "reply.extended": (p) =>
    `Done: the trial of **${md(str(p, "customer"))}** now ends on ${formatDate("en", str(p, "endDate"))}${str(p, "previousEndDate") ? ` (was ${formatDate("en", str(p, "previousEndDate"))})` : ""}.`,
  "reply.extension_requested": (p) =>
    lines(
      `The extension of **${md(str(p, "customer"))}**'s device trial to end on ${formatDate("en", str(p, "requestedEndDate"))} went to the trials team for approval; until then it still ends on ${formatDate("en", str(p, "endDate"))}. You'll hear back here.`,
      str(p, "replacedEndDate")
        ? `It replaces the earlier request to end on ${formatDate("en", str(p, "replacedEndDate"))}.`
        : null,
    ),
  // R-EXT-2: an ops decision typed in chat.
  "reply.extension_approved": (p) =>
    `Approved: the device trial of **${md(str(p, "customer"))}** now ends on ${formatDate("en", str(p, "endDate"))}${str(p, "previousEndDate") ? ` (was ${formatDate("en", str(p, "previousEndDate"))})` : ""}; the partner was told.`,
  "reply.extension_denied": (p) =>
    `Denied: the device trial of **${md(str(p, "customer"))}** keeps its end date, ${formatDate("en", str(p, "endDate"))} (the request was to end on ${formatDate("en", str(p, "requestedEndDate"))}); the partner was told.`,
  "reply.services_changed": (p) =>
    `Done: **${md(str(p, "customer"))}** now trials ${serviceList("en", list(p, "services"))}.`,
  "reply.converted": (p) =>
    lines(
      `Done: **${md(str(p, "customer"))}** is converted with order ${code(str(p, "orderNumber"))}; trial usage data is kept.${str(p, "contact") ? ` The provisioning message with the "Set up service" link went to ${code(str(p, "contact"))}.` : ""}`,
      p.devicesReturn
        ? "The trial devices are not part of the order: they must still go back when the device trial is over. Order devices for the paid service through CCW."
        : null,
    ),
  "reply.cancelled": (p) => `Done: the trial of **${md(str(p, "customer"))}** is cancelled.`,
  "reply.deleted": (p) => `Done: the trial of **${md(str(p, "customer"))}** is deleted and its timers are cancelled.`,
  "reply.resent": (p) => `Done: the consent request for **${md(str(p, "customer"))}** was sent again.`,
  "reply.provisioned": (p) =>
    `Done: the trial of **${md(str(p, "customer"))}** is active until ${formatDate("en", str(p, "endDate"))}.`,
  "reply.devices_shipped": (p) =>
    `Done: ${num(p, "count")} device(s) recorded for **${md(str(p, "customer"))}**; returns are due ${formatDate("en", str(p, "dueDate"))}.`,
  "reply.devices_returned": (p) =>
    lines(
      `Done: return recorded for **${md(str(p, "customer"))}**.`,
      list(p, "flagged").length
        ? `Flagged (serials do not match): ${list(p, "flagged").map(code).join(", ")}. The flag stays open.`
        : null,
    ),
  "reply.trials_team_told": (p) => {
    const serials = list(p, "serials");
    const email = str(p, "trialsTeamEmail") || "webextrials_info@cisco.com";
    return lines(
      `Done: the trials team has the request for **${md(str(p, "customer"))}** in the ops space.`,
      `To write to the trials team yourself: ${code(email)}. A draft:`,
      `> **To:** ${code(email)}`,
      `> **Subject:** Trial devices of ${md(str(p, "customer"))}`,
      `> Hello trials team, we have a question about the trial devices of ${md(str(p, "customer"))}.`,
      str(p, "demoOrder") ? `> Demo order number: ${md(str(p, "demoOrder"))}` : "> We have no demo order number.",
      str(p, "orgId") ? `> Customer org ID: ${md(str(p, "orgId"))}` : null,
      str(p, "adminEmail") ? `> Customer admin e-mail: ${md(str(p, "adminEmail"))}` : null,
      serials.length ? `> Device serial numbers: ${serials.map(md).join(", ")}` : null,
    );
  },
  "reply.return_label_requested": (p) =>
    `Done: the trials team has the request for a new return label for device ${code(str(p, "serial"))} of **${md(str(p, "customer"))}** (US, UPS). The customer then books the UPS pickup.`,
  "reply.return_process_requested": (p) =>
    `Done: the trials team will decide how device ${code(str(p, "serial"))} of **${md(str(p, "customer"))}** goes back from the customer's location; you'll hear back here.`,
  "reply.confirm_delete": (p) =>
    `Delete the trial of **${md(str(p, "customer"))}** (${status(str(p, "status"))})? Every pending timer is cancelled. Answer ${code("yes")} to delete, or ${code("no")} to keep it.`,
  "reply.nothing_to_confirm": () => `There is nothing waiting for a yes or no from you.`,
  "reply.kept": () => `OK, nothing was deleted.`,
  "reply.partner_added": (p) => `Done: partner **${md(str(p, "name"))}** (${str(p, "tier")}, ${str(p, "timeZone")}).`,
  "reply.person_added": (p) =>
    `Done: ${code(str(p, "email"))} is **${str(p, "role").replace(/_/g, " ")}**${str(p, "partner") ? ` at **${md(str(p, "partner"))}**` : ""}.`,
  "reply.person_removed": (p) => `Done: ${code(str(p, "email"))} is no longer registered.`,
  "reply.space_linked": (p) =>
    str(p, "kind") === "ops" && str(p, "partner")
      ? `Done: this is the ops space of **${md(str(p, "partner"))}**. Expiry events of its own trials come here.`
      : str(p, "kind") === "ops"
        ? `Done: this is the ops space. Expiry events and the daily digest come here.`
        : `Done: this space belongs to **${md(str(p, "partner"))}**. Trial news for the partner comes here.`,
  "reply.import_done": (p) =>
    lines(
      `Imported: ${num(p, "created")} new, ${num(p, "updated")} updated.`,
      ...records(p, "problems").map((x) =>
        str(x, "problem") === "not_your_customer"
          ? `Line ${str(x, "line")}: customer ${code(str(x, "value"))} is managed by another partner (only a bot admin can change it); that row was skipped.`
          : str(x, "problem") === "not_your_partner"
            ? `Line ${str(x, "line")}: partner ${code(str(x, "value"))} is not yours (you can import customers for your own partner only); that row was skipped.`
            : `Line ${str(x, "line")}: partner ${code(str(x, "value"))} is not registered (${code("partner add")} first); that row was skipped.`,
      ),
    ),
  "reply.import_needs_csv": () =>
    `Paste the CSV rows on the lines after ${code("customer import")}, or attach the CSV file to the message.`,
  "reply.audit": (p) => {
    const entries = records(p, "entries");
    if (entries.length === 0) return `Nothing recorded for **${md(str(p, "customer"))}** yet.`;
    return lines(
      `**Audit log of ${md(str(p, "customer"))}** (latest ${entries.length}):`,
      bullets(
        entries.map(
          (e) =>
            `${formatDateTime("en", str(e, "at"), str(p, "timeZone") || "UTC")} — ${EVENT[str(e, "action")] ?? str(e, "action").replace(/[._]/g, " ")}, by ${str(e, "actor").startsWith("system:") ? SYSTEM_ACTOR : md(str(e, "actor"))}`,
        ),
      ),
    );
  },
  "reply.card_needed": () =>
    `Trials are started and provisioned with a card; the card forms are not in this version of trials-bot yet.`,
  "reply.clock": (p) =>
    `Test clock: ${formatDateTime("en", str(p, "now"), str(p, "timeZone") || "UTC")}${num(p, "fired") !== null ? ` (${num(p, "fired")} timer(s) fired)` : ""}.`,
  "reply.card_follows": () =>
    `What would you like to do? (This message has a card: open it in a Webex app that shows cards.)`,
  "reply.failed": () => `Something went wrong on my side and nothing was changed. Please try again in a minute.`,
  // R-CONSENT-7: what a customer admin sees and answers in chat.
  "reply.requests": (p) => {
    const requests = records(p, "requests");
    const trials = records(p, "trials");
    const request = (r: Record<string, unknown>) =>
      `**${md(str(r, "partner"))}** asks to start a trial of ${serviceList("en", list(r, "services"))} for **${md(str(r, "customer"))}**${str(r, "deadline") ? `; answer by ${str(r, "deadline")}` : ""}.` +
      (r.canAnswer
        ? ` Type ${code(`accept ${quoted(str(r, "partner"))}`)} (the partner becomes a provisioning admin: it may only provision the trial services), ${code(`accept ${quoted(str(r, "partner"))} full`)} (full admin access: it may also manage your users and licences) or ${code(`decline ${quoted(str(r, "partner"))}`)}.`
        : " Only a full admin of your organisation can accept or decline it.");
    const trial = (t: Record<string, unknown>) =>
      `**${md(str(t, "customer"))}** with **${md(str(t, "partner"))}** — ${status(str(t, "status"))}, ${serviceList("en", list(t, "services"))}${str(t, "endDate") ? `, ends ${formatDate("en", str(t, "endDate"))}` : ""}`;
    return lines(
      requests.length
        ? lines(`**Trial requests waiting for your answer (${requests.length}):**`, bullets(requests.map(request)))
        : "No trial request is waiting for your answer.",
      trials.length
        ? lines(
            "",
            `**Your organisation's trials:**`,
            bullets(trials.map(trial)),
            `To tell the partner you are interested in buying, type ${code("interested")} (with the partner's name when there are several).`,
          )
        : null,
    );
  },
  "reply.customer_none": (p) => {
    const options = records(p, "options");
    const what = str(p, "kind") === "request" ? "trial request" : "active trial";
    const head = str(p, "which")
      ? `No ${what} of yours matches ${code(str(p, "which"))}.`
      : `You have no ${what} to answer.`;
    return lines(
      head,
      options.length
        ? `Name one of: ${options.map((o) => code(quoted(str(o, "partner")))).join(", ")} (or the customer's handle).`
        : `Type ${code("requests")} to see what is waiting for you.`,
    );
  },
  "reply.customer_pick": (p) =>
    lines(
      `Which one? Name the partner (or the customer's handle):`,
      bullets(
        records(p, "options").map(
          (o) => `${code(quoted(str(o, "partner")))} — for **${md(str(o, "customer"))}** (${code(str(o, "handle"))})`,
        ),
      ),
    ),
  "reply.accepted": (p) => str(p, "text"),
  "reply.whoami_customer": (p) =>
    lines(
      `You are ${code(str(p, "email"))}, ${records(p, "customers")
        .map((c) => `${c.fullAdmin ? "a full admin" : "an admin"} of **${md(str(c, "name"))}**`)
        .join(" and ")}.`,
      `You can see the trial requests waiting for you and your trials (${code("requests")}), accept or decline a request (${code("accept")}, ${code("decline")}), and tell your partner you are interested in buying (${code("interested")}). Type ${code("help")} for how.`,
      `Language: ${str(p, "language") === "ko" ? "Korean" : "English"} (${code("lang en")} or ${code("lang ko")} to change it).`,
    ),
};

/** A name as typed in a command: quoted when it has spaces. */
function quoted(name: string): string {
  return /\s/.test(name) ? `"${name}"` : name;
}
