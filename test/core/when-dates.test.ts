// Property tests for the dates parseWhen reads: a date that does not exist is refused (never
// rolled over into the next month or read with day and month swapped), and a real one is read
// as written.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { impossibleDate, parseWhen, RECENT_DAYS } from "../../src/core/when.js";

const ZONE = "America/Chicago";
const NOW = new Date("2026-12-01T15:00:00Z"); // Tue 1 Dec 2026, 9:00 AM CST
const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH = "January February March April May June July August September October November December".split(" ");

/** A year, month and day as a person might type them, month 1-14 and day 1-40 (so some do not exist). */
const written = fc
  .record({
    year: fc.integer({ min: 2027, max: 2032 }),
    month: fc.integer({ min: 1, max: 14 }),
    day: fc.integer({ min: 1, max: 40 }),
    form: fc.constantFrom("iso", "isoT", "mon", "month", "dayMonth", "monYear", "slash"),
  })
  .map(({ year, month, day, form }) => {
    const p2 = (n: number) => String(n).padStart(2, "0");
    const m = MON[month - 1] ?? `M${month}`;
    const text =
      form === "iso"
        ? `${year}-${p2(month)}-${p2(day)} 9am`
        : form === "isoT"
          ? `${year}-${p2(month)}-${p2(day)}T09:00`
          : form === "slash"
            ? `${month}/${day}/${year} 9am`
            : month > 12
              ? `${year}-${month}-${day} 9am`
              : form === "mon"
                ? `${m} ${day} ${year} 9am`
                : form === "month"
                  ? `${MONTH[month - 1]} ${day}, ${year} at 9am`
                  : form === "dayMonth"
                    ? `${day} ${MONTH[month - 1]} ${year} 9am`
                    : `${m} ${day}, ${year} 9am`;
    return { year, month, day, text };
  });

const exists = (y: number, m: number, d: number) => DateTime.fromObject({ year: y, month: m, day: d }).isValid;

