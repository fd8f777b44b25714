// The name:value parser: examples of what people type, and property tests that arbitrary
// input never throws past the dispatcher.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignOptions, tokenize } from "../../src/core/text-options.js";
import { sub } from "../../src/core/command.js";
import { opt } from "../../src/core/options.js";
import { UserError } from "../../src/core/errors.js";
import { makeApp, type TestApp } from "../support/app.js";
import type { Source } from "../../src/core/context.js";

const announce = sub({
  description: "test",
  options: {
    title: opt.text({ description: "Title", required: true }),
    when: opt.dateTime({ description: "When", required: true }),
    hours: opt.duration({ description: "Length", bareUnit: "hours" }),
    channel: opt.channel({ description: "Where to post" }),
    user: opt.user({ description: "Who" }),
    capacity: opt.integer({ description: "Seats", min: 1, max: 500 }),
  },
  examples: ['title:"Scoring training" when:"Dec 3 9am"'],
  run: () => undefined,
});

describe("tokenize and assign", () => {
  it("reads quoted values, mentions and curly quotes from phones", () => {
    const v = assignOptions(
      tokenize('title:"Scoring training" when:\u201CDec 3 9am\u201D hours:3 channel:<#C123|scoring> <@U9|ana>'),
      announce,
      "",
    );
    expect(v).toEqual({ title: "Scoring training", when: "Dec 3 9am", hours: "3", channel: "C123", user: "U9" });
  });

  it("gives bare words to the first required text option", () => {
    expect(assignOptions(tokenize('Data dive on grade 3 when:"next Tuesday 3pm" #ilt'), announce, "")).toEqual({
      title: "Data dive on grade 3",
      when: "next Tuesday 3pm",
      channel: "ilt",
    });
  });

  it("keeps URLs and times in bare text", () => {
    expect(assignOptions(tokenize("see https://x.org/a at 9:30 when:today"), announce, "").title).toBe(
      "see https://x.org/a at 9:30",
    );
  });

  it("rejects a repeated option with the option's name", () => {
    expect(() => assignOptions(tokenize("title:a title:b"), announce, "ex")).toThrow(/`title` is given twice/);
  });

  it("property: tokenize never throws and never loses a named value", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        tokenize(s);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9 .,!?-]{1,40}$/), (value) => {
        const t = tokenize(`title:"${value}"`);
        expect(t[0]).toEqual({ name: "title", value, quoted: true });
      }),
    );
  });

  it("property: assignOptions either assigns or throws a UserError, nothing else", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          assignOptions(tokenize(s), announce, "ex");
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
        }
      }),
    );
  });
});

describe("dispatcher under arbitrary input", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp("sqlite");
  });
  afterAll(() => app.stop());

  const source: Source = {
    platform: "console",
    externalWorkspaceId: "fuzz",
    channelId: "general",
    isDM: false,
    userId: "fuzzer",
    displayName: "fuzzer",
  };
  const commandNames = ["cadre", "session", "mentor", "agenda", "reminder", "nope"];
  const word = fc.constantFrom(
    "help",
    "role",
    "settings",
    "add",
    "list",
    "remove",
    "announce",
    "log",
    "timezone:",
    "user:",
    "role:",
    '"',
    "\u201C",
    "#",
    "@",
    "<@U1>",
    "<#C1|x>",
    ":",
    "\\",
    "\u27E6u:x\u27E7",
  );
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.oneof(word, fc.string({ maxLength: 12 })), { maxLength: 12 }).map((a) => a.join(" ")),
  );

  it("property: always answers with replies, never throws, never shows a stack trace", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commandNames), text, async (command, t) => {
        const replies = await app.dispatcher.run({ source, command, text: t });
        expect(Array.isArray(replies)).toBe(true);
        expect(replies.length).toBeGreaterThan(0);
        for (const r of replies) expect(JSON.stringify(r)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
      }),
      { numRuns: 150 },
    );
    expect(app.logs.filter((l) => l.includes('"unexpected error"'))).toEqual([]);
  });
});
