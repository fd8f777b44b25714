// One-off dates and times as people type them ("tomorrow 8am", "Dec 3 at 9:00",
// "next Thursday 3:30pm", ISO), read as wall-clock time in a workspace's IANA zone.
// chrono-node finds the date parts; luxon places them in the zone (chrono only knows offsets).
import * as chrono from "chrono-node/en";
import { DateTime } from "luxon";
import { clockTime, type TimeOfDay } from "./time-of-day.js";

export interface ParsedWhen {
  at: Date;
  /** True when the phrase named a time of day (not just a date). */
  hasTime: boolean;
  /** The clock reading when am/pm was not written and the school-day rule chose it (see assumedNote). */
  assumed?: TimeOfDay;
  /** True when no year was written and the date fell in a later year than now's (a month and day already past). */
  laterYear?: boolean;
  /**
   * Set when no year was written and the month and day named a moment of the last few days
   * (earlier today, or up to RECENT_DAYS back): that moment, which has passed. `at` still holds
   * the next one (next year's), but the person most likely meant the one just missed.
   */
  passed?: Date;
}

/** How many days back a month and day without a year still means the one just missed, not next year's. */
export const RECENT_DAYS = 7;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAMES = "January February March April May June July August September October November December".split(" ");
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const ORD = String.raw`(\d{1,3})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:,?\s+(\d{4}))?`;

/** The calendar dates written in `text` (year-month-day, "Dec 3", "3 December", "12/3"), as typed, unchecked. */
function writtenDates(text: string): { year?: number; month: number; day: number }[] {
  const out: { year?: number; month: number; day: number }[] = [];
  const num = (x: string | undefined) => (x === undefined ? undefined : Number(x));
  for (const m of text.matchAll(/\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,3})(?!\d)/g))
    out.push({ year: num(m[1]), month: Number(m[2]), day: Number(m[3]) });
  // A number that is a time ("9 December 3:30pm", "December 3pm") is not the month's day.
  for (const m of text.matchAll(new RegExp(String.raw`\b${MONTH}\s+${ORD}\b(?![:.]\d|\s*[ap]\.?m\b)${YEAR}`, "gi")))
    out.push({ month: MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1, day: Number(m[2]), year: num(m[3]) });
  for (const m of text.matchAll(new RegExp(String.raw`\b${ORD}\s+(?:of\s+)?${MONTH}(?![a-z])${YEAR}`, "gi")))
    out.push({ month: MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1, day: Number(m[1]), year: num(m[3]) });
  for (const m of text.matchAll(/(?<![\d/.-])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/g))
    out.push({ month: Number(m[1]), day: Number(m[2]), year: num(m[3]) });
  return out;
}

/**
 * Why a date written in `text` does not exist ("Feb 30", "2026-13-01", "Jan 50"), or undefined
 * when every written date is real. A date without a year is checked in the year it would fall
 * in: this year's, or next year's once it has passed.
 */
export function impossibleDate(text: string, zone: string, now: Date): string | undefined {
  const today = DateTime.fromJSDate(now, { zone });
  for (const d of writtenDates(text)) {
    if (d.month < 1 || d.month > 12)
      return `there is no month ${d.month} (months run 1 to 12; write the year first: 2026-12-03)`;
    const year =
      d.year ?? (d.month < today.month || (d.month === today.month && d.day < today.day) ? today.year + 1 : today.year);
    const last = DateTime.fromObject({ year, month: d.month }, { zone }).daysInMonth ?? 31;
    if (d.day < 1 || d.day > last)
      return `there is no ${MONTH_NAMES[d.month - 1]} ${d.day}${d.month === 2 && d.day === 29 ? ` in ${year}` : ""} (${MONTH_NAMES[d.month - 1]} has ${last} days${d.month === 2 ? ` in ${year}` : ""})`;
  }
  return undefined;
}

const FILLER = /^[\s,.;]*(?:(?:at|on|from|starting|the)\b[\s,.;]*)*$/i;

