// PD transcripts: the sessions a person attended in a school year (or ever), with hours credited
// and totals by kind and by topic; and for coordinators everyone's hours by kind, as one CSV.
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import { hoursNumber } from "../../core/duration.js";
import { toCsv } from "../csv.js";
import { schoolYearStart } from "../school-year.js";
import { displayNames } from "../workspaces.js";
import { creditedMinutes } from "./credit.js";
import { endOf, KIND_LABEL, KINDS, type SessionRow } from "./sessions.js";
import { sessionTopics } from "./topics.js";

/** A period of the record: one school year ("2025-26"), or everything. */
export interface Period {
  /** "2025-26", or "all". */
  label: string;
  from?: Date;
  to?: Date;
}

/** The school year named "2025-26" (or the one containing `now`), as an instant range in the zone. */
export function schoolYear(label: string | undefined, now: Date, zone: string, startMonth: number): Period | undefined {
  let first: number;
  if (label === undefined) first = Number(schoolYearStart(now, zone, startMonth).slice(0, 4));
  else {
    const m = /^\s*(\d{4})\s*[-–/]\s*(\d{2}|\d{4})\s*$/.exec(label);
    if (!m) return undefined;
    first = Number(m[1]);
    const second = Number(m[2]!.length === 2 ? `${String(first + 1).slice(0, 2)}${m[2]}` : m[2]);
    if (second !== first + 1) return undefined;
  }
  const from = DateTime.fromObject({ year: first, month: startMonth, day: 1 }, { zone });
  return {
    label: `${first}-${String(first + 1).slice(2)}`,
    from: from.toJSDate(),
    to: from.plus({ years: 1 }).toJSDate(),
  };
}

export interface TranscriptRow {
  sessionId: string;
  shortId: string;
  /** Local date in the workspace's zone, YYYY-MM-DD. */
  date: string;
  title: string;
  kind: string;
  topics: string[];
  minutes: number;
}

export interface Transcript {
  userId: string;
  name: string;
  period: Period;
  rows: TranscriptRow[];
  /** Kind label -> minutes, in the order of KINDS. */
  byKind: [string, number][];
  /** Topic -> minutes (a session with two topics counts for both), by most hours. */
  byTopic: [string, number][];
  total: number;
}

type Attendance = {
  session: SessionRow;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  creditMinutes: number | null;
  markedBy: string | null;
  userId: string;
};

/**
 * Attendance of sessions that have ended by `now`: one still running (or checked in to early)
 * has earned no credit yet, so it is left out until it ends.
 */
async function attended(
  db: Tx,
  workspaceId: string,
  period: Period,
  now: Date,
  userId?: string,
): Promise<Attendance[]> {
  const rows = await db.rsvp.findMany({
    where: {
      ...(userId ? { userId } : {}),
      checkedInAt: { not: null },
      session: {
        workspaceId,
        status: "scheduled",
        startsAt: { ...(period.from ? { gte: period.from } : {}), ...(period.to ? { lt: period.to } : {}), lte: now },
      },
    },
    include: { session: true },
    orderBy: [{ session: { startsAt: "asc" } }, { userId: "asc" }],
  });
  return rows.filter((r) => endOf(r.session) <= now);
}

const byKindOf = (rows: { kind: string; minutes: number }[]): [string, number][] =>
  KINDS.map(
    (k) =>
      [KIND_LABEL[k] ?? k, rows.filter((r) => r.kind === k).reduce((n, r) => n + r.minutes, 0)] as [string, number],
  ).filter(([, m]) => m > 0);

export async function transcript(
  db: Tx,
  ws: { id: string; timeZone: string; rounding: number; now: Date },
  userId: string,
  period: Period,
): Promise<Transcript> {
  const list = await attended(db, ws.id, period, ws.now, userId);
  const rows = list.map((a) => ({
    sessionId: a.session.id,
    shortId: a.session.shortId,
    date: DateTime.fromJSDate(a.session.startsAt, { zone: ws.timeZone }).toISODate()!,
    title: a.session.title,
    kind: a.session.kind,
    topics: sessionTopics(a.session),
    minutes: creditedMinutes(a.session, a, ws.rounding) ?? 0,
  }));
  const topicTotals = new Map<string, number>();
  for (const r of rows) for (const t of r.topics) topicTotals.set(t, (topicTotals.get(t) ?? 0) + r.minutes);
  const name = (await displayNames(db, ws.id, [userId])).get(userId)!;
  return {
    userId,
    name,
    period,
    rows,
    byKind: byKindOf(rows),
    byTopic: [...topicTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    total: rows.reduce((n, r) => n + r.minutes, 0),
  };
}

export const TRANSCRIPT_HEADER = ["date", "session", "kind", "topics", "hours credited", "session id"];

/** The transcript as CSV: one row per session, then a total per kind (and topic) and the total, marked in "session". */
export function transcriptCsv(t: Transcript): string {
  return toCsv(TRANSCRIPT_HEADER, [
    ...t.rows.map((r) => [
      r.date,
      r.title,
      KIND_LABEL[r.kind] ?? r.kind,
      r.topics.join("; "),
      hoursNumber(r.minutes),
      r.shortId,
    ]),
    ...t.byKind.map(([kind, m]) => ["", `Total: ${kind}`, kind, "", hoursNumber(m), ""]),
    ...t.byTopic.map(([topic, m]) => ["", `Total: topic ${topic}`, "", topic, hoursNumber(m), ""]),
    ["", "Total", "", "", hoursNumber(t.total), ""],
  ]);
}

/** Everyone's hours credited in the period by kind: one row per person, with their total. */
export async function everyoneCsv(
  db: Tx,
  ws: { id: string; rounding: number; now: Date },
  period: Period,
): Promise<{ csv: string; people: number }> {
  const list = await attended(db, ws.id, period, ws.now);
  const per = new Map<string, Map<string, number>>();
  for (const a of list) {
    const m = per.get(a.userId) ?? new Map<string, number>();
    m.set(a.session.kind, (m.get(a.session.kind) ?? 0) + (creditedMinutes(a.session, a, ws.rounding) ?? 0));
    per.set(a.userId, m);
  }
  const names = await displayNames(db, ws.id, [...per.keys()]);
  const people = [...per].sort(([a], [b]) => names.get(a)!.localeCompare(names.get(b)!) || a.localeCompare(b));
  const csv = toCsv(
    ["name", "platform user id", ...KINDS.map((k) => `${KIND_LABEL[k] ?? k} hours`), "total hours", "sessions"],
    people.map(([u, m]) => [
      names.get(u)!,
      u,
      ...KINDS.map((k) => hoursNumber(m.get(k) ?? 0)),
      hoursNumber([...m.values()].reduce((n, x) => n + x, 0)),
      list.filter((a) => a.userId === u).length,
    ]),
  );
  return { csv, people: people.length };
}
