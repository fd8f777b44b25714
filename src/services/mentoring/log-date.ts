// The day a mentoring conversation happened, as a mentor writes it ("today", "Tuesday",
// "Nov 3", "3 days ago"), in the workspace's zone. Logging looks back: a weekday or a
// month-and-day without a year means the most recent one, not the next (parseWhen looks
// forward, as announcements need). A day still after today is refused by the caller.
import { DateTime } from "luxon";
import { parseWhen } from "../../core/when.js";
import { todayIn } from "../school-year.js";

/** YYYY-MM-DD, or undefined when the phrase is not a date. Never throws. */
export function readLogDay(text: string | undefined, zone: string, now: Date): string | undefined {
  const t = (text ?? "").trim().replace(/^on\s+/i, "");
  const today = todayIn(zone, now);
  if (!t || /^today$/i.test(t)) return today;
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
