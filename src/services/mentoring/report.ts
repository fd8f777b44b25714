// The coordinator's report: hours, entries and last entry per mentor for a period, and a
// network-wide topic distribution shown only when at least 5 mentors contributed to it, so
// no single mentor's topics can be read off. Never notes, never mentees: this module does
// not read the encrypted columns at all.
import type { Tx } from "../../db/client.js";

export const MIN_MENTORS_FOR_TOPICS = 5;

export interface MentorRow {
  mentorId: string;
  minutes: number;
  entries: number;
  lastEntry: Date | null;
}

export interface Report {
  rows: MentorRow[];
  topics: [string, number][] | undefined;
  topicMentors: number;
}

export async function mentorReport(db: Tx, workspaceId: string, from: Date, to: Date): Promise<Report> {
  // Daily totals (rollup.ts), not the entries: a year of a large network is a few hundred
  // rows per mentor, so the report stays fast however many entries are logged.
  const where = { workspaceId, day: { gte: from, lt: to } };
  const grouped = await db.mentorDay.groupBy({
    by: ["mentorId"],
    where,
    _sum: { minutes: true, entries: true },
    _max: { day: true },
  });
  const rows = grouped
    .map((g) => ({
      mentorId: g.mentorId,
      minutes: g._sum.minutes ?? 0,
      entries: g._sum.entries ?? 0,
      lastEntry: g._max.day ?? null,
    }))
    .sort((a, b) => b.minutes - a.minutes);
  // Every entry has a topic, so the period's mentors are its topic contributors.
  const topicMentors = rows.length;
  let topics: [string, number][] | undefined;
  if (topicMentors >= MIN_MENTORS_FOR_TOPICS) {
    const t = await db.mentorTopicDay.groupBy({ by: ["topic"], where, _sum: { minutes: true } });
    topics = t
      .map((x) => [x.topic, x._sum.minutes ?? 0] as [string, number])
      .filter(([, m]) => m > 0)
      .sort((a, b) => b[1] - a[1]);
  }
  return { rows, topics, topicMentors };
}
