// The attendance record as CSV (csv-stringify): one row per person who answered or checked in.
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import type { Tx } from "../../db/client.js";
import { displayNames } from "../workspaces.js";
import { rsvps, type SessionRow } from "./sessions.js";

export const CSV_HEADER = ["name", "platform user id", "rsvp", "checked in", "marked by"];

const ANSWER: Record<string, string> = {
  going: "Going",
  maybe: "Maybe",
  no: "Can't go",
  waitlist: "Waitlist",
  none: "(no answer)",
};

/** Spreadsheets run a cell that starts with = + - @ as a formula; display names are user-chosen. */
export const safeCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** ISO 8601 with the session zone's offset: unambiguous, and readable as local time. */
const local = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).toISO({ suppressMilliseconds: true })!;

export async function attendanceCsv(db: Tx, s: SessionRow): Promise<string> {
  const all = await rsvps(db, s.id);
  const names = await displayNames(
    db,
    s.workspaceId,
    all.flatMap((r) => (r.markedBy ? [r.userId, r.markedBy] : [r.userId])),
  );
  const name = (id: string) => names.get(id) ?? id;
  // By name, as a sign-in sheet would be; the id breaks ties between people with one name.
  const rows = all.sort((a, b) => name(a.userId).localeCompare(name(b.userId)) || a.userId.localeCompare(b.userId));
  return stringify([
    CSV_HEADER,
    ...rows.map((r) => [
      safeCell(name(r.userId)),
      r.userId,
      ANSWER[r.answer] ?? r.answer,
      r.checkedInAt ? local(r.checkedInAt, s.timeZone) : "",
      r.markedBy ? safeCell(name(r.markedBy)) : r.checkedInAt ? "self" : "",
    ]),
  ]);
}
