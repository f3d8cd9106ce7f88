// Server-side validation of card submits: one zod schema per card. Webex sends every input as a
// string (a multi-select as "a,b", a toggle as "true"/"false", a number as "3"); nothing the card
// says is trusted. Every bad field is reported at once, each with a problem code that the card
// catalogue turns into "what is wrong, what is expected"; the card is then re-sent pre-filled.
// The domain checks again (and knows more: a site URL taken, eligibility now); its refusals are
// shown on the re-sent card too.
import { z } from "zod";
import type { NewCustomerInput } from "../../app/trial-commands.ts";
import { must } from "../../domain/invariant.ts";
import type { DeviceOrder, MeetingsSite } from "../../domain/model.ts";
import { isOffered, listVerticals, lookupCountry } from "../../domain/regions.ts";
import { isService, type Service, sortServices } from "../../domain/services.ts";
import type { TrialSetupInput } from "../../domain/setup.ts";
import {
  COMPANY_NAME_MAX,
  hasControlCharacters,
  isValidSiteUrl,
  isValidTimeZone,
  normaliseSiteUrl,
  REASON_MAX,
  TRIAL_LENGTHS,
} from "../../domain/validation.ts";
import type { FieldId, FieldProblem, ProblemCode } from "./problems.ts";

export type Inputs = Record<string, unknown>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export const DEVICE_LINES = 3;

// ---- field schemas --------------------------------------------------------------------------------

/** Any submitted value as trimmed text ("" when absent). */
/** Control characters (NUL…) are refused in every field, as in chat. */
const raw = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : typeof v === "number" || typeof v === "boolean" ? String(v) : ""),
  z.string().refine((v) => !hasControlCharacters(v), "control_character"),
);

const required = (max = 100) => raw.pipe(z.string().min(1, "required").max(max, "too_long"));
const email = raw.pipe(z.string().min(1, "required").max(254, "email").pipe(z.email("email")));
const flag = raw.transform((v) => v === "true");
const mustTick = (code: ProblemCode) => flag.refine((v) => v, code);

const vertical = required().refine((v) => listVerticals().includes(v), "vertical_unknown");

/** R-ORG-5: a country from the list; a country where Webex is not offered is refused. */
const country = required()
  .refine((v) => lookupCountry(v) !== null, "country_unknown")
  .refine((v) => {
    const c = lookupCountry(v);
    return c === null || isOffered(c);
  }, "country_not_offered")
  .transform((v) => must(lookupCountry(v), "the country the refinement found").code);

/** R-NEW-2 */
const lengthDays = raw
  .transform((v) => (v === "" ? "30" : v))
  .refine((v) => (TRIAL_LENGTHS as readonly number[]).map(String).includes(v), "length_invalid")
  .transform(Number);

const serviceList = (offered: readonly Service[], code: "services_required" | null) =>
  raw
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((list) => code === null || list.length > 0, code ?? "services_required")
    .refine((list) => list.every(isService), "service_unknown")
    .refine((list) => list.every((s) => offered.includes(s as Service)), "service_not_offered")
    .transform((list) => sortServices(list as Service[]));

const siteUrl = raw.pipe(z.string().min(1, "required")).refine(isValidSiteUrl, "site_url").transform(normaliseSiteUrl);
const timeZone = raw.pipe(z.string().min(1, "required")).refine(isValidTimeZone, "time_zone");
const days = raw.refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 30, "days").transform(Number);
const orderNumber = raw.pipe(z.string().min(1, "required")).refine((v) => /^\d{6,12}$/.test(v), "order_number");

// ---- collecting problems --------------------------------------------------------------------------

class Problems {
  readonly list: FieldProblem[] = [];

  field<T>(inputs: Inputs, id: string, field: FieldId, schema: z.ZodType<T>, line?: number): T | undefined {
    const result = schema.safeParse(inputs[id]);
    if (result.success) return result.data;
    const code = (result.error.issues[0]?.message ?? "required") as ProblemCode;
    const given =
      typeof inputs[id] === "string" && !["true", "false"].includes(inputs[id] as string)
        ? (inputs[id] as string).trim()
        : "";
    this.add(field, code, given && code !== "required" ? given : undefined, line);
    return undefined;
  }

  add(field: FieldId, code: ProblemCode, value?: string, line?: number): void {
    this.list.push({ field, code, ...(line ? { line } : {}), ...(value !== undefined ? { value } : {}) });
  }

  done<T>(value: () => T): Parsed<T> {
    return this.list.length ? { ok: false, problems: this.list } : { ok: true, value: value() };
  }

