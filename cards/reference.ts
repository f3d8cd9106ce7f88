// The reference a card carries to what it acts on: opaque to the person, tamper-evident for the
// bot. `v1.<payload>.<mac>`: payload is base64url(JSON {k: card kind, t: trial id, c: customer
// id, p: partner id, v: trial version, iat: issued-at ms, n: nonce}); mac is base64url of
// HMAC-SHA256(secret, "v1." + payload). Nothing in it grants rights: the bot still identifies
// the person who clicked and the domain decides. The version makes a card built from an older
// trial stale (TrialCommands refuses `changed_meanwhile`); the nonce names this one card, so a
// double click or repeated delivery is applied once (see bot/cards/submit.ts).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const CARD_KINDS = [
  "new_customer",
  "existing_lookup",
  "existing_customer",
  "paying_customer",
  "consent",
  "provision",
  "trial_menu",
  "edit",
  "convert",
  "cancel",
  "delete",
  "reminder",
  "ops_extension",
] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export interface CardRef {
  kind: CardKind;
  trialId?: string;
  customerId?: string;
  partnerId?: string;
  /** The trial version the card was built from. */
  version?: number;
  /** R-EXT-2: the device-extension request an ops card decides. */
  requestId?: string;
  issuedAt: number;
  nonce: string;
}

/** The input id under which a card's Submit actions carry the reference. */
export const REF_FIELD = "ref";
/** The input id under which a card's Submit actions say which button was pressed. */
export const ACTION_FIELD = "action";

const PAYLOAD = z.object({
  k: z.enum(CARD_KINDS),
  t: z.string().min(1).optional(),
  c: z.string().min(1).optional(),
  p: z.string().min(1).optional(),
  v: z.number().int().nonnegative().optional(),
  r: z.string().min(1).max(200).optional(),
  iat: z.number().int().nonnegative(),
  n: z.string().min(8),
});

const b64 = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export class CardSigner {
  private readonly key: Buffer;
  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length < 16) throw new TypeError("CardSigner: the secret must have at least 16 characters");
    this.key = Buffer.from(secret, "utf8");
  }

  private mac(data: string): Buffer {
    return createHmac("sha256", this.key).update(data).digest();
  }

  sign(ref: Omit<CardRef, "issuedAt" | "nonce"> & Partial<Pick<CardRef, "issuedAt" | "nonce">>): string {
    const payload = {
      k: ref.kind,
      ...(ref.trialId ? { t: ref.trialId } : {}),
      ...(ref.customerId ? { c: ref.customerId } : {}),
      ...(ref.partnerId ? { p: ref.partnerId } : {}),
      ...(ref.version !== undefined ? { v: ref.version } : {}),
      ...(ref.requestId ? { r: ref.requestId } : {}),
      iat: ref.issuedAt ?? this.now(),
      n: ref.nonce ?? randomBytes(12).toString("base64url"),
    };
    const body = `v1.${b64(JSON.stringify(payload))}`;
    return `${body}.${b64(this.mac(body))}`;
  }

  /** The reference, or null when it is malformed, forged or tampered with. */
  verify(token: unknown): CardRef | null {
    if (typeof token !== "string" || token.length > 2000) return null;
    const parts = token.split(".");
    const [version, payload, mac] = parts;
    if (parts.length !== 3 || version !== "v1" || payload === undefined || mac === undefined) return null;
    const body = `${version}.${payload}`;
    const given = Buffer.from(mac, "base64url");
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    const parsed = PAYLOAD.safeParse(json);
    if (!parsed.success) return null;
    const p = parsed.data;
    return {
      kind: p.k,
      ...(p.t ? { trialId: p.t } : {}),
      ...(p.c ? { customerId: p.c } : {}),
      ...(p.p ? { partnerId: p.p } : {}),
      ...(p.v !== undefined ? { version: p.v } : {}),
      ...(p.r ? { requestId: p.r } : {}),
      issuedAt: p.iat,
      nonce: p.n,
    };
  }
}
