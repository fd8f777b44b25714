// Parsers of what mentors type: durations and whole DM messages, by example and by property.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDuration } from "../../src/core/duration.js";
import { parseDmMessage } from "../../src/services/mentoring/dm-message.js";
import { matchTopics } from "../../src/services/mentoring/topics.js";
import { readLogDay } from "../../src/services/mentoring/log-date.js";
import { DateTime } from "luxon";
import { DEFAULT_MENTOR_TOPICS } from "../../src/services/settings.js";
import { makeApp, type TestApp } from "../support/app.js";

describe("duration parser", () => {
  it.each([
    ["45m", 45],
    ["45 min", 45],
    ["1h30", 90],
    ["1h 30m", 90],
    ["1.5h", 90],
    ["90", 90],
    ["1:30", 90],
    ["2 hours", 120],
    ["an hour", 60],
  ])("reads %s as %i minutes", (text, minutes) => expect(parseDuration(text)).toBe(minutes));

  it.each(["", "abc", "0", "-5m", "1h75", "25h", "45 parsecs"])("refuses %j", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it("property: never throws, and anything it accepts is a whole number of minutes within a day", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const m = parseDuration(s);
        if (m !== undefined) expect(Number.isInteger(m) && m >= 1 && m <= 1440).toBe(true);
      }),
    );
  });

  it("property: NhMM and N.5h round-trip", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 59 }), (h, m) => {
        fc.pre(h * 60 + m >= 1);
        expect(parseDuration(`${h}h${String(m).padStart(2, "0")}`)).toBe(h * 60 + m);
        expect(parseDuration(`${h * 60 + m}m`)).toBe(h * 60 + m);
      }),
    );
  });
});

describe("DM message parser", () => {
  it("reads the example from the product brief", () => {
    expect(
      parseDmMessage("45 min with J.R. today - classroom management, planning. notes: worked on transitions"),
    ).toEqual({
      minutes: 45,
      mentee: "J.R.",
      when: "today",
      topicsText: "classroom management, planning",
      notes: "worked on transitions",
    });
  });

  it("reads mentions, colons, modes and 'about'", () => {
    expect(parseDmMessage("1h30 with <@U12|maria> yesterday: assessment and data, virtual")).toMatchObject({
      minutes: 90,
      mentee: "<@U12>",
      when: "yesterday",
      mode: "virtual",
      topicsText: "assessment and data",
    });
    expect(parseDmMessage("1.5h with A.B. on Nov 3 about family communication notes: call home")).toMatchObject({
      minutes: 90,
      mentee: "A.B.",
      when: "Nov 3",
      topicsText: "family communication",
      notes: "call home",
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["45 min with J.R., planning", { minutes: 45, mentee: "J.R.", topicsText: "planning" }],
    [
      "met with J.R. for 45 min today, planning",
      { minutes: 45, mentee: "J.R.", when: "today", topicsText: "planning" },
    ],
    [
      "Spent 45 minutes with Jo Ann Smith yesterday on planning",
      { minutes: 45, mentee: "Jo Ann Smith", when: "yesterday", topicsText: "planning" },
    ],
    ["30m w/ K.T. - planning", { minutes: 30, mentee: "K.T.", topicsText: "planning" }],
    ["today with J.R. 45 min - planning", { minutes: 45, mentee: "J.R.", when: "today", topicsText: "planning" }],
    ["45 min on zoom with K.T. - data", { minutes: 45, mentee: "K.T.", mode: "virtual", topicsText: "data" }],
    [
      "half an hour with Sun Lee last tues re families",
      { minutes: 30, mentee: "Sun Lee", when: "last tues", topicsText: "families" },
    ],
    [
      "1h 30 min with May Chen on Nov 3: planning; by phone",
      { minutes: 90, mentee: "May Chen", when: "Nov 3", mode: "phone", topicsText: "planning" },
    ],
    [
      "an hour and a half w/ K.T. 3 days ago about student support, emotional support. Notes: rough week",
      {
        minutes: 90,
        mentee: "K.T.",
        when: "3 days ago",
        topicsText: "student support, emotional support",
        notes: "rough week",
      },
    ],
    [
      "1h30 with @maria phone call - families",
      { minutes: 90, mentee: "<@maria>", mode: "phone", topicsText: "families" },
    ],
    [
      "2h with the new 3rd grade teacher (J.R.) - planning",
      { minutes: 120, mentee: "the new 3rd grade teacher (J.R.)", topicsText: "planning" },
    ],
    ["45 min with Ms. Lopez. Planning", { minutes: 45, mentee: "Ms. Lopez", topicsText: "Planning" }],
    ["1:30 with J.R. on 11/3 - planning", { minutes: 90, mentee: "J.R.", when: "11/3", topicsText: "planning" }],
    [
      "45 min with J.R. 2026-11-03 planning, observed",
      { minutes: 45, mentee: "J.R.", when: "2026-11-03", mode: "observation", topicsText: "planning" },
    ],
    [
      "13 hours with J.R. today - planning",
      { tooLongMinutes: 780, mentee: "J.R.", when: "today", topicsText: "planning" },
    ],
  ])("reads %j", (text, expected) => expect(parseDmMessage(text)).toEqual(expected));

  it("matches loose topic words to the taxonomy and reports the rest", () => {
    expect(matchTopics("planning, class mgmt and data", DEFAULT_MENTOR_TOPICS)).toEqual({
      topics: ["instructional planning", "classroom management", "assessment and data"],
      unknown: [],
    });
    expect(matchTopics("planning, knitting", DEFAULT_MENTOR_TOPICS).unknown).toEqual(["knitting"]);
  });

  it("property: never throws, and a duration it finds is valid", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const d = parseDmMessage(s);
        if (d.minutes !== undefined) expect(d.minutes).toBeGreaterThan(0);
      }),
    );
  });

  it("property: well-formed messages are read back exactly", () => {
    const initials = fc.stringMatching(/^[A-Z]\.[A-Z]\.$/);
    const note = fc.stringMatching(/^[a-z]+( [a-z]+){0,5}$/); // the parser folds runs of spaces
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        initials,
        fc.constantFrom("today", "yesterday"),
        fc.subarray([...DEFAULT_MENTOR_TOPICS], { minLength: 1 }),
        note,
        (min, who, when, topics, n) => {
          const d = parseDmMessage(`${min} min with ${who} ${when} - ${topics.join(", ")}. notes: ${n}`);
          expect(d).toMatchObject({ minutes: min, mentee: who, when, notes: n });
          expect(matchTopics(d.topicsText ?? "", DEFAULT_MENTOR_TOPICS).topics.sort()).toEqual([...topics].sort());
        },
      ),
    );
  });
});

