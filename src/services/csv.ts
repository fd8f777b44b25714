// The one CSV writer behind every export (attendance, mentor log, coordinator report).
// Spreadsheets run a cell that starts with = + - @ (or a tab or CR before them) as a formula,
// and display names are chosen by their owners, so such cells get a leading apostrophe, which
// Excel, LibreOffice and Sheets show as text. A UTF-8 byte-order mark makes Excel read "Zoë"
// as UTF-8 rather than the local code page.
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { stripInvisible } from "../core/rich.js";

export type Cell = string | number | null | undefined;

const BOM = "\uFEFF";

/** Text that a spreadsheet would run is kept as text; invisible controls are dropped. */
export const safeCell = (v: string): string => {
  const s = stripInvisible(v);
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(s) ? `'${s}` : s;
};

/** A local date and time in a zone, as people write it: "2026-12-01 12:01". */
export const localDateTime = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd HH:mm");

/** Numbers stay numbers; every text cell goes through safeCell. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + stringify([header, ...rows.map((r) => r.map((c) => (typeof c === "string" ? safeCell(c) : (c ?? ""))))]);
}