  /** `done` for a value built from fields: a field is undefined only when it added a problem, so with none each is there. */
  from<F extends Record<string, unknown>, T>(fields: F, build: (f: Present<F>) => T): Parsed<T> {
    return this.done(() => {
      for (const [name, v] of Object.entries(fields)) must(v, `the card field ${name}, which added no problem`);
      return build(fields as Present<F>);
    });
  }
}

type Present<F> = { [K in keyof F]: Exclude<F[K], undefined> };

// ---- the setup every start card shares -------------------------------------------------------------

function meetingsOf(p: Problems, inputs: Inputs): MeetingsSite | undefined {
  const url = p.field(inputs, "siteUrl", "siteUrl", siteUrl);
  const zone = p.field(inputs, "siteTimeZone", "siteTimeZone", timeZone);
  return url !== undefined && zone !== undefined ? { siteUrl: url, timeZone: zone } : undefined;
}

/** R-SVC-3: device lines with a quantity and a shipping address, or null when skipped. */
function devicesOf(p: Problems, inputs: Inputs): DeviceOrder | null | undefined {
  if (flag.parse(inputs.devicesSkip)) return null;
  const lines: { model: string; quantity: number }[] = [];
  let bad = false;
  for (let n = 1; n <= DEVICE_LINES; n++) {
    const model = raw.parse(inputs[`deviceModel${n}`]);
    const qty = raw.parse(inputs[`deviceQty${n}`]);
    if (!model && !qty) continue;
    if (!model) {
      p.add("deviceModel", "device_model", undefined, n);
      bad = true;
    } else if (model.length > 60) {
      p.add("deviceModel", "too_long", undefined, n);
      bad = true;
    }
    const quantity = p.field(
      inputs,
      `deviceQty${n}`,
      "deviceQty",
      raw.refine((v) => /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 50, "device_qty").transform(Number),
      n,
    );
    if (quantity === undefined) bad = true;
    else if (model) lines.push({ model, quantity });
  }
  if (!bad && lines.length === 0) p.add("devicesSkip", "devices_required");
  const address = p.field(
    inputs,
    "shippingAddress",
    "shippingAddress",
    raw.pipe(z.string().min(1, "shipping_address").max(300, "too_long")),
  );
  if (bad || lines.length === 0 || address === undefined) return undefined;
  return { lines, shippingAddress: address };
}

function setupOf(
  p: Problems,
  inputs: Inputs,
  offered: readonly Service[],
  withLength = true,
): TrialSetupInput | undefined {
  const services = p.field(inputs, "services", "services", serviceList(offered, "services_required"));
  const length = withLength ? p.field(inputs, "lengthDays", "lengthDays", lengthDays) : 30;
  // R-SVC-2: the Meetings site only when Meetings is picked; R-SVC-3 devices only with Devices.
  const meetings = services?.includes("meetings") ? meetingsOf(p, inputs) : null;
  const devices = services?.includes("devices") ? devicesOf(p, inputs) : null;
  if (services === undefined || length === undefined || meetings === undefined || devices === undefined)
    return undefined;
  return { services, lengthDays: length, meetings, devices };
}

// ---- one schema per card ---------------------------------------------------------------------------

/** R-NEW-1 */
export function parseNewCustomer(inputs: Inputs, offered: readonly Service[]): Parsed<NewCustomerInput> {
  const p = new Problems();
  const companyName = p.field(inputs, "companyName", "companyName", required(COMPANY_NAME_MAX));
  const adminEmail = p.field(inputs, "adminEmail", "adminEmail", email);
  const v = p.field(inputs, "vertical", "vertical", vertical);
  const c = p.field(inputs, "country", "country", country);
  p.field(inputs, "locationAck", "locationAck", mustTick("ack_required"));
  const setup = setupOf(p, inputs, offered);
  return p.from({ companyName, adminEmail, v, c, setup }, (f) => ({
    companyName: f.companyName,
    adminEmail: f.adminEmail.toLowerCase(),
    vertical: f.v,
    country: f.c,
    locationAcknowledged: true,
    setup: f.setup,
  }));
}

export function parseLookup(inputs: Inputs): Parsed<{ customer: string }> {
  const p = new Problems();
  const customer = p.field(inputs, "customer", "customer", required());
  return p.from({ customer }, (f) => f);
}

/** R-CONSENT-1: the organisation confirmed, the admin to ask, eligible services only (R-ELIG-1). */
export function parseExistingCustomer(
  inputs: Inputs,
  offered: readonly Service[],
): Parsed<{ adminEmail: string; organisationConfirmed: boolean; setup: TrialSetupInput }> {
  const p = new Problems();
  p.field(inputs, "orgConfirmed", "orgConfirmed", mustTick("confirm_required"));
  const adminEmail = p.field(inputs, "adminEmail", "adminEmail", email);
  const setup = setupOf(p, inputs, offered);
  return p.from({ adminEmail, setup }, (f) => ({
    adminEmail: f.adminEmail.toLowerCase(),
    organisationConfirmed: true,
    setup: f.setup,
  }));
}

