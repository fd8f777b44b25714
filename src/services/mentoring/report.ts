// The coordinator's report: hours, entries and last entry per mentor for a period, and a
// network-wide topic distribution shown only when at least 5 mentors contributed to it, so
// no single mentor's topics can be read off. Never notes, never mentees: this module does
// not read the encrypted columns at all.
import type { Db } from "../../db/client.js";

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

export async function mentorReport(db: Db, workspaceId: string, from: Date, to: Date): Promise<Report> {
  const where = { workspaceId, occurredOn: { gte: from, lt: to } };
  const grouped = await db.mentorEntry.groupBy({ by: ["mentorId"], where, _sum: { minutes: true }, _count: { _all: true }, _max: { occurredOn: true } });
  const rows = grouped
    .map((g) => ({ mentorId: g.mentorId, minutes: g._sum.minutes ?? 0, entries: g._count._all, lastEntry: g._max.occurredOn ?? null }))
    .sort((a, b) => b.minutes - a.minutes);
  const contributors = await db.mentorTopic.groupBy({ by: ["mentorId"], where });
  let topics: [string, number][] | undefined;
  if (contributors.length >= MIN_MENTORS_FOR_TOPICS) {
    const t = await db.mentorTopic.groupBy({ by: ["topic"], where, _sum: { minutes: true } });
    topics = t.map((x) => [x.topic, x._sum.minutes ?? 0] as [string, number]).sort((a, b) => b[1] - a[1]);
  }
  return { rows, topics, topicMentors: contributors.length };
}
