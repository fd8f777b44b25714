// The dates of a series: `/session announce when:"Dec 8 9am" repeat:"every other Tuesday"
// until:"May 26"` (or count:10). The repeat phrase is read by the reminders' parser
// (reminders/phrase.ts), at the first session's time of day, and must be bounded. Never throws.
import { DateTime } from "luxon";
import { impossibleDate, parseWhen } from "../../core/when.js";
import { formatInZone } from "../../core/rich.js";
import { parseSchedule } from "../reminders/phrase.js";
import { upcoming } from "../reminders/recurrence.js";

/** The most sessions one series announces: a school year of weekly sessions. */
export const MAX_SERIES = 52;

export type SeriesProblemField = "repeat" | "until" | "count" | "when";
export type SeriesDates = { ok: true; dates: Date[] } | { ok: false; field: SeriesProblemField; problem: string };

const fail = (field: SeriesProblemField, problem: string): SeriesDates => ({ ok: false, field, problem });

/** "9:30am": a wall-clock time the reminders' parser reads without guessing am/pm. */
function clockOf(at: Date, zone: string): string {
  const d = DateTime.fromJSDate(at, { zone });
  const h = d.hour % 12 === 0 ? 12 : d.hour % 12;
  return `${h}:${String(d.minute).padStart(2, "0")}${d.hour < 12 ? "am" : "pm"}`;
}

const wall = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toFormat("HH:mm");

/**
 * Every start of the series, the first being `first` (the announcement's when:), in `zone`.
 * Bounded by `until` (a date, inclusive, read as of `now`) or `count`; at most MAX_SERIES.
 */
export function seriesDates(
  q: { repeat: string; first: Date; zone: string; until?: string; count?: number },
  now: Date,
): SeriesDates {
  const repeat = q.repeat.trim();
  if (/\b(?:until|till|through|thru|for \d+|times)\b/i.test(repeat))
    return fail(
      "repeat",
      `repeat: says only how often ("every other Tuesday"); put the end in until:"May 26" or count:10.`,
    );
  if (q.until === undefined && q.count === undefined)
    return fail(
      "until",
      `A series needs an end: add until:"May 26" (the last date) or count:10 (how many sessions), at most ${MAX_SERIES}.`,
    );
  if (q.until !== undefined && q.count !== undefined)
    return fail("count", "Give until: or count:, not both: one end for the series.");
  if (q.count !== undefined && (!Number.isInteger(q.count) || q.count < 2 || q.count > MAX_SERIES))
    return fail("count", `count: is how many sessions, from 2 to ${MAX_SERIES}.`);
  const at = clockOf(q.first, q.zone);
  const before = new Date(q.first.getTime() - 60_000);
  let r = parseSchedule(repeat, q.zone, before);
  // No time in the phrase: the series runs at the first session's time.
  if (r.ok && r.reading?.defaulted) r = parseSchedule(`${repeat} at ${at}`, q.zone, before);
  if (!r.ok || r.schedule.kind !== "rrule")
    return fail(
      "repeat",
      `I could not read "${repeat.slice(0, 60)}" as days to repeat on. ` +
        `Try "every Tuesday", "every other Tuesday", "every weekday" or "first Monday of the month".`,
    );
  const rule = { kind: "rrule" as const, rule: r.schedule.rule, zone: q.zone };
  const dates = upcoming(rule, before, q.count ?? MAX_SERIES + 1);
  if (!dates.length || wall(dates[0]!, q.zone) !== wall(q.first, q.zone))
    return fail(
      "repeat",
      `repeat: says how often, and when: gives the time (${at}); leave the time out of repeat:, e.g. repeat:"every other Tuesday".`,
    );
  if (+dates[0]! !== +q.first)
    return fail(
      "when",
      `when: (${formatInZone(q.first, q.zone, "date")}) is not one of the days "${repeat.slice(0, 60)}" names; ` +
        `start the series on one, e.g. when:"${formatInZone(dates[0]!, q.zone, "short")}".`,
    );
  if (q.count !== undefined) return { ok: true, dates };
  const untilText = q.until!.trim();
  const impossible = impossibleDate(untilText, q.zone, now);
  const u = impossible ? undefined : parseWhen(untilText, q.zone, now);
  if (!u)
    return fail(
      "until",
      impossible
        ? `"${untilText.slice(0, 60)}" is not a real date: ${impossible}. Try until:"May 26".`
        : `I could not read "${untilText.slice(0, 60)}" as a date. Try until:"May 26" or until:2027-05-26.`,
    );
  const last = DateTime.fromJSDate(u.at, { zone: q.zone }).endOf("day").toJSDate();
  if (last < q.first)
    return fail(
      "until",
      `until: (${formatInZone(u.at, q.zone, "date")}) is before the first session; give the last date of the series.`,
    );
  const within = dates.filter((d) => d <= last);
  if (within.length > MAX_SERIES)
    return fail(
      "until",
      `That makes more than ${MAX_SERIES} sessions; a series has at most ${MAX_SERIES}. ` +
        `Give an earlier until: or count:${MAX_SERIES}, and announce the rest as a second series.`,
    );
  if (within.length < 2)
    return fail(
      "until",
      `Only one session falls by ${formatInZone(u.at, q.zone, "date")}; give a later until:, or announce one session without repeat:.`,
    );
  return { ok: true, dates: within };
}
