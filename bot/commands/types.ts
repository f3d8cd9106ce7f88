// The command language: what a person typed, as a typed command. Parsing is purely syntactic;
// whether the person may run the command (R-ORG-2) and whether it makes business sense is decided
// later by the domain. See table.ts for the grammar of each command and who may use it.
import type { Language, PartnerTier, TrialStatus } from "../../domain/model.ts";
import type { PersonRole } from "../../domain/roles.ts";
import type { Service } from "../../domain/services.ts";

/** A customer as typed: a handle (`acme`) or a quoted name (`"Acme Corp"`), quotes removed. */
export type CustomerRef = string;

export interface DeviceUnitInput {
  model: string;
  /** Upper-cased. */
  serial: string;
}

export type Command =
  | { name: "help" /** `help trial extend`: the command asked about. */; topic?: CommandName }
  | { name: "whoami" }
  | { name: "lang"; language: Language }
  | { name: "trial.start" }
  | { name: "trial.start.existing" }
  | { name: "trial.add"; customer: CustomerRef }
  | { name: "trial.list"; expiringDays?: number; status?: TrialStatus }
  | { name: "trial.show"; customer: CustomerRef }
  | {
      name: "trial.extend";
      customer: CustomerRef;
      days: number;
      /** `confirm`: apply even when the new end is earlier than the current one (R-EXT-1). */
      confirm?: true;
    }
  | {
      name: "trial.services";
      customer: CustomerRef;
      add: Service[];
      remove: Service[];
      /** R-SVC-2: `site <name>.webex.com tz <zone>` when Meetings is added (validated by the domain). */
      site?: string;
      timeZone?: string;
    }
  | {
      name: "trial.convert";
      customer: CustomerRef;
      orderNumber: string;
      /** Lower-cased. */
      contactEmail: string;
      /** R-CONV-1 `as partner|customer`: which side the contact is on; absent = from the address. */
      contactKind?: "partner" | "customer_admin";
      /** R-CONV-1 `admin <email>`: the trial customer admin; absent = the trial's admin. Lower-cased. */
      trialAdminEmail?: string;
      /** Services in the paid order; absent = every trial service (R-CONV-3). */
      services?: Service[];
      /** `confirm`: convert even with trial services missing from the order (R-CONV-3). */
      confirm: boolean;
    }
  | { name: "trial.cancel"; customer: CustomerRef; reason?: string }
  | { name: "trial.delete"; customer: CustomerRef }
  | { name: "trial.resend"; customer: CustomerRef }
  | { name: "trial.provision"; customer: CustomerRef }
  | {
      name: "device.ship";
      customer: CustomerRef;
      /** yyyy-mm-dd, a real calendar date (R-DEV-1). */
      eulaDate: string;
      units: DeviceUnitInput[];
      /** ISO 3166-1 alpha-2, upper-cased; absent = the customer's country. */
      country?: string;
    }
  | { name: "device.return"; customer: CustomerRef; serials: string[] }
  | {
      name: "device.label";
      customer: CustomerRef;
      serial: string;
      /** R-DEV-2 `process`: the trials team decides the location's return process instead of a new label. */
      process?: boolean;
    }
  /** R-EXT-2: ops decide the pending device-trial extension. */
  | { name: "device.approve"; customer: CustomerRef }
  | { name: "device.deny"; customer: CustomerRef }
  | {
      name: "device.contact";
      customer: CustomerRef;
      demoOrder?: string;
      orgId?: string;
      /** Lower-cased. */
      adminEmail?: string;
      serials?: string[];
    }
  | {
      name: "customer.import";
      /** The CSV typed on the lines after the command; null when none (an attached file is expected). */
      csv: string | null;
      /** The message line the CSV starts on, for error line numbers (pass to parseCustomerCsv). */
      firstLine: number;
    }
  | { name: "audit"; customer: CustomerRef }
  | { name: "partner.add"; partnerName: string; tier: PartnerTier; timeZone?: string; domains?: string[] }
  | { name: "person.add" /** Lower-cased. */; email: string; role: PersonRole; partner?: string }
  | { name: "person.remove"; email: string }
  | {
      name: "space.link";
      /** `space link ops` → ops (partner null); `space link <partner> [partner]` → partner. */
      kind: "partner" | "ops";
      partner: string | null;
    }
  | { name: "yes" }
  | { name: "no" }
  /** R-CONSENT-7: the trial requests waiting for this customer admin, and their organisation's trials. */
  | { name: "requests" }
  /**
   * R-CONSENT-7: accept a trial request by command, as on the card. `which` names the partner or
   * the customer (absent: the only request waiting); `full` is the card's "full admin access"
   * tick (R-CONSENT-3).
   */
  | { name: "accept"; which?: string; full: boolean }
  | { name: "decline"; which?: string }
  /** R-INT-1: "I'm interested in purchasing", by command. */
  | { name: "interested"; which?: string }
  | { name: "clock.show" }
  | { name: "clock.advance"; amount: number; unit: "d" | "h" };

export type CommandName = Command["name"];
export type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;

/** What was wrong with a command's arguments; each has a `problem.<key>` message. */
export const USAGE_PROBLEMS = [
  "missing_customer",
  "unexpected", // params: value, and hint "quotes" when a name with spaces was probably meant
  "missing_value", // params: option (the keyword that needs a value)
  "duplicate_option", // params: option
  "missing_option", // params: option
  "days_invalid", // params: value, min, max
  "number_invalid", // params: value, min, max
  "status_invalid", // params: value
  "services_missing",
  "service_change_invalid", // params: value
  "service_unknown", // params: value
  "service_conflict", // params: value
  "email_invalid", // params: value
  "language_invalid", // params: value
  "date_invalid", // params: value
  "unit_invalid", // params: value
  "units_missing",
  "serial_invalid", // params: value
  "serials_missing",
  "country_invalid", // params: value
  "contact_details_missing",
  "tier_invalid", // params: value
  "tier_missing",
  "timezone_invalid", // params: value
  "domain_invalid", // params: value
  "role_invalid", // params: value
  "role_missing",
  "email_missing",
  "name_missing",
  "space_target_missing",
  "space_kind_invalid", // params: value
  "duration_invalid", // params: value
  "order_invalid", // params: value
  "org_invalid", // params: value
  "reason_too_long", // params: max, length
  "contact_kind_invalid", // params: value
] as const;
export type UsageProblem = (typeof USAGE_PROBLEMS)[number];

export type ParseError =
  /** The message has control characters (NUL…): nothing of it is read. */
  | { kind: "control_character" }
  | {
      kind: "unknown" /** The first line as typed. */;
      input: string /** A command phrase, e.g. "trial list". */;
      suggestion?: string;
    }
  | {
      kind: "usage";
      /** The command's name (its table key), e.g. "trial.extend". */
      command: CommandName;
      /** What was wrong: a `problem.<key>` message key. */
      problem: UsageProblem;
      /** Details for the message (the offending value, limits, the option). */
      params?: Record<string, string>;
    };

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export interface ParseOptions {
  /** The sandbox's test clock is on: `clock show` / `clock advance` exist. */
  testClock: boolean;
}

// The CSV header lives with the import use case (app/customer-import.ts), where the i18n texts can read it too.
export { CSV_COLUMNS, type CsvColumn } from "../../app/customer-import.ts";
