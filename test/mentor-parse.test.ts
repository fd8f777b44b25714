// Parsers of what mentors type: durations and whole DM messages, by example and by property.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDuration } from "../src/core/duration.js";
import { parseDmMessage } from "../src/services/mentoring/dm-message.js";
import { matchTopics } from "../src/services/mentoring/topics.js";
import { DEFAULT_MENTOR_TOPICS } from "../src/services/settings.js";
import { makeApp, type TestApp } from "./support/app.js";

describe("duration parser", () => {
  it.each([
    ["45m", 45], ["45 min", 45], ["1h30", 90], ["1h 30m", 90], ["1.5h", 90], ["90", 90], ["1:30", 90], ["2 hours", 120], ["an hour", 60],
  ])("reads %s as %i minutes", (text, minutes) => expect(parseDuration(text)).toBe(minutes));

  it.each(["", "abc", "0", "-5m", "1h75", "25h", "45 parsecs"])("refuses %j", (text) => expect(parseDuration(text)).toBeUndefined());

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
    expect(parseDmMessage("45 min with J.R. today - classroom management, planning. notes: worked on transitions")).toEqual({
      minutes: 45, mentee: "J.R.", when: "today", topicsText: "classroom management, planning", notes: "worked on transitions",
    });
  });

  it("reads mentions, colons, modes and 'about'", () => {
    expect(parseDmMessage("1h30 with <@U12|maria> yesterday: assessment and data, virtual")).toMatchObject({ minutes: 90, mentee: "<@U12>", when: "yesterday", mode: "virtual", topicsText: "assessment and data" });
    expect(parseDmMessage("1.5h with A.B. on Nov 3 about family communication notes: call home")).toMatchObject({ minutes: 90, mentee: "A.B.", when: "on Nov 3", topicsText: "family communication", notes: "call home" });
  });

  it("matches loose topic words to the taxonomy and reports the rest", () => {
    expect(matchTopics("planning, class mgmt and data", DEFAULT_MENTOR_TOPICS)).toEqual({ topics: ["instructional planning", "classroom management", "assessment and data"], unknown: [] });
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
      fc.property(fc.integer({ min: 1, max: 600 }), initials, fc.constantFrom("today", "yesterday"), fc.subarray([...DEFAULT_MENTOR_TOPICS], { minLength: 1 }), note, (min, who, when, topics, n) => {
        const d = parseDmMessage(`${min} min with ${who} ${when} - ${topics.join(", ")}. notes: ${n}`);
        expect(d).toMatchObject({ minutes: min, mentee: who, when, notes: n });
        expect(matchTopics(d.topicsText ?? "", DEFAULT_MENTOR_TOPICS).topics.sort()).toEqual([...topics].sort());
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
    const src = { platform: "console" as const, workspaceId: "w", channelId: "dm-x", isDM: true, userId: "x", displayName: "x" };
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom("45 min with", "with J.R.", "90 with A today - nothing", "1h with B tomorrow - planning")), async (text) => {
        const before = await app.deps.db.mentorDraft.count();
        const replies = await app.dispatcher.dm(src, text);
        expect(replies.length).toBeGreaterThan(0);
        expect(replies.every((r) => r.to.kind === "private")).toBe(true);
        if (replies.some((r) => r.tone === "error")) expect(await app.deps.db.mentorDraft.count()).toBe(before);
      }),
      { numRuns: 200 },
    );
    expect(app.logs.filter((l) => l.includes('"unexpected error"'))).toEqual([]);
  });
});
