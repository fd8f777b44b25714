// What people type for "when" in /reminder add, read in a time zone:
//   one-off    "tomorrow 8am", "in 2 hours", "Dec 3 at 9:00", "next Friday 3pm"   (chrono via parseWhen)
//   repeating  "every weekday at 7:45", "every other Thursday at 3:30pm",
//              "first Monday of the month at 4pm", "every month on the 15th at 9",
//              "every 2 hours", "daily at noon", "every Mon, Wed and Fri at 8am"
//   cron       "45 7 * * 1-5" (minute hour day-of-month month day-of-week, wall-clock)
// Never throws: the answer is a schedule or a problem the command turns into a UserError.
import rrulePkg from "rrule";
import type { Options, Weekday } from "rrule";
import { DateTime } from "luxon";
import { parseWhen } from "../../core/when.js";
import { cronToRules, looksLikeCron } from "./cron.js";
import {
  MIN_INTERVAL_MINUTES,
  nextFloating,
  nextOccurrence,
  shortestGapMinutes,
  type Recurrence,
} from "./recurrence.js";
import { fromFloating, plusDays, toFloating } from "./wall-clock.js";
import { clockTime, formatClock, type TimeOfDay } from "../../core/time-of-day.js";
import { WEEKDAY_NAMES } from "../../core/calendar.js";

const { RRule } = rrulePkg;

export type Schedule = { kind: "once"; at: Date } | { kind: "rrule" | "cron" | "interval"; rule: string; first: Date };

export type ProblemKind = "unreadable" | "unsupported" | "past" | "too-often" | "never";
/** How the time of day was read, for the confirmation: am/pm chosen by the school-day rule, or no time given. */
export interface Reading {
  assumed?: TimeOfDay;
  /** No time of day was written, so DEFAULT_TIME was used. */
  defaulted?: boolean;
}
export type PhraseResult =
  { ok: true; schedule: Schedule; reading?: Reading } | { ok: false; kind: ProblemKind; problem: string };

export const MAX_PHRASE = 200;
const DEFAULT_HOUR = 9;
/** The time a reminder without a time of day goes out ("every Thursday", "tomorrow"). */
export const DEFAULT_TIME: TimeOfDay = { hour: DEFAULT_HOUR, minute: 0 };

const WEEKDAYS: Record<string, Weekday> = {
  mon: RRule.MO,
  monday: RRule.MO,
  tue: RRule.TU,
  tues: RRule.TU,
  tuesday: RRule.TU,
  wed: RRule.WE,
  weds: RRule.WE,
  wednesday: RRule.WE,
  thu: RRule.TH,
  thur: RRule.TH,
  thurs: RRule.TH,
  thursday: RRule.TH,
  fri: RRule.FR,
  friday: RRule.FR,
  sat: RRule.SA,
  saturday: RRule.SA,
  sun: RRule.SU,
  sunday: RRule.SU,
};
const ORDINALS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
  fifth: 5,
  "5th": 5,
  last: -1,
};
const NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  ten: 10,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  other: 2,
};

const fail = (kind: ProblemKind, problem: string): PhraseResult => ({ ok: false, kind, problem });

/** Parses a when-phrase in `zone` as of `now`. */
export function parseSchedule(phrase: string, zone: string, now: Date): PhraseResult {
  const raw = phrase.trim();
  if (!raw) return fail("unreadable", "the time is empty");
  if (raw.length > MAX_PHRASE)
    return fail("unreadable", `the time is ${raw.length} characters; keep it under ${MAX_PHRASE}`);
  if (!DateTime.now().setZone(zone).isValid) return fail("unreadable", `the time zone ${zone} is not valid`);
  try {
    if (looksLikeCron(raw)) return fromCron(raw, zone, now);
    const text = normalize(raw);
    if (
      /^(?:every|each|daily|weekly|monthly|hourly|weekdays\b|on (?:the |weekdays|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))/.test(
        text,
      ) ||
      /\bof (?:the|each|every) month\b/.test(text)
    )
      return fromRecurrence(text, zone, now);
    return fromOneOff(text, zone, now);
  } catch {
    // A library surprise is still only an unreadable phrase for the person typing it (the
    // property tests check this line is never reached).
    return fail("unreadable", `I could not read "${raw.slice(0, 60)}" as a time (parser error)`);
  }
}

