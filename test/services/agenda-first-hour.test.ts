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

  it("away dates must be the team's meeting dates, and /agenda roles back undoes one", async () => {
    for (const date of ["yesterday", "Jan 50", "Nov 6"]) {
      const r = only(await con.as("t4", "ilt", `/agenda roles away date:"${date}"`));
      expect(r.text, date).toContain("is not a meeting date of Lincoln ILT");
      expect(r.text, date).toContain("Thu 5 Nov, Thu 19 Nov, Thu 3 Dec");
    }
    expect((await db().teamMember.findFirstOrThrow({ where: { userId: "t4" } })).away).toBe("[]");
    expect(only(await con.as("t4", "ilt", '/agenda roles away date:"Nov 19"')).text).toContain(
      "Marked you away on Thu 19 Nov",
    );
    expect(only(await con.as("t4", "ilt", '/agenda roles away date:"Nov 19"')).text).toContain(
      "already marked away on Thu 19 Nov",
    );
    expect(only(await con.as("t4", "ilt", '/agenda roles back date:"Nov 19"')).text).toContain(
      "no longer away on Thu 19 Nov",
    );
    expect((await db().teamMember.findFirstOrThrow({ where: { userId: "t4" } })).away).toBe("[]");
    expect(only(await con.as("t4", "ilt", '/agenda roles back date:"Nov 19"')).text).toContain(
      "were not marked away on Thu 19 Nov",
    );
  });

  it("away and swap change only the roles that must change and tell whoever's role changed", async () => {
    const roles = async () => {
      const m = (await upcoming())[0]!;
      return [m.facilitatorId, m.recorderId, m.timekeeperId];
    };
    expect(await roles()).toEqual(["t1", "t2", "t3"]);
    const away = await con.as("t2", "ilt", '/agenda roles away date:"Nov 5"');
    const [f, rec, tk] = await roles();
    expect([f, tk]).toEqual(["t1", "t3"]);
    expect(["fac", "t4", "t5"]).toContain(rec);
    const dm = away.filter((p) => p.kind === "dm");
    expect(dm.map((p) => p.userId)).toEqual([rec]);
    expect(dm[0]!.text).toContain("You are now recorder for Lincoln ILT on Thu 5 Nov, 3:30 PM (instead of @t2)");

    // A role is not handed to someone away that day.
    const refused = only(await con.as("fac", "ilt", "/agenda roles swap role:timekeeper user:@t2"));
    expect(refused.text).toContain("@t2 is away on Thu 5 Nov");
    expect(await roles()).toEqual([f, rec, tk]);

    const swap = await con.as("fac", "ilt", "/agenda roles swap role:timekeeper user:@t1");
    expect(await roles()).toEqual(["t3", rec, "t1"]);
    const told = swap.filter((p) => p.kind === "dm");
    expect(told.map((p) => p.userId).sort()).toEqual(["t1", "t3"]);
    expect(told.find((p) => p.userId === "t3")!.text).toContain("You are now facilitator for Lincoln ILT");
    const twice = await con.as("fac", "ilt", "/agenda roles swap role:timekeeper user:@t1");
    expect(only(twice).text).toContain("@t1 is already timekeeper");
    expect(twice.filter((p) => p.kind === "dm")).toHaveLength(0);
  });

  it("a follow-up's due date is real and in the future, and its owner is on the team", async () => {
    for (const due of ["yesterday", "Jan 50", "Feb 30"]) {
      const r = only(await con.as("fac", "ilt", `/agenda action owner:@t1 task:"Share the rubric" due:"${due}"`));
      expect(r.text, due).toMatch(/in the future|not a date I can read|more than a year/);
      expect(r.text, due).toContain('due:"next Friday"');
    }
    const stranger = only(await con.as("fac", "ilt", '/agenda action owner:@zed task:"Share the rubric"'));
    expect(stranger.text).toContain("@zed is not on Lincoln ILT");
    expect(await db().actionItem.count()).toBe(0);
    const ok = only(await con.as("fac", "ilt", '/agenda action owner:@t1 task:"Share the rubric" due:"Nov 12"'));
    expect(ok.text).toContain("Share the rubric (due");
  });

  it("setup warns when the first meeting's item deadline has already passed", async () => {
    app.clock.set("2026-11-04T15:00:00Z"); // Wednesday: items for Thursday were due Tuesday 3:30 PM
    const r = only(await con.as("fac", "general", SETUP.replace("Lincoln ILT", "Roosevelt ILT")));
    expect(r.text).toContain("Items for this first meeting were due");
    expect(r.text).toContain("new items go to the meeting after");
    const fine = only(
      await con.as("fac", "general", SETUP.replace("Lincoln ILT", "Grant ILT").replace("thursday", "friday")),
    );
    expect(fine.text).toContain("Items for it are due");
  });

  it("closing is guarded: early asks for confirm:yes, and a second close answers that it is already closed", async () => {
    await con.as("t1", "ilt", '/agenda add "Recess duty" minutes:10');
    app.clock.set("2026-11-02T16:00:00Z"); // three days before the meeting
    const early = only(await con.as("fac", "ilt", "/agenda close"));
    expect(early.text).toContain("has not started yet");
    expect(early.text).toContain("/agenda close confirm:yes");
    expect(await db().meeting.count({ where: { status: "closed" } })).toBe(0);

    app.clock.set("2026-11-05T22:00:00Z"); // during the meeting
    const closed = await con.as("fac", "ilt", "/agenda close");
    expect(closed.some((p) => p.kind === "post")).toBe(true);
    const again = await con.as("fac", "ilt", "/agenda close");
    expect(only(again).text).toContain("The Thu 5 Nov, 3:30 PM meeting is already closed");
    expect(again.some((p) => p.kind === "post")).toBe(false);
    expect(await db().meeting.count({ where: { status: "closed" } })).toBe(1);
    const carried = await db().agendaItem.findFirstOrThrow({ where: { text: "Recess duty" } });
    expect(carried.meetingId).toBe((await upcoming())[0]!.id);

    const forced = await con.as("fac", "ilt", "/agenda close confirm:yes");
    expect(forced.some((p) => p.kind === "post")).toBe(true);
    expect(await db().meeting.count({ where: { status: "closed" } })).toBe(2);
  });

  it("minutes and export include items discussed without a decision and the open follow-ups", async () => {
    await con.as("t1", "ilt", '/agenda add "Hallway norms" minutes:10', '/agenda add "Bus line" minutes:5');
    const [list] = await con.as("t1", "ilt", "/agenda list");
    const hallway = /Hallway norms.*`([A-Z0-9]{4})`/.exec(list!.text)![1]!;
    app.clock.set("2026-11-05T21:00:00Z");
    await con.as("fac", "ilt", `/agenda done item:${hallway}`, '/agenda action owner:@t2 task:"Map the bus line"');
    const closed = await con.as("fac", "ilt", "/agenda close");
    const summary = closed.find((p) => p.kind === "post")!.text;
    expect(summary).toContain("Discussed without a decision");
    expect(summary).toContain("- Hallway norms");
    const [file] = await con.as("fac", "ilt", "/agenda export last:yes");
    const md = file!.reply.files![0]!.content;
    expect(md).toContain("## Discussed without a decision");
    expect(md).toContain("- Hallway norms");
    const [next] = await con.as("fac", "ilt", "/agenda export");
    const nextMd = next!.reply.files![0]!.content;
    expect(nextMd).toContain("## Open follow-ups");
    expect(nextMd).toContain("@t2: Map the bus line");
  });

  it("warns the facilitator privately when their items eat into the teacher reserve; the posted agenda stays neutral", async () => {
    const add = only(await con.as("fac", "ilt", '/agenda add "Budget review" minutes:60'));
    expect(add.text).not.toContain("reserve");
    const eat = only(await con.as("fac", "ilt", '/agenda add "Schedule review" minutes:20'));
    expect(eat.text).toContain("leaving 10 min of the 20-minute teacher reserve");
    const [list] = await con.as("fac", "ilt", "/agenda list");
    expect(list!.text).toContain("Facilitator items take 80 min, leaving 10 min of the 20-minute teacher reserve");
    await con.as("t1", "ilt", '/agenda add "Recess duty" minutes:30');
    const post = (await con.as("fac", "ilt", "/agenda publish")).find((p) => p.kind === "post")!;
    expect(post.text).not.toContain("⚠️ Teacher-raised");
    expect(post.text).not.toContain("teacher reserve");
    expect(post.text).toContain("30 / 20 min reserved");
  });

  it("an item's minutes and text can be edited, and no item is longer than the meeting", async () => {
    const long = only(await con.as("t1", "ilt", '/agenda add "Whole-school data dive" minutes:200'));
    expect(long.text).toContain("longer than the 90-minute meeting");
    expect(await db().agendaItem.count()).toBe(0);
    const added = only(await con.as("t1", "ilt", '/agenda add "Data dive" minutes:30'));
    const id = /Added \*?\*?([A-Z0-9]{4})/.exec(added.text)![1]!;
    const edited = only(await con.as("t1", "ilt", `/agenda edit item:${id} minutes:10 text:"Grade 3 data dive"`));
    expect(edited.text).toContain(`Updated ${id}: 10 min (was 30), "Grade 3 data dive"`);
    const row = await db().agendaItem.findFirstOrThrow();
    expect([row.minutes, row.text]).toEqual([10, "Grade 3 data dive"]);
    expect(only(await con.as("t1", "ilt", `/agenda edit item:${id} minutes:10`)).text).toMatch(/nothing to change/i);
    expect(only(await con.as("t1", "ilt", `/agenda edit item:${id} minutes:95`)).text).toContain(
      "longer than the 90-minute meeting",
    );
    expect(only(await con.as("t2", "ilt", `/agenda edit item:${id} minutes:5`)).text).toContain(
      "Only the person who added an item",
    );
    expect(only(await con.as("fac", "ilt", `/agenda edit item:${id} minutes:5`)).text).toContain("5 min (was 10)");
  });

  it("members are added and removed one at a time by the team's facilitators, and roles are handed on", async () => {
    const add = only(await con.as("fac", "ilt", "/agenda members add user:@t6"));
    expect(add.text).toContain("Added @t6 to Lincoln ILT (7 members)");
    expect(only(await con.as("fac", "ilt", "/agenda members add user:@t6")).text).toContain("already on Lincoln ILT");
    expect(only(await con.as("t1", "ilt", "/agenda members add user:@t7")).text).toContain("Only a facilitator");
    const removed = await con.as("fac", "ilt", "/agenda members remove user:@t2");
    expect(only(removed).text).toContain("Removed @t2 from Lincoln ILT (6 members)");
    const m = (await upcoming())[0]!;
    expect([m.facilitatorId, m.timekeeperId]).toEqual(["t1", "t3"]);
    expect(m.recorderId).not.toBe("t2");
    expect(removed.filter((p) => p.kind === "dm").map((p) => p.userId)).toEqual([m.recorderId, "t2"]);
    expect(only(await con.as("fac", "ilt", "/agenda members remove user:@t2")).text).toContain("not on Lincoln ILT");
    expect((await db().teamMember.findMany()).map((x) => x.userId).sort()).toEqual([
      "fac",
      "t1",
      "t3",
      "t4",
      "t5",
      "t6",
    ]);
  });
});
