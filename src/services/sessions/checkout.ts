// Check-out: from the start to 2 h after the end, by the person themselves, once checked in. It
// fixes the end of the time credited; a second check-out answers with what is recorded and
// changes nothing. Without a check-in there is nothing to check out of: they check in first
// (or, after the end, a leader records them), so nobody is credited for a press alone.
import type { Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { minuteOf } from "../../core/clock.js";
import { formatDuration } from "../../core/duration.js";
import { fmt, formatInZone } from "../../core/rich.js";
import { attendedMinutes, creditedMinutes } from "./credit.js";
import { endOf, type SessionRow } from "./sessions.js";

/** Check-out stays open this long after the end (people leave, then remember). */
export const CHECKOUT_CLOSES_AFTER_MIN = 120;

/**
 * Check-out's first and last minute, as shown: it opens in the minute the session starts and
 * closes at the end of the minute shown as its close (all of 10:51 is open when it says
 * "opens at 10:51", even for a start at 10:51:23).
 */
export const checkoutWindow = (s: SessionRow): { opens: Date; closes: Date } => ({
  opens: new Date(minuteOf(s.startsAt) * 60_000),
  closes: new Date(minuteOf(new Date(endOf(s).getTime() + CHECKOUT_CLOSES_AFTER_MIN * 60_000)) * 60_000),
});

/** Before check-out opens (-1), while it is open (0), after it closed (1), to the minute. */
export function checkoutPhase(s: SessionRow, now: Date): -1 | 0 | 1 {
  const w = checkoutWindow(s);
  const m = minuteOf(now);
  return m < minuteOf(w.opens) ? -1 : m > minuteOf(w.closes) ? 1 : 0;
}

export const checkoutOpen = (s: SessionRow, now: Date): boolean =>
  s.status !== "cancelled" && checkoutPhase(s, now) === 0;

/** " (in 20 min)", to the minute, when check-out opens within the day; empty further off. */
function untilOpens(opens: Date, now: Date): string {
  const wait = minuteOf(opens) - minuteOf(now);
  return wait > 0 && wait < 24 * 60 ? ` (in ${formatDuration(wait)})` : "";
}

export interface CheckoutResult {
  checkedOutAt: Date;
  /** Hours credited now, in minutes. */
  minutes: number;
  /** Minutes between the check-in (or the start) and the check-out, before rounding. */
  attended: number;
  /** A leader set the hours credited (they replace the times). */
  byLeader: boolean;
  already: boolean;
}

export async function checkOut(
  db: Tx,
  s: SessionRow,
  userId: string,
  rounding: number,
  now: Date,
): Promise<CheckoutResult> {
  const example = `/session checkout id:${s.shortId}`;
  if (s.status === "cancelled")
    throw new UserError(`${s.title} was cancelled, so there is nothing to check out of.`, "/session list");
  const { opens, closes } = checkoutWindow(s);
  const zone = s.timeZone;
  const phase = checkoutPhase(s, now);
  if (phase < 0)
    throw new UserError(
      `${s.title} has not started yet: check-out opens at the start, ${formatInZone(opens, zone, "short")}` +
        `${untilOpens(opens, now)}, ` +
        `and stays open until ${formatInZone(closes, zone, "time")} (2 h after the end). Nothing was recorded.`,
      example,
    );
  if (phase > 0)
    throw new UserError(
      `Check-out for ${s.title} closed at ${formatInZone(closes, zone, "short")}, 2 h after the end. ` +
        `A leader can set your hours with /session credit id:${s.shortId} user:${fmt.user(userId)} hours:…`,
      example,
    );
  const prev = await db.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
  if (prev?.checkedOutAt) return { checkedOutAt: prev.checkedOutAt, ...credit(s, prev, rounding), already: true };
  if (!prev?.checkedInAt) {
    const checkin = `/session checkin id:${s.shortId}`;
    const nothing = `You have not checked in to ${s.title}, so there is nothing to check out of. Nothing was recorded.`;
    // Self check-in closes at the end; after it, only a leader can record that they came.
    if (minuteOf(now) > minuteOf(endOf(s)))
      throw new UserError(
        `${nothing} Check-in closed at the end, ${formatInZone(endOf(s), zone, "time")}. ` +
          `A leader can record you with ${checkin} user:${fmt.user(userId)}, then you can check out.`,
        `${checkin} user:${fmt.user(userId)}`,
      );
    throw new UserError(`${nothing} Check in first, then check out when you leave.`, checkin);
  }
  // Only the first check-out counts: a second press at the same moment changes nothing.
  await db.rsvp.updateMany({ where: { id: prev.id, checkedOutAt: null }, data: { checkedOutAt: now } });
  const row = await db.rsvp.findUniqueOrThrow({ where: { id: prev.id } });
  const already = +row.checkedOutAt! !== +now;
  return { checkedOutAt: row.checkedOutAt!, ...credit(s, row, rounding), already };
}

type Attended = Parameters<typeof creditedMinutes>[1];

const credit = (s: SessionRow, r: Attended, rounding: number) => ({
  minutes: creditedMinutes(s, r, rounding) ?? 0,
  attended: attendedMinutes(s, r),
  byLeader: r.creditMinutes !== null && r.creditMinutes !== undefined,
});
