// The console has no platform admins, so the first person to need the admin role in a new
// console workspace becomes its admin (saved and audited), as a workspace's creator would be.
import type { MissingRolePolicy } from "../../core/dispatcher.js";
import { audit } from "../../services/audit.js";
import { hasAnyAdmin, setRoles } from "../../services/workspaces.js";

export const firstAdmin: MissingRolePolicy = async (ctx, needed) => {
  if (needed !== "admin" || (await hasAnyAdmin(ctx.db, ctx.workspace.id))) return undefined;
  const m = await setRoles(ctx.db, ctx.workspace.id, ctx.member.userId, [...ctx.member.roles, "admin"]);
  await audit(ctx.db, ctx.workspace.id, ctx.member.userId, "role.bootstrap-admin", {});
  return m.roles;
};
