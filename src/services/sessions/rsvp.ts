// Answers to a session. With a capacity, "Going" beyond it joins a waitlist in answer order;
// when a Going person drops, the first waiting person is promoted (and told by the caller).
import type { Db } from "../../db/client.js";
import { UserError } from "../../core/errors.js";
import { cancelReminders, planReminders } from "./reminders.js";
import type { SessionRow } from "./sessions.js";

export type Answer = "going" | "maybe" | "no";

export interface RsvpResult {
  status: "going" | "waitlist" | "maybe" | "no";
  promoted?: string;
  position?: number;
}

export async function answer(db: Db, s: SessionRow, userId: string, a: Answer, now: Date): Promise<RsvpResult> {
  if (s.status === "cancelled") throw new UserError(`${s.title} was cancelled.`, "/session list");
  if (now.getTime() > s.startsAt.getTime() + s.minutes * 60_000) throw new UserError(`${s.title} is over; answers are closed.`, "/session list");
  return db.$transaction(async (tx) => {
    const t = tx as unknown as Db;
    const prev = await t.rsvp.findUnique({ where: { sessionId_userId: { sessionId: s.id, userId } } });
    let status: RsvpResult["status"] = a;
    if (a === "going" && prev?.answer !== "going" && prev?.answer !== "waitlist" && s.capacity) {
      const going = await t.rsvp.count({ where: { sessionId: s.id, answer: "going" } });
      if (going >= s.capacity) status = "waitlist";
    }
    if (a === "going" && prev?.answer === "waitlist") status = "waitlist";
    const keepOrder = prev && prev.answer === status;
    await t.rsvp.upsert({
      where: { sessionId_userId: { sessionId: s.id, userId } },
      create: { sessionId: s.id, userId, answer: status, answeredAt: now },
      update: keepOrder ? {} : { answer: status, answeredAt: now },
    });
    let promoted: string | undefined;
    if (prev?.answer === "going" && status !== "going" && s.capacity) {
      const next = await t.rsvp.findFirst({ where: { sessionId: s.id, answer: "waitlist" }, orderBy: { answeredAt: "asc" } });
      if (next) {
        await t.rsvp.update({ where: { id: next.id }, data: { answer: "going" } });
        promoted = next.userId;
        await planReminders(t, s, next.userId, now);
      }
    }
    if (status === "going" || status === "maybe") await planReminders(t, s, userId, now);
    else await cancelReminders(t, s.id, userId);
    let position: number | undefined;
    if (status === "waitlist") {
      const me = await t.rsvp.findUniqueOrThrow({ where: { sessionId_userId: { sessionId: s.id, userId } } });
      position = (await t.rsvp.count({ where: { sessionId: s.id, answer: "waitlist", answeredAt: { lt: me.answeredAt } } })) + 1;
    }
    return { status, promoted, position };
  });
}
