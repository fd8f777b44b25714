// Cancelling and moving a session. Each is one transaction: the session row, its reminders
// and a DM to everyone who answered (queued in the outbox) change together or not at all.
// The caller edits the announcement in place.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { fmt } from "../../core/rich.js";
import { noticeEvent } from "./keys.js";
import { cancelNotices, queueNotice } from "./notices.js";
import { cancelReminders, planReminders } from "./reminders.js";
import { icsFile } from "./ical.js";
import type { SessionRow } from "./sessions.js";

/** Everyone who gave an answer (not people who only checked in). */
const ANSWERED = ["going", "waitlist", "maybe", "no"];

export async function cancelSession(
  db: Db,
  s: SessionRow,
  reason: string | undefined,
  by: string,
  now: Date,
): Promise<{ session: SessionRow; told: number; already?: boolean }> {
  return db.$transaction(async (tx) => {
    const t = tx;
    const got = await t.session.updateMany({
      where: { id: s.id, status: "scheduled" },
      data: { status: "cancelled", cancelReason: reason?.trim() || null, revision: { increment: 1 } },
    });
    // Cancelling twice answers with what is (the first reason stays) and tells nobody again.
    if (!got.count)
      return { session: await t.session.findUniqueOrThrow({ where: { id: s.id } }), told: 0, already: true };
    const cur = await t.session.findUniqueOrThrow({ where: { id: s.id } });
    await cancelReminders(t, s.id);
    await cancelNotices(t, s.id); // a pending "moved" or "seat opened" no longer matters
    const who = await t.rsvp.findMany({ where: { sessionId: s.id, answer: { in: ANSWERED } } });
    for (const r of who)
      await queueNotice(t, {
        session: cur,
        userId: r.userId,
        key: noticeEvent.cancelled(cur.revision),
        reply: {
          text: `❌ **${cur.title}** on ${fmt.time(cur.startsAt)} is cancelled${cur.cancelReason ? `: ${cur.cancelReason}` : "."}`,
          context: "Open the attached calendar file to remove it from your calendar.",
          files: [icsFile(cur)],
        },
        now,
        by,
      });
    return { session: cur, told: who.length };
  });
}

/** Gives the session a new home channel (where its card lives and /session list finds it). */
export async function moveToChannel(db: Tx, s: SessionRow, channelId: string): Promise<SessionRow> {
  return db.session.update({ where: { id: s.id }, data: { channelId } });
}

const STILL: Record<string, string> = {
  going: "You're still going.",
  waitlist: "You're still on the waitlist.",
  maybe: "You said maybe.",
  no: "You said you can't go.",
};

export async function rescheduleSession(
  db: Db,
  s: SessionRow,
  startsAt: Date,
  minutes: number,
  by: string,
  now: Date,
): Promise<{ session: SessionRow; told: number; unchanged?: boolean }> {
  return db.$transaction(async (tx) => {
    const t = tx;
    // The same start and length: nothing moves, nobody is told.
    const same = await t.session.findFirst({ where: { id: s.id, status: "scheduled", startsAt, minutes } });
    if (same) return { session: same, told: 0, unchanged: true };
    const got = await t.session.updateMany({
      where: { id: s.id, status: "scheduled" },
      data: { startsAt, minutes, revision: { increment: 1 } },
    });
    if (!got.count)
      throw new UserError(
        `${s.title} was cancelled; announce a new session instead.`,
        `/session announce "${s.title.replace(/"/g, "")}" when:"Dec 10 9am"`,
      );
    const cur = await t.session.findUniqueOrThrow({ where: { id: s.id } });
    await cancelReminders(t, s.id);
    const who = await t.rsvp.findMany({ where: { sessionId: s.id, answer: { in: ANSWERED } } });
    for (const r of who) {
      if (r.answer === "going" || r.answer === "maybe") await planReminders(t, cur, r.userId, now);
      await queueNotice(t, {
        session: cur,
        userId: r.userId,
        key: noticeEvent.moved(cur.revision),
        reply: {
          text: `🔁 **${cur.title}** moved from ${fmt.time(s.startsAt)} to **${fmt.time(cur.startsAt)}**.`,
          context: `${STILL[r.answer]} Change your answer with /session rsvp id:${cur.shortId} answer:going (or maybe, no).`,
          ...(r.answer === "no" ? {} : { files: [icsFile(cur)] }),
        },
        now,
        by,
      });
    }
    return { session: cur, told: who.length };
  });
}
