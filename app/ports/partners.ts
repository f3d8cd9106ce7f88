// Partner organisations (R-ORG-1).
import type { Partner } from "../../domain/model.ts";

export interface PartnerStore {
  upsertPartner(partner: Partner): Promise<void>;
  getPartner(id: string): Promise<Partner | null>;
  /** The partner whose name is exactly this text (trimmed, case-insensitive; no wildcards). */
  findPartnerByName(name: string): Promise<Partner | null>;
  listPartners(): Promise<Partner[]>;
}
