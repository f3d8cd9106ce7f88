// A partner for tests that need one in the store and do not care about its details.
import type { Partner } from "../../domain/model.ts";

export function testPartner(id: string, overrides: Partial<Partner> = {}): Partner {
  return {
    id,
    name: "Bright Partners",
    tier: "tier1",
    timeZone: "UTC",
    emailDomains: [`${id}.example`],
    webexOrgId: null,
    ...overrides,
  };
}
