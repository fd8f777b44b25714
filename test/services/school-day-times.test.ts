// Clock times typed without am/pm, end to end through the console: every command that takes a
// time of day reads it by the school-day rule, stores that reading, and says how it read it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("times without am/pm [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-12-01T15:00:00Z" }); // Tuesday 10:00 EST
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lea role:leader");
  });
  afterEach(() => app.stop());

  it("/session announce when:'Thursday 3:30' is 3:30 PM, and the confirmation says so", async () => {
    const out = await con.as(
      "lea",
      "general",
      '/session announce title:"Scoring training" when:"Thursday 3:30" hours:3',
    );
    const s = await app.deps.db.session.findFirstOrThrow();
    expect(s.startsAt.toISOString()).toBe("2026-12-03T20:30:00.000Z"); // 15:30 EST
    const confirm = out.find((p) => p.kind === "private")!;
    expect(confirm.text).toContain("3:30 was read as 3:30 PM; for 3:30 AM write 3:30am.");
  });

  it("/agenda setup time:3:30 meets at 3:30 PM; time:7:45 at 7:45 AM", async () => {
    const [r] = await con.as(
      "admin",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#lincoln members:"@ana @ben" day:thursday time:3:30',
    );
    expect(r!.text).toContain("3:30 PM");
    expect(r!.text).toContain("3:30 was read as 3:30 PM");
    expect((await app.deps.db.team.findFirstOrThrow()).time).toBe("15:30");
    const [again] = await con.as(
      "admin",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#lincoln members:"@ana @ben" day:thursday time:7:45',
    );
    expect(again!.text).toContain("7:45 was read as 7:45 AM");
    expect((await app.deps.db.team.findFirstOrThrow()).time).toBe("07:45");
  });

  it("/mentor nudge time:2 is 2 PM; time:2am stays 2 AM", async () => {
    const [r] = await con.as("mia", "dm", "/mentor nudge on day:friday time:2");
    expect(r!.text).toContain("2:00 was read as 2:00 PM");
    expect((await app.deps.db.mentorNudge.findFirstOrThrow()).time).toBe("14:00");
    const [again] = await con.as("mia", "dm", "/mentor nudge on day:friday time:2am");
    expect(again!.text).not.toContain("was read as");
    expect((await app.deps.db.mentorNudge.findFirstOrThrow()).time).toBe("02:00");
  });
});
