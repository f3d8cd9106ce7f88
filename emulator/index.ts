export type { DeliveryRecord } from "./deliveries.ts";
export type { EmulatorOptions, RequestRecord, UserSaysOptions } from "./emulator.ts";
export { startWebexEmulator, WebexEmulator } from "./emulator.ts";
export type { FaultSpec } from "./faults.ts";
export { decodeWebexId, webexId } from "./ids.ts";
