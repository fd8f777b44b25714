// The audit log: who did what, when. Detail holds ids and counts, never confidential text.
import type { Tx } from "../db/client.js";

export async function audit(
  db: Tx,
  workspaceId: string,
  actorId: string,
  action: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.auditEvent.create({ data: { workspaceId, actorId, action, detail: JSON.stringify(detail) } });
}
