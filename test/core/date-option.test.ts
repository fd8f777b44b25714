// opt.date: a calendar day with no time. Property tests: a year-month-day is accepted exactly
// when that day exists (never rolled over); any accepted date with a time of day added is
// refused; no input makes it throw or answer in raw zod words. Through the console, /mentor
// report's from:/to: are labelled and refused as dates.
import { notACalendarDate } from "../../src/core/calendar-date.js";
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opt } from "../../src/core/options.js";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

const date = opt.date({ description: "A day" });
const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const problem = (v: string) => {
  const r = date.schema.safeParse(v);
  return r.success ? undefined : r.error.issues[0]!.message;
};

describe("opt.date", () => {
  it("accepts a year-month-day exactly when that day exists", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (y, m, d, iso) => {
          const text = iso
            ? `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
            : `${MON[m - 1] ?? "Month"} ${d} ${y}`;
          const real = m <= 12 && DateTime.fromObject({ year: y, month: m, day: d }).isValid;
          if (!iso && m > 12) return; // not a month name: refused as "a date" either way
          expect(problem(text) === undefined, text).toBe(real);
        },
      ),
    );
  });

  it("refuses any accepted date with a time of day, in plain words", () => {
    const day = fc.constantFrom("2026-08-15", "Aug 15", "15 August 2026", "8/15/2026", "yesterday", "last Monday");
    const time = fc.constantFrom("9am", "9:30", "3:30pm", "noon", "T09:00", "at 7 pm");
    fc.assert(
      fc.property(day, time, (d, t) => {
        expect(problem(d), d).toBeUndefined();
        const sep = t.startsWith("T") ? "" : " ";
        expect(problem(`${d}${sep}${t}`)).toBe(
          "it is a day, without a time of day, like 2026-08-15, Aug 15 or yesterday",
        );
      }),
    );
  });

  it("never throws and never answers in zod's words", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const why = problem(s);
        if (why) expect(why).not.toMatch(/Invalid|expected string|received/);
      }),
    );
  });
});

describe("/mentor report from:/to: are dates", () => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp("sqlite", { now: "2026-12-01T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@coord role:coordinator");
  });
  afterAll(() => app.stop());

  it("help labels them as dates, not dates and times", async () => {
    const [help] = await con.as("coord", "general", "/cadre help mentor report");
    expect(help!.text).toMatch(/`from:` Or from this day[^\n]*\(date\)/);
    expect(help!.text).toMatch(/`to:`[^\n]*\(date\)/);
    expect(help!.text).not.toContain("date and time");
  });

  it("refuses a day that does not exist and a time of day, privately, with an example", async () => {
    const [feb] = await con.as("coord", "general", "/mentor report from:2026-02-30 to:2026-03-05");
    expect(feb!.kind).toBe("private");
    expect(feb!.text).toContain("there is no February 30 2026 (February has 28 days)");
    expect(feb!.text).toContain("from:2026-08-15");
    const [timed] = await con.as("coord", "general", '/mentor report from:"Nov 2 9am"');
    expect(timed!.text).toContain("it is a day, without a time of day");
    // to: alone counts from the start of the school year.
    const [until] = await con.as("coord", "general", "/mentor report to:2026-11-30");
    expect(until!.text).toContain("Mentoring hours — 2026-07-01 to 2026-11-30");
    const [ok] = await con.as("coord", "general", "/mentor report from:2026-11-01 to:2026-11-30");
    expect(ok!.text).toContain("Mentoring hours — 2026-11-01 to 2026-11-30");
  });
});

describe("a day past its month's end", () => {
  it("names February's usual length when no year is given, and the year's length with one", () => {
    expect(notACalendarDate("Feb 30")).toBe("there is no February 30 (February has 28 days, 29 in a leap year)");
    expect(notACalendarDate("Feb 29 2026")).toBe("there is no February 29 2026 (February has 28 days)");
    expect(notACalendarDate("Apr 31")).toBe("there is no April 31 (April has 30 days)");
  });
});
