// The audit log: who did what, when. Detail holds ids and counts, never confidential text.
import type { Db } from "../db/client.js";

export async function audit(
  db: Db,
  workspaceId: string,
  actorId: string,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.auditEvent.create({ data: { workspaceId, actorId, action, detail: JSON.stringify(detail) } });
}
