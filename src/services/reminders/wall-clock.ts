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
 * The instant a floating wall-clock time happens in `zone`. A time skipped by a spring-forward
 * change (02:30) moves forward by the gap (03:30); a time that happens twice at a fall-back
 * change (01:30) is the first of the two. Both are luxon's rules.
 */
export function fromFloating(f: Date, zone: string): Date {
  return DateTime.fromObject(
    { year: f.getUTCFullYear(), month: f.getUTCMonth() + 1, day: f.getUTCDate(), hour: f.getUTCHours(), minute: f.getUTCMinutes(), second: f.getUTCSeconds() },
    { zone },
  ).toJSDate();
}

/** Adds whole days in the zone's calendar (tomorrow at the same wall-clock time). */
export function plusDays(at: Date, zone: string, days: number): Date {
  return DateTime.fromJSDate(at, { zone }).plus({ days }).toJSDate();
}

export function zoneOk(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
