// R-ORG-1: partner people have one of these roles; ops people may also be registered.
export const PARTNER_ROLES = ["full_admin", "sales_full_admin", "sales_admin", "read_only"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type PersonRole = PartnerRole | "ops";
export const PERSON_ROLES: readonly PersonRole[] = [...PARTNER_ROLES, "ops"];

export function isPersonRole(value: string): value is PersonRole {
  return (PERSON_ROLES as readonly string[]).includes(value);
}

/** R-ORG-2: roles that may change a trial (start, edit, extend, convert, cancel, delete). */
export const MANAGING_ROLES: readonly PartnerRole[] = ["full_admin", "sales_full_admin", "sales_admin"];
/** R-ORG-2: roles that may only look (list, show). */
export const VIEWING_ROLES: readonly PersonRole[] = [...MANAGING_ROLES, "read_only"];

export type Permission = "manage" | "view";

export function rolesFor(permission: Permission): readonly PersonRole[] {
  return permission === "manage" ? MANAGING_ROLES : VIEWING_ROLES;
}

export function hasPermission(role: PersonRole | null | undefined, permission: Permission): boolean {
  return role != null && rolesFor(permission).includes(role);
}
