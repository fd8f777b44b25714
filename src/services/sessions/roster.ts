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

export async function scoringRoster(
  db: Tx,
  workspaceId: string,
  zone: string,
  startMonth: number,
  now: Date,
): Promise<Roster> {
  const since = schoolYearStart(now, zone, startMonth);
  const from = DateTime.fromISO(since, { zone }).toJSDate(); // midnight there, not in UTC
  const sessions = await db.session.findMany({
    where: { workspaceId, kind: "scoring-training", status: "scheduled", startsAt: { gte: from } },
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