/** R-PAID-1 */
export function parsePayingCustomer(inputs: Inputs, offered: readonly Service[]): Parsed<TrialSetupInput> {
  const p = new Problems();
  const setup = setupOf(p, inputs, offered);
  return p.from({ setup }, (f) => f.setup);
}

/** R-CONSENT-4: the details still missing (a Meetings site, devices). */
export function parseProvision(
  inputs: Inputs,
  needs: readonly Service[],
): Parsed<{ meetings?: MeetingsSite; devicesOrder?: DeviceOrder | null }> {
  const p = new Problems();
  const meetings = needs.includes("meetings") ? meetingsOf(p, inputs) : undefined;
  const devices = needs.includes("devices") ? devicesOf(p, inputs) : undefined;
  return p.done(() => ({
    ...(meetings ? { meetings } : {}),
    ...(devices !== undefined ? { devicesOrder: devices } : {}),
  }));
}

/** R-EXT-1: the days, and the tick that confirms an earlier end date. */
export function parseExtend(inputs: Inputs): Parsed<{ days: number; confirmShorten: boolean }> {
  const p = new Problems();
  const n = p.field(inputs, "days", "days", days);
  const confirmShorten = flag.parse(inputs.confirmShorten);
  return p.from({ n }, (f) => ({ days: f.n, confirmShorten }));
}

/** R-EDIT-1 */
export function parseServiceChange(
  inputs: Inputs,
  current: readonly Service[],
  addable: readonly Service[],
): Parsed<{ add: Service[]; remove: Service[]; meetings?: MeetingsSite; devicesOrder?: DeviceOrder | null }> {
  const p = new Problems();
  const add = p.field(inputs, "addServices", "addServices", serviceList(addable, null));
  const remove = p.field(inputs, "removeServices", "removeServices", serviceList(current, null));
  if (add && remove) {
    if (add.length === 0 && remove.length === 0) p.add("addServices", "change_required");
    if (add.some((s) => remove.includes(s))) p.add("removeServices", "add_and_remove");
  }
  const meetings = add?.includes("meetings") ? meetingsOf(p, inputs) : undefined;
  const devices = add?.includes("devices") ? devicesOf(p, inputs) : undefined;
  return p.from({ add, remove }, (f) => ({
    add: f.add,
    remove: f.remove,
    ...(meetings ? { meetings } : {}),
    ...(devices !== undefined ? { devicesOrder: devices } : {}),
  }));
}

const contactKind = raw
  .refine((v) => v === "partner" || v === "customer_admin", "contact_kind")
  .transform((v) => v as "partner" | "customer_admin");

/** R-CONV-1/3/5: Devices is never in the paid order (trial devices go back). */
export function parseConvert(
  inputs: Inputs,
  services: readonly Service[],
): Parsed<{
  orderNumber: string;
  provisioningContactEmail: string;
  provisioningContactKind: "partner" | "customer_admin";
  trialAdminEmail: string;
  paidServices: Service[];
  confirmMissing: boolean;
}> {
  const p = new Problems();
  const order = p.field(inputs, "orderNumber", "orderNumber", orderNumber);
  const contact = p.field(inputs, "contactEmail", "contactEmail", email);
  const kind = p.field(inputs, "contactKind", "contactKind", contactKind);
  const trialAdmin = p.field(inputs, "trialAdminEmail", "trialAdminEmail", email);
  const paid = p.field(
    inputs,
    "paidServices",
    "paidServices",
    serviceList(
      services.filter((s) => s !== "devices"),
      null,
    ),
  );
  const confirmMissing = flag.parse(inputs.confirmMissing);
  return p.from({ order, contact, kind, trialAdmin, paid }, (f) => ({
    orderNumber: f.order,
    provisioningContactEmail: f.contact.toLowerCase(),
    provisioningContactKind: f.kind,
    trialAdminEmail: f.trialAdmin.toLowerCase(),
    paidServices: f.paid,
    confirmMissing,
  }));
}

/** R-CONSENT-3 */
export function parseConsent(inputs: Inputs): { fullAdminAccess: boolean } {
  return { fullAdminAccess: flag.parse(inputs.fullAdminAccess) };
}

export function parseCancel(inputs: Inputs): Parsed<{ reason: string | undefined }> {
  const p = new Problems();
  const reason = p.field(inputs, "reason", "reason", raw.pipe(z.string().max(REASON_MAX, "too_long")));
  return p.done(() => ({ reason: reason || undefined }));
}
