// Property tests for what people type for series and topics: seriesDates (repeat:, until:,
// count:) never throws, and what it accepts starts at when:, rises, keeps when:'s wall-clock
// time across daylight-saving changes, ends by until: or has count: dates, and never exceeds
// 52; readTopics never throws, names only listed topics, and suggests one for a one-letter slip.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { MAX_SERIES, seriesDates } from "../../src/services/sessions/series-dates.js";
import { readTopics, topicName } from "../../src/services/sessions/topics.js";
import { DEFAULT_SESSION_TOPICS } from "../../src/services/settings.js";

const zone = fc.constantFrom("America/Chicago", "America/New_York", "UTC", "Australia/Lord_Howe", "Asia/Kolkata");
const NOW = new Date("2026-11-02T15:00:00Z");
/** A start ahead of NOW, on the minute. */
const first = fc
  .integer({ min: Date.parse("2026-11-03T00:00:00Z") / 60_000, max: Date.parse("2027-10-01T00:00:00Z") / 60_000 })
  .map((m) => new Date(m * 60_000));
const REPEATS = [
  "every Tuesday",
  "every other Tuesday",
  "every week",
  "every 2 weeks",
  "weekly",
  "every weekday",
  "every day",
  "every month",
  "first Monday of the month",
  "every Mon and Thu",
  "every other Thursday at 3:30pm",
  "every 2 hours",
  "tomorrow",
  "every Tuesday until May",
  "",
];
const WORDS = [
  "every",
  "other",
  "tuesday",
  "week",
  "month",
  "first",
  "day",
  "at",
  "9am",
  "until",
  "2",
  "and",
  "of",
  "the",
];
const repeat = fc.oneof(
  fc.constantFrom(...REPEATS),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }).map((w) => w.join(" ")),
  fc.string({ maxLength: 40 }),
);
const until = fc.option(
  fc.oneof(
    fc.constantFrom("May 26", "2027-06-30", "Feb 30", "Dec 1", "tomorrow", "next year", "June 1 2028"),
    fc.string({ maxLength: 20 }),
  ),
  { nil: undefined },
);
const count = fc.option(fc.integer({ min: -2, max: 60 }), { nil: undefined });

describe("seriesDates", () => {
  it("never throws; what it accepts starts at when:, rises, keeps its time of day and is bounded", () => {
    let accepted = 0;
    fc.assert(
      fc.property(repeat, first, zone, until, count, (r, f, z, u, c) => {
        const got = seriesDates({ repeat: r, first: f, zone: z, until: u, count: c }, NOW);
        if (!got.ok) {
          expect(got.problem.length).toBeGreaterThan(10);
          expect(["repeat", "until", "count", "when"]).toContain(got.field);
          return;
        }
        accepted++;
        const d = got.dates;
        expect(u === undefined).not.toBe(c === undefined); // exactly one end was given
        expect(+d[0]!).toBe(+f);
        expect(d.length).toBeGreaterThanOrEqual(2);
        expect(d.length).toBeLessThanOrEqual(MAX_SERIES);
        if (c !== undefined) expect(d).toHaveLength(c);
        const hm = (x: Date) => DateTime.fromJSDate(x, { zone: z }).toFormat("HH:mm");
        for (let i = 1; i < d.length; i++) {
          expect(+d[i]!).toBeGreaterThan(+d[i - 1]!);
          // The same wall-clock time, unless that time does not exist that day (a spring-forward
          // gap: 2:00 on the day clocks go to 3:00), where luxon, like the series, moves it on.
          const local = DateTime.fromJSDate(d[i]!, { zone: z });
          const start = DateTime.fromJSDate(f, { zone: z });
          const wanted = local.set({ hour: start.hour, minute: start.minute });
          if (wanted.toFormat("HH:mm") === hm(f)) expect(hm(d[i]!)).toBe(hm(f));
        }
      }),
      { numRuns: 2000 } /* ~1.5% of the inputs make a series: ~30 accepted */,
    );
    expect(accepted).toBeGreaterThan(5); // the properties were checked on real series, not only on refusals
  });

  it("a bounded weekly series has one date a week through until:, inclusive", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), (weeks) => {
        const f = new Date("2026-12-08T15:00:00Z"); // Tue 9:00 in Chicago
        const last = DateTime.fromJSDate(f, { zone: "America/Chicago" }).plus({ weeks: weeks - 1 });
        const got = seriesDates(
          { repeat: "every Tuesday", first: f, zone: "America/Chicago", until: last.toISODate()! },
          NOW,
        );
        expect(got.ok && got.dates.length).toBe(weeks);
      }),
    );
  });

  it("refuses a series without an end, or longer than 52, saying how to bound it", () => {
    const f = new Date("2026-12-08T15:00:00Z");
    const z = "America/Chicago";
    expect(seriesDates({ repeat: "every Tuesday", first: f, zone: z }, NOW)).toMatchObject({
      ok: false,
      field: "until",
    });
    const long = seriesDates({ repeat: "every day", first: f, zone: z, until: "2027-06-30" }, NOW);
    expect(long).toMatchObject({ ok: false, field: "until" });
    expect(!long.ok && long.problem).toContain("at most 52");
  });
});

const topics = [...DEFAULT_SESSION_TOPICS];

describe("readTopics", () => {
  it("never throws and returns only listed topics, each once; the rest come back as unknown", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc
            .array(fc.constantFrom(...topics, "math", "reading", "sped", "litracy", "and", ",", "x"), { maxLength: 6 })
            .map((w) => w.join(", ")),
        ),
        (text) => {
          const r = readTopics(text, topics);
          for (const t of r.topics) expect(topics).toContain(t);
          expect(new Set(r.topics).size).toBe(r.topics.length);
          for (const u of r.unknown) if (u.suggestion) expect(topics).toContain(u.suggestion);
        },
      ),
    );
  });

  it("suggests the topic a one-letter slip meant", () => {
    fc.assert(
      fc.property(fc.constantFrom(...topics.filter((t) => t.length >= 6)), fc.nat(), (t, n) => {
        const i = 1 + (n % (t.length - 2));
        const slip = t.slice(0, i) + t.slice(i + 1); // one letter dropped
        const r = readTopics(slip, topics);
        if (r.topics.length) expect(r.topics).toEqual([t]);
        else expect(r.unknown[0]!.suggestion).toBe(t);
      }),
    );
  });

  it("keeps a new topic name to plain words that topics: then finds, and refuses markup, mentions and formulas", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom("<!channel>", "@everyone", "=1+1", "[x](https://e.x)")),
        (text) => {
          const name = topicName(text);
          if (name === undefined) return;
          expect(name).not.toMatch(/[<>@=+*_`~|[\]{}#!,;&/]/);
          expect(name.length).toBeLessThanOrEqual(60);
          expect(readTopics(name, [...topics, name]).topics).toContain(name);
        },
      ),
    );
    for (const bad of ["<!channel>", "@everyone", "=1+1", "[x](https://e.x)", "a, b", ""])
      expect(topicName(bad)).toBeUndefined();
    expect(topicName("  Early   Childhood (P-3) ")).toBe("early childhood (p-3)");
  });
});
