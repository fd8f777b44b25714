// /reminder end to end through the console adapter: add, list, remove, pause, resume;
// channel reminders need leader or above; every mistake is a private answer with an
// example, and saves nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { RecordingTransport } from "../support/recording-transport.js";

describe.each(PROVIDERS)("/reminder [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let rec: RecordingTransport;
  let scheduler: Scheduler;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 EST
    con = new ConsoleDriver(app);
    rec = new RecordingTransport(app.clock);
    app.transports.set("console", rec);
    scheduler = new Scheduler(app);
    await con.as("admin", "general", "/cadre role add user:@lea role:leader"); // admin bootstraps, lea leads
  });
  afterAll(() => app.stop());

  const rows = () => app.deps.db.reminder.count();
  const idOf = (text: string) => /R-(\w+)/.exec(text)![0];

  it("sets a reminder for yourself and confirms the next times in the workspace zone", async () => {
    const [r] = await con.as("ben", "general", '/reminder add when:"every weekday at 7:45" Post exit tickets');
    expect(r!.kind).toBe("private");
    expect(r!.text).toMatch(/⏰ Reminder R-\w+ set for you: “Post exit tickets”/);
    expect(r!.text).toContain("Tuesday 3 November 2026, 7:45 AM EST");
    expect(r!.text).toContain("Wednesday 4 November 2026, 7:45 AM EST");
    expect(r!.text).toContain("America/New_York");
    const d = await app.deps.db.delivery.findFirstOrThrow({ where: { sourceKind: "reminder", createdBy: "ben" } });
    expect(d).toMatchObject({ targetKind: "dm", targetId: "ben", status: "pending" });
    expect(d.dueAt.toISOString()).toBe("2026-11-03T12:45:00.000Z");
  });

  it("lets only leaders and above remind a channel, and says how to remind yourself instead", async () => {
    const before = await rows();
    const [no] = await con.as("ben", "general", '/reminder add to:#general when:"tomorrow 8am" Staff meeting');
    expect(no!.kind).toBe("private");
    expect(no!.text).toContain("Only leader, coordinator or admin can set reminders for a channel");
    expect(no!.text).toContain('Example: `/reminder add to:me when:"tomorrow 8am" Staff meeting`');
    expect(await rows()).toBe(before);
    const [ok] = await con.as("lea", "general", '/reminder add to:#general when:"tomorrow 8am" Staff meeting');
    expect(ok!.text).toMatch(/Reminder R-\w+ set for #general/);
    const [here] = await con.as("lea", "ilt", '/reminder add to:here when:"in 30 minutes" Break is over');
    expect(here!.text).toMatch(/set for #ilt/);
  });

  it("answers unreadable, past and too-frequent times privately with examples, and saves nothing", async () => {
    const before = await rows();
    const cases: [string, RegExp][] = [
      ['when:"next blursday" Lunch', /I could not read when:"next blursday".*Try one of: "tomorrow 8am", "in 2 hours"/],
      ['when:"yesterday 9am" Lunch', /"yesterday 9am" is in the past/],
      ['when:"every 2 minutes" Lunch', /repeats too often: a reminder can repeat at most every 15 minutes/],
      ['when:"*/1 * * * *" Lunch', /repeats too often: that repeats every 1 minute/],
      ['when:"0 9 31 2 *" Lunch', /I could not read when:"0 9 31 2 \*"/],
      ['to:@sam when:"tomorrow 8am" Lunch', /cadre does not remind other people directly/],
      ['to:nowhere when:"tomorrow 8am" Lunch', /`to` is "me" or a channel like #ilt/],
      ['when:"tomorrow 8am"', /`text`: is required/],
    ];
    for (const [args, expected] of cases) {
      const out = await con.as("ben", "general", `/reminder add ${args}`);
      expect(out, args).toHaveLength(1);
      expect(out[0]!.kind).toBe("private");
      expect(out[0]!.text, args).toMatch(expected);
      expect(out[0]!.text, args).toMatch(/Example: `\/reminder add /);
    }
    expect(await rows()).toBe(before);
  });

  it("lists your reminders; leaders can list every channel reminder", async () => {
    const [mine] = await con.as("ben", "general", "/reminder list");
    expect(mine!.text).toContain("Post exit tickets");
    expect(mine!.text).not.toContain("Staff meeting");
    const [denied] = await con.as("ben", "general", "/reminder list all:yes");
    expect(denied!.text).toContain("Only leader, coordinator or admin can list everyone's channel reminders");
    const [all] = await con.as("admin", "general", "/reminder list all:yes");
    expect(all!.text).toContain("Staff meeting");
    expect(all!.text).not.toContain("Post exit tickets"); // someone's own reminders stay theirs
    const [none] = await con.as("zoe", "general", "/reminder list");
    expect(none!.text).toContain("You have no reminders");
  });

  it("pauses, resumes and removes; someone else's personal reminder looks missing", async () => {
    const [r] = await con.as("ben", "dm", '/reminder add when:"every day at 6pm" Grade one class set');
    const id = idOf(r!.text);
    const [other] = await con.as("zoe", "general", `/reminder pause ${id}`);
    expect(other!.text).toContain(`You have no reminder ${id}`);

    const [p] = await con.as("ben", "general", `/reminder pause ${id.toLowerCase()}`);
    expect(p!.text).toContain(`Paused ${id}`);
    const row = await app.deps.db.reminder.findFirstOrThrow({ where: { shortId: id.slice(2) } });
    expect(await app.deps.db.delivery.count({ where: { sourceId: row.id, status: "pending" } })).toBe(0);

    // Paused over 6pm: nothing goes out.
    app.clock.set("2026-11-02T23:30:00Z");
    await scheduler.drain();
    expect(rec.matching("Grade one class set")).toHaveLength(0);

    const [res] = await con.as("ben", "general", `/reminder resume ${id}`);
    expect(res!.text).toContain(`Resumed ${id}; next Tuesday 3 November 2026, 6:00 PM EST`);
    app.clock.set("2026-11-03T23:00:00Z");
    await scheduler.drain();
    expect(rec.matching("Grade one class set").map((m) => m.to)).toEqual(["ben"]);

    const [rm] = await con.as("ben", "general", `/reminder remove ${id}`);
    expect(rm!.text).toContain(`Removed ${id}`);
    expect(await app.deps.db.delivery.count({ where: { sourceId: row.id, status: "pending" } })).toBe(0);
    app.clock.set("2026-11-04T23:00:00Z");
    await scheduler.drain();
    expect(rec.matching("Grade one class set")).toHaveLength(1);
    const [gone] = await con.as("ben", "general", `/reminder resume ${id}`);
    expect(gone!.text).toContain(`You have no reminder ${id}`);
  });

  it("a leader may pause another leader's channel reminder", async () => {
    const [r] = await con.as("admin", "general", '/reminder add to:#general when:"every Friday at 3pm" Timesheets');
    const [p] = await con.as("lea", "general", `/reminder pause ${idOf(r!.text)}`);
    expect(p!.text).toContain("Paused");
  });

  it("a one-off is posted in its channel with who set it, then is done", async () => {
    app.clock.set("2026-11-05T15:00:00Z");
    const [r] = await con.as("lea", "general", '/reminder add to:#scoring when:"in 1 hour" Calibration set B is up');
    const id = idOf(r!.text);
    app.clock.set("2026-11-05T16:00:00Z");
    await scheduler.drain();
    const [m] = rec.matching("Calibration set B is up");
    expect(m).toMatchObject({ kind: "post", to: "scoring" });
    expect(m!.reply.context).toContain(`Reminder from ⟦u:lea⟧ · ${id}`);
    expect(await app.deps.db.reminder.findFirstOrThrow({ where: { shortId: id.slice(2) } })).toMatchObject({
      status: "done",
    });
  });
});