/** Parses a one-off date-time in `zone` relative to `now`. Never throws; undefined when unreadable. */
export function parseWhen(text: string, zone: string, now: Date, defaultHour = 9): ParsedWhen | undefined {
  const input = text.trim();
  if (!input || input.length > 200) return undefined;
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return undefined;
  // chrono rolls or swaps what does not exist ("2026-13-01" became 13 January): refuse it instead.
  if (impossibleDate(input, zone, now)) return undefined;
  // A reference Date whose process-local fields equal the zone's wall clock.
  const ref = new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  let results: chrono.ParsedResult[];
  try {
    results = chrono.parse(input, { instant: ref }, { forwardDate: true });
  } catch {
    return undefined;
  }
  const r = results[0];
  if (!r || results.length > 1) return undefined;
  const leftover = input.slice(0, r.index) + input.slice(r.index + r.text.length);
  if (!FILLER.test(leftover)) return undefined;
  const c = r.start;
  // "in 2 hours", "30 minutes from now": an offset from now, whatever the zone.
  if (/^\s*in\s+(an?|\d+)|\bfrom now\b|\blater\b/i.test(r.text)) {
    const at = new Date(now.getTime() + (c.date().getTime() - ref.getTime()));
    return Number.isNaN(at.getTime()) ? undefined : { at, hasTime: true };
  }
  if (c.isCertain("timezoneOffset") && /\dZ\b|[+-]\d{2}:?\d{2}\b|\b(UTC|GMT|[ECMP][SD]T)\b/i.test(r.text)) {
    const at = c.date();
    return Number.isNaN(at.getTime()) ? undefined : { at, hasTime: c.isCertain("hour") };
  }
  const hasTime = c.isCertain("hour");
  // chrono reads "3:30" as 3:30 AM; without a written am/pm the school-day rule decides.
  const clock = hasTime && !c.isCertain("meridiem") ? clockTime(c.get("hour") ?? 0, c.get("minute") ?? 0) : undefined;
  const wall = {
    year: c.get("year") ?? local.year,
    month: c.get("month") ?? local.month,
    day: c.get("day") ?? local.day,
    hour: hasTime
      ? (clock?.hour ?? c.get("hour") ?? 0)
      : c.isCertain("day") || c.isCertain("weekday")
        ? defaultHour
        : (c.get("hour") ?? defaultHour),
    minute: hasTime
      ? (c.get("minute") ?? 0)
      : c.isCertain("day") || c.isCertain("weekday")
        ? 0
        : (c.get("minute") ?? 0),
    second: 0,
  };
  const dt = DateTime.fromObject(wall, { zone });
  if (!dt.isValid) return undefined;
  // Every written date must be the one read: chrono may otherwise read a day as a month.
  for (const d of writtenDates(input))
    if (d.month !== dt.month || d.day !== dt.day || (d.year !== undefined && d.year !== dt.year)) return undefined;
  const laterYear = !c.isCertain("year") && c.isCertain("month") && dt.year > local.year;
  // The same month, day and time a year earlier, if it fell in the last few days: just missed.
  // Made from what was typed, not from `dt`: a time that does not exist in dt's year (a
  // spring-forward gap, moved on by an hour) may well exist in the year before.
  const before =
    !c.isCertain("year") && c.isCertain("month")
      ? DateTime.fromObject({ ...wall, year: dt.year - 1 }, { zone })
      : undefined;
  const passed =
    before?.isValid &&
    before.month === dt.month &&
    before.day === dt.day &&
    before <= local &&
    before >= local.startOf("day").minus({ days: RECENT_DAYS })
      ? before.toJSDate()
      : undefined;
  return {
    at: dt.toJSDate(),
    hasTime: hasTime || !(c.isCertain("day") || c.isCertain("weekday")),
    ...(clock?.assumed ? { assumed: clock } : {}),
    ...(laterYear ? { laterYear } : {}),
    ...(passed ? { passed } : {}),
  };
}
