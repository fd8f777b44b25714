// Items added after a meeting's deadline, on SQLite and PostgreSQL: each goes on the meeting
// after, in the place after the late ones already there.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("late agenda items [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#ilt members:"@fac @t1 @t2 @t3" day:thursday time:3:30pm',
    );
  });
  afterEach(() => app.stop());

  it("puts each late item on the next meeting, after the late ones already there", async () => {
    await con.as("t1", "ilt", '/agenda add "On time item" minutes:10');
    // Wednesday: past the deadline (Tuesday 3:30pm) of Thursday 5 November's meeting.
    app.clock.set("2026-11-04T14:00:00Z");
    const texts = ["Field trip forms", "Bus duty", "Book fair"];
    for (const [i, text] of texts.entries()) {
      const [late] = await con.as(`t${i + 1}`, "ilt", `/agenda add "${text}" minutes:10`);
      expect(late!.text).toContain("so it is on the agenda of Thu 19 Nov, 3:30 PM");
    }
    const meetings = await app.deps.db.meeting.findMany({ orderBy: { seq: "asc" }, include: { items: true } });
    expect(meetings.map((m) => m.items.length)).toEqual([1, 3]);
    const next = meetings[1]!.items.sort((a, b) => a.position - b.position);
    expect(next.map((i) => [i.text, i.position])).toEqual(texts.map((t, i) => [t, i + 1]));
  });
});
