// Calendar dates and the school year, shared by sessions (scoring roster) and mentoring (hours).
import { DateTime } from "luxon";

/** A calendar date stored as 00:00 UTC of that date: the same on every server. */
export const dayToDate = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
export const dateToDay = (d: Date): string => d.toISOString().slice(0, 10);
export const todayIn = (zone: string, now: Date): string => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** First day (YYYY-MM-DD) of the school year containing `now`, given its start month. */
export function schoolYearStart(now: Date, zone: string, startMonth: number): string {
  const d = DateTime.fromJSDate(now, { zone });
  const year = d.month >= startMonth ? d.year : d.year - 1;
  return `${year}-${String(startMonth).padStart(2, "0")}-01`;
}
