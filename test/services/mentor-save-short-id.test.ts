// Saving a draft is one statement (the MentorEntrySave view's trigger): when the short id it
// drew is already an entry's, that statement fails whole (the draft stays unsaved, no topic or
// total is written) and the save tries another id, so the press still saves exactly once.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import type { Posted } from "../../src/platforms/console/session.js";

// Short ids come from crypto.randomInt: values queued here are drawn first ("2222" is four 0s).
const drawn = vi.hoisted(() => ({ queue: [] as number[] }));
vi.mock("node:crypto", async (original) => {
  const real = await original<typeof import("node:crypto")>();
  const randomInt = (...args: unknown[]) =>
    drawn.queue.length ? drawn.queue.shift()! : (real.randomInt as (...a: unknown[]) => number)(...args);
  return { ...real, randomInt };
});

const button = (p: Posted, label: string): number => Number(new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text)![1]);

describe.each(PROVIDERS)("a draft's Save when its short id is taken [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
  });
  afterEach(() => app.stop());

  it("tries another id and saves once, with the day's totals counting it once", async () => {
    drawn.queue = [0, 0, 0, 0];
    const [first] = await con.as("mia", "dm", '/mentor log duration:30m mentee:"J.R." topics:planning date:today');
    expect(first!.text).toContain("Saved `2222`");

    const [card] = await con.as("mia", "dm", "45 min with J.R. today - classroom management, planning");
    drawn.queue = [0, 0, 0, 0];
    await con.chat.press(button(card!, "Save"), "mia");
    expect(drawn.queue).toEqual([]); // the taken id was drawn first
    const saved = /Saved `(\w+)`/.exec(con.transcript.at(-1)!.text)?.[1];
    expect(saved).toBeDefined();
    expect(saved).not.toBe("2222");

    const db = app.deps.db;
    const entries = await db.mentorEntry.findMany({ where: { mentorId: "mia" }, include: { topics: true } });
    expect(entries.map((e) => [e.shortId, e.minutes, e.topics.map((t) => t.topic).sort()]).sort()).toEqual(
      [
        ["2222", 30, ["instructional planning"]],
        [saved, 45, ["classroom management", "instructional planning"]],
      ].sort(),
    );
    expect(await db.mentorTopic.count()).toBe(3);
    expect((await db.mentorDraft.findMany()).map((d) => d.savedAs)).toEqual([saved]);
    const day = new Date("2026-11-20T00:00:00Z");
    expect(await db.mentorDay.findMany({ select: { day: true, minutes: true, entries: true } })).toEqual([
      { day, minutes: 75, entries: 2 },
    ]);
    const topics = await db.mentorTopicDay.findMany({
      select: { topic: true, minutes: true },
      orderBy: { topic: "asc" },
    });
    expect(topics).toEqual([
      { topic: "classroom management", minutes: 45 },
      { topic: "instructional planning", minutes: 75 },
    ]);

    await con.chat.press(button(card!, "Save"), "mia");
    expect(con.transcript.at(-1)!.text).toContain(`already saved as entry \`${saved}\``);
    expect(await db.mentorEntry.count()).toBe(2);
  });
});
