export { WebexEmulator, startWebexEmulator } from "./emulator.ts";
export type { EmulatorOptions, RequestRecord, UserSaysOptions } from "./emulator.ts";
export type { DeliveryRecord } from "./deliveries.ts";
export type { FaultSpec } from "./faults.ts";
export { decodeWebexId, webexId } from "./ids.ts";
