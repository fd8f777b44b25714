// Answers to a session. With a capacity, "Going" beyond it joins a waitlist in answer order;
// when a Going person drops, the first waiting person is promoted and told by DM.
import type { Db, Tx } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { fmt } from "../../core/rich.js";
import { noticeEvent, type Answer } from "./keys.js";
import { queueNotice } from "./notices.js";
import { cancelRemindersOf, planReminders } from "./reminders.js";
import { endOf, offsetsOf, rsvps, type RsvpRow, type SessionRow } from "./sessions.js";

export type { Answer };

export interface RsvpResult {
  status: "going" | "waitlist" | "maybe" | "no";
  /** The user moved from the waitlist to Going (their DM is queued). */
  promoted?: string;
  /** Place on the waitlist, from 1. */
  position?: number;
  /** The answer was already this one: nothing changed. */
  unchanged: boolean;
  /** Reminders that will be sent to this person, in minutes before the start (Going or Maybe). */
  reminders: number[];
  /** The session's reminder offsets, sent or not (none means it has no reminders at all). */
  offsets: number[];
  /** Every answer to the session after this one, when known without reading them again (no one was promoted). */
  answers?: RsvpRow[];
}

export async function answer(db: Db, s: SessionRow, userId: string, a: Answer, now: Date): Promise<RsvpResult> {
  return db.$transaction(async (tx) => {
    const t = tx;
    // Taking the session row first serializes answers to this session: two people pressing
    // Going for the last seat at once cannot both get it (PostgreSQL runs read committed).
    const cur = await t.session.update({ where: { id: s.id }, data: { answerSeq: { increment: 1 } } });
    if (cur.status === "cancelled") throw new UserError(`${cur.title} was cancelled.`, "/session list");
    if (now > endOf(cur)) throw new UserError(`${cur.title} is over; answers are closed.`, "/session list");
    const seq = cur.answerSeq;
    // All of the session's answers in one read: this person's, the seats taken, the card's counts.
    const all = await rsvps(t, s.id);
    const prev = all.find((r) => r.userId === userId);
    const wasGoing = prev?.answer === "going";
    let status: RsvpResult["status"] = a;
    if (a === "going" && prev?.answer === "waitlist")
      status = "waitlist"; // keeps their place
    else if (a === "going" && !wasGoing && cur.capacity) {
      const going = all.filter((r) => r.answer === "going").length;
      if (going >= cur.capacity) status = "waitlist";
    }
    const unchanged = prev?.answer === status;
    const mine = await t.rsvp.upsert({
      where: { sessionId_userId: { sessionId: s.id, userId } },
      create: { sessionId: s.id, userId, answer: status, answeredAt: now, seq },
      update: unchanged ? {} : { answer: status, answeredAt: now, seq },
    });
    let reminders: number[] = [];
    const planned = prev?.answer === "going" || prev?.answer === "maybe";
    if (status === "going" || status === "maybe") reminders = await planReminders(t, cur, userId, now, { planned });
    else await cancelRemindersOf(t, s.id, userId);

    let promoted: string | undefined;
    if (wasGoing && status !== "going" && cur.capacity) promoted = (await promoteWaiting(t, cur, 1, seq, now))[0];
    const after = [...all.filter((r) => r.userId !== userId), mine].sort(
      (x, y) => x.seq - y.seq || x.answeredAt.getTime() - y.answeredAt.getTime(),
    );
    let position: number | undefined;
    if (status === "waitlist") position = after.filter((r) => r.answer === "waitlist" && r.seq < mine.seq).length + 1;
    return {
      status,
      promoted,
      position,
      unchanged,
      reminders,
      offsets: offsetsOf(cur),
      answers: promoted ? undefined : after,
    };
  });
}

/**
 * Moves up to `seats` people from the waitlist to Going, first in line first, plans their
 * reminders and queues a DM to each; `seq` is the answer number that opened the seats.
 */
export async function promoteWaiting(t: Tx, cur: SessionRow, seats: number, seq: number, now: Date): Promise<string[]> {
  const next =
    seats > 0
      ? await t.rsvp.findMany({
          where: { sessionId: cur.id, answer: "waitlist" },
          orderBy: [{ seq: "asc" }, { answeredAt: "asc" }],
          take: seats,
        })
      : [];
  for (const r of next) {
    await t.rsvp.update({ where: { id: r.id }, data: { answer: "going" } });
    await planReminders(t, cur, r.userId, now);
    await queueNotice(t, {
      session: cur,
      userId: r.userId,
      key: noticeEvent.promoted(seq),
      reply: {
        text:
          `🎉 A seat opened: you're now **going** to ${cur.title}, ${fmt.time(cur.startsAt)}` +
          `${cur.location ? `, ${cur.location}` : ""}.`,
        context: `Can't make it? /session rsvp id:${cur.shortId} answer:no`,
      },
      now,
      by: cur.createdBy,
    });
  }
  return next.map((r) => r.userId);
}
