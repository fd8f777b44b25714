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
  | "reminder"
  | "mentor-nudge"
  | "mentor-confirm"
  | "session"
  | "session-notice"
  | "session-card"
  | "session-feedback"
  | "session-certificate"
  | "notice"
  | "agenda"
  | "agenda-publish";

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
export async function enqueue(db: Tx, e: Enqueue, opts: { revive?: boolean; fresh?: boolean } = {}): Promise<boolean> {
  // `fresh`: the key names a row created in this same transaction, so no copy can exist yet.
  if (opts.fresh) {
    await db.delivery.create({ data: rowOf(e) });
    return true;
  }
  const existing = await db.delivery.findUnique({
    where: { dedupeKey: e.dedupeKey },
    select: { id: true, status: true },
  });
  if (existing) {
    if (!opts.revive || existing.status !== "cancelled") return false;
    await revive(db, existing.id, e);
    return true;
  }
  try {
    await db.delivery.create({ data: rowOf(e) });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

/**
 * enqueue for many rows at once (a reschedule telling 200 people, and their reminders): one
 * look-up and one insert per 500 rows instead of two statements per row, so the transaction
 * around a district-sized fan-out stays short. Same rules as enqueue; returns how many were
 * queued or revived.
 */
export async function enqueueAll(db: Tx, rows: readonly Enqueue[], opts: { revive?: boolean } = {}): Promise<number> {
  let queued = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const existing = new Map(
      (
        await db.delivery.findMany({
          where: { dedupeKey: { in: chunk.map((e) => e.dedupeKey) } },
          select: { id: true, status: true, dedupeKey: true },
        })
      ).map((x) => [x.dedupeKey, x]),
    );
    const fresh = new Map<string, Enqueue>();
    for (const e of chunk) {
      const x = existing.get(e.dedupeKey);
      if (!x) fresh.set(e.dedupeKey, fresh.get(e.dedupeKey) ?? e);
      else if (opts.revive && x.status === "cancelled") {
        await revive(db, x.id, e);
        x.status = "pending";
        queued++;
      }
    }
    if (fresh.size) {
      // A row inserted meanwhile outside a transaction: fall back to one at a time.
      const n = await db.delivery
        .createMany({ data: [...fresh.values()].map(rowOf) })
        .then((r) => r.count)
        .catch(async (err) => {
          if ((err as { code?: string }).code !== "P2002") throw err;
          let one = 0;
          for (const e of fresh.values()) if (await enqueue(db, e)) one++;
          return one;
        });
      queued += n;
    }
  }
  return queued;
}

const rowOf = (e: Enqueue) => ({
  workspaceId: e.workspaceId,
  dedupeKey: e.dedupeKey,
  dueAt: e.dueAt,
  targetKind: e.target.kind,
  targetId: e.target.id,
  payload: JSON.stringify(e.reply),
  createdBy: e.createdBy,
  sourceKind: e.sourceKind,
  sourceId: e.sourceId,
});

/** Puts a cancelled row back with this due time and content, as new. */
async function revive(db: Tx, id: string, e: Enqueue): Promise<void> {
  await db.delivery.update({
    where: { id },
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
