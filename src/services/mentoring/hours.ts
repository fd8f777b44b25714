// A mentor's own totals: this month, this school year, overall, against the yearly goal,
// by topic and by mentee. Sums run in SQL; mentees are decrypted for their mentor only.
import { DateTime } from "luxon";
import { sql, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
import type { Keyring } from "../../core/keyring.js";
import { aadFor } from "./aad.js";
import { dateToDay, dayToDate, schoolYearStart } from "../school-year.js";

export { schoolYearStart };

export function progressBar(done: number, goal: number, width = 20): string {
  const f = Math.max(0, Math.min(1, done / goal));
  const filled = Math.round(f * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${Math.round(f * 100)}%`;
}

/** One rounding rule for hours everywhere (src/core/duration.ts). */
export { hoursNumber, hoursText } from "../../core/duration.js";

export interface Hours {
  month: number;
  year: number;
  overall: number;
  byTopic: [string, number][];
  byMentee: [string, number][];
  /** Minutes this school year (and overall) their mentees confirmed; the rest is unconfirmed. */
  yearConfirmed: number;
  overallConfirmed: number;
}

export interface HoursQuery {
  /** Decrypts mentee names (for the mentor's own by-mentee totals). */
  keys: Keyring;
  workspaceId: string;
  mentorId: string;
  now: Date;
  /** The workspace's zone: where months and the school year begin. */
  timeZone: string;
  /** Month (1-12) the school year starts in. */
  schoolYearStartMonth: number;
}

export async function mentorHours(db: Tx, q: HoursQuery): Promise<Hours> {
  const { keys, workspaceId, mentorId, now, timeZone: zone, schoolYearStartMonth: startMonth } = q;
  const local = DateTime.fromJSDate(now, { zone });
  const monthStart = dayToDate(local.startOf("month").toISODate()!);
  const yearStart = dayToDate(schoolYearStart(now, zone, startMonth));
  const topics = await db.mentorTopic.groupBy({
    by: ["topic"],
    where: { workspaceId, mentorId, occurredOn: { gte: yearStart } },
    _sum: { minutes: true },
  });
  // "J.R." and "j.r" are one mentee; shown as first written (newest first, as the entries list).
  const byMentee = new Map<string, [string, number]>();
  // Every entry's day, minutes, mentee and whether its mentee confirmed it (its current request),
  // in one statement: the month, year and overall sums come from these rows (no query each).
  const rows = await queryRows<HoursRow[]>(
    db,
    sql`SELECT e."occurredOn", e."minutes", e."menteeEnc",
      (SELECT c."status" FROM "MentorConfirmation" c
        WHERE c."entryId" = e."id" AND c."status" <> 'superseded' LIMIT 1) AS "status"
    FROM "MentorEntry" e WHERE e."workspaceId" = ${workspaceId} AND e."mentorId" = ${mentorId}
    ORDER BY e."occurredOn" DESC, e."createdAt" DESC`,
  );
  const aad = aadFor(workspaceId, mentorId);
  const entries = rows.map((r) => ({
    day: dateToDay(new Date(r.occurredOn)),
    minutes: Number(r.minutes),
    mentee: keys.decrypt(r.menteeEnc, aad),
    confirmed: r.status === "confirmed",
  }));
  const sum = (from?: Date) => {
    const day = from?.toISOString().slice(0, 10) ?? "";
    return entries.reduce((n, e) => (e.day >= day ? n + e.minutes : n), 0);
  };
  for (const e of entries) {
    if (e.day < yearStart.toISOString().slice(0, 10)) continue;
    const key = e.mentee.toLowerCase().replace(/[\s.]+/g, "");
    const cur = byMentee.get(key) ?? [e.mentee, 0];
    byMentee.set(key, [cur[0], cur[1] + e.minutes]);
  }
  const confirmed = (from?: Date) => {
    const day = from?.toISOString().slice(0, 10) ?? "";
    return entries.reduce((n, e) => (e.day >= day && e.confirmed ? n + e.minutes : n), 0);
  };
  return {
    yearConfirmed: confirmed(yearStart),
    overallConfirmed: confirmed(),
    month: sum(monthStart),
    year: sum(yearStart),
    overall: sum(),
    byTopic: topics.map((t) => [t.topic, t._sum.minutes ?? 0] as [string, number]).sort((a, b) => b[1] - a[1]),
    byMentee: [...byMentee.values()].sort((a, b) => b[1] - a[1]),
  };
}

interface HoursRow {
  occurredOn: Date | string;
  minutes: number | bigint;
  menteeEnc: string;
  status: string | null;
}
