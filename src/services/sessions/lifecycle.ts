// Cancelling and moving a session. Each is one transaction: the session row, its reminders
// and a DM to everyone who answered (queued in the outbox) change together or not at all.
// The caller edits the announcement in place.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { fmt } from "../../core/rich.js";
import { noticeEvent } from "./keys.js";
import { cancelNotices, queueNotices } from "./notices.js";
import { cancelReminders, planRemindersFor } from "./reminders.js";
import { icsFile } from "./ical.js";
import { endOf, type SessionRow } from "./sessions.js";
import { promoteWaiting } from "./rsvp.js";
import { formatDuration } from "../../core/duration.js";

/** Everyone who gave an answer (not people who only checked in). */
const ANSWERED = ["going", "waitlist", "maybe", "no"];

export async function cancelSession(
  db: Db,
  s: SessionRow,
  reason: string | undefined,
  by: string,
  now: Date,
): Promise<{ session: SessionRow; told: number; already?: boolean }> {
  return db.$transaction((tx) => cancelIn(tx, s, reason, by, now));
}

/** cancelSession inside the caller's transaction (a series cancels several in one). */
export async function cancelIn(
  t: Tx,
  s: SessionRow,
  reason: string | undefined,
  by: string,
  now: Date,
): Promise<{ session: SessionRow; told: number; already?: boolean }> {
  {
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
    await queueNotices(
      t,
      who.map((r) => ({
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
      })),
    );
    return { session: cur, told: who.length };
  }
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
      data: {
        startsAt,
        minutes,
        revision: { increment: 1 },
        ...(+startsAt !== +s.startsAt ? { moves: { increment: 1 } } : {}),
      },
    });
    if (!got.count)
      throw new UserError(
        `${s.title} was cancelled; announce a new session instead.`,
        `/session announce "${s.title.replace(/"/g, "")}" when:"Dec 10 9am"`,
      );
    const cur = await t.session.findUniqueOrThrow({ where: { id: s.id } });
    await cancelReminders(t, s.id);
    const who = await t.rsvp.findMany({ where: { sessionId: s.id, answer: { in: ANSWERED } } });
    const attending = who.filter((r) => r.answer === "going" || r.answer === "maybe").map((r) => r.userId);
    await planRemindersFor(t, cur, attending, now);
    await queueNotices(
      t,
      who.map((r) => ({
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
      })),
    );
    return { session: cur, told: who.length };
  });
}

/** What /session edit may change; undefined leaves a field as it is. */
/** What to change; null clears an optional field (no place, no link, no seat limit, no notes). */
export interface SessionEdit {
  title?: string;
  location?: string | null;
  link?: string | null;
  capacity?: number | null;
  notes?: string | null;
  minutes?: number;
  /** Stored form (topics.ts storeTopics). */
  topics?: string;
}

const FIELD_LABEL: Record<keyof SessionEdit, string> = {
  title: "title",
  location: "where",
  link: "link",
  capacity: "capacity",
  notes: "notes",
  minutes: "length",
  topics: "topics",
};

/** Changes answerers must hear about (where to go, how long it runs); the rest only shows on the card. */
const MATERIAL: (keyof SessionEdit)[] = ["location", "link", "minutes"];

export interface EditResult {
  session: SessionRow;
  /** The labels of the fields that changed (none: nothing to change). */
  changed: string[];
  /** People moved from the waitlist to Going by a larger capacity. */
  promoted: string[];
  /** People told by DM of a change to where or how long. */
  told: number;
  /** Going answers beyond a lowered capacity: they keep their seats. */
  over: number;
}

/**
 * Edits a session in place, keeping every answer: a larger capacity promotes the waitlist in
 * order (each told by DM), and a change to where or how long is DMed to everyone who answered
 * Going, Maybe or waitlist, with the calendar file that replaces theirs. One transaction.
 */
export async function editSession(db: Db, s: SessionRow, e: SessionEdit, by: string, now: Date): Promise<EditResult> {
  return db.$transaction(async (tx) => {
    const t = tx;
    // Taking the row first (as an answer does) keeps a capacity change and answers in order.
    const before = await t.session.update({ where: { id: s.id }, data: { answerSeq: { increment: 1 } } });
    if (before.status === "cancelled")
      throw new UserError(`${before.title} was cancelled, so there is nothing to edit.`, "/session list");
    if (endOf(before) <= now)
      throw new UserError(`${before.title} is over, so there is nothing to edit.`, "/session list");
    const fields = (Object.keys(e) as (keyof SessionEdit)[]).filter((k) => e[k] !== undefined && e[k] !== before[k]);
    if (!fields.length) return { session: before, changed: [], promoted: [], told: 0, over: 0 };
    const data = Object.fromEntries(fields.map((k) => [k, e[k]]));
    const onCalendar = fields.some((k) => k !== "capacity" && k !== "topics");
    const cur = await t.session.update({
      where: { id: s.id },
      data: { ...data, ...(onCalendar ? { revision: { increment: 1 } } : {}) },
    });
    const going = await t.rsvp.count({ where: { sessionId: s.id, answer: "going" } });
    let promoted: string[] = [];
    if (fields.includes("capacity") && cur.capacity && going < cur.capacity)
      promoted = await promoteWaiting(t, cur, cur.capacity - going, cur.answerSeq, now);
    // No seat limit any more: everyone waiting gets a seat.
    if (fields.includes("capacity") && cur.capacity === null) {
      const waiting = await t.rsvp.count({ where: { sessionId: s.id, answer: "waitlist", checkedInAt: null } });
      if (waiting) promoted = await promoteWaiting(t, cur, waiting, cur.answerSeq, now);
    }
    // Reminders carry where and how long: re-plan them with the new text.
    if (onCalendar) {
      await cancelReminders(t, s.id);
      const att = await t.rsvp.findMany({ where: { sessionId: s.id, answer: { in: ["going", "maybe"] } } });
      await planRemindersFor(
        t,
        cur,
        att.map((r) => r.userId),
        now,
      );
    }
    const material = fields.filter((k) => MATERIAL.includes(k));
    let told = 0;
    if (material.length) {
      const what = material
        .map((k) =>
          k === "minutes"
            ? `now lasts **${formatDuration(cur.minutes)}** (was ${formatDuration(before.minutes)})`
            : k === "location"
              ? cur.location
                ? `is now at **${cur.location}**${before.location ? ` (was ${before.location})` : ""}`
                : `no longer names a place (was ${before.location})`
              : cur.link
                ? `has a new link: ${cur.link}`
                : "no longer has a video link",
        )
        .join("; ");
      const who = await t.rsvp.findMany({
        where: { sessionId: s.id, answer: { in: ["going", "waitlist", "maybe"] }, userId: { notIn: promoted } },
      });
      await queueNotices(
        t,
        who.map((r) => ({
          session: cur,
          userId: r.userId,
          key: noticeEvent.edited(cur.revision),
          reply: {
            text: `✏️ **${cur.title}**, ${fmt.time(cur.startsAt)}, ${what}.`,
            context: `${STILL[r.answer]} Open the attached calendar file to update your calendar.`,
            files: [icsFile(cur)],
          },
          now,
          by,
        })),
      );
      told = who.length;
    }
    const over = cur.capacity && going > cur.capacity ? going - cur.capacity : 0;
    return { session: cur, changed: fields.map((k) => FIELD_LABEL[k]), promoted, told, over };
  });
}
