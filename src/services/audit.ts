// The audit log: who did what, when. Detail holds ids and counts, never confidential text.
import type { Tx } from "../db/client.js";

export async function audit(
  db: Tx,
  workspaceId: string,
  actorId: string,
  action: string,
  detail: Record<string, unknown> = {},
  /** The person the event is about, when it is not the actor (a role change, a privacy request). */
  subjectId?: string,
): Promise<void> {
  await db.auditEvent.create({
    data: { workspaceId, actorId, action, detail: JSON.stringify(detail), subjectId: subjectId ?? null },
  });
}
