// Slips in a mentor's DM from a new user's first hour: dates that do not exist, negative and
// over-long durations, two mentees, "w JR", and a topic outside the workspace's list. By
// example through the console, and by property for the parsers.
import fc from "fast-check";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDmMessage } from "../../src/services/mentoring/dm-message.js";
import { impossibleDay, readLogDay } from "../../src/services/mentoring/log-date.js";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

const zone = "America/New_York";
const now = new Date("2026-11-20T17:00:00Z");

describe("DM parser slips", () => {
  it("reads two mentees joined by 'and' as one mentee", () => {
    const d = parseDmMessage("45 min with J.R. and K.T. today - planning");
    expect(d.mentee).toBe("J.R. and K.T.");
    expect(d.topicsText).toBe("planning");
  });

  it.each(["45 min w JR today - planning", "45 min w/ JR today - planning", "45 min w/JR today - planning"])(
    "reads the mentee after 'w' or 'w/' in %j",
    (text) => {
      const d = parseDmMessage(text);
      expect(d.mentee).toBe("JR");
      expect(d.minutes).toBe(45);
      expect(d.topicsText).toBe("planning");
    },
  );

  it.each(["-2h with J.R. today - planning", "with J.R. for -45 min today"])("finds no duration in %j", (text) => {
    const d = parseDmMessage(text);
    expect(d.minutes).toBeUndefined();
    expect(d.negativeDuration).toBe(true);
  });

  it("property: no negative duration is ever read", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 720 }),
        fc.constantFrom("m", " min", "h", " hours", "h30"),
        fc.constantFrom("-", "−"),
        (n, unit, minus) => {
          const d = parseDmMessage(`${minus}${n}${unit} with J.R. today - planning`);
          expect(d.minutes).toBeUndefined();
        },
      ),
    );
  });
});

describe("log dates that do not exist", () => {
  it.each(["2026-13-01", "2026-02-30", "13/1", "2/30", "Feb 30", "30 February", "Nov 31", "2026-00-10"])(
    "%j is not a date",
    (text) => expect(readLogDay(text, zone, now)).toBeUndefined(),
  );

  it("says February's usual length for a day past it with no year, and the year's with one", () => {
    expect(impossibleDay("Feb 30")).toBe("February has 28 days (29 in a leap year)");
    expect(impossibleDay("Feb 29, 2026")).toBe("February 2026 has 28 days");
    expect(impossibleDay("Feb 30, 2028")).toBe("February 2028 has 29 days");
    expect(impossibleDay("Nov 31")).toBe("November has 30 days");
  });

  it("property: no nonexistent date is accepted, in ISO, M/D/Y or 'Mon D' form", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2026 }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 35 }),
        (y, m, d) => {
          const real = m <= 12 && DateTime.fromObject({ year: y, month: m, day: d }).isValid;
          const pad = (n: number) => String(n).padStart(2, "0");
          const iso = readLogDay(`${y}-${pad(m)}-${pad(d)}`, zone, now);
          const us = readLogDay(`${m}/${d}/${y}`, zone, now);
          if (!real) {
            expect(iso).toBeUndefined();
            expect(us).toBeUndefined();
            if (m <= 12) {
              const name = DateTime.fromObject({ year: 2026, month: m, day: 1 }).toFormat("LLL");
              expect(readLogDay(`${name} ${d}, ${y}`, zone, now)).toBeUndefined();
            }
          } else {
            expect(iso).toBe(`${y}-${pad(m)}-${pad(d)}`);
            expect(us).toBe(`${y}-${pad(m)}-${pad(d)}`);
          }
        },
      ),
    );
  });
});

describe("the DM handler answers slips plainly [sqlite]", () => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp("sqlite", { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
  });
  afterAll(() => app.stop());
  const drafts = () => app.deps.db.mentorDraft.count();

  it("refuses a nonexistent date, saying so", async () => {
    const before = await drafts();
    const [r] = await con.as("mia", "dm", "45 min with J.R. on 2026-13-01 - planning");
    expect(r!.text).toContain("2026-13-01 is not a date");
    expect(r!.text).not.toContain("check and save");
    expect(await drafts()).toBe(before);
  });

  it("refuses a negative duration, saying so", async () => {
    const [r] = await con.as("mia", "dm", "-2h with J.R. today - planning");
    expect(r!.text).toMatch(/cannot be negative/);
  });

  it("says the 12-hour limit plainly for 400 hours", async () => {
    const [r] = await con.as("mia", "dm", "400 hours with J.R. today - planning");
    expect(r!.text).toContain("400 h is more than one entry can hold: at most 12 h");
  });

  it("keeps the draft with topic 'other' when a topic is not in the list, and says so", async () => {
    const before = await drafts();
    const [card] = await con.as("mia", "dm", "30 min with J.R. today talking about parent emails");
    expect(card!.text).toContain("Topics: other");
    expect(card!.text).toContain(`"parent emails" is not one of this workspace's topics`);
    expect(card!.text).toMatch(/\[\d+\] Save/);
    expect(await drafts()).toBe(before + 1);
  });

  it("reads 'w JR' and two mentees", async () => {
    const [a] = await con.as("mia", "dm", "45 min w JR today - planning");
    expect(a!.text).toContain("With: JR");
    const [b] = await con.as("mia", "dm", "45 min with J.R. and K.T. today - planning");
    expect(b!.text).toContain("With: J.R. and K.T.");
  });
});
