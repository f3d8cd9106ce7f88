// English texts of the command language: usage lines (`usage.<command>`), one-line help
// (`help.<command>`), the unknown-command reply, usage-error replies (`problem.<key>`) and
// `customer import` CSV errors (`csv.<key>`). Commands are typed in English in every language;
// usage lines are returned as inline code.

import { CSV_COLUMNS } from "../../../app/customer-import.ts";
import { TRIAL_STATUSES } from "../../../domain/model.ts";
import { PERSON_ROLES } from "../../../domain/roles.ts";
import { SERVICES as SERVICE_IDS } from "../../../domain/services.ts";
import { code, str } from "../format.ts";

type Params = Record<string, unknown>;

const SERVICES = SERVICE_IDS.join(", ");
const STATUSES = TRIAL_STATUSES.join(", ");
const ROLES = PERSON_ROLES.join(", ");
const CSV_HEADER_EXAMPLE = CSV_COLUMNS.join(",");

const v = (p: Params, key = "value"): string => code(str(p, key));

/** Usage lines, as typed. */
const USAGE: Record<string, string> = {
  help: "help [command]",
  whoami: "whoami",
  lang: "lang en|ko",
  "trial.start": "trial start",
  "trial.start.existing": "trial start existing",
  "trial.add": "trial add <customer>",
  "trial.list": "trial list [expiring <days>] [status <status>]",
  "trial.show": "trial show <customer>",
  "trial.extend": "trial extend <customer> <days> [confirm]",
  "trial.services": "trial services <customer> +<service> -<service> … [site <name>.webex.com tz <zone>]",
  "trial.convert":
    "trial convert <customer> order <number> contact <email> [as partner|customer] [admin <email>] [services <s1,s2>] [confirm]",
  "trial.cancel": "trial cancel <customer> [reason…]",
  "trial.delete": "trial delete <customer>",
  "trial.resend": "trial resend <customer>",
  "trial.provision": "trial provision <customer>",
  "device.ship": "device ship <customer> eula <yyyy-mm-dd> <model>:<serial> [<model>:<serial> …] [country <CC>]",
  "device.return": "device return <customer> <serial> [<serial> …]",
  "device.label": "device label <customer> <serial> [process]",
  "device.contact": "device contact <customer> [demo <order>] [org <orgId>] [admin <email>] [serials <s1,s2>]",
  "device.approve": "device approve <customer>",
  "device.deny": "device deny <customer>",
  "customer.import": "customer import (CSV rows on the next lines, or an attached .csv file)",
  audit: "audit <customer>",
  "partner.add": "partner add <name> tier1|tier2 [tz <IANA zone>] [domains <d1,d2>]",
  "person.add": "person add <email> <role> [partner]",
  "person.remove": "person remove <email>",
  "space.link": "space link <partner> partner|ops  (or: space link ops)",
  yes: "yes",
  no: "no",
  requests: "requests",
  accept: "accept [partner|customer] [full]",
  decline: "decline [partner|customer]",
  interested: "interested [partner|customer]",
  "clock.show": "clock show",
  "clock.advance": "clock advance <n>d|<n>h",
};

const HELP: Record<string, string> = {
  help: "Show what you can do, or how to use one command.",
  whoami: "Show who I think you are: your role and partner.",
  lang: "Choose the language I answer you in: English or Korean.",
  "trial.start": "Start a trial for a new customer (opens a card).",
  "trial.start.existing":
    "Start a trial for an existing customer with no sales relationship; the customer's full admin must consent.",
  "trial.add": "Start a trial for a paying customer you manage (opens a card).",
  "trial.list": "List your trials, optionally those ending within some days or with one status.",
  "trial.show": "Show a customer's trial: services, status, dates.",
  "trial.extend":
    "Extend a trial: it then ends that many days from today (at most 30); add confirm when that is earlier than its current end.",
  "trial.services": "Add (+) or remove (-) services of a trial: messaging, meetings, calling, devices.",
  "trial.convert":
    "Convert a trial to a paid order (tier 1 partners), with the order number and a provisioning contact (yourself is recommended; say whether the contact is the partner or the customer admin, and the trial customer admin's e-mail if not the one the trial was set up with). Trial devices still go back.",
  "trial.cancel": "Cancel a trial, with an optional reason.",
  "trial.delete": "Delete a trial (I ask you to confirm with Yes).",
  "trial.resend": "Send the consent request to the customer again.",
  "trial.provision": "Complete provisioning after the customer consented (opens a card).",
  "device.ship": "Record the devices shipped for a trial, with the device expiry date from the EULA message.",
  "device.return": "Record the serial numbers of the devices that came back.",
  "device.label":
    "A lost return label: ask for a new one (US only), or with `process` ask the trials team to decide the return process for the customer's location.",
  "device.contact":
    "Write to the trials team (webextrials_info@cisco.com) about a trial's devices; the bot drafts the message.",
  "device.approve": "Approve the pending device trial extension: the trial then ends on the date requested.",
  "device.deny": "Deny the pending device trial extension: the end date stays.",
  "customer.import": "Import existing customers, their admins, purchased services and managing partners from CSV.",
  audit: "Show the audit log of a customer's trials.",
  "partner.add": "Register a partner organisation.",
  "person.add": "Register a person with a role, or change their role.",
  "person.remove": "Remove a registered person.",
  "space.link": "Link this space to a partner, or make it the ops space.",
  yes: "Confirm what I asked about.",
  no: "Decline what I asked about.",
  requests: "See the trial requests waiting for your answer and your organisation's trials.",
  accept:
    "Accept a trial request (full admins of the customer). Add full to give the partner full admin access (provision, and manage users and licences); without it the partner may only provision the trial services.",
  decline: "Decline a trial request: it is cancelled and the partner is told.",
  interested: "Tell your partner you are interested in buying the trial services.",
  "clock.show": "Show the test clock's time.",
  "clock.advance": "Move the test clock forward by days (d) or hours (h).",
};

