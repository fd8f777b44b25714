// Services schedule anything that must happen later by enqueuing a Delivery; the scheduler
// (src/scheduler) claims due rows and sends them through the workspace's platform.
import type { Db } from "../db/client.js";
import type { Reply } from "../core/reply.js";

export type DeliveryTarget =
  | { kind: "channel"; id: string }
  | { kind: "dm"; id: string }
  /** Edit a tracked message (MessageRef key). */
  | { kind: "update"; id: string };

export interface Enqueue {
  workspaceId: string;
  /** Unique per occurrence, e.g. "session:7K2Q:remind:1440:<startsAt ms>". */
  dedupeKey: string;
  dueAt: Date;
  target: DeliveryTarget;
  reply: Omit<Reply, "to">;
  /** Told privately when the delivery fails for good or is skipped as stale. */
  createdBy?: string;
  sourceKind?: string;
  sourceId?: string;
}

/** Queues a delivery; a second call with the same dedupeKey does nothing. Returns true when queued. */
export async function enqueue(db: Db, e: Enqueue): Promise<boolean> {
  const data = {
    workspaceId: e.workspaceId,
    dedupeKey: e.dedupeKey,
    dueAt: e.dueAt,
    targetKind: e.target.kind,
    targetId: e.target.id,
    payload: JSON.stringify(e.reply),
    createdBy: e.createdBy,
    sourceKind: e.sourceKind,
    sourceId: e.sourceId,
  };
  try {
    await db.delivery.create({ data });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

/** Cancels every not-yet-sent delivery of a source (a cancelled session, a removed reminder). */
export async function cancelPending(db: Db, sourceKind: string, sourceId: string): Promise<number> {
  const r = await db.delivery.updateMany({
    where: { sourceKind, sourceId, status: "pending" },
    data: { status: "cancelled" },
  });
  return r.count;
}
