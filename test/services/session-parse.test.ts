// Property tests for what users type into /session and what it hands to other programs: the
// remind: option, CSV cells, and the calendar file (read back with ical.js).
import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { MAX_OFFSET_MIN, MAX_REMINDERS, parseRemindOffsets } from "../../src/services/sessions/remind-offsets.js";
import { safeCell } from "../../src/services/csv.js";
import { stripInvisible } from "../../src/core/rich.js";
import { sessionIcs } from "../../src/services/sessions/ical.js";
import type { SessionRow } from "../../src/services/sessions/sessions.js";

/** One offset written the ways people do, with the minutes it means. */
const offset = fc.oneof(
  fc.integer({ min: 1, max: 14 }).map((d) => ({ text: `${d}d`, minutes: d * 1440 })),
  fc.integer({ min: 1, max: 14 }).map((d) => ({ text: `${d} day${d > 1 ? "s" : ""}`, minutes: d * 1440 })),
  fc.integer({ min: 1, max: 336 }).map((h) => ({ text: `${h}h`, minutes: h * 60 })),
  fc.integer({ min: 1, max: 240 }).map((m) => ({ text: `${m} min`, minutes: m })),
  fc
    .tuple(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 59 }))
    .map(([h, m]) => ({ text: `${h}h${m}m`, minutes: h * 60 + m })),
);

describe("remind: offsets", () => {
  it("reads any list of up to five offsets with units, largest first, without repeats", () => {
    fc.assert(
      fc.property(
        fc.array(offset, { minLength: 1, maxLength: MAX_REMINDERS }),
        fc.constantFrom(",", ", ", " , ", " and ", ";"),
        (parts, sep) => {
          const got = parseRemindOffsets(parts.map((p) => p.text).join(sep));
          expect(got).toEqual([...new Set(parts.map((p) => p.minutes))].sort((a, b) => b - a));
        },
      ),
    );
  });

  it("never throws, and anything it returns is sorted, unique and in range", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const got = parseRemindOffsets(s);
        if (!got) return;
        expect(got.length).toBeLessThanOrEqual(MAX_REMINDERS);
        expect(new Set(got).size).toBe(got.length);
        for (let i = 0; i < got.length; i++) {
          expect(got[i]).toBeGreaterThanOrEqual(1);
          expect(got[i]).toBeLessThanOrEqual(MAX_OFFSET_MIN);
          if (i) expect(got[i]).toBeLessThan(got[i - 1]!);
        }
      }),
    );
  });

  it("refuses bare numbers (minutes or hours?), too many parts and offsets over two weeks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (n) => {
        expect(parseRemindOffsets(String(n))).toBeUndefined();
      }),
    );
    expect(parseRemindOffsets("24h, 30")).toBeUndefined();
    expect(parseRemindOffsets("1h,2h,3h,4h,5h,6h")).toBeUndefined();
    expect(parseRemindOffsets("15d")).toBeUndefined();
    expect(parseRemindOffsets("337h")).toBeUndefined();
    expect(parseRemindOffsets(" None ")).toEqual([]);
    expect(parseRemindOffsets("1h 30m")).toEqual([90]);
    expect(parseRemindOffsets("24h,1h")).toEqual([1440, 60]);
  });
});

describe("CSV cells", () => {
  it("never start with a character a spreadsheet runs as a formula, and leave other text alone", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const c = safeCell(s);
        const shown = stripInvisible(s);
        expect(c).not.toMatch(/^[=+\-@\t\r]/);
        if (!/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(shown)) expect(c).toBe(shown);
        else expect(c).toBe(`'${shown}`);
      }),
    );
  });
});

describe("calendar file", () => {
  const row = (o: Partial<SessionRow>): SessionRow => ({
    id: "c1",
    workspaceId: "w",
    shortId: "7K2Q",
    title: "Scoring training",
    kind: "scoring-training",
    startsAt: new Date("2026-12-03T15:00:00Z"),
    minutes: 180,
    timeZone: "America/Chicago",
    location: null,
    link: null,
    channelId: "C1",
    capacity: null,
    notes: null,
    cancelReason: null,
    moves: 0,
    status: "scheduled",
    reminderOffsets: "1440,60",
    revision: 0,
    answerSeq: 0,
    topics: "[]",
    requiresTrained: false,
    seriesId: null,
    seriesIndex: null,
    seriesSize: null,
    createdBy: "U1",
    createdAt: new Date(0),
    updatedAt: new Date("2026-11-01T00:00:00Z"),
    ...o,
  });

  it("parses with ical.js to the exact UTC start and end, and the title, place and notes as written", () => {
    fc.assert(
      fc.property(
        fc
          .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true })
          .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
        fc.integer({ min: 1, max: 720 }),
        fc
          .string({ minLength: 1, maxLength: 80 })
          .filter((t) => t.trim() === t && t.length > 0 && !/[\u0000-\u001f\u007f]/.test(t)),
        fc.string({ maxLength: 80 }).filter((t) => !/[\u0000-\u001f\u007f]/.test(t)),
        fc.integer({ min: 0, max: 50 }),
        (startsAt, minutes, title, location, revision) => {
          const ics = sessionIcs(row({ startsAt, minutes, title, location: location || null, revision }));
          const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
          const ev = new ICAL.Event(vevent);
          expect(ev.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
          expect(ev.endDate.toJSDate().getTime() - startsAt.getTime()).toBe(minutes * 60_000);
          expect(ev.summary).toBe(title);
          expect(ev.location ?? "").toBe(location);
          expect(ev.sequence).toBe(revision);
          expect(ev.uid).toBe("c1@cadre");
        },
      ),
      { numRuns: 200 },
    );
  });
});
