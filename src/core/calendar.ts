// Weekdays, zones and weekly slots as every command reads them (agenda meetings, mentor
// nudges, settings): one spelling of the weekday names and one zone check.
import { DateTime } from "luxon";

export const WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** ISO weekday number: monday 1 … sunday 7. */
export const weekdayNumber = (name: WeekdayName): number => WEEKDAY_NAMES.indexOf(name) + 1;

/**
 * Abbreviations people type for a zone. The runtime accepts some of them as fixed offsets or
 * as one place ("EST" is Panama's all-year time, "MST" Arizona's), which would put a district
 * an hour off for half the year, so cadre asks for the place instead.
 */
const ABBREVIATIONS: Record<string, string[]> = {
  EST: ["America/New_York"],
  EDT: ["America/New_York"],
  CST: ["America/Chicago"],
  CDT: ["America/Chicago"],
  MST: ["America/Denver", "America/Phoenix"],
  MDT: ["America/Denver"],
  PST: ["America/Los_Angeles"],
  PDT: ["America/Los_Angeles"],
  AKST: ["America/Anchorage"],
  AKDT: ["America/Anchorage"],
  HST: ["Pacific/Honolulu"],
};

/** The zones an abbreviation like "EST" may mean (none for a real zone name). */
export const zonesAbbreviated = (zone: string): string[] => ABBREVIATIONS[zone.trim().toUpperCase()] ?? [];

/** The zone's canonical IANA spelling ("america/chicago" is America/Chicago); undefined when it is not a zone. */
export function canonicalZone(zone: string): string | undefined {
  if (zonesAbbreviated(zone).length) return undefined;
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

/** True for an IANA zone this runtime knows ("America/Chicago"), not an abbreviation ("EST"). */
export function isTimeZone(zone: string): boolean {
  if (zonesAbbreviated(zone).length) return false;
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
