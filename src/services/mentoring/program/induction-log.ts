// The mentee's own log: the time their mentors logged with them (pairs where they are the
// member mentee), confirmed hours apart, by month and school year, and the "induction log" they
// can hand in for licensure as a PDF and a CSV: dates, durations, mentor, topics, confirmed or
// not. Never notes: the entries' content is never read here (see facts.ts).
import { DateTime } from "luxon";
import { formatDuration, hoursNumber, hoursText } from "../../../core/duration.js";
import type { Tx } from "../../../db/client.js";
import { toCsv } from "../../csv.js";
import { renderPdf } from "../../pdf.js";
import { addTo, emptyTally, entryFacts, programPairs, type EntryFact, type ProgramPair, type Tally } from "./facts.js";

export interface MenteeLog {
  pairs: ProgramPair[];
  /** Oldest first. */
  entries: (EntryFact & { mentorId: string })[];
}

/** The pairs where `menteeUserId` is the mentee, and the entries logged under them. */
export async function menteeLog(db: Tx, workspaceId: string, menteeUserId: string): Promise<MenteeLog> {
  const pairs = (await programPairs(db, workspaceId)).filter((p) => p.menteeUserId === menteeUserId);
  const entries = await entryFacts(db, { workspaceId, pairIds: pairs.map((p) => p.id), topics: true });
  return { pairs, entries };
}

export interface MentorTotals {
  mentorId: string;
  /** This school year. */
  year: Tally;
  overall: Tally;
  /** YYYY-MM -> this school year's tally that month, in calendar order. */
  months: [string, Tally][];
}

/** Per mentor (most confirmed hours this school year first) and in all. */
export function menteeTotals(
  log: MenteeLog,
  yearStart: string,
): { mentors: MentorTotals[]; overall: Tally; year: Tally } {
  const mentors = new Map<string, { year: Tally; overall: Tally; months: Map<string, Tally> }>();
  const overall = emptyTally();
  const year = emptyTally();
  for (const p of log.pairs)
    if (!mentors.has(p.mentorId))
      mentors.set(p.mentorId, { year: emptyTally(), overall: emptyTally(), months: new Map() });
  for (const e of log.entries) {
    const m = mentors.get(e.mentorId)!;
    addTo(m.overall, e);
    addTo(overall, e);
    if (e.day < yearStart) continue;
    addTo(m.year, e);
    addTo(year, e);
    const month = e.day.slice(0, 7);
    m.months.set(month, addTo(m.months.get(month) ?? emptyTally(), e));
  }
  return {
    mentors: [...mentors]
      .map(([mentorId, m]) => ({
        mentorId,
        year: m.year,
        overall: m.overall,
        months: [...m.months].sort(([a], [b]) => a.localeCompare(b)),
      }))
      .sort((a, b) => b.year.confirmed - a.year.confirmed || b.year.minutes - a.year.minutes),
    overall,
    year,
  };
}

/** "November 2026" */
export const monthName = (yyyyMm: string): string =>
  DateTime.fromISO(`${yyyyMm}-01`, { zone: "utc" }).toFormat("LLLL yyyy");

const confirmedWord = (e: EntryFact) =>
  e.confirmation === "confirmed" ? "yes" : e.confirmation === "disputed" ? "no (not right)" : "no";

export function inductionLogCsv(log: MenteeLog, names: Map<string, string>): string {
  return toCsv(
    ["date", "minutes", "hours", "mentor", "mentor platform user id", "topics", "confirmed by you"],
    log.entries.map((e) => [
      e.day,
      e.minutes,
      hoursNumber(e.minutes),
      names.get(e.mentorId) ?? e.mentorId,
      e.mentorId,
      e.topics.join("; "),
      confirmedWord(e),
    ]),
  );
}

export interface LogHeading {
  mentee: string;
  workspace?: string;
  /** YYYY-MM-DD, in the workspace's zone. */
  made: string;
  goalHours?: number;
}

/** The induction log as a US Letter PDF: a heading, totals per mentor, then every entry. */
export function inductionLogPdf(log: MenteeLog, names: Map<string, string>, h: LogHeading): Promise<Buffer> {
  const total = log.entries.reduce((t, e) => addTo(t, e), emptyTally());
  return renderPdf(
    { title: `Induction mentoring log — ${h.mentee}`, subject: "Mentoring hours for licensure" },
    (doc) => {
      doc.font("serifBold").fontSize(18).text("Induction mentoring log");
      doc.moveDown(0.3);
      doc.font("body").fontSize(11).text(`Beginning teacher: ${h.mentee}`);
      if (h.workspace) doc.text(`Program: ${h.workspace}`);
      doc.text(`Made on ${h.made} by cadre from the mentoring logged by the mentors below.`);
      doc.moveDown(0.5);
      doc
        .font("bold")
        .text(
          `Total: ${hoursText(total.minutes)} logged in ${total.entries} ${total.entries === 1 ? "meeting" : "meetings"}, ` +
            `${hoursText(total.confirmed)} of them confirmed by the beginning teacher` +
            (h.goalHours ? ` (program goal: ${h.goalHours} h).` : "."),
        );
      doc.moveDown(0.5);
      const byMentor = new Map<string, Tally>();
      for (const e of log.entries) byMentor.set(e.mentorId, addTo(byMentor.get(e.mentorId) ?? emptyTally(), e));
      doc.font("body");
      for (const p of log.pairs) {
        const t = byMentor.get(p.mentorId) ?? emptyTally();
        byMentor.delete(p.mentorId);
        doc.text(
          `Mentor ${names.get(p.mentorId) ?? p.mentorId} (${p.from} to ${p.to ?? "now"}): ` +
            `${hoursText(t.minutes)} logged, ${hoursText(t.confirmed)} confirmed.`,
        );
      }
      doc.moveDown(0.8);
      const cols = [
        { title: "Date", x: 54, w: 70 },
        { title: "Time", x: 126, w: 56 },
        { title: "Mentor", x: 184, w: 130 },
        { title: "Topics", x: 316, w: 176 },
        { title: "Confirmed", x: 494, w: 64 },
      ];
      const row = (cells: string[], font: "body" | "bold") => {
        doc.font(font).fontSize(9.5);
        const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i]!.w }));
        const height = Math.max(...heights) + 4;
        if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
        const y = doc.y;
        cells.forEach((c, i) => doc.text(c, cols[i]!.x, y, { width: cols[i]!.w }));
        doc.x = 54;
        doc.y = y + height;
      };
      row(
        cols.map((c) => c.title),
        "bold",
      );
      for (const e of log.entries)
        row(
          [
            e.day,
            formatDuration(e.minutes),
            names.get(e.mentorId) ?? e.mentorId,
            e.topics.join(", "),
            confirmedWord(e),
          ],
          "body",
        );
      if (!log.entries.length) row(["—", "", "No mentoring logged yet.", "", ""], "body");
      doc.moveDown(1);
      doc
        .font("italic")
        .fontSize(9)
        .text(
          "Dates, lengths and topics only: what was discussed, and mentors' notes, are confidential and never part of this log.",
          54,
          doc.y,
          { width: 504 },
        );
    },
  );
}
