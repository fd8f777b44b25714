import { z } from "zod";

// Roles are ranked: "leader or above" means leader, coordinator or admin.
export const ROLES = ["member", "mentor", "facilitator", "leader", "coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const roleRank = (r: Role): number => ROLES.indexOf(r);

export function highestRole(roles: readonly Role[]): Role {
  return roles.reduce<Role>((best, r) => (roleRank(r) > roleRank(best) ? r : best), "member");
}

export function hasRole(roles: readonly Role[], min: Role): boolean {
  return roleRank(highestRole(roles)) >= roleRank(min);
}

/** "leader, coordinator or admin" — for error messages that say who can. */
export function whoCan(min: Role): string {
  const ok = ROLES.slice(roleRank(min));
  return ok.length === 1 ? `an ${ok[0]}` : `${ok.slice(0, -1).join(", ")} or ${ok[ok.length - 1]}`;
}

export function parseRoles(stored: string): Role[] {
  const out = new Set<Role>(["member"]);
  for (const r of stored.split(",")) {
    const ok = roleSchema.safeParse(r.trim());
    if (ok.success) out.add(ok.data);
  }
  return [...out];
}

export const formatRoles = (roles: readonly Role[]): string => roles.filter((r) => r !== "member").join(",");
