// Webex ids are unpadded base64 of "ciscospark://us/<KIND>/<uuid>"; tests and the bot see the same shape.
import { randomUUID } from "node:crypto";

export type IdKind =
  | "PEOPLE"
  | "ROOM"
  | "MESSAGE"
  | "CONTENT"
  | "MEMBERSHIP"
  | "WEBHOOK"
  | "ATTACHMENT_ACTION"
  | "ORGANIZATION"
  | "APPLICATION";

export function webexId(kind: IdKind, uuid: string = randomUUID()): string {
  return Buffer.from(`ciscospark://us/${kind}/${uuid}`, "utf8").toString("base64").replace(/=+$/, "");
}

/** { kind, uuid } of a Webex id, or null when it is not one. */
export function decodeWebexId(id: string): { kind: string; uuid: string } | null {
  const decoded = Buffer.from(id, "base64").toString("utf8");
  const m = /^ciscospark:\/\/[a-z]+\/([A-Z_]+)\/(.+)$/.exec(decoded);
  const [, kind, uuid] = m ?? [];
  return kind && uuid ? { kind, uuid } : null;
}

export function trackingId(): string {
  return `EMULATOR_${randomUUID()}`;
}
