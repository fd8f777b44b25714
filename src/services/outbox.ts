// Services schedule anything that must happen later by enqueuing a Delivery; the scheduler
// (src/scheduler) claims due rows and sends them through the workspace's platform.
import type { Tx } from "../db/client.js";
import type { Reply } from "../core/reply.js";

export type DeliveryTarget =
  | { kind: "channel"; id: string }
  | { kind: "dm"; id: string }
  /** Edit a tracked message (MessageRef key). */
  | { kind: "update"; id: string };

/**
 * What queued a delivery (Delivery.sourceKind; sourceId names the row within that kind). The
 * scheduler's follow-up table (src/scheduler/follow-ups.ts) is keyed by it.
 */
export type SourceKind =
  "reminder" | "mentor-nudge" | "session" | "session-notice" | "notice" | "agenda" | "agenda-publish";

export interface Enqueue {
  workspaceId: string;
  /** Unique per occurrence, e.g. a session reminder's "session:<row id>:<startsAt ms>:<offset>:<user>" (src/services/sessions/keys.ts). */
  dedupeKey: string;
  dueAt: Date;
  target: DeliveryTarget;
  reply: Omit<Reply, "to">;
  /** Told privately when the delivery fails for good or is skipped as stale. */
  createdBy?: string;
  sourceKind?: SourceKind;
  sourceId?: string;
}

/**
 * Queues a delivery; a second call with the same dedupeKey does nothing, except that with
 * `revive` a cancelled copy is put back (someone answered Going again, a paused reminder
 * resumed) with this due time and content. It looks before inserting rather than catching
 * the unique violation, which on PostgreSQL would abort a surrounding transaction; the catch
 * only covers a concurrent insert outside one. Returns true when queued or revived.
 */
export async function enqueue(db: Tx, e: Enqueue, opts: { revive?: boolean } = {}): Promise<boolean> {
  const existing = await db.delivery.findUnique({
    where: { dedupeKey: e.dedupeKey },
    select: { id: true, status: true },
  });
  if (existing) {
    if (!opts.revive || existing.status !== "cancelled") return false;
    await db.delivery.update({
      where: { id: existing.id },
      data: {
        status: "pending",
        dueAt: e.dueAt,
        payload: JSON.stringify(e.reply),
        attempts: 0,
        progress: null,
        retryAt: null,
        lastError: null,
        claimedBy: null,
        claimedUntil: null,
      },
    });
    return true;
  }
  try {
    await db.delivery.create({
      data: {
        workspaceId: e.workspaceId,
        dedupeKey: e.dedupeKey,
        dueAt: e.dueAt,
        targetKind: e.target.kind,
        targetId: e.target.id,
        payload: JSON.stringify(e.reply),
        createdBy: e.createdBy,
        sourceKind: e.sourceKind,
        sourceId: e.sourceId,
      },
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

/** Cancels every not-yet-sent delivery of a source (a cancelled session, a removed reminder). */
export async function cancelPending(db: Tx, sourceKind: SourceKind, sourceId: string): Promise<number> {
  const r = await db.delivery.updateMany({
    where: { sourceKind, sourceId, status: "pending" },
    data: { status: "cancelled" },
  });
  return r.count;
}

/**
 * Records the steps of a claimed delivery already done (JSON of DeliveryProgress), only while
 * this claim still holds it: a retry reads it back and does only the rest.
 */
export async function recordDeliveryProgress(db: Tx, id: string, claimedBy: string, progress: string): Promise<void> {
  await db.delivery.updateMany({ where: { id, claimedBy, status: "pending" }, data: { progress } });
}
