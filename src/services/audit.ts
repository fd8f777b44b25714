// The audit log: who did what, when. Detail holds ids and counts, never confidential text.
import type { Tx } from "../db/client.js";
import { localDateTime, toCsv } from "./csv.js";

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

export interface AuditQuery {
  workspaceId: string;
  /** Events this person did or that were about them. */
  who?: string;
  /** An action or the start of one: "privacy" finds privacy.export and privacy.delete. */
  what?: string;
  since?: Date;
  take?: number;
}

export type AuditRow = Awaited<ReturnType<Tx["auditEvent"]["findMany"]>>[number];

/** Newest first. */
export async function findAudit(db: Tx, q: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
  const where = {
    workspaceId: q.workspaceId,
    ...(q.who ? { OR: [{ actorId: q.who }, { subjectId: q.who }] } : {}),
    ...(q.what ? { action: { startsWith: q.what } } : {}),
    ...(q.since ? { createdAt: { gte: q.since } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: q.take }),
    db.auditEvent.count({ where }),
  ]);
  return { rows, total };
}

export function auditCsv(rows: AuditRow[], zone: string): string {
  return toCsv(
    ["when", "actor", "action", "about", "detail"],
    rows.map((e) => [localDateTime(e.createdAt, zone), e.actorId, e.action, e.subjectId ?? "", e.detail]),
  );
}
