// The attendance record as CSV (csv-stringify): one row per person who answered or checked in,
// each carrying the session's title, local date and length so rows from several sessions can
// be pasted into one stipend sheet. "session hours" is the session's length; "hours credited"
// is what each attendee earned (src/services/sessions/credit.ts), empty for those who did not come.
import type { Tx } from "../../db/client.js";
import { hoursNumber } from "../../core/duration.js";
import { localDateTime, toCsv } from "../csv.js";
import { displayNames } from "../workspaces.js";
import { creditedMinutes } from "./credit.js";
import { rsvps, type SessionRow } from "./sessions.js";

export const CSV_HEADER = [
  "name",
  "platform user id",
  "rsvp",
  "checked in",
  "marked by",
  "session",
  "session date",
  "session hours",
  "checked out",
  "hours credited",
];

const ANSWER: Record<string, string> = {
  going: "Going",
  maybe: "Maybe",
  no: "Can't go",
  waitlist: "Waitlist",
  none: "(no answer)",
};

export async function attendanceCsv(db: Tx, s: SessionRow, rounding: number): Promise<string> {
  const all = await rsvps(db, s.id);
  const names = await displayNames(
    db,
    s.workspaceId,
    all.flatMap((r) => (r.markedBy ? [r.userId, r.markedBy] : [r.userId])),
  );
  const name = (id: string) => names.get(id) ?? id;
  // By name, as a sign-in sheet would be; the id breaks ties between people with one name.
  const rows = all.sort((a, b) => name(a.userId).localeCompare(name(b.userId)) || a.userId.localeCompare(b.userId));
  // Check-in times in the session's zone (the workspace's when it was announced).
  return toCsv(
    CSV_HEADER,
    rows.map((r) => [
      name(r.userId),
      r.userId,
      ANSWER[r.answer] ?? r.answer,
      r.checkedInAt ? localDateTime(r.checkedInAt, s.timeZone) : "",
      r.markedBy ? name(r.markedBy) : r.checkedInAt ? "self" : "",
      s.title,
      localDateTime(s.startsAt, s.timeZone),
      hoursNumber(s.minutes),
      r.checkedOutAt ? localDateTime(r.checkedOutAt, s.timeZone) : "",
      r.checkedInAt ? hoursNumber(creditedMinutes(s, r, rounding)!) : "",
    ]),
  );
}