function normalize(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\u2018\u2019\u201C\u201D"']/g, "")
    .replace(/\b([ap])\.m\.?/g, "$1m")
    .replace(/&/g, " and ")
    .replace(/,/g, " ")
    .replace(/[.!?;]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

// ---- one-off

const RELATIVE =
  /^in (\d{1,4}|an?|one|two|three|four|five|six|ten|fifteen|twenty|thirty) ?(minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)(?: and (\d{1,3}) ?(minutes?|mins?|m))?$/;

function fromOneOff(text: string, zone: string, now: Date): PhraseResult {
  let at: Date | undefined;
  let reading: Reading | undefined;
  const m = RELATIVE.exec(text);
  if (m) {
    // Minutes and hours are real time ("in 2 hours" is 2 hours even across a DST change);
    // days and weeks keep the wall-clock time ("in 3 days" at the same time of day).
    const n = NUMBERS[m[1]!] ?? Number(m[1]);
    const unit = m[2]![0]!;
    const extra = m[3] ? Number(m[3]) * 60_000 : 0;
    if (unit === "m") at = new Date(now.getTime() + n * 60_000 + extra);
    else if (unit === "h") at = new Date(now.getTime() + n * 3_600_000 + extra);
    else at = new Date(plusDays(now, zone, unit === "w" ? 7 * n : n).getTime() + extra);
  } else {
    const w = parseWhen(text, zone, now, DEFAULT_HOUR);
    at = w?.at;
    if (w?.assumed) reading = { assumed: w.assumed };
    else if (w && !w.hasTime) reading = { defaulted: true };
  }
  if (!at || Number.isNaN(at.getTime())) return fail("unreadable", `I could not read "${text.slice(0, 60)}" as a time`);
  if (at.getTime() <= now.getTime()) return fail("past", `"${text.slice(0, 60)}" is in the past`);
  if (at.getTime() - now.getTime() > 5 * 366 * 86_400_000)
    return fail("unreadable", "that is more than five years away");
  return { ok: true, schedule: { kind: "once", at }, ...(reading ? { reading } : {}) };
}

// ---- cron

function fromCron(raw: string, zone: string, now: Date): PhraseResult {
  const c = cronToRules(raw);
  if (!c.ok) return fail("unreadable", c.problem);
  return finish({ kind: "cron", rule: raw.trim().replace(/\s+/g, " "), zone }, now);
}

// ---- repeating

const TIME =
  /(?:\bat )?\b(?:(noon|midday|midnight)|(\d{1,2})(?::([0-5]\d))? ?(am|pm)\b|(\d{1,2}):([0-5]\d)\b|at (\d{1,2})\b(?!:))/;

/** Finds one time of day in the phrase; returns it and the rest. */
function takeTime(text: string): { time?: TimeOfDay; rest: string; bad?: string } {
  const m = TIME.exec(text);
  if (!m) return { rest: text };
  // Without am/pm, "3:30" and "at 3" follow the school-day rule (core/time-of-day.ts).
  const time: TimeOfDay | undefined = m[1]
    ? { hour: m[1] === "midnight" ? 0 : 12, minute: 0 }
    : m[2]
      ? clockTime(Number(m[2]), Number(m[3] ?? 0), m[4] as "am" | "pm")
      : m[5]
        ? clockTime(Number(m[5]), Number(m[6]))
        : clockTime(Number(m[7]), 0);
  if (!time) return { rest: text, bad: `${m[0].trim()} is not a time of day` };
  const rest = (text.slice(0, m.index) + " " + text.slice(m.index + m[0].length)).replace(/\s+/g, " ").trim();
  if (TIME.test(rest))
    return { rest, bad: "one reminder takes one time of day; add a second reminder for another time" };
  return { time, rest };
}

function weekdayList(s: string): Weekday[] | undefined {
  const words = s
    .split(/ (?:and|or) | /)
    .map((w) => w.replace(/s$/, ""))
    .filter(Boolean);
  if (!words.length) return undefined;
  const out: Weekday[] = [];
  for (const w of words) {
    const d = WEEKDAYS[w] ?? WEEKDAYS[w + "s"];
    if (!d) return undefined;
    if (!out.some((x) => x.weekday === d.weekday)) out.push(d);
  }
  return out;
}

const count = (w: string | undefined): number | undefined =>
  w === undefined ? 1 : (NUMBERS[w] ?? (/^\d{1,3}$/.test(w) ? Number(w) : undefined));
const dayNumber = (w: string): number | undefined => {
  if (w === "last") return -1;
  const m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(w);
  const n = m ? Number(m[1]) : undefined;
  return n && n >= 1 && n <= 31 ? n : undefined;
};

type Rule = Partial<Options> | { minutes: number; time?: TimeOfDay } | undefined;

const EVERY = "(?:every|each)";
const NUM = "(other|\\d{1,3}|two|three|four|six)";
const DAYS_RE = "([a-z]+(?:(?: and | or | )[a-z]+)*)";
const ORD = "(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)";

/** The rule a phrase (without its time of day) describes. */
function ruleFor(body: string, hasTime: boolean): Rule {
  let m: RegExpExecArray | null;
  const re = (s: string) => new RegExp(`^${s}$`).exec(body);
  // Every N minutes / hours: real time, not wall-clock.
  if (
    (m = re(`(?:${EVERY} )?(?:${NUM} |(half) )?(minutes?|mins?|hours?|hrs?)`)) &&
    (m[1] || m[2] || /^(every|each)/.test(body))
  ) {
    const n = m[2] ? 0.5 : count(m[1]);
    if (n === undefined) return undefined;
    const unit = m[3]!.startsWith("h") ? 60 : 1;
    return { minutes: Math.round(n * unit), time: undefined };
  }
  if (body === "hourly") return { minutes: 60 };
  if ((m = re(`(?:${EVERY} (?:${NUM} )?days?|daily|${EVERY} single day)`))) {
    const n = count(m[1]);
    return n ? { freq: RRule.DAILY, interval: n } : undefined;
  }
  if (
    re(
      `(?:${EVERY} |on )?(?:week ?days?|weekdays)(?: monday (?:to|through|thru) ` +
        `friday)?|${EVERY} monday (?:to|through|thru|-) friday|monday (?:to|through|thru) friday`,
    )
  )
    return { freq: RRule.WEEKLY, byweekday: [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR] };
  if (re(`(?:${EVERY} |on )?(?:weekends?|weekend days?)`))
    return { freq: RRule.WEEKLY, byweekday: [RRule.SA, RRule.SU] };
  // Monthly, by weekday: "first monday of the month", "every last friday", "every 2 months on the first monday".
  if (
    (m = re(`(?:on )?(?:the )?${ORD} ([a-z]+) (?:of|in) (?:the|each|every) month`)) ||
    (m = re(`${EVERY} ${ORD} ([a-z]+)(?: of (?:the|each|every) month)?`))
  ) {
    const day = WEEKDAYS[m[2]!] ?? (m[2] === "day" || m[2] === "weekday" ? undefined : null);
    if (m[2] === "day" && m[1] === "last") return { freq: RRule.MONTHLY, bymonthday: [-1] };
    if (!day) return undefined;
    return { freq: RRule.MONTHLY, byweekday: [day.nth(ORDINALS[m[1]!]!)] };
  }
  if ((m = re(`(?:${EVERY} (?:${NUM} )?months?|monthly) on the ${ORD} ([a-z]+)`))) {
    const n = count(m[1]);
    const day = WEEKDAYS[m[3]!];
    if (m[3] === "day" && m[2] === "last" && n) return { freq: RRule.MONTHLY, interval: n, bymonthday: [-1] };
    return n && day ? { freq: RRule.MONTHLY, interval: n, byweekday: [day.nth(ORDINALS[m[2]!]!)] } : undefined;
  }
  // Monthly, by date: "every month on the 15th", "the 1st of every month", "monthly", "last day of the month".
  if (
    (m = re(`(?:${EVERY} (?:${NUM} )?months?|monthly)(?: on)?(?: the)?(?: (\\d{1,2}(?:st|nd|rd|th)?|last)(?: day)?)?`))
  ) {
    const n = count(m[1]);
    const d = m[2] ? dayNumber(m[2]) : undefined;
    if (!n || (m[2] && d === undefined)) return undefined;
    return { freq: RRule.MONTHLY, interval: n, ...(d !== undefined ? { bymonthday: [d] } : {}) };
  }
  if ((m = re(`(?:on )?(?:the )?(\\d{1,2}(?:st|nd|rd|th)?|last) (?:day )?of (?:the|each|every) month`))) {
    const d = dayNumber(m[1]!);
    return d !== undefined ? { freq: RRule.MONTHLY, bymonthday: [d] } : undefined;
  }
  // Weekly: "every week", "every 2 weeks on friday", "weekly on monday and thursday".
  if ((m = re(`(?:${EVERY} (?:${NUM} )?weeks?|weekly)(?: on ${DAYS_RE})?`))) {
    const n = count(m[1]);
    const days = m[2] ? weekdayList(m[2]) : [];
    return n && days ? { freq: RRule.WEEKLY, interval: n, ...(days.length ? { byweekday: days } : {}) } : undefined;
  }
  // "every thursday", "every other thursday", "every mon wed and fri", "on tuesdays".
  if ((m = re(`(?:${EVERY} (?:${NUM} )?|on )${DAYS_RE}`))) {
    const n = count(m[1]);
    const days = weekdayList(m[2]!);
    return n && days ? { freq: RRule.WEEKLY, interval: n, byweekday: days } : undefined;
  }
  void hasTime;
  return undefined;
}

function fromRecurrence(text: string, zone: string, now: Date): PhraseResult {
  const t = takeTime(text);
  if (t.bad) return fail("unreadable", t.bad);
  // "every day from 8am", "weekdays starting at 7:45": the word only led to the time.
  if (t.time) t.rest = t.rest.replace(/ (?:from|starting|beginning)$/, "");
  const unsupported = notSupported(t.rest, t.time);
  if (unsupported) return fail("unsupported", unsupported);
  const body = t.rest.replace(/^(?:every|each) (?:single )?/, (s) => s).trim();
  const rule = ruleFor(body, Boolean(t.time));
  if (!rule) return fail("unreadable", `I could not read "${text.slice(0, 60)}" as a repeating time`);
  if ("minutes" in rule) return fromInterval(rule.minutes, t.time, zone, now);
  const time = t.time ?? DEFAULT_TIME;
  const nowF = toFloating(now, zone);
  const opts: Partial<Options> = {
    ...rule,
    byhour: [time.hour],
    byminute: [time.minute],
    bysecond: [0],
    wkst: RRule.MO,
  };
  // Without explicit days a weekly rule means today's weekday, a monthly one today's date.
  if (opts.freq === RRule.WEEKLY && !opts.byweekday)
    opts.byweekday = [[RRule.SU, RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA][nowF.getUTCDay()]!];
  if (opts.freq === RRule.MONTHLY && !opts.byweekday && !opts.bymonthday) opts.bymonthday = [nowF.getUTCDate()];
  // The first occurrence from now (every interval counted from it: "every other thursday"
  // means the coming thursday, then every second one).
  const first = nextFloating([{ ...opts, interval: 1, dtstart: undefined }], nowF);
  if (!first) return fail("never", `"${text.slice(0, 60)}" never happens`);
  const rrule = new RRule({ ...opts, dtstart: first });
  const done = finish({ kind: "rrule", rule: rrule.toString(), zone }, now);
  const reading: Reading = t.time ? (t.time.assumed ? { assumed: t.time } : {}) : { defaulted: true };
  return done.ok && (reading.assumed || reading.defaulted) ? { ...done, reading } : done;
}

/** "Mon" … "Sun" by index (monday 0), from the kernel's weekday names. */
const DAY_NAMES = WEEKDAY_NAMES.map((d) => d[0]!.toUpperCase() + d.slice(1, 3));

/** "Mon, Tue, Thu and Fri". */
const dayList = (days: number[]): string =>
  days.length === 1
    ? DAY_NAMES[days[0]!]!
    : `${days
        .slice(0, -1)
        .map((d) => DAY_NAMES[d])
        .join(", ")} and ${DAY_NAMES[days.at(-1)!]}`;

/**
 * What a repeating phrase asks for that a reminder cannot do (leaving days out, a start or end
 * date, a range of times), in plain words with a phrase that works; undefined when none.
 */
function notSupported(rest: string, time: TimeOfDay | undefined): string | undefined {
  const at = ` at ${time ? formatClock(time).replace(":00", "").replace(" ", "").toLowerCase() : "3:30pm"}`;
  const except = /^(.*?) (?:except|but not|not on|apart from) (?:on )?(.+)$/.exec(rest);
  if (except) {
    // "every weekday except wednesday": name the days that are left.
    const base = ruleFor(except[1]!.trim(), Boolean(time));
    const left = weekdayList(except[2]!.trim());
    const days = base && "byweekday" in base && Array.isArray(base.byweekday) ? (base.byweekday as Weekday[]) : [];
    // "every day" names no weekdays: all seven are left to choose from.
    const all = days.length
      ? days.map((d) => d.weekday)
      : base && "freq" in base && base.freq === RRule.DAILY
        ? [0, 1, 2, 3, 4, 5, 6]
        : [];
    const kept = left ? all.filter((d) => !left.some((x) => x.weekday === d)) : [];
    const example = kept.length ? `when:"every ${dayList(kept)}${at}"` : `when:"every Mon, Tue, Thu and Fri${at}"`;
    return `leaving days out ("except …") is not supported; name the days it should go out instead, e.g. ${example}`;
  }
  if (/\b(?:starting|from|beginning)\b/.test(rest))
    return (
      "a start date is not supported: a repeating reminder starts at its next time. To start later, " +
      "set it on the first day, or add it now and /reminder pause it until then"
    );
  if (/\b(?:until|till)\b/.test(rest))
    return "an end date is not supported: remove it when it is no longer needed with /reminder remove R-7K2Q";
  if (/\bbetween\b/.test(rest))
    return `a range of times is not supported: one reminder goes out at one time of day, e.g. when:"every weekday${at}"`;
  return undefined;
}

function fromInterval(minutes: number, time: TimeOfDay | undefined, zone: string, now: Date): PhraseResult {
  if (minutes < MIN_INTERVAL_MINUTES)
    return fail("too-often", `a reminder can repeat at most every ${MIN_INTERVAL_MINUTES} minutes`);
  if (minutes > 366 * 24 * 60) return fail("unreadable", "that interval is longer than a year");
  let anchor = new Date(Math.ceil((now.getTime() + minutes * 60_000) / 60_000) * 60_000);
  if (time) {
    // "every 2 hours at 8am": counted from the next 8:00.
    const local = toFloating(now, zone);
    let f = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), time.hour, time.minute));
    if (fromFloating(f, zone) <= now) f = new Date(f.getTime() + 86_400_000);
    anchor = fromFloating(f, zone);
  }
  return { ok: true, schedule: { kind: "interval", rule: String(minutes), first: anchor } };
}

function finish(r: Recurrence, now: Date): PhraseResult {
  const first = nextOccurrence(r, now);
  if (!first) return fail("never", "that schedule never happens");
  const gap = shortestGapMinutes(r, now);
  if (gap !== undefined && gap < MIN_INTERVAL_MINUTES)
    return fail(
      "too-often",
      `that repeats every ${gap < 1 ? "few seconds" : `${gap} minute${gap === 1 ? "" : "s"}`}; ` +
        `a reminder can repeat at most every ${MIN_INTERVAL_MINUTES} minutes`,
    );
  if (r.kind === "interval") return fail("unreadable", "internal: interval via finish");
  return { ok: true, schedule: { kind: r.kind, rule: r.rule, first } };
}
