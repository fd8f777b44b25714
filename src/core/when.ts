// One-off dates and times as people type them ("tomorrow 8am", "Dec 3 at 9:00",
// "next Thursday 3:30pm", ISO), read as wall-clock time in a workspace's IANA zone.
// chrono-node finds the date parts; luxon places them in the zone (chrono only knows offsets).
import * as chrono from "chrono-node";
import { DateTime } from "luxon";
import { clockTime, type TimeOfDay } from "./time-of-day.js";

export interface ParsedWhen {
  at: Date;
  /** True when the phrase named a time of day (not just a date). */
  hasTime: boolean;
  /** The clock reading when am/pm was not written and the school-day rule chose it (see assumedNote). */
  assumed?: TimeOfDay;
}

const FILLER = /^[\s,.;]*(?:(?:at|on|from|starting|the)\b[\s,.;]*)*$/i;

/** Parses a one-off date-time in `zone` relative to `now`. Never throws; undefined when unreadable. */
export function parseWhen(text: string, zone: string, now: Date, defaultHour = 9): ParsedWhen | undefined {
  const input = text.trim();
  if (!input || input.length > 200) return undefined;
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return undefined;
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
  const dt = DateTime.fromObject(
    {
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
    },
    { zone },
  );
  if (!dt.isValid) return undefined;
  return {
    at: dt.toJSDate(),
    hasTime: hasTime || !(c.isCertain("day") || c.isCertain("weekday")),
    ...(clock?.assumed ? { assumed: clock } : {}),
  };
}
