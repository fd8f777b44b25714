// The annual report pack for a state induction report: mentors, pairs, hours, the confirmation
// rate and the network's topic distribution, as Markdown and CSV files. Aggregates and pairs
// only: a member mentee appears as their pair, a typed mentee never; topics follow the k >= 5
// and differencing rules of the coordinator's report (releaseTopics), whose record it shares.
import { markdownText } from "../../../core/markdown-file.js";
import { hoursNumber, hoursText } from "../../../core/duration.js";
import type { Tx } from "../../../db/client.js";
import { toCsv } from "../../csv.js";
import { dayToDate } from "../../school-year.js";
import { MIN_MENTORS_FOR_TOPICS, releaseTopics, type TopicRelease } from "../report.js";
import { completionState, type CompletionState } from "./completion.js";
import {
  addTo,
  emptyTally,
  entryFacts,
  nextDay,
  programPairs,
  tallyBy,
  type Days,
  type ProgramPair,
  type Tally,
} from "./facts.js";

export interface AnnualPair {
  pair: ProgramPair;
  /** In the period. */
  tally: Tally;
  /** Over the pair's whole length, against the mentee goal. */
  state?: CompletionState;
}

export interface Annual {
  period: Days;
  /** Who logged in the period, and every holder of the mentor role. */
  mentors: { mentorId: string; tally: Tally; pairs: number; mentorRole: boolean }[];
  pairs: AnnualPair[];
  total: Tally;
  /** Logged under pairs with a member mentee: the hours a mentee could confirm. */
  confirmable: Tally;
  topics: TopicRelease;
}

export async function annualReport(
  db: Tx,
  q: { workspaceId: string; period: Days; goalHours?: number; mentorRole: readonly string[]; now: Date },
): Promise<Annual> {
  const facts = await entryFacts(db, { workspaceId: q.workspaceId, period: q.period });
  const pairs = await programPairs(db, q.workspaceId, q.period);
  const inPeriod = tallyBy(facts, (e) => e.pairId);
  const whole = q.goalHours
    ? tallyBy(await entryFacts(db, { workspaceId: q.workspaceId, pairIds: pairs.map((p) => p.id) }), (e) => e.pairId)
    : undefined;
  const byMentor = tallyBy(facts, (e) => e.mentorId);
  for (const id of [...q.mentorRole, ...pairs.map((p) => p.mentorId)])
    if (!byMentor.has(id)) byMentor.set(id, emptyTally());
  const member = new Set(pairs.filter((p) => p.menteeUserId).map((p) => p.id));
  const total = facts.reduce(addTo, emptyTally());
  const confirmable = facts.filter((e) => e.pairId && member.has(e.pairId)).reduce(addTo, emptyTally());
  const topics = await releaseTopics(db, {
    workspaceId: q.workspaceId,
    from: dayToDate(q.period.from),
    to: dayToDate(nextDay(q.period.to)),
    now: q.now,
  });
  return {
    period: q.period,
    mentors: [...byMentor]
      .map(([mentorId, tally]) => ({
        mentorId,
        tally,
        pairs: pairs.filter((p) => p.mentorId === mentorId).length,
        mentorRole: q.mentorRole.includes(mentorId),
      }))
      .sort((a, b) => b.tally.minutes - a.tally.minutes || a.mentorId.localeCompare(b.mentorId)),
    pairs: pairs.map((pair) => ({
      pair,
      tally: inPeriod.get(pair.id) ?? emptyTally(),
      state:
        whole && q.goalHours
          ? completionState((whole.get(pair.id) ?? emptyTally()).minutes, q.goalHours * 60)
          : undefined,
    })),
    total,
    confirmable,
    topics,
  };
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : "—");

/** The confirmation rate: confirmed hours out of those logged with member mentees. */
export const confirmationRate = (a: Annual): string => percent(a.confirmable.confirmed, a.confirmable.minutes);

const STATE_WORDS: Record<CompletionState, string> = {
  complete: "complete",
  "in-progress": "in progress",
  "not-started": "not started",
};

/** Text from outside cadre in the file: one line, shown as typed (no pipe, link or mention comes alive). */
const cell = (s: string) => markdownText(s).trim();

