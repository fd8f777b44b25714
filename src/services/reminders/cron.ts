// Five-field cron expressions ("45 7 * * 1-5") as wall-clock recurrence rules. node-cron
// parses and expands the fields; each expression becomes one or two RRULEs (cron ORs the
// day-of-month and day-of-week fields when both are restricted; RRULE ANDs them).
import cron from "node-cron";
import rrulePkg from "rrule";
import type { Options, Weekday } from "rrule";

const { RRule } = rrulePkg;
const DAYS = [RRule.SU, RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA];

export type CronParse = { ok: true; rules: Partial<Options>[] } | { ok: false; problem: string };

/** True when the text has the shape of a cron expression (so the phrase parser tries this first). */
export function looksLikeCron(text: string): boolean {
  const f = text.trim().split(/\s+/);
  return (
    f.length >= 5 &&
    f.length <= 6 &&
    /^[\d*/,-]+$/.test(f[0]!) &&
    /^[\d*/,-]+$/.test(f[1]!) &&
    f.every((x) => /^[\w*/,#?-]+$/.test(x))
  );
}

/** RRULE options (without dtstart) for a 5-field cron expression. Never throws. */
export function cronToRules(expression: string): CronParse {
  const text = expression.trim().replace(/\s+/g, " ");
  const count = text.split(" ").length;
  if (count !== 5)
    return {
      ok: false,
      problem: `a cron expression has 5 fields (minute hour day-of-month month day-of-week); "${text.slice(0, 60)}" has ${count}`,
    };
  let fields: ReturnType<typeof cron.parse>;
  try {
    const v = cron.validateDetailed(text);
    if (!v.valid || !v.fields)
      return {
        ok: false,
        problem: `that cron expression is not valid: ${v.errors
          .map((e) => e.message)
          .join("; ")
          .slice(0, 200)}`,
      };
    fields = v.fields;
  } catch (e) {
    return {
      ok: false,
      problem: `that cron expression is not valid: ${String((e as Error)?.message ?? e).slice(0, 200)}`,
    };
  }
  const [, , domText, , dowText] = text.split(" ");
  const base: Partial<Options> = {
    byminute: fields.minute,
    byhour: fields.hour,
    bysecond: [0],
    bymonth: fields.month.length === 12 ? null : fields.month,
  };
  const domRestricted = domText !== "*" && domText !== "?";
  const dowRestricted = dowText !== "*" && dowText !== "?";
  const days: number[] = [];
  for (const d of fields.dayOfMonth) {
    if (d === "L") days.push(-1);
    else if (typeof d === "number") days.push(d);
    else return { ok: false, problem: `day-of-month "${d}" is not supported; use numbers, ranges or L` };
  }
  const weekdays: Weekday[] = [];
  let nth = false;
  for (const d of fields.dayOfWeek) {
    if (typeof d === "number") weekdays.push(DAYS[d % 7]!);
    else {
      const m = /^(\d)#([1-5])$/.exec(d);
      if (!m) return { ok: false, problem: `day-of-week "${d}" is not supported; use numbers, names, ranges or MON#1` };
      weekdays.push(DAYS[Number(m[1]) % 7]!.nth(Number(m[2])));
      nth = true;
    }
  }
  const byDom: Partial<Options> = { ...base, freq: RRule.DAILY, bymonthday: days };
  // "MON#1" only means something within a month.
  const byDow: Partial<Options> = { ...base, freq: nth ? RRule.MONTHLY : RRule.DAILY, byweekday: weekdays };
  if (domRestricted && dowRestricted) return { ok: true, rules: [byDom, byDow] };
  if (dowRestricted) return { ok: true, rules: [byDow] };
  if (domRestricted) return { ok: true, rules: [byDom] };
  return { ok: true, rules: [{ ...base, freq: RRule.DAILY }] };
}
