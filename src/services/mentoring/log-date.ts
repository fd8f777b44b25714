// The day a mentoring conversation happened, as a mentor writes it ("today", "Tuesday",
// "Nov 3", "3 days ago"), in the workspace's zone. Logging looks back: a weekday or a
// month-and-day without a year means the most recent one, not the next (parseWhen looks
// forward, as announcements need). A day still after today is refused by the caller.
import { DateTime } from "luxon";
import { parseWhen } from "../../core/when.js";
import { todayIn } from "../school-year.js";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Why a written day does not exist ("there is no month 13", "November has 30 days"), or
 * undefined when it may. Checked before reading, so "2026-13-01" is never read as January 13.
 */
export function impossibleDay(text: string): string | undefined {
  const t = text
    .trim()
    .replace(/^on\s+/i, "")
    .toLowerCase();
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) [year, month, day] = [+m[1]!, +m[2]!, +m[3]!];
  else if ((m = t.match(/^(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?$/)))
    [month, day, year] = [+m[1]!, +m[2]!, m[3] ? +m[3].padStart(4, "20") : undefined];
  else if ((m = t.match(/^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/)))
    [month, day, year] = [MONTHS.indexOf(m[1]!) + 1, +m[2]!, m[3] ? +m[3] : undefined];
  else if ((m = t.match(/^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\.?(?:,?\s+(\d{4}))?$/)))
    [day, month, year] = [+m[1]!, MONTHS.indexOf(m[2]!) + 1, m[3] ? +m[3] : undefined];
  else return undefined;
  if (!month) return undefined; // not a month name: not a date phrase of this kind
  if (month > 12) return `there is no month ${month}`;
  const name = DateTime.fromObject({ year: 2024, month, day: 1 }).toFormat("LLLL");
  // Without a year, February 29 may exist (the most recent one is read).
  const days = DateTime.fromObject({ year: year ?? 2024, month, day: 1 }).daysInMonth!;
  // "Feb 30" with no year: say February's usual length, not the leap year's 29.
  if (day < 1 || day > days)
    return year || month !== 2
      ? `${name}${year ? ` ${year}` : ""} has ${days} days`
      : `${name} has 28 days (29 in a leap year)`;
  return undefined;
}

/** YYYY-MM-DD, or undefined when the phrase is not a date (or names a day that does not exist). Never throws. */
export function readLogDay(text: string | undefined, zone: string, now: Date): string | undefined {
  const t = (text ?? "").trim().replace(/^on\s+/i, "");
  const today = todayIn(zone, now);
  if (!t || /^today$/i.test(t)) return today;
  if (impossibleDay(t)) return undefined;
  const w = parseWhen(t, zone, now);
  if (!w) return undefined;
  let day = DateTime.fromJSDate(w.at, { zone });
  // Phrases that mean the future on purpose stay in the future (and are refused).
  if (day.toISODate()! > today && !/\b(tomorrow|next|in\s+\d|from now|later)\b|\d{4}/i.test(t)) {
    if (/^(?:last\s+|past\s+)?(mon|tue|wed|thu|fri|sat|sun)/i.test(t))
      while (day.toISODate()! > today) day = day.minus({ weeks: 1 });
    else if (/[a-z]{3}/i.test(t) || /\d{1,2}\/\d{1,2}/.test(t))
      while (day.toISODate()! > today) day = day.minus({ years: 1 });
  }
  // On a Friday, "last Friday" is a week ago, never today.
  if (/^last\s+(mon|tue|wed|thu|fri|sat|sun)/i.test(t) && day.toISODate() === today) day = day.minus({ weeks: 1 });
  return day.toISODate() ?? undefined;
}
