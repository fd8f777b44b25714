// What an operator's probe asks: is the database reachable, and how far behind is the outbox.
// Counts only: no ids, no content.
import type { Db } from "../db/client.js";

/** True when a trivial query answers within `timeoutMs`. */
export async function databaseReachable(db: Db, timeoutMs = 5000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.$queryRawUnsafe("SELECT 1").then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface OutboxStats {
  /** Rows per status, every status listed (0 when none). */
  byStatus: Record<string, number>;
  /** Pending rows already due. */
  due: number;
  /** How late the oldest due pending row is, in seconds (0 when none is due). */
  lagSeconds: number;
  /** Pending rows waiting out a platform's rate limit (the scheduler notes "rate limited" on them). */
  rateLimited: number;
}

export const DELIVERY_STATUSES = ["pending", "sent", "failed", "skipped", "cancelled"] as const;

export async function outboxStats(db: Db, now: Date): Promise<OutboxStats> {
  const [groups, due, oldest, rateLimited] = await Promise.all([
    db.delivery.groupBy({ by: ["status"], _count: { _all: true } }),
    db.delivery.count({ where: { status: "pending", dueAt: { lte: now } } }),
    db.delivery.findFirst({
      where: { status: "pending", dueAt: { lte: now } },
      orderBy: { dueAt: "asc" },
      select: { dueAt: true },
    }),
    db.delivery.count({
      where: { status: "pending", retryAt: { gt: now }, lastError: { startsWith: "rate limited" } },
    }),
  ]);
  const byStatus: Record<string, number> = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0]));
  for (const g of groups) byStatus[g.status] = g._count._all;
  const lagSeconds = oldest ? Math.max(0, (now.getTime() - oldest.dueAt.getTime()) / 1000) : 0;
  return { byStatus, due, lagSeconds, rateLimited };
}