const PROBLEMS: Record<string, (p: Params) => string> = {
  reason_too_long: (p) =>
    `The reason is too long (${str(p, "length")} characters): at most ${str(p, "max")} characters, as on the cancel card.`,
  missing_customer: () =>
    `Which customer? Give its handle (${code("acme")}) or its name in quotes (${code('"Acme Corp"')}).`,
  unexpected: (p) =>
    str(p, "hint") === "quotes"
      ? `I didn't expect ${v(p)} there. If the name has spaces, put it in quotes: ${code(`"${str(p, "example")}"`)}.`
      : `I didn't expect ${v(p)} there.`,
  missing_value: (p) => `${v(p, "option")} needs a value after it.`,
  duplicate_option: (p) => `${v(p, "option")} is given twice.`,
  missing_option: (p) => `${v(p, "option")} is missing.`,
  days_invalid: (p) =>
    `${v(p)} is not a number of days: give a whole number from ${str(p, "min")} to ${str(p, "max")}.`,
  number_invalid: (p) => `${v(p)} is not a whole number from ${str(p, "min")} to ${str(p, "max")}.`,
  status_invalid: (p) => `${v(p)} is not a trial status. Statuses: ${STATUSES}.`,
  services_missing: () => `Say which services to add or remove, e.g. ${code("+calling -meetings")}.`,
  service_change_invalid: (p) =>
    `${v(p)}: put + before a service to add it or - to remove it, e.g. ${code("+calling")}.`,
  service_unknown: (p) => `${v(p)} is not a service. Services: ${SERVICES}.`,
  service_conflict: (p) => `${v(p)} is both added and removed.`,
  email_invalid: (p) => `${v(p)} is not an e-mail address.`,
  language_invalid: (p) => `${v(p)} is not a language I speak: use ${code("en")} (English) or ${code("ko")} (한국어).`,
  date_invalid: (p) => `${v(p)} is not a date: write it as yyyy-mm-dd, e.g. 2027-03-31.`,
  unit_invalid: (p) => `${v(p)} is not a device: write model:serial, e.g. ${code("DX80:FOC1234ABCD")}.`,
  units_missing: () => `List the shipped devices as model:serial, e.g. ${code("DX80:FOC1234ABCD")}.`,
  serial_invalid: (p) => `${v(p)} is not a serial number (letters, digits and dashes).`,
  serials_missing: () => "Give the device serial numbers.",
  country_invalid: (p) => `${v(p)} is not a country code: use two letters, e.g. US, DE, KR.`,
  contact_details_missing: () =>
    `Give the trials team the demo order number (${code("demo <order>")}), or the customer's org ID and admin e-mail (${code("org <orgId> admin <email>")}), or every serial number (${code("serials <s1,s2>")}).`,
  tier_invalid: (p) => `${v(p)} is not a partner tier: use ${code("tier1")} or ${code("tier2")}.`,
  tier_missing: () => `Give the partner's tier: ${code("tier1")} or ${code("tier2")}.`,
  timezone_invalid: (p) => `${v(p)} is not an IANA time zone, e.g. Europe/London or Asia/Seoul.`,
  domain_invalid: (p) => `${v(p)} is not an e-mail domain, e.g. example.com.`,
  role_invalid: (p) => `${v(p)} is not a role. Roles: ${ROLES}.`,
  role_missing: () => `Give the person's role: ${ROLES}.`,
  email_missing: () => "Give the person's e-mail address.",
  name_missing: () => "Give the partner's name (in quotes if it has spaces).",
  space_target_missing: () => `Say which partner this space is for, or ${code("ops")} for the ops space.`,
  space_kind_invalid: (p) => `${v(p)}: say ${code("partner")} or ${code("ops")}.`,
  contact_kind_invalid: (p) =>
    `${v(p)}: say whether the provisioning contact is the partner (${code("as partner")}) or the customer admin (${code("as customer")}).`,
  duration_invalid: (p) => `${v(p)} is not a duration: write days as ${code("3d")} or hours as ${code("12h")}.`,
  order_invalid: (p) => `${v(p)} is not an order number.`,
  org_invalid: (p) => `${v(p)} is not a Webex organisation ID.`,
};