describe("parseWhen dates", () => {
  it("accepts no date that does not exist, and reads every real one as written", () => {
    fc.assert(
      fc.property(written, ({ year, month, day, text }) => {
        const w = parseWhen(text, ZONE, NOW);
        if (!exists(year, month, day)) {
          expect(w).toBeUndefined();
          expect(impossibleDate(text, ZONE, NOW)).toMatch(/^there is no /);
          return;
        }
        expect(impossibleDate(text, ZONE, NOW)).toBeUndefined();
        expect(w).toBeDefined();
        const local = DateTime.fromJSDate(w!.at, { zone: ZONE });
        expect([local.year, local.month, local.day, local.hour]).toEqual([year, month, day, 9]);
      }),
      { numRuns: 400 },
    );
  });

  it("checks a month and day without a year in the year it falls in", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 35 }), (month, day) => {
        const text = `${MON[month - 1]} ${day} 10am`;
        const year = month === 12 && day >= 1 ? 2026 : 2027; // on 1 Dec 2026 every earlier date is next year's
        const w = parseWhen(text, ZONE, NOW);
        if (!exists(year, month, day)) {
          expect(w).toBeUndefined();
          return;
        }
        const local = DateTime.fromJSDate(w!.at, { zone: ZONE });
        expect([local.year, local.month, local.day]).toEqual([year, month, day]);
        expect(w!.laterYear ?? false).toBe(year > 2026);
      }),
    );
  });

  it("flags a time just missed on a day whose time does not exist next year (Chicago, Mar 14 2:00am)", () => {
    // 2027-03-14 is the day clocks go from 2:00 to 3:00; on 2026-03-14 2:00am existed and just passed.
    const now = new Date("2026-03-14T07:01:00Z"); // 2:01am CDT
    const w = parseWhen("Mar 14 2:00am", ZONE, now);
    expect(w?.passed && DateTime.fromJSDate(w.passed, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm")).toBe(
      "2026-03-14 02:00",
    );
  });

  it("flags a month, day and time without a year that passed in the last week as just missed, not next year's", () => {
    fc.assert(
      fc.property(
        // any moment of 2026 (so the week before may be in 2025), and a minute 1 min to 40 days before it
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31, 23) }),
        fc.integer({ min: 1, max: 40 * 24 * 60 }),
        (nowMs, minutesBack) => {
          const now = new Date(nowMs);
          const local = DateTime.fromMillis(nowMs, { zone: ZONE });
          const was = local.minus({ minutes: minutesBack }).startOf("minute");
          if (was.month === 2 && was.day === 29) return; // no Feb 29 a year later or earlier to compare
          const text = `${MON[was.month - 1]} ${was.day} ${was.toFormat("h:mma").toLowerCase()}`;
          const w = parseWhen(text, ZONE, now);
          expect(w, text).toBeDefined();
          const recent = was >= local.startOf("day").minus({ days: RECENT_DAYS }) && was <= local;
          const wall = (d: Date | DateTime) =>
            (d instanceof Date ? DateTime.fromJSDate(d, { zone: ZONE }) : d).toFormat("yyyy-MM-dd HH:mm");
          if (recent) expect(w!.passed && wall(w!.passed), `${text} at ${local.toISO()}`).toBe(wall(was));
          else expect(w!.passed, `${text} at ${local.toISO()}`).toBeUndefined();
          // Whether flagged or not, the reading itself is the next one, ahead of now, as before.
          expect(+w!.at).toBeGreaterThan(nowMs - 60_000);
          // The typed month, day and time in the reading's year; where that time does not exist
          // (2:00 on the day clocks go to 3:00), moved on as luxon moves it.
          const at = DateTime.fromJSDate(w!.at, { zone: ZONE });
          const typed = DateTime.fromObject(
            { year: at.year, month: was.month, day: was.day, hour: was.hour, minute: was.minute },
            { zone: ZONE },
          );
          expect([at.month, at.day, at.hour, at.minute]).toEqual([typed.month, typed.day, typed.hour, typed.minute]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("never flags a date with its year written, or one still ahead", () => {
    expect(parseWhen("Dec 1 2027 8am", ZONE, NOW)!.passed).toBeUndefined();
    expect(parseWhen("Dec 1 8am", ZONE, NOW)!.passed).toEqual(new Date("2026-12-01T14:00:00Z"));
    expect(parseWhen("Dec 1 10am", ZONE, NOW)!.passed).toBeUndefined();
    expect(parseWhen("Nov 24 9am", ZONE, NOW)!.passed).toEqual(new Date("2026-11-24T15:00:00Z"));
    expect(parseWhen("Nov 23 11pm", ZONE, NOW)!.passed).toBeUndefined();
  });

  it("reads a day written before its month with a time after it, and never takes the time for the day", () => {
    const local = (t: string) => {
      const w = parseWhen(t, ZONE, NOW);
      return w && DateTime.fromJSDate(w.at, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm");
    };
    expect(local("9 December 3:30pm")).toBe("2026-12-09 15:30");
    expect(local("Wednesday 9 December 3:30pm")).toBe("2026-12-09 15:30");
    expect(local("9 Dec 10am")).toBe("2026-12-09 10:00");
    expect(local("December 9 3pm")).toBe("2026-12-09 15:00");
    expect(impossibleDate("9 December 3:30pm", ZONE, NOW)).toBeUndefined();
    expect(impossibleDate("Feb 30 9am", ZONE, NOW)).toMatch(/no February 30/);
  });

  it("names what is wrong", () => {
    expect(impossibleDate("2026-13-01 9am", ZONE, NOW)).toContain("there is no month 13");
    expect(impossibleDate("Jan 50 9am", ZONE, NOW)).toBe("there is no January 50 (January has 31 days)");
    expect(impossibleDate("Feb 30 9am", ZONE, NOW)).toBe("there is no February 30 (February has 28 days in 2027)");
    expect(impossibleDate("Feb 29 2028 9am", ZONE, NOW)).toBeUndefined();
  });
});
