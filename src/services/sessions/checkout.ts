// Check-out: from the start to 2 h after the end, by the person themselves. It fixes the end of
// the time credited; a second check-out answers with what is recorded and changes nothing.
import type { Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { fmt, formatInZone } from "../../core/rich.js";
import { attendedMinutes, creditedMinutes } from "./credit.js";
import { endOf, type SessionRow } from "./sessions.js";

/** Check-out stays open this long after the end (people leave, then remember). */
export const CHECKOUT_CLOSES_AFTER_MIN = 120;

export const checkoutWindow = (s: SessionRow): { opens: Date; closes: Date } => ({
  opens: s.startsAt,
  closes: new Date(endOf(s).getTime() + CHECKOUT_CLOSES_AFTER_MIN * 60_000),
});

export const checkoutOpen = (s: SessionRow, now: Date): boolean => {
  const w = checkoutWindow(s);
  return s.status !== "cancelled" && now >= w.opens && now <= w.closes;
};

export interface CheckoutResult {
  checkedOutAt: Date;
  /** Hours credited now, in minutes. */
  minutes: number;
  /** Minutes between the check-in (or the start) and the check-out, before rounding. */
  attended: number;
  /** A leader set the hours credited (they replace the times). */
  byLeader: boolean;
  already: boolean;
  /** They had not checked in: check-out recorded them as attended from the start. */
  fromStart: boolean;
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
  if (now < opens)
    throw new UserError(
      `${s.title} has not started yet: check-out opens at the start, ${formatInZone(opens, zone, "short")}, ` +
        `and stays open until ${formatInZone(closes, zone, "time")} (2 h after the end). Nothing was recorded.`,
      example,
    );
  if (now > closes)
    throw new UserError(
      `Check-out for ${s.title} closed at ${formatInZone(closes, zone, "short")}, 2 h after the end. ` +
        `A leader can set your hours with /session credit id:${s.shortId} user:${fmt.user(userId)} hours:…`,
      example,
    );
  const prev = await db.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
  if (prev?.checkedOutAt)
    return { checkedOutAt: prev.checkedOutAt, ...credit(s, prev, rounding), already: true, fromStart: false };
  const fromStart = !prev?.checkedInAt;
  const data = { checkedOutAt: now, ...(fromStart ? { checkedInAt: s.startsAt } : {}) };
  if (!prev)
    await db.rsvp.upsert({
      where: { sessionId_userId: { sessionId: s.id, userId } },
      create: { sessionId: s.id, userId, answer: "none", answeredAt: now, ...data, checkedInAt: s.startsAt },
      update: {},
    });
  // Only the first check-out counts: a second press at the same moment changes nothing.
  else await db.rsvp.updateMany({ where: { id: prev.id, checkedOutAt: null }, data });
  const row = await db.rsvp.findUniqueOrThrow({ where: { sessionId_userId: { sessionId: s.id, userId } } });
  const already = +row.checkedOutAt! !== +now;
  return { checkedOutAt: row.checkedOutAt!, ...credit(s, row, rounding), already, fromStart };
}

type Attended = Parameters<typeof creditedMinutes>[1];

const credit = (s: SessionRow, r: Attended, rounding: number) => ({
  minutes: creditedMinutes(s, r, rounding) ?? 0,
  attended: attendedMinutes(s, r),
  byLeader: r.creditMinutes !== null && r.creditMinutes !== undefined,
});
