// PD hours credited for one attendance: the time between check-in (or the start, when they
// checked in early or a leader recorded them after the end) and check-out (or the end),
// rounded to the workspace's rounding; a leader's figure, when set, replaces it.
import type { Tx } from "../../db/client.js";
import { endOf, type RsvpRow, type SessionRow } from "./sessions.js";

type Attended = Pick<RsvpRow, "checkedInAt" | "checkedOutAt" | "creditMinutes" | "markedBy">;
type Timed = Pick<SessionRow, "startsAt" | "minutes">;

/** Rounds to the nearest multiple of `step` minutes, halves up (7.5 of 15 rounds to 15). */
export const roundMinutes = (minutes: number, step: number): number =>
  step <= 1 ? Math.round(minutes) : Math.floor(minutes / step + 0.5) * step;

/** Minutes worked out from the times alone, before rounding. */
export function attendedMinutes(s: Timed, r: Attended): number {
  if (!r.checkedInAt) return 0;
  const start = s.startsAt.getTime();
  const end = endOf(s).getTime();
  // A leader recording a paper sign-in sheet after the end records presence, not an arrival time.
  const inAt = r.markedBy && r.checkedInAt.getTime() >= end ? start : Math.max(start, r.checkedInAt.getTime());
  const outAt = Math.min(end, r.checkedOutAt?.getTime() ?? end);
  return Math.max(0, (outAt - inAt) / 60_000);
}

/**
 * Minutes credited, or undefined for someone who did not attend. Rounding never gives more than
 * the session's length.
 */
export function creditedMinutes(s: Timed, r: Attended, rounding: number): number | undefined {
  if (r.creditMinutes !== null && r.creditMinutes !== undefined) return r.creditMinutes;
  if (!r.checkedInAt) return undefined;
  return Math.min(s.minutes, roundMinutes(attendedMinutes(s, r), rounding));
}

export interface CreditResult {
  /** Minutes credited before and after. */
  before: number | undefined;
  after: number;
  /** They had not checked in: the leader's figure records them as attended too. */
  checkedIn: boolean;
  unchanged: boolean;
}

/**
 * Sets (or corrects) a person's hours for a session. Someone with no check-in is recorded as
 * attended, marked by the leader, since hours credited mean they were there. Safe to repeat.
 */
export async function setCredit(
  db: Tx,
  s: SessionRow,
  userId: string,
  minutes: number,
  by: string,
  rounding: number,
  now: Date,
): Promise<CreditResult> {
  const prev = await db.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
  const before = prev ? creditedMinutes(s, prev, rounding) : undefined;
  if (prev?.creditMinutes === minutes) return { before, after: minutes, checkedIn: false, unchanged: true };
  const checkedIn = !prev?.checkedInAt;
  await db.rsvp.upsert({
    where: { sessionId_userId: { sessionId: s.id, userId } },
    create: {
      sessionId: s.id,
      userId,
      answer: "none",
      answeredAt: now,
      checkedInAt: s.startsAt,
      markedBy: by,
      creditMinutes: minutes,
      creditBy: by,
    },
    update: {
      creditMinutes: minutes,
      creditBy: by,
      ...(checkedIn ? { checkedInAt: s.startsAt, markedBy: by } : {}),
    },
  });
  return { before, after: minutes, checkedIn, unchanged: false };
}
