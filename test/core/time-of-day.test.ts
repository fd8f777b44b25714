// The school-day rule for clock times without am/pm, and the whole-string reader.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { parseWhen } from "../../src/core/when.js";
import { assumedNote, clockTime, formatClock, hhmm, parseTimeOfDay } from "../../src/core/time-of-day.js";

describe("time of day", () => {
  it("reads times without am/pm by the school-day rule", () => {
    expect(parseTimeOfDay("3:30")).toEqual({ hour: 15, minute: 30, assumed: "pm" });
    expect(parseTimeOfDay("1")).toEqual({ hour: 13, minute: 0, assumed: "pm" });
    expect(parseTimeOfDay("6:59")).toEqual({ hour: 18, minute: 59, assumed: "pm" });
    expect(parseTimeOfDay("7:45")).toEqual({ hour: 7, minute: 45, assumed: "am" });
    expect(parseTimeOfDay("11:59")).toEqual({ hour: 11, minute: 59, assumed: "am" });
    expect(parseTimeOfDay("12:15")).toEqual({ hour: 12, minute: 15, assumed: "pm" });
    expect(parseTimeOfDay("15:30")).toEqual({ hour: 15, minute: 30 });
    expect(parseTimeOfDay("0:30")).toEqual({ hour: 0, minute: 30 });
  });

  it("takes am/pm when written, in the ways people write it", () => {
    expect(parseTimeOfDay("3:30am")).toEqual({ hour: 3, minute: 30 });
    expect(parseTimeOfDay("3:30 PM")).toEqual({ hour: 15, minute: 30 });
    expect(parseTimeOfDay("7 p.m.")).toEqual({ hour: 19, minute: 0 });
    expect(parseTimeOfDay("12am")).toEqual({ hour: 0, minute: 0 });
    expect(parseTimeOfDay("12pm")).toEqual({ hour: 12, minute: 0 });
    expect(parseTimeOfDay("noon")).toEqual({ hour: 12, minute: 0 });
    expect(parseTimeOfDay("midnight")).toEqual({ hour: 0, minute: 0 });
  });

  it("refuses what is not a clock time", () => {
    for (const bad of ["13pm", "0am", "7:75", "24:00", "25", "3:3", "soon", "", "3:30xm"])
      expect(parseTimeOfDay(bad), bad).toBeUndefined();
  });

  it("says how it read an assumed time and how to get the other reading", () => {
    expect(assumedNote(parseTimeOfDay("3:30")!)).toBe("3:30 was read as 3:30 PM; for 3:30 AM write 3:30am.");
    expect(assumedNote(parseTimeOfDay("7:45")!)).toBe("7:45 was read as 7:45 AM; for 7:45 PM write 7:45pm.");
    expect(assumedNote(parseTimeOfDay("3:30pm")!)).toBe("");
  });

  it("property: no time without am/pm is read outside the school-day rule", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        const t = parseTimeOfDay(`${h}:${String(m).padStart(2, "0")}`)!;
        expect(t.minute).toBe(m);
        if (h >= 1 && h <= 6) expect(t.hour).toBe(h + 12);
        else if (h >= 7 && h <= 12) expect(t.hour).toBe(h);
        else expect(t).toEqual({ hour: h, minute: m });
        // what a confirmation shows is what was stored
        expect(formatClock(t)).toMatch(t.hour < 12 ? / AM$/ : / PM$/);
        expect(hhmm(t)).toBe(`${String(t.hour).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
      }),
    );
  });

  it("property: with am/pm written, the reading is exactly the 12-hour clock", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom("am", "pm"),
        (h, m, mer) => {
          const t = clockTime(h, m, mer)!;
          expect(t.assumed).toBeUndefined();
          expect(formatClock(t)).toBe(`${h}:${String(m).padStart(2, "0")} ${mer.toUpperCase()}`);
        },
      ),
    );
  });

  it("session and reminder dates follow the same rule: 'Thursday 3:30' is 3:30 PM", () => {
    const now = new Date("2026-12-01T15:00:00Z");
    const local = (text: string) => {
      const w = parseWhen(text, "America/Chicago", now)!;
      return [DateTime.fromJSDate(w.at, { zone: "America/Chicago" }).toFormat("ccc d LLL HH:mm"), w.assumed?.assumed];
    };
    expect(local("Thursday 3:30")).toEqual(["Thu 3 Dec 15:30", "pm"]);
    expect(local("Dec 3 at 7:45")).toEqual(["Thu 3 Dec 07:45", "am"]);
    expect(local("Thursday 3:30am")).toEqual(["Thu 3 Dec 03:30", undefined]);
    expect(local("Dec 3 15:30")).toEqual(["Thu 3 Dec 15:30", undefined]);
  });
});
