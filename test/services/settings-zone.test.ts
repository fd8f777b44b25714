// /cadre settings through the console: a value already set answers "nothing to change" with
// the current value; changing the time zone keeps repeating reminders, ILT meetings and weekly
// nudges at their wall-clock times in the new zone, and tells the admin what moved.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("/cadre settings changes [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lea role:leader"); // the first admin command makes admin
  });
  afterEach(() => app.stop());

  const local = (d: Date | null | undefined, zone: string) => DateTime.fromJSDate(d!, { zone }).toFormat("ccc HH:mm");

  it("answers nothing to change, with the current value, and saves nothing", async () => {
    const [r] = await con.as("admin", "general", "/cadre settings timezone:America/New_York");
    expect(r!.text).toContain("Nothing to change: timezone is already America/New_York.");
    expect(r!.text).not.toContain("Saved");
    const [both] = await con.as("admin", "general", "/cadre settings school-year-start:7 mentor-goal:300");
    expect(both!.text).toContain("Saved: mentor-goal.");
    expect(both!.text).toContain("Unchanged: school-year-start is already July.");
    const [again] = await con.as("admin", "general", "/cadre settings mentor-goal:300");
    expect(again!.text).toContain("Nothing to change: mentor-goal is already 300 h.");
    expect(await app.deps.db.auditEvent.count({ where: { action: "settings.update" } })).toBe(1);
  });

  it("reads a zone in any case and a school-year month by name, and suggests the zone of a bare city", async () => {
    const [lower] = await con.as("admin", "general", "/cadre settings timezone:america/chicago");
    expect(lower!.text).toContain("Saved: timezone.");
    expect(lower!.text).toContain("timezone: America/Chicago");
    const [same] = await con.as("admin", "general", "/cadre settings timezone:America/Chicago");
    expect(same!.text).toContain("Nothing to change: timezone is already America/Chicago.");
    const [city] = await con.as("admin", "general", "/cadre settings timezone:Chicago");
    expect(city!.text).toContain('"Chicago" is not a time zone I know. Did you mean America/Chicago?');
    const [month] = await con.as("admin", "general", "/cadre settings school-year-start:August");
    expect(month!.text).toContain("Saved: school-year-start.");
    expect(month!.text).toContain("school-year-start: August");
    const [num] = await con.as("admin", "general", "/cadre settings school-year-start:8");
    expect(num!.text).toContain("Nothing to change: school-year-start is already August.");
  });

  it("refuses a zone abbreviation (EST would be Panama's all-year time), naming the place, and keeps the zone", async () => {
    const [est] = await con.as("admin", "general", "/cadre settings timezone:EST");
    expect(est!.text).toContain('"EST" is an abbreviation, and cadre needs the place');
    expect(est!.text).toContain("Did you mean America/New_York?");
    expect(est!.text).toContain("/cadre settings timezone:America/New_York");
    const [mst] = await con.as("admin", "general", "/cadre settings timezone:mst");
    expect(mst!.text).toContain("Did you mean America/Denver or America/Phoenix?");
    const [now] = await con.as("admin", "general", "/cadre settings");
    expect(now!.text).not.toContain("Panama");
  });

  it("a new zone keeps repeating reminders, meetings and nudges at their wall-clock times, and says what moved", async () => {
    await con.as("ben", "general", '/reminder add when:"every Thursday at 3:30pm" Exit tickets');
    await con.as("ben", "general", '/reminder add when:"tomorrow 8am" Bring the rubric');
    await con.as("ben", "dm", "/mentor nudge on day:friday time:3pm");
    await con.as(
      "admin",
      "ilt",
      '/agenda setup name:"Lincoln ILT" channel:#ilt members:"@ana @ben @cy" day:thursday time:3:30pm',
    );
    const db = app.deps.db;
    const once = await db.reminder.findFirstOrThrow({ where: { kind: "once" } });

    const [r] = await con.as("admin", "general", "/cadre settings timezone:America/Chicago");
    expect(r!.text).toContain("Saved: timezone.");
    expect(r!.text).toContain(
      "Kept at their wall-clock times in America/Chicago: 1 repeating reminder, 1 ILT meeting not yet posted " +
        "and 1 weekly mentoring nudge.",
    );

    const weekly = await db.reminder.findFirstOrThrow({ where: { kind: "rrule" } });
    expect(weekly.timeZone).toBe("America/Chicago");
    expect(local(weekly.nextAt, "America/Chicago")).toBe("Thu 15:30");
    const pending = await db.delivery.findMany({ where: { sourceId: weekly.id, status: "pending" } });
    expect(pending.map((d) => d.dueAt.toISOString())).toEqual([weekly.nextAt!.toISOString()]);
    // The one-off keeps its moment.
    expect((await db.reminder.findUniqueOrThrow({ where: { id: once.id } })).nextAt).toEqual(once.nextAt);

    const meeting = await db.meeting.findFirstOrThrow({ where: { status: "upcoming" } });
    expect(local(meeting.startsAt, "America/Chicago")).toBe("Thu 15:30");
    const nudge = await db.delivery.findMany({ where: { sourceKind: "mentor-nudge", status: "pending" } });
    expect(nudge.map((d) => local(d.dueAt, "America/Chicago"))).toEqual(["Fri 15:00"]);

    // Pressing it again moves nothing more.
    const [again] = await con.as("admin", "general", "/cadre settings timezone:America/Chicago");
    expect(again!.text).toContain("Nothing to change: timezone is already America/Chicago.");
    expect(await db.delivery.count({ where: { sourceId: weekly.id, status: "pending" } })).toBe(1);
  });
});
