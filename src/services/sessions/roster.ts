// Who is trained to score this school year: checked in to a (not cancelled) scoring training
// that started since the school year began in the workspace's zone and has ended (a check-in
// to one still running, or before its start, trains nobody yet); and who said Going to one
// that is over but did not come (and has not been trained since).
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import { schoolYearStart } from "../school-year.js";
import { endOf, type SessionRow } from "./sessions.js";

export interface Roster {
  /** First day of the school year, YYYY-MM-DD. */
  since: string;
  /** User id -> start of the first scoring training they attended this year (one that has ended). */
  trained: Map<string, Date>;
  missed: string[];
}

/** The kind of session that trains scorers. */
export const TRAINING_KIND = "scoring-training";

/** The school year containing `now`: its first day (YYYY-MM-DD) and that midnight in the zone. */
export function schoolYearOf(now: Date, zone: string, startMonth: number): { since: string; from: Date } {
  const since = schoolYearStart(now, zone, startMonth);
  return { since, from: DateTime.fromISO(since, { zone }).toJSDate() }; // midnight there, not in UTC
}

/** Scoring trainings that count: not cancelled, started from `from` (and before `to`). */
export const trainingsWhere = (workspaceId: string, from: Date, to?: Date) => ({
  workspaceId,
  kind: TRAINING_KIND,
  status: "scheduled",
  startsAt: { gte: from, ...(to ? { lt: to } : {}) },
});

type Attended = { userId: string; session: Pick<SessionRow, "id" | "startsAt" | "minutes"> };

/** Check-ins to trainings that started from `from` (and before `to`) and had ended by `now`, earliest first. */
async function trainingsAttended(
  db: Tx,
  workspaceId: string,
  q: { from: Date; to?: Date; now: Date; userId?: string },
): Promise<Attended[]> {
  const to = q.to && q.to < q.now ? q.to : q.now;
  const rows = await db.rsvp.findMany({
    where: {
      ...(q.userId ? { userId: q.userId } : {}),
      checkedInAt: { not: null },
      session: trainingsWhere(workspaceId, q.from, to),
    },
    select: { userId: true, session: { select: { id: true, startsAt: true, minutes: true } } },
  });
  return rows.filter((r) => endOf(r.session) <= q.now).sort((a, b) => +a.session.startsAt - +b.session.startsAt);
}

/** User id -> start of the first training they checked in to between `from` and `to` that had ended by `now`. */
export async function trainedBetween(
  db: Tx,
  workspaceId: string,
  from: Date,
  now: Date,
  to?: Date,
): Promise<Map<string, Date>> {
  const trained = new Map<string, Date>();
  for (const r of await trainingsAttended(db, workspaceId, { from, to, now }))
    if (!trained.has(r.userId)) trained.set(r.userId, r.session.startsAt);
  return trained;
}

/**
 * When this person's first scoring training of this school year started, counting only one
 * they checked in to that has ended by `now`, or undefined: "trained to score".
 */
export async function trainedAt(
  db: Tx,
  workspaceId: string,
  userId: string,
  year: { from: Date },
  now: Date,
): Promise<Date | undefined> {
  const [first] = await trainingsAttended(db, workspaceId, { from: year.from, now, userId });
  return first?.session.startsAt;
}

/** A training of this school year this person checked in to that has not ended yet (it trains them once it does). */
export async function trainingUnderway(
  db: Tx,
  workspaceId: string,
  userId: string,
  year: { from: Date },
  now: Date,
): Promise<SessionRow | undefined> {
  const rows = await db.rsvp.findMany({
    where: { userId, checkedInAt: { not: null }, session: trainingsWhere(workspaceId, year.from) },
    include: { session: true },
    orderBy: { session: { startsAt: "asc" } },
  });
  return rows.map((r) => r.session).find((s) => endOf(s) > now);
}

export async function scoringRoster(
  db: Tx,
  workspaceId: string,
  zone: string,
  startMonth: number,
  now: Date,
): Promise<Roster> {
  const { since, from } = schoolYearOf(now, zone, startMonth);
  const sessions = await db.session.findMany({
    where: trainingsWhere(workspaceId, from),
    include: { rsvps: true },
    orderBy: { startsAt: "asc" },
  });
  const trained = new Map<string, Date>();
  for (const s of sessions)
    if (endOf(s) <= now)
      for (const r of s.rsvps) if (r.checkedInAt && !trained.has(r.userId)) trained.set(r.userId, s.startsAt);
  const missed = new Set<string>();
  for (const s of sessions)
    if (endOf(s) <= now)
      for (const r of s.rsvps)
        if (r.answer === "going" && !r.checkedInAt && !trained.has(r.userId)) missed.add(r.userId);
  return { since, trained, missed: [...missed] };
}
