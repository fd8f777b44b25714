// When a stored reminder happens next. Three kinds of rule:
//   rrule     RRULE text whose DTSTART and times are wall-clock (floating) in the zone
//   cron      a 5-field cron expression, also wall-clock in the zone
//   interval  every N minutes of real time from an anchor (a DST change does not bend it)
import rrulePkg from "rrule";
import type { Options } from "rrule";
import { cronToRules } from "./cron.js";
import { fromFloating, toFloating } from "./wall-clock.js";

const { RRule, rrulestr } = rrulePkg;

export type RecurrenceKind = "rrule" | "cron" | "interval";

export interface Recurrence {
  kind: RecurrenceKind;
  rule: string;
  zone: string;
  /** interval: the first occurrence, from which the others are counted. */
  anchor?: Date;
}

/** Searching further ahead than this means the rule never happens (e.g. "0 9 31 2 *"). */
const HORIZON_MS = 5 * 366 * 86_400_000;
/** The shortest repeat: more often floods a DM or a channel (every 5 minutes is 288 posts a day). */
export const MIN_INTERVAL_MINUTES = 15;

const floorMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/** RRULE options for a stored rule; undefined when it cannot be read. */
function ruleOptions(r: Recurrence): Partial<Options>[] | undefined {
  try {
    if (r.kind === "cron") {
      const c = cronToRules(r.rule);
      return c.ok ? c.rules : undefined;
    }
    if (r.kind === "rrule") return [rrulestr(r.rule, { forceset: false }).origOptions as Partial<Options>];
  } catch {
    return undefined;
  }
  return undefined;
}

/** The first floating occurrence strictly after `afterF` (floating), or undefined. */
export function nextFloating(options: Partial<Options>[], afterF: Date): Date | undefined {
  let best: Date | undefined;
  for (const o of options) {
    // With interval 1 the start only bounds the search, so start it at `afterF` (fast);
    // with a larger interval DTSTART fixes the phase ("every other Thursday").
    const opts = (o.interval ?? 1) > 1 && o.dtstart ? o : { ...o, dtstart: floorMinute(afterF) };
    const got = new RRule(opts).between(afterF, new Date(afterF.getTime() + HORIZON_MS), false, (_d, i) => i < 1)[0];
    if (got && (!best || got < best)) best = got;
  }
  return best;
}

/** The next occurrence strictly after `after`, as an instant; undefined if there is none. */
export function nextOccurrence(r: Recurrence, after: Date): Date | undefined {
  if (r.kind === "interval") {
    const minutes = Number(r.rule);
    if (!Number.isInteger(minutes) || minutes < 1 || !r.anchor) return undefined;
    const step = minutes * 60_000;
    const a = r.anchor.getTime();
    if (after.getTime() < a) return new Date(a);
    return new Date(a + (Math.floor((after.getTime() - a) / step) + 1) * step);
  }
  const options = ruleOptions(r);
  if (!options) return undefined;
  let f = toFloating(after, r.zone);
  // A floating time can land at or before `after` around a fall-back change (01:30 happens
  // twice and means the first); then look for the one after it.
  for (let guard = 0; guard < 4; guard++) {
    const nf = nextFloating(options, f);
    if (!nf) return undefined;
    const at = fromFloating(nf, r.zone);
    if (at > after) return at;
    f = nf;
  }
  return undefined;
}

/** The next `n` occurrences after `after`. */
export function upcoming(r: Recurrence, after: Date, n: number): Date[] {
  const out: Date[] = [];
  let t = after;
  while (out.length < n) {
    const next = nextOccurrence(r, t);
    if (!next) break;
    out.push(next);
    t = next;
  }
  return out;
}

/**
 * The shortest wall-clock gap between consecutive occurrences in the next `sample`
 * (interval rules: the interval). Used to refuse reminders more often than MIN_INTERVAL_MINUTES.
 */
export function shortestGapMinutes(r: Recurrence, after: Date, sample = 60): number | undefined {
  if (r.kind === "interval") return Number(r.rule);
  const options = ruleOptions(r);
  if (!options) return undefined;
  let f = toFloating(after, r.zone);
  let gap: number | undefined;
  for (let i = 0; i < sample; i++) {
    const nf = nextFloating(options, f);
    if (!nf) break;
    if (i > 0) gap = Math.min(gap ?? Infinity, (nf.getTime() - f.getTime()) / 60_000);
    f = nf;
  }
  return gap;
}
