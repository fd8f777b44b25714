// A new user's first hour with /agenda, on SQLite and PostgreSQL: re-running setup moves the
// upcoming meeting, the channel's team is the default, away dates are real meeting dates,
// role changes touch only what must change (and tell whoever's role changed), follow-ups
// are due in the future and owned by the team, items can be edited, members added one at a
// time, the teacher reserve is protected, closing is guarded, and the minutes are complete.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import type { Posted } from "../../src/platforms/console/session.js";

const SIX = '"@fac @t1 @t2 @t3 @t4 @t5"';
const SETUP = `/agenda setup name:"Lincoln ILT" channel:#ilt members:${SIX} day:thursday time:3:30pm`;
const only = (ps: Posted[]): Posted => {
  expect(ps.filter((p) => p.kind === "private")).toHaveLength(1);
  return ps.find((p) => p.kind === "private")!;
};

describe.each(PROVIDERS)("agenda, first hour [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  const db = () => app.deps.db;
  const upcoming = () => db().meeting.findMany({ where: { status: { not: "closed" } }, orderBy: { seq: "asc" } });
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
    await con.as("fac", "general", SETUP);
  });
  afterEach(() => app.stop());

  it("re-running setup with a new day and time moves the upcoming meeting and says so", async () => {
    expect((await upcoming())[0]!.startsAt.toISOString()).toBe("2026-11-05T20:30:00.000Z");
    const r = only(await con.as("fac", "general", SETUP.replace("day:thursday time:3:30pm", "day:tuesday time:4pm")));
    expect(r.text).toContain("Moved the next meeting from Thu 5 Nov, 3:30 PM to Tue 3 Nov, 4:00 PM");
    const ms = await upcoming();
    expect(ms).toHaveLength(1);
    expect(ms[0]!.startsAt.toISOString()).toBe("2026-11-03T21:00:00.000Z");
    const publish = await db().delivery.findFirstOrThrow({ where: { dedupeKey: `agenda:publish:${ms[0]!.id}` } });
    expect(publish.dueAt.toISOString()).toBe("2026-11-02T21:00:00.000Z");
    // The same setup again changes nothing and says so.
    const again = only(
      await con.as("fac", "general", SETUP.replace("day:thursday time:3:30pm", "day:tuesday time:4pm")),
    );
    expect(again.text).not.toContain("Moved");
    expect(again.text).toMatch(/nothing to change/i);
  });

  it("in a team's channel that team is the default; team: matches a prefix in any case", async () => {
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Roosevelt ILT" channel:#rilt members:"@fac @t1 @r2" day:monday time:3pm',
    );
    const [inIlt] = await con.as("t1", "ilt", "/agenda list");
    expect(inIlt!.text).toContain("Lincoln ILT — next meeting");
    const [inRilt] = await con.as("t1", "rilt", "/agenda list");
    expect(inRilt!.text).toContain("Roosevelt ILT — next meeting");
    const [named] = await con.as("t1", "general", "/agenda list team:roosevelt");
    expect(named!.text).toContain("Roosevelt ILT — next meeting");
    const [elsewhere] = await con.as("t1", "general", "/agenda list");
    expect(elsewhere!.text).toContain('say which with team:"Lincoln ILT"');
    const [unknown] = await con.as("t1", "general", "/agenda list team:jefferson");
    expect(unknown!.text).toContain('There is no team "jefferson" here');
    expect(unknown!.text).toContain("Lincoln ILT, Roosevelt ILT");
  });
});
