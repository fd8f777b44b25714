// Who is trained to score this school year: checked in to a (not cancelled) scoring training
// that started since the school year began in the workspace's zone; and who said Going to
// one that is over but did not come (and has not been trained since).
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import { schoolYearStart } from "../school-year.js";
import { endOf } from "./sessions.js";

export interface Roster {
  /** First day of the school year, YYYY-MM-DD. */
  since: string;
  /** User id -> start of the first scoring training they attended this year. */
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

/** User id -> start of the first training they checked in to between `from` and `to`. */
export async function trainedBetween(db: Tx, workspaceId: string, from: Date, to?: Date): Promise<Map<string, Date>> {
  const rows = await db.rsvp.findMany({
    where: { checkedInAt: { not: null }, session: trainingsWhere(workspaceId, from, to) },
    select: { userId: true, session: { select: { startsAt: true } } },
  });
  const trained = new Map<string, Date>();
  for (const r of rows.sort((a, b) => +a.session.startsAt - +b.session.startsAt))
    if (!trained.has(r.userId)) trained.set(r.userId, r.session.startsAt);
  return trained;
}

/** When this person first checked in to a scoring training this school year, or undefined: "trained to score". */
export async function trainedAt(
  db: Tx,
  workspaceId: string,
  userId: string,
  year: { from: Date },
): Promise<Date | undefined> {
  const r = await db.rsvp.findFirst({
    where: { userId, checkedInAt: { not: null }, session: trainingsWhere(workspaceId, year.from) },
    select: { session: { select: { startsAt: true } } },
    orderBy: { session: { startsAt: "asc" } },
  });
  return r?.session.startsAt;
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
    for (const r of s.rsvps) if (r.checkedInAt && !trained.has(r.userId)) trained.set(r.userId, s.startsAt);
  const missed = new Set<string>();
  for (const s of sessions)
    if (endOf(s) <= now)
      for (const r of s.rsvps)
        if (r.answer === "going" && !r.checkedInAt && !trained.has(r.userId)) missed.add(r.userId);
  return { since, trained, missed: [...missed] };
}
