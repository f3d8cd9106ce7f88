// Trial devices: shipping, returns and the trials team (R-DEV-1..4).
import { requireTrialRole } from "./access.ts";
import { calendarDate, isIsoDate } from "./calendar.ts";
import { accepted, type Decision, refused } from "./effects.ts";
import { must } from "./invariant.ts";
import { decided, requireStatus, type TrialContext, withChanges } from "./lifecycle.ts";
import type { Actor, DeviceUnit, Person, Trial } from "./model.ts";
import { auditEntry, message, opsSpace, partnerSpace, trialFacts } from "./notify.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { lookupCountry } from "./regions.ts";
import { returnDueDate } from "./schedule.ts";
import { isEmail } from "./validation.ts";

export type Carrier = "UPS" | "DHL" | "Expeditors" | "per_location";

/** R-DEV-4: the trials team's address, shown to the partner with a drafted message. */
export const TRIALS_TEAM_EMAIL = "webextrials_info@cisco.com";

/** R-DEV-2: who arranges the pickup. */
export type Pickup = "customer_books_ups" | "customer_contacts_carrier" | "decided_per_location";

export interface ReturnProcess {
  carrier: Carrier;
  /** US: the return label is in the box and the customer books a UPS pickup. */
  labelInBox: boolean;
  /** US: the devices go back in their original packaging. */
  originalPackaging: boolean;
  customerBooksPickup: boolean;
  pickup: Pickup;
  /** US: Cisco processes the return (RMA) once UPS has the devices. */
  rma: boolean;
  /** A lost label can be replaced (US only); elsewhere the location's return process is decided. */
  replacementLabel: boolean;
}

/** R-DEV-2: how devices go back, by the country they were shipped to. */
export function returnProcess(countryCode: string): ReturnProcess {
  const country = lookupCountry(countryCode);
  const code = country?.code ?? countryCode.toUpperCase();
  if (code === "US") {
    return {
      carrier: "UPS",
      labelInBox: true,
      originalPackaging: true,
      customerBooksPickup: true,
      pickup: "customer_books_ups",
      rma: true,
      replacementLabel: true,
    };
  }
  // Canada and EMEAR (DHL), Australia (Expeditors): the customer contacts the carrier to schedule the pickup.
  const carrierPickup = (carrier: Carrier): ReturnProcess => ({
    carrier,
    labelInBox: false,
    originalPackaging: false,
    customerBooksPickup: true,
    pickup: "customer_contacts_carrier",
    rma: false,
    replacementLabel: false,
  });
  if (code === "CA" || country?.theatre === "EMEAR") return carrierPickup("DHL");
  if (code === "AU") return carrierPickup("Expeditors");
  return {
    carrier: "per_location",
    labelInBox: false,
    originalPackaging: false,
    customerBooksPickup: false,
    pickup: "decided_per_location",
    rma: false,
    replacementLabel: false,
  };
}

/** Partner managers record shipments and returns; so does ops, for the trials team. */
function requireDeviceActor(actor: Actor, trial: Trial): Person | Refusal {
  if (actor.kind === "person" && actor.person.role === "ops") return actor.person;
  return requireTrialRole(actor, "manage", trial);
}

export interface RecordShipment extends TrialContext {
  units: { model: string; serial: string }[];
  /** R-DEV-1: the device expiry date in the EULA message (not the trial's end). */
  eulaExpiryDate: string;
  /** Defaults to the customer's country. */
  country?: string;
}