const CSV: Record<string, (p: Params) => string> = {
  missing: () =>
    `Send the customers on the lines after ${code("customer import")}, or attach a .csv file. The first row is the header: ${code(CSV_HEADER_EXAMPLE)} (lists separated by ;).`,
  malformed: (p) => `The CSV cannot be read here (${str(p, "detail")}).`,
  header_missing: (p) => `The header lacks ${str(p, "columns")}. The header is: ${code(CSV_HEADER_EXAMPLE)}.`,
  header_unknown: (p) =>
    `The header has unknown column(s) ${str(p, "columns")}. The header is: ${code(CSV_HEADER_EXAMPLE)}.`,
  header_duplicate: (p) => `The header names ${v(p)} twice.`,
  no_rows: () => "There are no customer rows after the header.",
  too_many_rows: (p) => `At most ${str(p, "max")} customers can be imported at once.`,
  columns: (p) => `This row has ${str(p, "found")} values; the header has ${str(p, "expected")}.`,
  required: (p) => `The ${str(p, "field")} column is empty.`,
  email: (p) => `${v(p)} in ${str(p, "field")} is not an e-mail address.`,
  service: (p) => `${v(p)} in purchased_services is not a service (${SERVICES}).`,
  country: (p) => `${v(p)} is not a two-letter country code.`,
  country_unknown: (p) => `${v(p)} is not a country code I know.`,
  country_not_offered: (p) => `Webex is not offered in ${v(p)}.`,
  handle: (p) => `${v(p)} is not a handle: use lower-case letters, digits and dashes.`,
  handle_duplicate: (p) => `Handle ${v(p)} is also on line ${str(p, "other")}.`,
  full_admin_missing: () => "The full_admin_emails column needs at least one full admin of the customer.",
  name_too_long: (p) => `The name is longer than ${str(p, "max") || "100"} characters.`,
  line: (p) => `Line ${str(p, "line")}: ${str(p, "problem")}`,
  file: (p) => `The CSV: ${str(p, "problem")}`,
  errors_title: (p) => `The CSV has ${str(p, "count")} problem(s); fix them and send it again:`,
};

function prefixed(prefix: string, table: Record<string, (p: Params) => string>): Record<string, (p: Params) => string> {
  return Object.fromEntries(Object.entries(table).map(([k, f]) => [`${prefix}${k}`, f]));
}

export const commands: Record<string, (p: Record<string, unknown>) => string> = {
  ...Object.fromEntries(Object.entries(USAGE).map(([k, line]) => [`usage.${k}`, () => code(line)])),
  ...Object.fromEntries(Object.entries(HELP).map(([k, line]) => [`help.${k}`, () => line])),
  ...prefixed("problem.", PROBLEMS),
  ...prefixed("csv.", CSV),
  unknown: (p) =>
    str(p, "suggestion")
      ? `I don't know ${v(p, "input")}. Did you mean ${v(p, "suggestion")}? Type ${code("help")} for what you can do.`
      : `I don't know ${v(p, "input")}. Type ${code("help")} for what you can do.`,
  usage_error: (p) => `${str(p, "problem")}\nUsage: ${str(p, "usage")}`,
  control_character: () =>
    "Your message contains control characters (such as a NUL byte) that can't be part of a command. Nothing was done; type the command again as plain text.",
  "help.title": () => "Here is what you can do:",
  "help.customer_admin": () =>
    `As an admin of a customer organisation you answer your partners' trial requests here (or on the request cards) and follow your trials. Name the partner when several requests wait, e.g. ${code('accept "Bright Partners" full')}.`,
  "help.unregistered": () =>
    `You are not registered yet: ask a full admin of your partner to add you (${code("person add <email> <role>")}).`,
  "help.footer": () =>
    `Put a customer name with spaces in quotes: ${code('trial show "Acme Corp"')}. Type ${code("help <command>")} for one command.`,
  "help.topic": (p) => `${str(p, "usage")}\n${str(p, "help")}`,
};
