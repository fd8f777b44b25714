// A calendar date as people type it for a day, not a moment: "2026-08-15", "Aug 15",
// "15 August 2026", "8/15/2026", "today", "yesterday", "last Monday", "3 days ago". Checked
// here without a zone (whether a date exists does not depend on one); the handler reads the
// day in the workspace's zone. A time of day is refused: these options mean whole days.
import { DateTime } from "luxon";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAMES = "January February March April May June July August September October November December".split(" ");
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const WEEKDAY = String.raw`(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?`;

const RELATIVE = new RegExp(
  String.raw`^(?:today|yesterday|tomorrow|(?:last|this|next|past)\s+${WEEKDAY}|${WEEKDAY}|(?:\d{1,3}|a|one|two|three)\s+(?:days?|weeks?)\s+ago)$`,
  "i",
);
const TIME = /\d[:.h]\d{2}\b|\b\d{1,2}\s*(?:a|p)\.?m\b|\b(?:noon|midnight|midday)\b|T\d{2}/i;

/** Why `text` is not a calendar date, in plain words; undefined when it is one. */
export function notACalendarDate(text: string): string | undefined {
  const t = text.trim().replace(/^on\s+/i, "");
  if (TIME.test(t)) return "it is a day, without a time of day, like 2026-08-15, Aug 15 or yesterday";
  if (RELATIVE.test(t)) return undefined;
  let m: RegExpMatchArray | null;
  let year: number | undefined;
  let month: number;
  let day: number;
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) [year, month, day] = [+m[1]!, +m[2]!, +m[3]!];
  else if ((m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(t)))
    [month, day, year] = [+m[1]!, +m[2]!, m[3] ? +m[3] : undefined];
  else if ((m = new RegExp(String.raw`^${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$`, "i").exec(t)))
    [month, day, year] = [MONTHS.indexOf(m[1]!.toLowerCase()) + 1, +m[2]!, m[3] ? +m[3] : undefined];
  else if (
    (m = new RegExp(String.raw`^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}(?:,?\s+(\d{4}))?$`, "i").exec(
      t,
    ))
  )
    [day, month, year] = [+m[1]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, m[3] ? +m[3] : undefined];
  else return "it should be a date, like 2026-08-15, Aug 15 or yesterday";
  if (month < 1 || month > 12)
    return `there is no month ${month} (months run 1 to 12, written after the year: 2026-08-15)`;
  if (year !== undefined && (year < 1970 || year > 2100)) return `${year} is not a year cadre keeps records for`;
  // Without a year, February 29 may exist (the handler picks the year).
  const days = DateTime.fromObject({ year: year ?? 2024, month, day: 1 }).daysInMonth!;
  if (day < 1 || day > days)
    return `there is no ${MONTH_NAMES[month - 1]} ${day}${year ? ` ${year}` : ""} (${MONTH_NAMES[month - 1]} has ${
      year || month !== 2 ? days : "28 days, 29 in a leap year"
    }${year || month !== 2 ? " days" : ""})`;
  return undefined;
}
