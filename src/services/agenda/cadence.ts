// Meeting times from a team's cadence (weekday, wall-clock time, every N weeks, in the team's
// zone): pure date arithmetic, no database.
import { DateTime } from "luxon";
import type { TeamRow } from "./teams.js";
import { nextWeekly } from "../../core/calendar.js";

/** The first meeting slot strictly after `after`. */
export const firstSlot = (team: Pick<TeamRow, "weekday" | "time" | "timeZone">, after: Date): Date =>
  nextWeekly(team.weekday, team.time, team.timeZone, after);

/** The same wall-clock time `weeks` later (daylight-saving safe). */
export function plusWeeks(at: Date, zone: string, weeks: number): Date {
  return DateTime.fromJSDate(at, { zone }).plus({ weeks }).toJSDate();
}

export const localDate = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISODate()!;

/** When items for a meeting are due. */
export const deadlineOf = (team: Pick<TeamRow, "deadlineHours">, m: { startsAt: Date }): Date =>
  new Date(m.startsAt.getTime() - team.deadlineHours * 3_600_000);

/** When a meeting's agenda posts itself. */
export const publishTimeOf = (team: Pick<TeamRow, "publishHours">, m: { startsAt: Date }): Date =>
  new Date(m.startsAt.getTime() - team.publishHours * 3_600_000);

/** A meeting's day as people say it: "Thu 5 Nov" (with the year when it is not this one's). */
export function dayLabel(at: Date, zone: string, now?: Date): string {
  const d = DateTime.fromJSDate(at, { zone });
  const sameYear = !now || DateTime.fromJSDate(now, { zone }).year === d.year;
  return d.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy");
}
