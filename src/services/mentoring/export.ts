// The mentoring CSVs: a mentor's own log (/mentor export) and the coordinator's hours per
// mentor (/mentor report), both through the formula-safe writer. Days are calendar days
// (YYYY-MM-DD), already in the workspace's zone when they were logged.
import { hoursNumber } from "../../core/duration.js";
import { toCsv } from "../csv.js";
import { dateToDay } from "../school-year.js";
import type { Entry } from "./entries.js";
import type { MentorRow } from "./report.js";

export function entriesCsv(rows: Entry[]): string {
  return toCsv(
    ["date", "minutes", "mentee", "topics", "mode", "notes", "id"],
    rows.map((e) => [e.day, e.minutes, e.mentee, e.topics.join("; "), e.mode, e.notes ?? "", e.shortId]),
  );
}

export function reportCsv(rows: MentorRow[], names: Map<string, string>): string {
  return toCsv(
    [
      "mentor",
      "platform user id",
      "hours",
      "entries",
      "last entry",
      "has mentor role",
      "confirmed hours",
      "unconfirmed hours",
    ],
    rows.map((x) => [
      names.get(x.mentorId) ?? x.mentorId,
      x.mentorId,
      hoursNumber(x.minutes),
      x.entries,
      x.lastEntry ? dateToDay(x.lastEntry) : "",
      x.mentorRole ? "yes" : "no",
      hoursNumber(x.confirmedMinutes),
      hoursNumber(x.minutes - x.confirmedMinutes),
    ]),
  );
}
