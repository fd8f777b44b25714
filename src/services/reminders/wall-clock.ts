// Wall-clock arithmetic for recurring reminders. Rules are evaluated on "floating" dates: a
// Date whose UTC fields are the wall-clock time in the reminder's zone (07:45 is stored as
// 07:45Z). Only when an occurrence is queued is it placed in the zone, so a 7:45 reminder
// stays 7:45 on both sides of a daylight-saving change.
import { DateTime } from "luxon";

/** The wall-clock time of `at` in `zone`, as a floating Date. */
export function toFloating(at: Date, zone: string): Date {
  const l = DateTime.fromJSDate(at, { zone });
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second));
}

/**
 * The instant a floating wall-clock time happens in `zone`, by RFC 5545's rules: a time that
 * happens twice at a fall-back change (01:30) means the first of the two; a time skipped by a
 * spring-forward change (02:30) is read with the offset from before the gap (so 03:30).
 */
export function fromFloating(f: Date, zone: string): Date {
  const z = DateTime.now().setZone(zone).zone;
  const local = f.getTime();
  // The real instant is within 14 hours of the floating one; the offsets either side cover it.
  const before = z.offset(local - 86_400_000);
  const after = z.offset(local + 86_400_000);
  const fits = [before, after].map((o) => local - o * 60_000).filter((t) => z.offset(t) * 60_000 === local - t);
  if (fits.length) return new Date(Math.min(...fits));
  return new Date(local - before * 60_000);
}

/** Adds whole days in the zone's calendar (tomorrow at the same wall-clock time). */
export function plusDays(at: Date, zone: string, days: number): Date {
  return DateTime.fromJSDate(at, { zone }).plus({ days }).toJSDate();
}
