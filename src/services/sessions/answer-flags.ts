// Who was asked about a session and whether they answered, kept apart from what they
// answered. A flag is created for each checked-in attendee when their session's follow-ups
// are planned, before any answer exists, and is only marked when its person answers: its
// random id, its place in the table and its day-only date say nothing about which answer
// row is theirs (SECURITY.md, "Anonymity").
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";

export type FlagKind = "feedback" | "impact";

export type FlagRow = NonNullable<Awaited<ReturnType<Tx["answerFlag"]["findFirst"]>>>;

/** A new flag row: unanswered, with an id that carries no time (a cuid would). */
export const newFlag = (sessionId: string, userId: string, kind: FlagKind) => ({
  id: randomUUID(),
  sessionId,
  userId,
  kind,
});

export const findFlag = (db: Tx, sessionId: string, userId: string, kind: FlagKind): Promise<FlagRow | null> =>
  db.answerFlag.findUnique({ where: { sessionId_userId_kind: { sessionId, userId, kind } } });

/** The day, never the time, a person answered: enough for "you already answered on Dec 3". */
export const answerDay = (now: Date, zone: string): string => DateTime.fromJSDate(now).setZone(zone).toISODate()!;

/** "Dec 3, 2026" for a stored answer day. */
export const shownDay = (iso: string): string => DateTime.fromISO(iso).toFormat("LLL d, yyyy");

/**
 * Marks the flag answered unless it already was (a second press, or two submissions at
 * once: the conditional update lets one win). Returns false when it was already answered.
 */
export async function markAnswered(db: Tx, flag: FlagRow, day: string): Promise<boolean> {
  const r = await db.answerFlag.updateMany({ where: { id: flag.id, answeredOn: null }, data: { answeredOn: day } });
  return r.count === 1;
}

/** An answer row's id: random, so ids neither order answers nor match them to flags. */
export const answerId = (): string => randomUUID();