describe("DM message parser: parts in any order (property)", () => {
  // Words a name in these messages never is: they start the next part of the sentence.
  const RESERVED =
    /^(today|yesterday|tonight|this|last|past|on|at|in|via|over|by|for|during|to|from|with|about|re|regarding|notes?|phone|call|called|zoom|video|online|virtual|virtually|facetime|observation|observed|observing|f2f|monday|tuesday|wednesday|thursday|friday|saturday|sunday|jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december|an?|one|half|h|hr|hrs|hour|hours|m|min|mins|minute|minutes|and|discussing|discussed|talking|talked|working|worked|focusing|focused|covering|covered)$/i;
  const word = fc.stringMatching(/^[A-Z][a-z]{1,9}$/).filter((w) => !RESERVED.test(w));
  const mentee = fc.oneof(
    fc.stringMatching(/^[A-Z]\.[A-Z]\.$/),
    fc.tuple(word, word).map(([a, b]) => `${a} ${b}`),
    fc.stringMatching(/^U[A-Z0-9]{8}$/).map((id) => `<@${id}>`),
  );
  const duration = fc
    .integer({ min: 1, max: 720 })
    .chain((min) =>
      fc
        .constantFrom(
          `${min} min`,
          `${min}m`,
          `${min} minutes`,
          ...(min >= 60 ? [`${Math.floor(min / 60)}h${String(min % 60).padStart(2, "0")}`] : []),
        )
        .map((text) => ({ min, text })),
    );
  const when = fc.constantFrom("today", "yesterday", "last Tuesday", "Nov 3", "3 days ago", "11/3", "2026-11-03");
  const mode = fc.constantFrom<[string, string]>(
    ["by phone", "phone"],
    ["on zoom", "virtual"],
    ["in person", "in person"],
    ["virtually", "virtual"],
    ["observed", "observation"],
  );
  const note = fc.stringMatching(/^[a-z]+( [a-z]+){0,5}$/);

  it("property: duration, mentee, date and mode are found wherever they are written", () => {
    fc.assert(
      fc.property(
        duration,
        mentee,
        fc.option(when, { nil: undefined }),
        fc.option(mode, { nil: undefined }),
        fc.subarray([...DEFAULT_MENTOR_TOPICS], { minLength: 1 }),
        fc.option(note, { nil: undefined }),
        fc.func(fc.integer()),
        (d, who, w, m, topics, n, order) => {
          const parts = [d.text, `with ${who}`, w, m?.[0]].filter((p): p is string => p !== undefined);
          parts.sort((a, b) => order(a) - order(b));
          const text = `${parts.join(" ")} - ${topics.join(", ")}${n ? `. notes: ${n}` : ""}`;
          const r = parseDmMessage(text);
          expect(r.minutes).toBe(d.min);
          expect(r.mentee).toBe(who);
          expect(r.when).toBe(w);
          expect(r.mode).toBe(m?.[1]);
          expect(r.notes).toBe(n);
          expect(matchTopics(r.topicsText ?? "", DEFAULT_MENTOR_TOPICS)).toEqual({
            topics: expect.arrayContaining(topics),
            unknown: [],
          });
          expect(matchTopics(r.topicsText ?? "", DEFAULT_MENTOR_TOPICS).topics).toHaveLength(topics.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("property: the mentee and the notes never leak into the date, topics or each other", () => {
    const distinctNote = note.map((n) => `zq${n}`);
    fc.assert(
      fc.property(duration, mentee, distinctNote, (d, who, n) => {
        const r = parseDmMessage(`${d.text} with ${who} today - planning. notes: ${n}`);
        for (const field of [r.when, r.topicsText]) {
          expect(field ?? "").not.toContain(who);
          expect(field ?? "").not.toContain(n);
        }
        expect(r.mentee).not.toContain(n);
      }),
    );
  });
});

describe("log dates look back", () => {
  const zone = "America/New_York";
  const now = new Date("2026-11-20T17:00:00Z"); // Friday 20 Nov 2026, noon in New York
  const today = DateTime.fromJSDate(now, { zone });

  it.each([
    ["today", "2026-11-20"],
    [undefined, "2026-11-20"],
    ["yesterday", "2026-11-19"],
    ["Tuesday", "2026-11-17"],
    ["last Friday", "2026-11-13"],
    ["Friday", "2026-11-20"],
    ["Nov 3", "2026-11-03"],
    ["on Nov 3", "2026-11-03"],
    ["Dec 5", "2025-12-05"],
    ["11/3", "2026-11-03"],
    ["2026-05-04", "2026-05-04"],
    ["3 days ago", "2026-11-17"],
  ])("%j is %s", (text, day) => expect(readLogDay(text, zone, now)).toBe(day));

  it.each(["tomorrow", "next Monday", "2026-12-01"])("%j stays in the future (and is refused by the command)", (text) =>
    expect(readLogDay(text, zone, now)! > "2026-11-20").toBe(true),
  );

  it("property: any day of the past year written as 'Mon D', 'M/D', ISO or (within a week) a weekday name reads back exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 360 }), (back) => {
        const d = today.minus({ days: back });
        const day = d.toISODate();
        expect(readLogDay(d.toFormat("LLL d"), zone, now)).toBe(day);
        expect(readLogDay(d.toFormat("M/d"), zone, now)).toBe(day);
        expect(readLogDay(day!, zone, now)).toBe(day);
        if (back < 7) expect(readLogDay(d.toFormat("cccc"), zone, now)).toBe(day);
      }),
    );
  });
});

describe("the DM handler under arbitrary text [sqlite]", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp("sqlite");
  });
  afterAll(() => app.stop());

  it("property: always answers privately, never throws, saves nothing when it answers with an error", async () => {
    const src = {
      platform: "console" as const,
      externalWorkspaceId: "w",
      channelId: "dm-x",
      isDM: true,
      userId: "x",
      displayName: "x",
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.constantFrom("45 min with", "with J.R.", "90 with A today - nothing", "1h with B tomorrow - planning"),
        ),
        async (text) => {
          const before = await app.deps.db.mentorDraft.count();
          const replies = await app.dispatcher.dm(src, text);
          expect(replies.length).toBeGreaterThan(0);
          expect(replies.every((r) => r.to.kind === "private")).toBe(true);
          if (replies.some((r) => r.tone === "error")) expect(await app.deps.db.mentorDraft.count()).toBe(before);
        },
      ),
      { numRuns: 200 },
    );
    expect(app.logs.filter((l) => l.includes('"unexpected error"'))).toEqual([]);
  });
});
