// Answers to a session. With a capacity, "Going" beyond it joins a waitlist in answer order;
// when a Going person drops, the first waiting person is promoted and told by DM.
import { clientProvider, sql, sqlTimestamp, type Db, type Tx } from "../../db/client.js";
import { executeRows, queryRows } from "../../db/direct.js";
import { jsonRowsOf, readJsonRows } from "../../db/json-rows.js";
import { normalizeShortId } from "../../core/short-id.js";
import { UserError } from "../../core/errors.js";
import { fmt } from "../../core/rich.js";
import { noticeEvent, type Answer } from "./keys.js";
import { queueNotice } from "./notices.js";
import { cancelRemindersOf, planReminders } from "./reminders.js";
import { endOf, noSuchSession, offsetsOf, rsvps, type RsvpRow, type SessionRow } from "./sessions.js";

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

const RSVP_COLUMNS = [
  "id",
  "sessionId",
  "userId",
  "answer",
  "answeredAt",
  "seq",
  "checkedInAt",
  "markedBy",
  "checkedOutAt",
  "creditMinutes",
  "creditBy",
] as const satisfies readonly (keyof RsvpRow)[];

/** A session by its id in a workspace; `example` is the command a "no such session" answer shows. */
export interface SessionRef {
  workspaceId: string;
  shortId: string;
  example?: string;
}

type LockedRow = SessionRow & { answers: unknown; seenSeq: number | null };

/**
 * Takes the session's row for this transaction (which serializes answers to it: two people
 * pressing Going for the last seat at once cannot both get it) and reads its answers, in one
 * statement. SQLite's adapter runs one transaction at a time, so they are current. On
 * PostgreSQL a statement that waited for the row reads other tables as they were when it
 * began, so the answers are read again when another answer or edit took the row in between:
 * `seenSeq`, the counter as this statement's snapshot saw it, is then behind by more than one.
 */
async function lockSession(t: Tx, ref: SessionRef): Promise<{ cur: SessionRow; all: RsvpRow[] }> {
  const provider = clientProvider(t);
  const pg = provider === "postgresql";
  const answers = jsonRowsOf(provider, {
    table: "Rsvp",
    columns: RSVP_COLUMNS,
    where: sql`x."sessionId" = "Session"."id"`,
    orderBy: `x."seq" ASC, x."answeredAt" ASC`,
  });
  const seen = pg ? sql`(SELECT s2."answerSeq" FROM "Session" s2 WHERE s2."id" = "Session"."id")` : sql`NULL`;
  const [row] = await queryRows<LockedRow[]>(
    t,
    sql`UPDATE "Session"
    SET "answerSeq" = "answerSeq" + 1, "updatedAt" = ${sqlTimestamp(t, new Date())}
    WHERE "workspaceId" = ${ref.workspaceId} AND "shortId" = ${normalizeShortId(ref.shortId)}
    RETURNING *, ${answers} AS "answers", ${seen} AS "seenSeq"`,
  );
  if (!row) throw noSuchSession(ref.shortId, ref.example ?? "/session list");
  const { answers: json, seenSeq, ...cur } = row;
  const all =
    !pg || Number(seenSeq) + 1 === cur.answerSeq
      ? readJsonRows<RsvpRow>(json, ["answeredAt", "checkedInAt", "checkedOutAt"])
      : await rsvps(t, cur.id);
  return { cur, all: all.sort(byAnswerOrder) };
}

const byAnswerOrder = (x: RsvpRow, y: RsvpRow) => x.seq - y.seq || x.answeredAt.getTime() - y.answeredAt.getTime();

/**
 * Records `userId`'s answer to session `shortId` of the workspace. `beforeGoing` runs inside
 * the transaction, with the session, before a Going is recorded (the scorer gate): what it
 * throws leaves nothing changed.
 */
export async function answer(
  db: Db,
  ref: SessionRef,
  userId: string,
  a: Answer,
  now: Date,
  beforeGoing?: (s: SessionRow, t: Tx) => Promise<void>,
): Promise<RsvpResult & { session: SessionRow }> {
  return db.$transaction(async (t) => {
    const { cur, all } = await lockSession(t, ref);
    if (cur.status === "cancelled") throw new UserError(`${cur.title} was cancelled.`, "/session list");
    if (now > endOf(cur)) throw new UserError(`${cur.title} is over; answers are closed.`, "/session list");
    if (a === "going" && beforeGoing) await beforeGoing(cur, t);
    const seq = cur.answerSeq;
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
    // An unchanged answer writes nothing; a changed one is one statement either way.
    let mine: RsvpRow;
    if (unchanged && prev) mine = prev;
    else if (prev) {
      mine = { ...prev, answer: status, answeredAt: now, seq };
      await executeRows(
        t,
        sql`UPDATE "Rsvp" SET "answer" = ${status}, "answeredAt" = ${sqlTimestamp(t, now)}, "seq" = ${seq}
        WHERE "id" = ${prev.id}`,
      );
    } else mine = await t.rsvp.create({ data: { sessionId: cur.id, userId, answer: status, answeredAt: now, seq } });
    let reminders: number[] = [];
    const planned = prev?.answer === "going" || prev?.answer === "maybe";
    if (status === "going" || status === "maybe") reminders = await planReminders(t, cur, userId, now, { planned });
    else await cancelRemindersOf(t, cur.id, userId);

    let promoted: string | undefined;
    if (wasGoing && status !== "going" && cur.capacity) promoted = (await promoteWaiting(t, cur, 1, seq, now))[0];
    const after = [...all.filter((r) => r.userId !== userId), mine].sort(byAnswerOrder);
    let position: number | undefined;
    if (status === "waitlist")
      position = after.filter((r) => r.answer === "waitlist" && !r.checkedInAt && r.seq < mine.seq).length + 1;
    return {
      session: cur,
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
 * reminders and queues a DM to each; `seq` is the answer number that opened the seats. Someone
 * on the waitlist who already checked in is in the room: no seat is kept for them.
 */
export async function promoteWaiting(t: Tx, cur: SessionRow, seats: number, seq: number, now: Date): Promise<string[]> {
  const next =
    seats > 0
      ? await t.rsvp.findMany({
          where: { sessionId: cur.id, answer: "waitlist", checkedInAt: null },
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
