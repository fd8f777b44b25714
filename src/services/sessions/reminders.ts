// Session reminders: one outbox row per attendee (Going or Maybe) per offset, planned when
// they answer and cancelled when they stop being Going or Maybe. A reschedule re-plans them
// all; the dedupe key carries the start time so old and new plans never collide.
import type { Tx } from "../../db/client.js";
import { fmt } from "../../core/rich.js";
import { formatDuration } from "../../core/duration.js";
import { cancelPending, enqueue, enqueueAll, type Enqueue } from "../outbox.js";
import { offsetsOf, type SessionRow } from "./sessions.js";
import { REMINDER_SOURCE, reminderKey } from "./keys.js";

export { REMINDER_SOURCE };

/** "in 1 day", "in 1 h 30 min": fixed when planned, true when sent on time (a late one is marked delayed by the scheduler). */
export const startsIn = (offset: number): string =>
  offset % 1440 === 0 ? `in ${offset / 1440} day${offset === 1440 ? "" : "s"}` : `in ${formatDuration(offset)}`;

export function reminderReply(s: SessionRow, offset: number): Enqueue["reply"] {
  return {
    text:
      `⏰ **${s.title}** starts ${startsIn(offset)} — ` +
      `${fmt.time(s.startsAt)}${s.location ? `, ${s.location}` : ""}${s.link ? ` · [join](${s.link})` : ""}.`,
    context: `${formatDuration(s.minutes)} · Session ${s.shortId} · can't make it? /session rsvp id:${s.shortId} answer:no`,
  };
}

/** Plans one attendee's reminders still ahead of `now`; returns their offsets (minutes before the start), largest first. */
export async function planReminders(
  db: Tx,
  s: SessionRow,
  userId: string,
  now: Date,
  opts: { planned?: boolean } = {},
): Promise<number[]> {
  const rows = reminderRows(s, userId, now);
  // `planned`: they were Going or Maybe already, so their reminders are queued (a reschedule or
  // an edit re-plans every attendee's); a change between the two needs no statement.
  if (opts.planned) return rows.map((r) => r.offset);
  // The key may exist: someone answered Going, then Can't go, then Going again (or a
  // session moved back to a time it had); a cancelled copy comes back, a sent one stays sent.
  await enqueueAll(
    db,
    rows.map((r) => r.row),
    { revive: true },
  );
  return rows.map((r) => r.offset);
}

/** planReminders for many attendees at once, in a few statements (a session that moved). */
export async function planRemindersFor(db: Tx, s: SessionRow, userIds: readonly string[], now: Date): Promise<void> {
  await enqueueAll(
    db,
    userIds.flatMap((u) => reminderRows(s, u, now).map((r) => r.row)),
    { revive: true },
  );
}

/** The reminders still ahead for one attendee, with their offsets. */
function reminderRows(s: SessionRow, userId: string, now: Date): { offset: number; row: Enqueue }[] {
  const out: { offset: number; row: Enqueue }[] = [];
  for (const offset of offsetsOf(s)) {
    const dueAt = new Date(s.startsAt.getTime() - offset * 60_000);
    if (dueAt <= now) continue;
    out.push({
      offset,
      row: {
        workspaceId: s.workspaceId,
        dedupeKey: reminderKey(s, offset, userId),
        dueAt,
        target: { kind: "dm", id: userId },
        reply: reminderReply(s, offset),
        createdBy: s.createdBy,
        sourceKind: REMINDER_SOURCE,
        sourceId: s.id,
      },
    });
  }
  return out;
}

/** One attendee's pending reminders (they changed to Can't go or left for the waitlist). */
export async function cancelRemindersOf(db: Tx, sessionId: string, userId: string): Promise<void> {
  await db.delivery.updateMany({
    where: { sourceKind: REMINDER_SOURCE, sourceId: sessionId, status: "pending", targetKind: "dm", targetId: userId },
    data: { status: "cancelled" },
  });
}

/** Every pending reminder of a session (cancelled or moved). */
export const cancelReminders = (db: Tx, sessionId: string): Promise<number> =>
  cancelPending(db, REMINDER_SOURCE, sessionId);
