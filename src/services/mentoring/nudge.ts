// The weekly nudge: an opt-in DM on a chosen weekday and time asking to log the week's
// mentoring. Each nudge queues the next one when it is delivered (a scheduler follow-up).
import { nextWeekly } from "../../core/calendar.js";
import type { Db, Tx } from "../../db/client.js";
import type { Enqueue } from "../outbox.js";
import { cancelPending, enqueue } from "../outbox.js";

function delivery(n: { id: string; workspaceId: string; userId: string }, at: Date): Enqueue {
  return {
    workspaceId: n.workspaceId,
    dedupeKey: `mentor:nudge:${n.id}:${at.getTime()}`,
    dueAt: at,
    target: { kind: "dm", id: n.userId },
    reply: {
      text:
        "👋 Time to log this week's mentoring. Reply here in your own words, " +
        "e.g. `45 min with J.R. today - classroom management. notes: ...`",
      context: "Turn these off with /mentor nudge off",
    },
    sourceKind: "mentor-nudge",
    sourceId: n.id,
  };
}

export async function setNudge(
  db: Db,
  workspaceId: string,
  userId: string,
  on: { weekday: number; time: string; zone: string; now: Date } | undefined,
): Promise<Date | undefined> {
  return db.$transaction(async (tx) => {
    const existing = await tx.mentorNudge.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } });
    if (existing) await cancelPending(tx, "mentor-nudge", existing.id);
    if (!on) {
      if (existing) await tx.mentorNudge.update({ where: { id: existing.id }, data: { enabled: false } });
      return undefined;
    }
    const n = await tx.mentorNudge.upsert({
      where: { workspaceId_userId: { workspaceId, userId } },
      create: { workspaceId, userId, weekday: on.weekday, time: on.time },
      update: { weekday: on.weekday, time: on.time, enabled: true },
    });
    const at = nextWeekly(n.weekday, n.time, on.zone, on.now);
    await enqueue(tx, delivery(n, at));
    return at;
  });
}

/** Scheduler follow-up: the next week's nudge, if still enabled. */
export async function nextNudge(tx: Tx, nudgeId: string, dueAt: Date, now: Date): Promise<Enqueue | undefined> {
  const n = await tx.mentorNudge.findUnique({ where: { id: nudgeId } });
  if (!n?.enabled) return undefined;
  const ws = await tx.workspace.findUnique({ where: { id: n.workspaceId } });
  if (!ws) return undefined;
  return delivery(n, nextWeekly(n.weekday, n.time, ws.timeZone, dueAt > now ? dueAt : now));
}

/** After the workspace's zone changed: each weekly nudge is queued again at its weekday and time in the new zone. */
export async function rezoneNudges(tx: Tx, workspaceId: string, zone: string, now: Date): Promise<number> {
  const nudges = await tx.mentorNudge.findMany({ where: { workspaceId, enabled: true } });
  for (const n of nudges) {
    await cancelPending(tx, "mentor-nudge", n.id);
    await enqueue(tx, delivery(n, nextWeekly(n.weekday, n.time, zone, now)), { revive: true });
  }
  return nudges.length;
}
