// Check-in: attendees during the session window, leaders for others (during it or after,
// to record a paper sign-in sheet). Someone on the waitlist who comes is checked in: they are
// in the room, so they are credited, and attendance lists them as came from the waitlist.
// Checking in again after a check-out, before the end, undoes the check-out (pressed by
// mistake, or they came back): the first check-in time stands.
import type { Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { minuteOf } from "../../core/clock.js";
import { formatInZone } from "../../core/rich.js";
import { endOf, type SessionRow } from "./sessions.js";

/** Check-in opens this long before the start and closes at the end. */
export const CHECKIN_OPENS_MIN = 30;

export async function checkIn(
  db: Tx,
  s: SessionRow,
  userId: string,
  markedBy: string | undefined,
  now: Date,
): Promise<{ already: boolean; fromWaitlist: boolean; undidCheckout?: Date }> {
  const opens = new Date(s.startsAt.getTime() - CHECKIN_OPENS_MIN * 60_000);
  if (s.status === "cancelled") throw new UserError(`${s.title} was cancelled.`, "/session list");
  // To the minute, as the times are shown: all of the minute it says it opens (or closes) in is open.
  if (minuteOf(now) < minuteOf(opens) || (!markedBy && minuteOf(now) > minuteOf(endOf(s))))
    throw new UserError(
      `Check-in for ${s.title} is open from ${formatInZone(opens, s.timeZone, "short")} to ${formatInZone(endOf(s), s.timeZone, "time")}.`,
      `/session checkin id:${s.shortId}`,
    );
  const prev = await db.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
  const fromWaitlist = prev?.answer === "waitlist";
  if (prev?.checkedInAt && prev.checkedOutAt && minuteOf(now) <= minuteOf(endOf(s))) {
    // Only the check-out it saw is undone: a repeat finds it gone and answers "already checked in".
    const undone = await db.rsvp.updateMany({
      where: { id: prev.id, checkedOutAt: prev.checkedOutAt },
      data: { checkedOutAt: null },
    });
    return undone.count
      ? { already: false, fromWaitlist, undidCheckout: prev.checkedOutAt }
      : { already: true, fromWaitlist };
  }
  if (prev?.checkedInAt) return { already: true, fromWaitlist };
  await db.rsvp.upsert({
    where: { sessionId_userId: { sessionId: s.id, userId } },
    create: { sessionId: s.id, userId, answer: "none", answeredAt: now, checkedInAt: now, markedBy: markedBy ?? null },
    update: { checkedInAt: now, markedBy: markedBy ?? null },
  });
  return { already: false, fromWaitlist };
}
