// /reminder add says how it read the time whenever cadre chose it: the default time when none
// was written, the school-day reading of a time without am/pm (one-off and repeating), and,
// for what a reminder cannot do ("except Wednesday", an end date), exactly what is not
// supported with a phrase that works. /reminder list all:yes names who set each reminder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("/reminder readings [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" }); // Monday 10:00 in New York
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lea role:leader");
  });
  afterAll(() => app.stop());

  const add = async (args: string) => (await con.as("ben", "general", `/reminder add ${args}`))[0]!.text;

  it("says the default time was used, and how to choose another", async () => {
    const text = await add('when:"every Thursday" Exit tickets');
    expect(text).toContain("Thursday 5 November 2026, 9:00 AM EST");
    expect(text).toContain(
      'No time of day was given, so it goes at 9:00 AM; for another time add one, e.g. when:"every Thursday at 3:30pm".',
    );
    expect(await add('when:"tomorrow" Bring the rubric')).toContain("No time of day was given, so it goes at 9:00 AM");
    expect(await add('when:"every Thursday at 4pm" Staff')).not.toContain("No time of day");
  });

  it("prints the same am/pm reading note as sessions and agendas, once or repeating", async () => {
    const once = await add('when:"Thursday 3:30" Parent call');
    expect(once).toContain("Thursday 5 November 2026, 3:30 PM EST");
    expect(once).toContain("3:30 was read as 3:30 PM; for 3:30 AM write 3:30am.");
    const weekly = await add('when:"every Friday at 7:45" Hall duty');
    expect(weekly).toContain("7:45 was read as 7:45 AM; for 7:45 PM write 7:45pm.");
    expect(await add('when:"Thursday 3:30pm" Parent call')).not.toContain("was read as");
  });

  it("names what is not supported and gives a phrase that works, saving nothing", async () => {
    const before = await app.deps.db.reminder.count();
    const except = await add('when:"every weekday except Wednesday at 3:30pm" Duty');
    expect(except).toContain('leaving days out ("except …") is not supported');
    expect(except).toContain('e.g. when:"every Mon, Tue, Thu and Fri at 3:30pm"');
    expect(except).not.toContain("start and end dates");
    // "every day" leaves all seven days to choose from, weekends included.
    expect(await add('when:"every day except Wednesday at 3:30" Stand-up')).toContain(
      'e.g. when:"every Mon, Tue, Thu, Fri, Sat and Sun at 3:30pm"',
    );
    expect(await add('when:"every Monday until June" Duty')).toContain("an end date is not supported");
    expect(await add('when:"every Monday starting Dec 7" Duty')).toContain("a start date is not supported");
    // "from" that only leads to the time is not a start date.
    expect(await add('when:"every day from 8am" Duty')).toMatch(/Reminder R-\w+ set for you/);
    expect(await app.deps.db.reminder.count()).toBe(before + 1);
    // The suggested phrase works as written.
    const ok = await add('when:"every Mon, Tue, Thu and Fri at 3:30pm" Duty');
    expect(ok).toMatch(/Reminder R-\w+ set for you/);
    expect(ok).toContain("Tuesday 3 November 2026, 3:30 PM EST");
  });

  it("list all:yes shows who set each reminder; your own list does not need to", async () => {
    await con.as("lea", "general", '/reminder add to:#general when:"every Friday at 2pm" Timesheets');
    const [all] = await con.as("admin", "general", "/reminder list all:yes");
    expect(all!.text).toMatch(/#general · every Friday at 2pm · “Timesheets” · next [^\n]* · set by @lea/);
    const [mine] = await con.as("lea", "general", "/reminder list");
    expect(mine!.text).not.toContain("set by");
  });

  it("the same add twice keeps one reminder and says so", async () => {
    const first = await add('when:"every weekday at 7:45" Post exit tickets');
    const id = /R-\w+/.exec(first)![0];
    const before = await app.deps.db.reminder.count({ where: { status: "active" } });
    const again = await add('when:"every weekday at 7:45" Post exit tickets');
    expect(again).toContain(
      `You already have this reminder, ${id}, for you: “Post exit tickets”. Nothing new was set.`,
    );
    expect(await app.deps.db.reminder.count({ where: { status: "active" } })).toBe(before);
    const row = await app.deps.db.reminder.findFirstOrThrow({ where: { shortId: id.slice(2) } });
    expect(await app.deps.db.delivery.count({ where: { sourceId: row.id, status: "pending" } })).toBe(1);
  });
});