export function annualMarkdown(
  a: Annual,
  h: { title: string; label: string; goalHours?: number; made: string },
): string {
  const logged = a.mentors.filter((m) => m.tally.entries > 0).length;
  const states = (s: CompletionState) => a.pairs.filter((p) => p.state === s).length;
  const lines = [
    `# ${cell(h.title)}`,
    "",
    `Mentoring program report for ${h.label} (${a.period.from} to ${a.period.to}), made on ${h.made} by cadre.`,
    "Hours, pairs and topics only: what mentors and mentees discussed, and mentors' notes, are confidential and not part of it.",
    "",
    "## Summary",
    "",
    "| | |",
    "| --- | --- |",
    `| Mentors (logged or hold the mentor role) | ${a.mentors.length} |`,
    `| Mentors who logged time | ${logged} |`,
    `| Mentoring pairs | ${a.pairs.length} (${a.pairs.filter((p) => p.pair.menteeUserId).length} with a mentee who is a member) |`,
    `| Hours logged | ${hoursText(a.total.minutes)} in ${a.total.entries} ${a.total.entries === 1 ? "entry" : "entries"} |`,
    `| Hours confirmed by mentees | ${hoursText(a.total.confirmed)} |`,
    `| Confirmation rate | ${confirmationRate(a)} of ${hoursText(a.confirmable.minutes)} logged with member mentees |`,
    ...(h.goalHours
      ? [
          `| Pairs complete (${h.goalHours} h goal) | ${states("complete")} |`,
          `| Pairs in progress | ${states("in-progress")} |`,
          `| Pairs not started | ${states("not-started")} |`,
        ]
      : []),
    "",
    "## Topics across the network",
    "",
  ];
  const t = a.topics;
  if (t.shown) {
    if (t.topics.length) {
      lines.push(
        "| Topic | Hours |",
        "| --- | --- |",
        ...t.topics.map(([topic, m]) => `| ${cell(topic)} | ${hoursNumber(m)} |`),
      );
      lines.push(
        "",
        "An entry with several topics counts under each, so topic hours can add up to more than the total.",
      );
    } else lines.push(`No topic was logged by ${MIN_MENTORS_FOR_TOPICS} or more mentors.`);
    if (t.hiddenTopics)
      lines.push(
        "",
        `${t.hiddenTopics} topic(s) logged by fewer than ${MIN_MENTORS_FOR_TOPICS} mentors are not shown.`,
      );
  } else if (t.why === "few-mentors")
    lines.push(
      `Withheld: fewer than ${MIN_MENTORS_FOR_TOPICS} mentors logged in this period (${t.mentors}), so topics could identify someone.`,
    );
  else
    lines.push(
      `Withheld: this period's mentors differ in fewer than ${MIN_MENTORS_FOR_TOPICS} from a topic report already given for an overlapping period, so the difference could identify someone.`,
    );
  lines.push("", "Per mentor and per pair: the CSV files of this pack.", "");
  return lines.join("\n");
}

export function annualMentorsCsv(a: Annual, names: Map<string, string>): string {
  return toCsv(
    ["mentor", "platform user id", "hours", "hours confirmed", "entries", "pairs", "has mentor role"],
    a.mentors.map((m) => [
      names.get(m.mentorId) ?? m.mentorId,
      m.mentorId,
      hoursNumber(m.tally.minutes),
      hoursNumber(m.tally.confirmed),
      m.tally.entries,
      m.pairs,
      m.mentorRole ? "yes" : "no",
    ]),
  );
}

/** One row per pair; a mentee who is not a member is "not a member" (their name stays with their mentor). */
export function annualPairsCsv(a: Annual, names: Map<string, string>): string {
  return toCsv(
    [
      "pair",
      "mentor",
      "mentor platform user id",
      "mentee",
      "mentee platform user id",
      "from",
      "to",
      "hours",
      "hours confirmed",
      "completion",
    ],
    a.pairs.map((p) => [
      p.pair.shortId,
      names.get(p.pair.mentorId) ?? p.pair.mentorId,
      p.pair.mentorId,
      p.pair.menteeUserId ? (names.get(p.pair.menteeUserId) ?? p.pair.menteeUserId) : "not a member",
      p.pair.menteeUserId ?? "",
      p.pair.from,
      p.pair.to ?? "",
      hoursNumber(p.tally.minutes),
      hoursNumber(p.tally.confirmed),
      p.state ? STATE_WORDS[p.state] : "",
    ]),
  );
}

export function annualTopicsCsv(a: Annual): string | undefined {
  if (!a.topics.shown) return undefined;
  return toCsv(
    ["topic", "hours"],
    a.topics.topics.map(([t, m]) => [t, hoursNumber(m)]),
  );
}
