// The coordinator's report: hours, entries and last entry per mentor for a period, and a
// network-wide topic distribution shown only when at least 5 mentors contributed to it, so
// no single mentor's topics can be read off. Never notes, never mentees: this module does
// not read the encrypted columns at all.
import { createHash } from "node:crypto";
import type { Tx } from "../../db/client.js";
import { confirmedMinutesByMentor } from "./confirm.js";

export const MIN_MENTORS_FOR_TOPICS = 5;

export interface MentorRow {
  mentorId: string;
  minutes: number;
  /** Of those, the minutes their paired mentees confirmed (the rest is unconfirmed). */
  confirmedMinutes: number;
  entries: number;
  lastEntry: Date | null;
  /** Holds the mentor role (anyone may log; the role says who the program counts as a mentor). */
  mentorRole: boolean;
}

export interface Report {
  rows: MentorRow[];
  topics: [string, number][] | undefined;
  topicMentors: number;
}

/**
 * Every mentor of the period: whoever logged in it, and every holder of the mentor role (at
 * 0 h when they logged nothing), most hours first. `mentorRole` lists the role holders.
 */
export async function mentorReport(
  db: Tx,
  workspaceId: string,
  from: Date,
  to: Date,
  mentorRole: readonly string[] = [],
): Promise<Report> {
  // Daily totals (rollup.ts), not the entries: a year of a large network is a few hundred
  // rows per mentor, so the report stays fast however many entries are logged.
  const where = { workspaceId, day: { gte: from, lt: to } };
  const grouped = await db.mentorDay.groupBy({
    by: ["mentorId"],
    where,
    _sum: { minutes: true, entries: true },
    _max: { day: true },
  });
  const confirmed = await confirmedMinutesByMentor(db, { workspaceId, from, to });
  const rows = grouped
    .map((g) => ({
      mentorId: g.mentorId,
      minutes: g._sum.minutes ?? 0,
      confirmedMinutes: confirmed.get(g.mentorId) ?? 0,
      entries: g._sum.entries ?? 0,
      lastEntry: g._max.day ?? null,
      mentorRole: mentorRole.includes(g.mentorId),
    }))
    .sort((a, b) => b.minutes - a.minutes);
  // Every entry has a topic, so the period's mentors who logged are its topic contributors.
  const topicMentors = rows.length;
  for (const id of mentorRole)
    if (!rows.some((r) => r.mentorId === id))
      rows.push({ mentorId: id, minutes: 0, confirmedMinutes: 0, entries: 0, lastEntry: null, mentorRole: true });
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

/** How long a shown topic distribution counts against later, overlapping ones. */
const RELEASE_MEMORY_DAYS = 400;

export type TopicRelease =
  | { shown: true; topics: [string, number][]; hiddenTopics: number }
  | { shown: false; why: "few-mentors" | "differencing"; mentors: number };

/**
 * The topic distribution a coordinator may see for a period, or why not. Beyond the 5-mentor
 * floor of the whole period: each topic is shown only when at least 5 mentors logged it, and
 * the distribution is withheld when, compared with one shown in the last 400 days for an
 * overlapping period, the mentors whose topic minutes differ are between 1 and 4 (the change
 * between the two would be theirs alone: `from:D to:D` then `from:D to:D+1`, or a mentor's
 * late entry into a period already reported). Each distribution shown is recorded for that
 * comparison (its period and a hash of each mentor's topic minutes, nothing readable).
 */
export async function releaseTopics(
  db: Tx,
  q: { workspaceId: string; from: Date; to: Date; now: Date },
): Promise<TopicRelease> {
  const where = { workspaceId: q.workspaceId, occurredOn: { gte: q.from, lt: q.to } };
  const perMentor = await db.mentorTopic.groupBy({ by: ["mentorId", "topic"], where, _sum: { minutes: true } });
  const byMentor = new Map<string, string[]>();
  const topicMentors = new Map<string, { mentors: number; minutes: number }>();
  for (const g of perMentor) {
    const minutes = g._sum.minutes ?? 0;
    if (minutes <= 0) continue;
    byMentor.set(g.mentorId, [...(byMentor.get(g.mentorId) ?? []), `${g.topic}=${minutes}`]);
    const t = topicMentors.get(g.topic) ?? { mentors: 0, minutes: 0 };
    topicMentors.set(g.topic, { mentors: t.mentors + 1, minutes: t.minutes + minutes });
  }
  if (byMentor.size < MIN_MENTORS_FOR_TOPICS) return { shown: false, why: "few-mentors", mentors: byMentor.size };
  const prints: Record<string, string> = {};
  for (const [m, parts] of byMentor)
    prints[m] = createHash("sha256").update(parts.sort().join("\n")).digest("base64url").slice(0, 22);
  const earlier = await db.mentorTopicRelease.findMany({
    where: {
      workspaceId: q.workspaceId,
      createdAt: { gte: new Date(q.now.getTime() - RELEASE_MEMORY_DAYS * 86_400_000) },
      from: { lt: q.to },
      to: { gt: q.from },
    },
  });
  let same = false;
  for (const r of earlier) {
    const before = JSON.parse(r.mentors) as Record<string, string>;
    const ids = new Set([...Object.keys(before), ...Object.keys(prints)]);
    const differ = [...ids].filter((id) => before[id] !== prints[id]).length;
    if (differ > 0 && differ < MIN_MENTORS_FOR_TOPICS)
      return { shown: false, why: "differencing", mentors: byMentor.size };
    if (differ === 0 && r.from.getTime() === q.from.getTime() && r.to.getTime() === q.to.getTime()) same = true;
  }
  if (!same)
    await db.mentorTopicRelease.create({
      data: { workspaceId: q.workspaceId, from: q.from, to: q.to, mentors: JSON.stringify(prints) },
    });
  const shown = [...topicMentors].filter(([, t]) => t.mentors >= MIN_MENTORS_FOR_TOPICS);
  return {
    shown: true,
    topics: shown.map(([topic, t]) => [topic, t.minutes] as [string, number]).sort((a, b) => b[1] - a[1]),
    hiddenTopics: topicMentors.size - shown.length,
  };
}