export function recordShipment(cmd: RecordShipment): Decision {
  const { now, actor, trial, customer } = cmd;
  const who = requireDeviceActor(actor, trial);
  if (isRefusal(who)) return refused(who);
  const wrong = requireStatus(trial, ["awaiting_provisioning", "active", "expired"], "ship devices");
  if (wrong) return refused(wrong);
  if (!trial.services.includes("devices")) {
    return refused(
      refuse("invalid_input", {
        field: "services",
        expected: "a trial with the Devices service (trial services <customer> +devices)",
      }),
    );
  }
  if (!isIsoDate(cmd.eulaExpiryDate)) {
    return refused(
      refuse("invalid_input", {
        field: "eulaExpiryDate",
        value: cmd.eulaExpiryDate,
        expected: "the EULA device expiry date as yyyy-mm-dd",
      }),
    );
  }
  if (cmd.units.length === 0)
    return refused(refuse("invalid_input", { field: "serials", expected: "at least one model and serial number" }));
  const known = new Set(cmd.devices.map((d) => d.serialShipped.toUpperCase()));
  const seen = new Set<string>();
  for (const u of cmd.units) {
    const serial = u.serial.trim().toUpperCase();
    if (!u.model.trim() || !/^[A-Z0-9-]{4,40}$/.test(serial)) {
      return refused(
        refuse("invalid_input", {
          field: "serial",
          value: u.serial,
          expected: "a device model and a serial number (letters and digits)",
        }),
      );
    }
    if (known.has(serial) || seen.has(serial)) {
      return refused(
        refuse("invalid_input", {
          field: "serial",
          value: serial,
          expected: "a serial number not already recorded for this trial",
        }),
      );
    }
    seen.add(serial);
  }
  const country = lookupCountry(cmd.country ?? customer.country)?.code ?? customer.country;
  const carrier = returnProcess(country).carrier;
  const units: DeviceUnit[] = cmd.units.map((u) => {
    const serial = u.serial.trim().toUpperCase();
    return {
      id: `${trial.id}:${serial}`,
      trialId: trial.id,
      model: u.model.trim(),
      serialShipped: serial,
      serialReturned: null,
      eulaExpiryDate: cmd.eulaExpiryDate,
      country,
      carrier,
      returnStatus: "out",
      shippedAt: now,
      returnedAt: null,
    };
  });
  return decided({
    trial: withChanges(trial, now, {}),
    now,
    devices: cmd.devices,
    changedDevices: units,
    audit: [
      auditEntry(now, actor, "devices.shipped", trial, {
        serials: units.map((u) => u.serialShipped),
        eulaExpiryDate: cmd.eulaExpiryDate,
        carrier,
        returnDueDate: returnDueDate(must(units[0], "a shipped unit")),
      }),
    ],
  });
}

export interface RecordReturn extends TrialContext {
  /** Serial numbers that came back. */
  serials: string[];
}

/**
 * R-DEV-3: returned serials must match the shipped ones. A returned serial that matches no
 * shipped unit is paired with a unit still out and flagged as a mismatch; flags stay open.
 */
export function recordReturn(cmd: RecordReturn): Decision {
  const { now, actor, trial, customer } = cmd;
  const who = requireDeviceActor(actor, trial);
  if (isRefusal(who)) return refused(who);
  const serials = [...new Set(cmd.serials.map((s) => s.trim().toUpperCase()).filter(Boolean))];
  if (serials.length === 0)
    return refused(
      refuse("invalid_input", { field: "serials", expected: "the serial numbers of the returned devices" }),
    );
  const open = cmd.devices.filter((d) => d.returnStatus === "out" || d.returnStatus === "missing");
  const changed: DeviceUnit[] = [];
  const unmatched: string[] = [];
  // A shipped serial seen again (already returned, or the original of a flagged unit) is no
  // stranger: it must not be paired with, and flag, another unit.
  const shippedSerials = new Set(cmd.devices.map((d) => d.serialShipped));
  const alreadyRecorded: string[] = [];
  for (const serial of serials) {
    const unit = open.find((d) => d.serialShipped === serial && !changed.includes(d));
    if (unit) changed.push({ ...unit, serialReturned: serial, returnStatus: "returned", returnedAt: now });
    else if (shippedSerials.has(serial)) alreadyRecorded.push(serial);
    else unmatched.push(serial);
  }
  const stillOpen = open.filter((d) => !changed.some((c) => c.id === d.id));
  if (unmatched.length > stillOpen.length) {
    return refused(refuse("serial_unknown", { serials: unmatched, shipped: cmd.devices.map((d) => d.serialShipped) }));
  }
  // Each unmatched serial is the return of a unit still open, in order (there are enough, checked above).
  const mismatched = unmatched.map((serial, i) => ({
    ...must(stillOpen[i], "an open unit for each unmatched serial"),
    serialReturned: serial,
    returnStatus: "mismatch" as const,
    returnedAt: now,
  }));
  const all = [...changed.map((d) => d), ...mismatched];
  const flagged = mismatched.map((d) => ({ shipped: d.serialShipped, returned: d.serialReturned }));
  const facts = { ...trialFacts(trial, customer), flagged, returned: changed.map((d) => d.serialShipped) };
  return decided({
    trial: withChanges(trial, now, {}),
    now,
    devices: cmd.devices,
    changedDevices: all,
    messages: flagged.length
      ? [
          message(partnerSpace(trial.partnerId), "partner.device_return_flagged", facts),
          message(opsSpace, "ops.event", { ...facts, event: "device_return_mismatch" }),
        ]
      : [],
    audit: [
      auditEntry(now, actor, "devices.returned", trial, {
        returned: changed.map((d) => d.serialShipped),
        mismatched: flagged,
        alreadyRecorded,
      }),
    ],
  });
}

