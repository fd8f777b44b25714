// A mentor's own totals: this month, this school year, overall, against the yearly goal,
// by topic and by mentee. Sums run in SQL; mentees are decrypted for their mentor only.
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import type { Keyring } from "../../core/keyring.js";
import { listEntries } from "./entries.js";
import { dayToDate, schoolYearStart } from "../school-year.js";

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
  const sum = async (from?: Date) =>
    (
      await db.mentorEntry.aggregate({
        where: { workspaceId, mentorId, ...(from ? { occurredOn: { gte: from } } : {}) },
        _sum: { minutes: true },
      })
    )._sum.minutes ?? 0;
  const topics = await db.mentorTopic.groupBy({
    by: ["topic"],
    where: { workspaceId, mentorId, occurredOn: { gte: yearStart } },
    _sum: { minutes: true },
  });
  // "J.R." and "j.r" are one mentee; shown as first written.
  const byMentee = new Map<string, [string, number]>();
  for (const e of await listEntries(db, keys, workspaceId, mentorId)) {
    if (e.day < yearStart.toISOString().slice(0, 10)) continue;
    const key = e.mentee.toLowerCase().replace(/[\s.]+/g, "");
    const cur = byMentee.get(key) ?? [e.mentee, 0];
    byMentee.set(key, [cur[0], cur[1] + e.minutes]);
  }
  return {
    month: await sum(monthStart),
    year: await sum(yearStart),
    overall: await sum(),
    byTopic: topics.map((t) => [t.topic, t._sum.minutes ?? 0] as [string, number]).sort((a, b) => b[1] - a[1]),
    byMentee: [...byMentee.values()].sort((a, b) => b[1] - a[1]),
  };
}
