// Weekdays, zones and weekly slots as every command reads them (agenda meetings, mentor
// nudges, settings): one spelling of the weekday names and one zone check.
import { DateTime } from "luxon";

export const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** ISO weekday number: monday 1 … sunday 7. */
export const weekdayNumber = (name: WeekdayName): number => WEEKDAY_NAMES.indexOf(name) + 1;

/** True for an IANA zone this runtime knows ("America/Chicago"). */
/** The zone's canonical IANA spelling ("america/chicago" is America/Chicago); undefined when it is not a zone. */
export function canonicalZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** IANA zones whose city part is `city` ("Chicago" → America/Chicago), for a "did you mean". */
export function zonesNamed(city: string): string[] {
  const c = city.trim().replace(/\s+/g, "_").toLowerCase();
  if (!c || c.includes("/")) return [];
  return Intl.supportedValuesOf("timeZone").filter((z) => z.toLowerCase().endsWith(`/${c}`));
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first `weekday` (1-7) at wall-clock `time` ("15:30") in `zone` strictly after `after`. */
export function nextWeekly(weekday: number, time: string, zone: string, after: Date): Date {
  const [h, m] = time.split(":").map(Number);
  let d = DateTime.fromJSDate(after, { zone }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
  while (d.weekday !== weekday || d.toJSDate() <= after) d = d.plus({ days: 1 }).set({ hour: h, minute: m });
  return d.toJSDate();
}
