// parseCommand: what a person typed → a typed Command, a usage error naming what was wrong, or
// "unknown" with the closest command. Purely syntactic: who may run it (R-ORG-2) and whether it
// makes business sense (R-EXT-1's 30-day cap, R-DEV-4, …) is for the domain.
//
// Tokenising (quotes, runs of spaces) is yargs-parser's; closest-command suggestions use
// fastest-levenshtein.
import { distance } from "fastest-levenshtein";
import yargsParser from "yargs-parser";
import { isIsoDate } from "../../domain/calendar.ts";
import { must } from "../../domain/invariant.ts";
import { MAX_EXTENSION_DAYS } from "../../domain/manage.ts";
import { type Language, type PartnerTier, TRIAL_STATUSES, type TrialStatus } from "../../domain/model.ts";
import { lookupCountry } from "../../domain/regions.ts";
import { isPersonRole } from "../../domain/roles.ts";
import { parseService, type Service } from "../../domain/services.ts";
import { hasControlCharacters, isEmail, isValidTimeZone, normaliseEmail, REASON_MAX } from "../../domain/validation.ts";
import { availableCommands, type CommandEntry, phrase } from "./table.ts";
import type {
  Command,
  CommandName,
  CommandOf,
  DeviceUnitInput,
  ParseOptions,
  ParseResult,
  UsageProblem,
} from "./types.ts";

/** Days typed in commands: whole numbers in this range (the domain applies tighter rules, R-EXT-1). */
export const MIN_DAYS = 1;
export const MAX_DAYS = 999;

// ---- tokens ---------------------------------------------------------------------------------

interface Token {
  /** The text without its surrounding quotes. */
  text: string;
  quoted: boolean;
  /** The quote it opened was closed (false for `"no way` at the end of a line). */
  closed?: boolean;
}

/** Curly quotes (phones and Macs autocorrect them) and odd spaces become plain ones. */
function normaliseLine(line: string): string {
  return line
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .trim();
}

const YARGS_CONFIG = {
  "parse-numbers": false,
  "parse-positional-numbers": false,
  // Stop option parsing at the first word: everything becomes a positional, in order, untouched
  // ("-meetings", "-5" and "--" included).
  "halt-at-non-option": true,
} as const;

