// The inputs every way of starting a trial shares: services, length, Meetings site, devices.
import type { DeviceOrder, MeetingsSite } from "./model.ts";
import { isRefusal, type Refusal, refuse } from "./refusals.ts";
import { type Service, sortServices } from "./services.ts";
import {
  DEFAULT_TRIAL_LENGTH,
  isValidSiteUrl,
  isValidTimeZone,
  normaliseSiteUrl,
  TRIAL_LENGTHS,
} from "./validation.ts";

export interface TrialSetupInput {
  services: Service[];
  /** R-NEW-2; default 30. */
  lengthDays?: number;
  /** R-SVC-2: required when Meetings is trialed (Enterprise Edition). */
  meetings?: MeetingsSite | null;
  /** R-SVC-3: devices to ship, or null to skip the step. */
  devices?: DeviceOrder | null;
  /** Facts the store knows: is the requested site URL already in use? */
  siteUrlTaken?: boolean;
}

export interface TrialSetup {
  services: Service[];
  lengthDays: number;
  meetings: MeetingsSite | null;
  devices: DeviceOrder | null;
}

export function checkMeetingsSite(
  meetings: MeetingsSite | null | undefined,
  siteUrlTaken: boolean,
): MeetingsSite | Refusal {
  if (!meetings) return refuse("meetings_site_required", {});
  const siteUrl = normaliseSiteUrl(meetings.siteUrl);
  if (!isValidSiteUrl(siteUrl)) {
    return refuse("invalid_input", { field: "siteUrl", value: meetings.siteUrl, expected: "<name>.webex.com" });
  }
  if (!isValidTimeZone(meetings.timeZone)) {
    return refuse("invalid_input", {
      field: "timeZone",
      value: meetings.timeZone,
      expected: "IANA time zone, e.g. Europe/Paris",
    });
  }
  if (siteUrlTaken) return refuse("meetings_site_taken", { siteUrl });
  return { siteUrl, timeZone: meetings.timeZone };
}

export function checkDeviceOrder(devices: DeviceOrder | null | undefined): DeviceOrder | null | Refusal {
  if (!devices) return null;
  if (devices.lines.length === 0)
    return refuse("invalid_input", { field: "devices", expected: "at least one device model, or skip" });
  for (const line of devices.lines) {
    if (!line.model.trim()) return refuse("invalid_input", { field: "deviceModel", expected: "a device model name" });
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 50) {
      return refuse("invalid_input", {
        field: "deviceQuantity",
        value: line.quantity,
        expected: "a whole number from 1 to 50",
      });
    }
  }
  if (!devices.shippingAddress.trim()) {
    return refuse("invalid_input", { field: "shippingAddress", expected: "the address the devices are shipped to" });
  }
  return {
    lines: devices.lines.map((l) => ({ model: l.model.trim(), quantity: l.quantity })),
    shippingAddress: devices.shippingAddress.trim(),
  };
}

export function checkSetup(input: TrialSetupInput): TrialSetup | Refusal {
  const services = sortServices(input.services);
  if (services.length === 0) return refuse("no_services", {});
  const lengthDays = input.lengthDays ?? DEFAULT_TRIAL_LENGTH;
  if (!(TRIAL_LENGTHS as readonly number[]).includes(lengthDays)) {
    return refuse("invalid_length", { value: lengthDays, allowed: TRIAL_LENGTHS.map(String) });
  }
  let meetings: MeetingsSite | null = null;
  if (services.includes("meetings")) {
    const checked = checkMeetingsSite(input.meetings, input.siteUrlTaken ?? false);
    if (isRefusal(checked)) return checked;
    meetings = checked;
  }
  let devices: DeviceOrder | null = null;
  if (services.includes("devices")) {
    const checked = checkDeviceOrder(input.devices);
    if (isRefusal(checked)) return checked;
    devices = checked;
  } else if (input.devices) {
    return refuse("invalid_input", { field: "devices", expected: "add the Devices service to ship devices" });
  }
  return { services, lengthDays, meetings, devices };
}

export type SetupNotice = "calling_dids_required";

/**
 * R-SVC-4: without Cloud Connected PSTN a Calling customer needs DIDs for its users and two
 * DIDs per location; every start card shows this when Calling is picked.
 */
export function setupNotices(services: readonly Service[]): SetupNotice[] {
  return services.includes("calling") ? ["calling_dids_required"] : [];
}