/** R-DEV-2: what to do about a lost return label. */
export type LostLabelChoice = "new_label" | "location_process";

/**
 * R-DEV-2: a lost return label: a new label can be requested (US only), or the trials team
 * decides the return process for the customer's location (anywhere).
 */
export function requestReturnLabel(ctx: TrialContext & { serial: string; choice?: LostLabelChoice }): Decision {
  const { now, actor, trial, customer } = ctx;
  const who = requireDeviceActor(actor, trial);
  if (isRefusal(who)) return refused(who);
  const serial = ctx.serial.trim().toUpperCase();
  const unit = ctx.devices.find((d) => d.serialShipped === serial);
  if (!unit)
    return refused(refuse("serial_unknown", { serials: [serial], shipped: ctx.devices.map((d) => d.serialShipped) }));
  const process = returnProcess(unit.country);
  if (ctx.choice === "location_process") {
    return accepted({
      messages: [
        message(opsSpace, "ops.trials_team_request", {
          ...trialFacts(trial, customer),
          request: "return_process",
          serial,
          country: unit.country,
          carrier: process.carrier,
          by: who.email,
        }),
      ],
      audit: [auditEntry(now, actor, "devices.return_process_requested", trial, { serial, country: unit.country })],
    });
  }
  if (!process.replacementLabel)
    return refused(refuse("return_label_us_only", { country: unit.country, carrier: process.carrier }));
  return accepted({
    messages: [
      message(opsSpace, "ops.trials_team_request", {
        ...trialFacts(trial, customer),
        request: "return_label",
        serial,
        by: who.email,
      }),
    ],
    audit: [auditEntry(now, actor, "devices.return_label_requested", trial, { serial })],
  });
}

export interface ContactTrialsTeam extends TrialContext {
  demoOrderNumber?: string;
  customerOrgId?: string;
  customerAdminEmail?: string;
  serials?: string[];
  note?: string;
}

/**
 * R-DEV-4: without a demo order number the trials team needs the customer org ID and the
 * customer admin e-mail, or every device serial number.
 */
export function contactTrialsTeam(cmd: ContactTrialsTeam): Decision {
  const { now, actor, trial, customer } = cmd;
  const who = requireDeviceActor(actor, trial);
  if (isRefusal(who)) return refused(who);
  const demo = cmd.demoOrderNumber?.trim();
  const orgAndAdmin = !!cmd.customerOrgId?.trim() && !!cmd.customerAdminEmail && isEmail(cmd.customerAdminEmail);
  const given = new Set((cmd.serials ?? []).map((s) => s.trim().toUpperCase()));
  const missingSerials = cmd.devices.map((d) => d.serialShipped).filter((s) => !given.has(s));
  const allSerials = cmd.devices.length > 0 && missingSerials.length === 0;
  if (!demo && !orgAndAdmin && !allSerials) {
    return refused(refuse("trials_team_details_missing", { missingSerials, trialsTeamEmail: TRIALS_TEAM_EMAIL }));
  }
  return accepted({
    messages: [
      message(opsSpace, "ops.trials_team_request", {
        ...trialFacts(trial, customer),
        request: "devices",
        demoOrderNumber: demo ?? null,
        customerOrgId: cmd.customerOrgId ?? null,
        customerAdminEmail: cmd.customerAdminEmail ?? null,
        serials: [...given],
        note: cmd.note ?? "",
        trialsTeamEmail: TRIALS_TEAM_EMAIL,
        by: who.email,
        date: calendarDate(now, trial.timeZone),
      }),
    ],
    audit: [
      auditEntry(now, actor, "devices.trials_team_contacted", trial, {
        demoOrderNumber: demo ?? null,
        customerOrgId: cmd.customerOrgId ?? null,
      }),
    ],
  });
}