export function tokenise(line: string): Token[] {
  // Without quotes, yargs-parser's tokens are the runs between spaces (test/commands/tokenise.test.ts):
  // most commands (`whoami`, `trial list`) skip it, which was about 2 % of a command's CPU.
  if (!/["']/.test(line)) return line.split(" ").flatMap((text) => (text ? [{ text, quoted: false }] : []));
  // A leading word guarantees option parsing halts at once, whatever the person typed first.
  const raw = yargsParser(`x ${line}`, { configuration: YARGS_CONFIG })._.slice(1).map(String);
  return raw.map(unquote);
}

function unquote(raw: string): Token {
  const q = raw[0];
  if (q === '"' || q === "'") {
    // "Acme Corp" → Acme Corp; an unclosed quote runs to the end of the line.
    const closed = raw.length >= 2 && raw.endsWith(q);
    const inner = closed ? raw.slice(1, -1) : raw.slice(1);
    return { text: inner.replace(/\s+/g, " ").trim(), quoted: true, closed };
  }
  return { text: raw, quoted: false };
}

// ---- argument cursor -------------------------------------------------------------------------

class UsageFailure extends Error {
  constructor(
    readonly problem: UsageProblem,
    readonly params: Record<string, string> = {},
  ) {
    super(problem);
  }
}

function fail(problem: UsageProblem, params: Record<string, string> = {}): never {
  throw new UsageFailure(problem, params);
}

class Args {
  private i = 0;
  private customerAt = -1;

  constructor(
    private readonly tokens: readonly Token[],
    /** Lines after the first (only `customer import` and `trial cancel` use them). */
    readonly body: string,
    readonly options: ParseOptions,
  ) {}

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  get remaining(): number {
    return this.tokens.length - this.i;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  next(): Token | undefined {
    const t = this.tokens[this.i];
    if (t) this.i++;
    return t;
  }

  /** The next token where the caller has checked that one is left (`!done`). */
  head(): Token {
    return must(this.peek(), "the next token (checked as not done)");
  }

  /** Takes the next token where the caller has checked that one is left (`!done`). */
  take(): Token {
    return must(this.next(), "the next token (checked as not done)");
  }

  /** The next word as a lower-case keyword, or undefined (quoted text is never a keyword). */
  keyword(): string | undefined {
    const t = this.peek();
    return t && !t.quoted ? t.text.toLowerCase() : undefined;
  }

  /** A customer: a handle or a quoted name. */
  customer(): string {
    const t = this.next();
    if (!t || t.text === "") fail("missing_customer");
    this.customerAt = t.quoted ? -1 : this.i - 1;
    return t.text;
  }

  /** The value after an option keyword (`order 12345678`). */
  value(option: string): string {
    const t = this.next();
    if (!t || t.text === "") fail("missing_value", { option });
    return t.text;
  }

  /** A comma-separated list after an option; "a, b" (space after the comma) is one list too. */
  list(option: string): string[] {
    let text = this.value(option);
    while (text.endsWith(",") && !this.done) text += this.take().text;
    const items = text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length === 0) fail("missing_value", { option });
    return items;
  }

  rest(): Token[] {
    const out = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return out;
  }

  /** The next token is not what the grammar expects. */
  unexpected(): never {
    const t = this.head();
    const params: Record<string, string> = { value: t.text };
    // "trial show Acme Corp": the name probably has spaces and wanted quotes.
    const named = this.customerAt >= 0 ? this.tokens[this.customerAt] : undefined;
    if (named && this.i === this.customerAt + 1) {
      params.hint = "quotes";
      params.example = `${named.text} ${t.text}`;
    }
    fail("unexpected", params);
  }

  end(): void {
    if (!this.done) this.unexpected();
  }
}

// ---- value checks -----------------------------------------------------------------------------

function integer(text: string, min: number, max: number, problem: "days_invalid" | "number_invalid"): number {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) fail(problem, { value: text, min: String(min), max: String(max) });
  return n;
}

function email(text: string): string {
  const e = normaliseEmail(text.replace(/^mailto:/i, "").replace(/^<|>$/g, ""));
  if (!isEmail(e)) fail("email_invalid", { value: text });
  return e;
}

function service(text: string): Service {
  const s = parseService(text);
  if (!s) fail("service_unknown", { value: text });
  return s;
}

function services(items: readonly string[]): Service[] {
  return [...new Set(items.map(service))];
}

const SERIAL = /^[A-Z0-9-]{1,40}$/;

function serial(text: string): string {
  const s = text.trim().toUpperCase();
  if (!SERIAL.test(s)) fail("serial_invalid", { value: text });
  return s;
}

function serials(tokens: readonly Token[]): string[] {
  const out = tokens
    .flatMap((t) => t.text.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(out.map(serial))];
}

/** "Pending-Consent" → pending_consent; null when not a trial status. */
function statusOf(text: string): TrialStatus | null {
  const s = text.toLowerCase().replace(/[-\s]+/g, "_");
  return (TRIAL_STATUSES as readonly string[]).includes(s) ? (s as TrialStatus) : null;
}

function trialStatus(text: string): TrialStatus {
  return statusOf(text) ?? fail("status_invalid", { value: text });
}

function once<T>(current: T | undefined, option: string): void {
  if (current !== undefined) fail("duplicate_option", { option });
}

const LANGUAGE_WORDS: Record<string, Language> = {
  en: "en",
  english: "en",
  영어: "en",
  ko: "ko",
  kr: "ko",
  korean: "ko",
  한국어: "ko",
  한국말: "ko",
};

function tier(text: string): PartnerTier | null {
  const m = /^tier[-_]?([12])$/i.exec(text);
  return m ? (`tier${m[1]}` as PartnerTier) : null;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function emailDomainName(text: string): string {
  const d = text.trim().toLowerCase().replace(/^@/, "");
  if (!DOMAIN.test(d)) fail("domain_invalid", { value: text });
  return d;
}

// ---- the grammar of each command -------------------------------------------------------------

type Parsers = { [N in CommandName]: (a: Args) => CommandOf<N> };

const customerOnly =
  <
    N extends
      | "trial.add"
      | "trial.show"
      | "trial.delete"
      | "trial.resend"
      | "trial.provision"
      | "audit"
      | "device.approve"
      | "device.deny",
  >(
    name: N,
  ) =>
  (a: Args) => {
    const customer = a.customer();
    a.end();
    return { name, customer } as CommandOf<N>;
  };

const noArgs =
  <N extends "whoami" | "trial.start" | "trial.start.existing" | "yes" | "no" | "clock.show">(name: N) =>
  (a: Args) => {
    a.end();
    return { name } as CommandOf<N>;
  };

const PARSERS: Parsers = {
  help: (a) => {
    const words = a.rest().map((t) => t.text.toLowerCase());
    const topic = availableCommands(a.options.testClock).find((c) => phrase(c) === words.join(" "));
    return topic && words.length > 0 ? { name: "help", topic: topic.name } : { name: "help" };
  },
  whoami: noArgs("whoami"),
  lang: (a) => {
    const t = a.next();
    if (!t) fail("missing_value", { option: "lang" });
    const language = LANGUAGE_WORDS[t.text.toLowerCase()];
    if (!language) fail("language_invalid", { value: t.text });
    a.end();
    return { name: "lang", language };
  },
  "trial.start": noArgs("trial.start"),
  "trial.start.existing": noArgs("trial.start.existing"),
  "trial.add": customerOnly("trial.add"),
  "trial.list": (a) => {
    let expiringDays: number | undefined;
    let status: TrialStatus | undefined;
    while (!a.done) {
      const k = a.keyword();
      if (k === "expiring") {
        once(expiringDays, "expiring");
        a.next();
        // "expiring 7" or "expiring in 7 days"
        if (a.keyword() === "in") a.next();
        expiringDays = integer(a.value("expiring"), 0, MAX_DAYS, "days_invalid");
        if (a.keyword() === "days" || a.keyword() === "day") a.next();
      } else if (k === "status") {
        once(status, "status");
        a.next();
        status = trialStatus(a.value("status"));
      } else if (k !== undefined && statusOf(k)) {
        once(status, "status");
        status = trialStatus(a.take().text);
      } else {
        a.unexpected();
      }
    }
    return { name: "trial.list", ...(expiringDays !== undefined && { expiringDays }), ...(status && { status }) };
  },
  "trial.show": customerOnly("trial.show"),
  "trial.extend": (a) => {
    const customer = a.customer();
    const t = a.peek();
    if (!t) fail("missing_value", { option: "days" });
    // "trial extend Acme Corp 30": a name with spaces, not quoted.
    const after = a.peek(1);
    if (!/^\d+$/.test(t.text) && after && /^\d+$/.test(after.text)) a.unexpected();
    a.next();
    const typed = t.text.replace(/d(ays?)?$/i, "");
    // Issue 12: one range in every message. Up to 999 parses (the domain then names R-EXT-1's cap
    // and what was asked); a non-number or 0 is told the same cap, 1 to 30.
    const n = /^\d{1,6}$/.test(typed) ? Number(typed) : NaN;
    if (!(n >= MIN_DAYS && n <= MAX_DAYS))
      fail("days_invalid", { value: typed, min: String(MIN_DAYS), max: String(MAX_EXTENSION_DAYS) });
    const days = n;
    if (a.keyword() === "days" || a.keyword() === "day") a.next();
    // R-EXT-1: the explicit confirmation an earlier end date needs.
    const confirm = a.keyword() === "confirm";
    if (confirm) a.next();
    a.end();
    return { name: "trial.extend", customer, days, ...(confirm && { confirm: true as const }) };
  },
  "trial.services": (a) => {
    const customer = a.customer();
    const add = new Set<Service>();
    const remove = new Set<Service>();
    if (a.done) fail("services_missing");
    let first = true;
    let site: string | undefined;
    let timeZone: string | undefined;
    while (!a.done) {
      const k = a.keyword();
      if (k === "site") {
        once(site, "site");
        a.next();
        site = a.value("site");
        continue;
      }
      if (k === "tz" || k === "timezone") {
        once(timeZone, "tz");
        a.next();
        timeZone = a.value("tz");
        if (!isValidTimeZone(timeZone)) fail("timezone_invalid", { value: timeZone });
        continue;
      }
      const t = a.head();
      for (const part of t.text.split(",").filter(Boolean)) {
        const [, sign, name] = /^([+-])\s*(.+)$/.exec(part.trim()) ?? [];
        if (!sign || !name) {
          if (first && part === t.text) a.unexpected(); // a bare word after the customer: a name with spaces?
          fail("service_change_invalid", { value: part });
        }
        const s = service(name);
        const [mine, other] = sign === "+" ? [add, remove] : [remove, add];
        if (other.has(s)) fail("service_conflict", { value: name });
        mine.add(s);
      }
      a.next();
      first = false;
    }
    if (add.size === 0 && remove.size === 0) fail("services_missing");
    return {
      name: "trial.services",
      customer,
      add: [...add],
      remove: [...remove],
      ...(site !== undefined && { site }),
      ...(timeZone !== undefined && { timeZone }),
    };
  },
  "trial.convert": (a) => {
    const customer = a.customer();
    let orderNumber: string | undefined;
    let contactEmail: string | undefined;
    let paid: Service[] | undefined;
    let contactKind: "partner" | "customer_admin" | undefined;
    let trialAdminEmail: string | undefined;
    let confirm = false;
    while (!a.done) {
      const k = a.keyword();
      if (k === "as") {
        // R-CONV-1: "contact x@y as partner" / "as customer".
        once(contactKind, "as");
        a.next();
        const side = a.value("as").toLowerCase();
        if (side === "partner") contactKind = "partner";
        else if (side === "customer" || side === "admin" || side === "customer_admin") contactKind = "customer_admin";
        else fail("contact_kind_invalid", { value: side });
      } else if (k === "admin") {
        once(trialAdminEmail, "admin");
        a.next();
        trialAdminEmail = email(a.value("admin"));
      } else if (k === "order") {
        once(orderNumber, "order");
        a.next();
        if (a.keyword() === "number" || a.keyword() === "no") a.next();
        orderNumber = a.value("order");
        if (!/^[A-Za-z0-9-]{1,40}$/.test(orderNumber)) fail("order_invalid", { value: orderNumber });
      } else if (k === "contact") {
        once(contactEmail, "contact");
        a.next();
        contactEmail = email(a.value("contact"));
      } else if (k === "services") {
        once(paid, "services");
        a.next();
        paid = services(a.list("services"));
      } else if (k === "confirm") {
        a.next();
        confirm = true;
      } else {
        a.unexpected();
      }
    }
    if (orderNumber === undefined) fail("missing_option", { option: "order" });
    if (contactEmail === undefined) fail("missing_option", { option: "contact" });
    return {
      name: "trial.convert",
      customer,
      orderNumber,
      contactEmail,
      ...(contactKind && { contactKind }),
      ...(trialAdminEmail && { trialAdminEmail }),
      ...(paid && { services: paid }),
      confirm,
    };
  },
  "trial.cancel": (a) => {
    const customer = a.customer();
    const rest = a.rest();
    // A quote the person did not close is kept as typed, not closed for them.
    const only = rest.length === 1 ? rest[0] : undefined;
    const typed = only?.quoted
      ? only.text
      : rest.map((t) => (t.quoted ? `"${t.text}${t.closed ? '"' : ""}` : t.text)).join(" ");
    const reason = [typed, a.body]
      .map((s) => s.trim())
      .filter(Boolean)
      .join("\n");
    // The cancel card's limit (cards/submit/schemas.ts) for the same input.
    if (reason.length > REASON_MAX) fail("reason_too_long", { max: String(REASON_MAX), length: String(reason.length) });
    return { name: "trial.cancel", customer, ...(reason && { reason }) };
  },
  "trial.delete": customerOnly("trial.delete"),
  "trial.resend": customerOnly("trial.resend"),
  "trial.provision": customerOnly("trial.provision"),
  "device.ship": (a) => {
    const customer = a.customer();
    let eulaDate: string | undefined;
    let country: string | undefined;
    const units: DeviceUnitInput[] = [];
    const seen = new Set<string>();
    while (!a.done) {
      const k = a.keyword();
      if (k === "eula") {
        once(eulaDate, "eula");
        a.next();
        const d = a.value("eula");
        if (!isIsoDate(d)) fail("date_invalid", { value: d });
        eulaDate = d;
      } else if (k === "country") {
        once(country, "country");
        a.next();
        const c = a.value("country");
        if (!/^[A-Za-z]{2}$/.test(c) || !lookupCountry(c)) fail("country_invalid", { value: c });
        country = c.toUpperCase();
      } else if (a.head().text.includes(":")) {
        const text = a.take().text;
        const at = text.lastIndexOf(":");
        const model = text.slice(0, at).trim();
        if (!model || !text.slice(at + 1).trim()) fail("unit_invalid", { value: text });
        const s = serial(text.slice(at + 1));
        if (seen.has(s)) fail("duplicate_option", { option: s });
        seen.add(s);
        units.push({ model, serial: s });
      } else if (units.length === 0 && eulaDate === undefined) {
        a.unexpected(); // right after the customer: maybe a name with spaces
      } else {
        fail("unit_invalid", { value: a.head().text });
      }
    }
    if (eulaDate === undefined) fail("missing_option", { option: "eula" });
    if (units.length === 0) fail("units_missing");
    return { name: "device.ship", customer, eulaDate, units, ...(country && { country }) };
  },
  "device.return": (a) => {
    const customer = a.customer();
    const list = serials(a.rest());
    if (list.length === 0) fail("serials_missing");
    return { name: "device.return", customer, serials: list };
  },
  "device.label": (a) => {
    const customer = a.customer();
    const t = a.next();
    if (!t) fail("serials_missing");
    const s = serial(t.text);
    // R-DEV-2: "process" asks for the location's return process instead of a new label.
    const process = a.keyword() === "process";
    if (process) a.next();
    a.end();
    return { name: "device.label", customer, serial: s, ...(process && { process }) };
  },
  "device.approve": customerOnly("device.approve"),
  "device.deny": customerOnly("device.deny"),
  "device.contact": (a) => {
    const customer = a.customer();
    let demoOrder: string | undefined;
    let orgId: string | undefined;
    let adminEmail: string | undefined;
    let list: string[] | undefined;
    while (!a.done) {
      const k = a.keyword();
      if (k === "demo") {
        once(demoOrder, "demo");
        a.next();
        if (a.keyword() === "order") a.next();
        demoOrder = a.value("demo");
        if (!/^[A-Za-z0-9-]{1,40}$/.test(demoOrder)) fail("order_invalid", { value: demoOrder });
      } else if (k === "org") {
        once(orgId, "org");
        a.next();
        orgId = a.value("org");
        if (!/^[A-Za-z0-9_=+/-]{1,200}$/.test(orgId)) fail("org_invalid", { value: orgId });
      } else if (k === "admin") {
        once(adminEmail, "admin");
        a.next();
        adminEmail = email(a.value("admin"));
      } else if (k === "serials") {
        once(list, "serials");
        a.next();
        list = [...new Set(a.list("serials").map(serial))];
      } else {
        a.unexpected();
      }
    }
    // R-DEV-4 (which details suffice) is the domain's; here at least one must be given.
    if (demoOrder === undefined && orgId === undefined && adminEmail === undefined && list === undefined) {
      fail("contact_details_missing");
    }
    return {
      name: "device.contact",
      customer,
      ...(demoOrder !== undefined && { demoOrder }),
      ...(orgId !== undefined && { orgId }),
      ...(adminEmail !== undefined && { adminEmail }),
      ...(list !== undefined && { serials: list }),
    };
  },
  "customer.import": (a) => {
    a.end();
    return { name: "customer.import", csv: a.body.trim() ? a.body : null, firstLine: 2 };
  },
  audit: customerOnly("audit"),
  "partner.add": (a) => {
    const nameToken = a.next();
    if (!nameToken || nameToken.text === "") fail("name_missing");
    const t = a.peek();
    if (!t) fail("tier_missing");
    const parsedTier = tier(t.text);
    if (!parsedTier) {
      // "partner add Acme Partners tier1": a name with spaces, not quoted.
      const later = a.rest().slice(1);
      if (!nameToken.quoted && later.some((x) => tier(x.text))) {
        fail("unexpected", { value: t.text, hint: "quotes", example: `${nameToken.text} ${t.text}` });
      }
      fail("tier_invalid", { value: t.text });
    }
    a.next();
    let timeZone: string | undefined;
    let domains: string[] | undefined;
    while (!a.done) {
      const k = a.keyword();
      if (k === "tz" || k === "timezone") {
        once(timeZone, "tz");
        a.next();
        timeZone = a.value("tz");
        if (!isValidTimeZone(timeZone)) fail("timezone_invalid", { value: timeZone });
      } else if (k === "domains" || k === "domain") {
        once(domains, "domains");
        a.next();
        domains = [...new Set(a.list("domains").map(emailDomainName))];
      } else {
        a.unexpected();
      }
    }
    return {
      name: "partner.add",
      partnerName: nameToken.text,
      tier: parsedTier,
      ...(timeZone && { timeZone }),
      ...(domains && { domains }),
    };
  },
  "person.add": (a) => {
    const e = a.next();
    if (!e) fail("email_missing");
    const address = email(e.text);
    const r = a.next();
    if (!r) fail("role_missing");
    const role = r.text.toLowerCase().replace(/[-\s]+/g, "_");
    if (!isPersonRole(role)) fail("role_invalid", { value: r.text });
    const partner = a.next();
    a.end();
    return { name: "person.add", email: address, role, ...(partner?.text && { partner: partner.text }) };
  },
  "person.remove": (a) => {
    const e = a.next();
    if (!e) fail("email_missing");
    const address = email(e.text);
    a.end();
    return { name: "person.remove", email: address };
  },
  "space.link": (a) => {
    const first = a.next();
    if (!first || first.text === "") fail("space_target_missing");
    if (a.done) {
      return !first.quoted && first.text.toLowerCase() === "ops"
        ? { name: "space.link", kind: "ops", partner: null }
        : { name: "space.link", kind: "partner", partner: first.text };
    }
    const kind = a.take();
    const k = kind.text.toLowerCase();
    if (k !== "partner" && k !== "ops") {
      if (!first.quoted && !a.done)
        fail("unexpected", { value: kind.text, hint: "quotes", example: `${first.text} ${kind.text}` });
      fail("space_kind_invalid", { value: kind.text });
    }
    a.end();
    return { name: "space.link", kind: k, partner: first.text };
  },
  yes: noArgs("yes"),
  no: noArgs("no"),
  requests: (a) => {
    a.end();
    return { name: "requests" };
  },
  accept: (a) => {
    let which: string | undefined;
    let full = false;
    while (!a.done) {
      const k = a.keyword();
      if (k === "full") {
        // "full" or "full admin" / "full access": the card's tick (R-CONSENT-3).
        a.next();
        if (a.keyword() === "admin" || a.keyword() === "access") a.next();
        full = true;
      } else if (which === undefined) {
        which = a.customer();
      } else {
        a.unexpected();
      }
    }
    return { name: "accept", full, ...(which !== undefined && { which }) };
  },
  decline: (a) => {
    const which = a.done ? undefined : a.customer();
    a.end();
    return { name: "decline", ...(which !== undefined && { which }) };
  },
  interested: (a) => {
    const which = a.done ? undefined : a.customer();
    a.end();
    return { name: "interested", ...(which !== undefined && { which }) };
  },
  "clock.show": noArgs("clock.show"),
  "clock.advance": (a) => {
    const t = a.next();
    if (!t) fail("missing_value", { option: "advance" });
    let text = t.text.toLowerCase();
    // "3d" / "12h", or "3 d" / "3 days" / "12 hours"
    const unitWord = a.keyword();
    if (/^\d+$/.test(text) && unitWord !== undefined && /^(d|h|days?|hours?)$/.test(unitWord)) {
      a.next();
      text += unitWord;
    }
    const [, digits, unit] = /^(\d{1,6})\s*(d|h|days?|hours?)$/.exec(text) ?? [];
    if (!digits || !unit) fail("duration_invalid", { value: t.text });
    const amount = integer(digits, 1, MAX_DAYS, "number_invalid");
    a.end();
    return { name: "clock.advance", amount, unit: unit.startsWith("d") ? "d" : "h" };
  },
};

// ---- matching the command words ---------------------------------------------------------------

function matchEntry(tokens: readonly Token[], entries: readonly CommandEntry[]): CommandEntry | null {
  let best: CommandEntry | null = null;
  for (const e of entries) {
    if (e.words.length > tokens.length) continue;
    const ok = e.words.every((w, i) => {
      const t = tokens[i];
      return t !== undefined && !t.quoted && t.text.toLowerCase() === w;
    });
    if (ok && (!best || e.words.length > best.words.length)) best = e;
  }
  return best;
}

/**
 * The command phrase closest to what was typed, when it is reasonably close (Levenshtein
 * distance at most 40% of the phrase's length): "trail lsit" → "trial list".
 */
export function suggestCommand(typed: string, options: ParseOptions): string | undefined {
  const words = normaliseLine(typed).toLowerCase().split(" ").filter(Boolean);
  if (words.length === 0) return undefined;
  let best: { phrase: string; d: number; n: number } | undefined;
  for (const e of availableCommands(options.testClock)) {
    if (e.hidden || e.words.length > words.length) continue;
    const target = phrase(e);
    const d = distance(words.slice(0, e.words.length).join(" "), target);
    const limit = Math.max(1, Math.round(target.length * 0.4));
    if (d > limit) continue;
    if (!best || d < best.d || (d === best.d && e.words.length > best.n))
      best = { phrase: target, d, n: e.words.length };
  }
  return best?.phrase;
}

// ---- entry point --------------------------------------------------------------------------------

/**
 * Parses a message (bot mention already removed). The first line is the command; the lines after
 * it are its body (the CSV of `customer import`, more of a `trial cancel` reason; ignored
 * otherwise). Command words are case-insensitive; an empty message asks for help.
 */
export function parseCommand(text: string, options: ParseOptions): ParseResult {
  // Refused at the edge, before any of it is echoed back or reaches the store.
  if (hasControlCharacters(text)) return { ok: false, error: { kind: "control_character" } };
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  // Leading blank lines are dropped, so the command is line 1 of what remains.
  while (lines[0]?.trim() === "") lines.shift();
  const first = normaliseLine(lines[0] ?? "");
  const body = lines.slice(1).join("\n");
  const tokens = tokenise(first);
  if (tokens.length === 0) return { ok: true, command: { name: "help" } };

  const entry = matchEntry(tokens, availableCommands(options.testClock));
  if (!entry) {
    const suggestion = suggestCommand(first, options);
    return { ok: false, error: { kind: "unknown", input: first, ...(suggestion && { suggestion }) } };
  }
  const args = new Args(tokens.slice(entry.words.length), body, options);
  try {
    const command: Command = (PARSERS[entry.name] as (a: Args) => Command)(args);
    return { ok: true, command };
  } catch (e) {
    if (e instanceof UsageFailure) {
      const params = Object.keys(e.params).length > 0 ? { params: e.params } : {};
      return { ok: false, error: { kind: "usage", command: entry.name, problem: e.problem, ...params } };
    }
    throw e;
  }
}
