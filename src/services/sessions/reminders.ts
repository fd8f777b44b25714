// Session reminders: one outbox row per attendee (Going or Maybe) per offset, planned when
// they answer and cancelled when they change to "Can't go". A reschedule re-plans them all;
// the dedupe key carries the start time so old and new plans never collide.
import type { Db } from "../../db/client.js";
import { fmt } from "../../core/rich.js";
import { formatDuration } from "../../core/duration.js";
import { enqueue } from "../outbox.js";
import { offsetsOf, type SessionRow } from "./sessions.js";

export async function planReminders(db: Db, s: SessionRow, userId: string, now: Date): Promise<void> {
  for (const offset of offsetsOf(s)) {
    const at = new Date(s.startsAt.getTime() - offset * 60_000);
    if (at <= now) continue;
    await enqueue(db, {
      workspaceId: s.workspaceId,
      dedupeKey: `session:${s.id}:${s.startsAt.getTime()}:${offset}:${userId}`,
      dueAt: at,
      target: { kind: "dm", id: userId },
      reply: {
        text: `⏰ **${s.title}** starts ${fmt.time(s.startsAt, "relative")} — ${fmt.time(s.startsAt)}${s.location ? `, ${s.location}` : ""}${s.link ? ` · [join](${s.link})` : ""}.`,
        context: `${formatDuration(s.minutes)} · Session ${s.shortId} · can't make it? /session rsvp id:${s.shortId} answer:no`,
      },
      createdBy: s.createdBy,
      sourceKind: "session",
      sourceId: s.id,
    });
  }
}

export async function cancelReminders(db: Db, sessionId: string, userId?: string): Promise<void> {
  await db.delivery.updateMany({
    where: { sourceKind: "session", sourceId: sessionId, status: "pending", ...(userId ? { targetId: userId, targetKind: "dm" } : {}) },
    data: { status: "cancelled" },
  });
}
