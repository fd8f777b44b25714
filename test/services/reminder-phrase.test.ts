// Must-show 5: property tests for the reminder phrase parser. Arbitrary text never throws,
// neither from the parser nor past the dispatcher; what it accepts is in the future and
// never more often than every 15 minutes; repeating times keep their wall-clock time.
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/context.js";
import { parseSchedule } from "../../src/services/reminders/phrase.js";
import { shortestGapMinutes, upcoming } from "../../src/services/reminders/recurrence.js";
import { makeApp, type TestApp } from "../support/app.js";
import { clockTime } from "../../src/core/time-of-day.js";

const ZONES = [
  "America/New_York",
  "America/Los_Angeles",
  "UTC",
  "Europe/London",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "America/St_Johns",
];
const zone = fc.constantFrom(...ZONES);
const now = fc
  .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") })
  .map((ms) => new Date(ms));

const WORDS = [
  "every",
  "each",
  "other",
  "2",
  "3",
  "day",
  "days",
  "weekday",
  "weekdays",
  "weekend",
  "week",
  "weeks",
  "month",
  "months",
  "monday",
  "tue",
  "wednesday",
  "thurs",
  "friday",
  "sat",
  "sunday",
  "mondays",
  "and",
  "or",
  "on",
  "the",
  "of",
  "at",
  "in",
  "first",
  "second",
  "last",
  "15th",
  "1st",
  "31st",
  "day",
  "minutes",
  "hours",
  "hour",
  "half",
  "daily",
  "weekly",
  "monthly",
  "hourly",
  "7:45",
  "3:30pm",
  "9",
  "9am",
  "12am",
  "noon",
  "midnight",
  "25:00",
  "0:00",
  "13pm",
  "tomorrow",
  "next",
  "dec",
  "3",
  "2026",
];
const phraseOfWords = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(" "));
const CRON_FIELD = [
  "*",
  "*/5",
  "*/1",
  "*/7",
  "0",
  "5",
  "59",
  "60",
  "0-30",
  "1-5",
  "1,15",
  "L",
  "MON",
  "MON-FRI",
  "MON#2",
  "JAN",
  "?",
  "a",
  "-1",
  "*/0",
  "31",
  "2",
];
const cronish = fc.array(fc.constantFrom(...CRON_FIELD), { minLength: 4, maxLength: 6 }).map((f) => f.join(" "));
const anyText = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  phraseOfWords,
  cronish,
);

describe("reminder phrase parser (properties)", () => {
  it("never throws; what it accepts is ahead of now and at most every 15 minutes", () => {
    fc.assert(
      fc.property(anyText, zone, now, (text, z, at) => {
        const r = parseSchedule(text, z, at);
        if (!r.ok) {
          expect(["unreadable", "past", "too-often", "never"]).toContain(r.kind);
          expect(r.problem.length).toBeGreaterThan(0);
          expect(r.problem).not.toContain("(parser error)");
          return;
        }
        const s = r.schedule;
        if (s.kind === "once") {
          expect(s.at.getTime()).toBeGreaterThan(at.getTime());
          return;
        }
        expect(s.first.getTime()).toBeGreaterThan(at.getTime());
        const rec = { kind: s.kind, rule: s.rule, zone: z, anchor: s.first };
        expect(shortestGapMinutes(rec, at)).toBeGreaterThanOrEqual(15);
        const next = upcoming(rec, new Date(s.first.getTime() - 1), 4);
        expect(next[0]?.getTime()).toBe(s.first.getTime());
        for (let i = 1; i < next.length; i++) expect(next[i]!.getTime()).toBeGreaterThan(next[i - 1]!.getTime());
      }),
      { numRuns: 1500 },
    );
  });

  it("a repeating time of day stays that wall-clock time, read by the school-day rule (except where a DST gap skips it)", () => {
    const days = fc.constantFrom(
      "every day",
      "every weekday",
      "every monday and thursday",
      "every other friday",
      "first tuesday of the month",
      "every month on the 15th",
    );
    fc.assert(
      fc.property(
        days,
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        zone,
        now,
        (d, typed, m, z, at) => {
          // Typed without am/pm: the school-day rule gives the hour (1:00-6:59 is afternoon).
          const h = clockTime(typed, m)!.hour;
          const r = parseSchedule(`${d} at ${typed}:${String(m).padStart(2, "0")}`, z, at);
          expect(r.ok).toBe(true);
          if (!r.ok || r.schedule.kind === "once") return;
          for (const o of upcoming(
            { kind: r.schedule.kind, rule: r.schedule.rule, zone: z, anchor: r.schedule.first },
            at,
            6,
          )) {
            const l = DateTime.fromJSDate(o, { zone: z });
            const back = DateTime.fromObject(
              { year: l.year, month: l.month, day: l.day, hour: h, minute: m },
              { zone: z },
            );
            // Either exactly h:m, or h:m does not exist that day and it moved forward by the gap.
            if (l.hour !== h || l.minute !== m) expect(back.hour !== h || back.minute !== m).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("/reminder add through the dispatcher (properties)", () => {
  let app: TestApp;
  const source: Source = {
    platform: "console",
    externalWorkspaceId: "prop",
    channelId: "general",
    isDM: false,
    userId: "pat",
    displayName: "Pat",
  };
  beforeAll(async () => {
    app = await makeApp("sqlite");
  });
  afterAll(() => app.stop());

  it("arbitrary text never throws past the dispatcher; errors are private, explain, give an example, and save nothing", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, fc.boolean(), async (when, text, typed) => {
        const before = await app.deps.db.reminder.count();
        const replies = typed
          ? await app.dispatcher.run({
              source,
              command: "reminder",
              text: `add when:"${when.replace(/"/g, "")}" ${text}`,
            })
          : await app.dispatcher.run({ source, command: "reminder", sub: "add", options: { when, text } });
        expect(replies.length).toBeGreaterThan(0);
        const r = replies[0]!;
        expect(r.to.kind).toBe("private");
        if (r.tone === "error") {
          expect(r.text).not.toContain("Something went wrong on cadre's side");
          expect(r.context ?? "").toMatch(/^Example: `\//);
          expect(await app.deps.db.reminder.count()).toBe(before);
        } else {
          expect(r.text).toMatch(/Reminder \*\*R-\w+\*\* set for you/);
          expect(await app.deps.db.reminder.count()).toBe(before + 1);
        }
      }),
      { numRuns: 300 },
    );
    expect(app.logs.filter((l) => l.includes('"unexpected error"'))).toEqual([]);
  });
});
