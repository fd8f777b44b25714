// What the numbers say: one rounding rule for hours on screen and in the CSV, topic totals
// that say why they add up to more than the total, and a coordinator report that lists every
// mentor of the period (those with the mentor role at 0 h too) against the school-year goal.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe("mentoring totals [sqlite]", () => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp("sqlite", { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre settings mentor-goal:10", "/cadre role add user:@coord role:coordinator");
  });
  afterEach(() => app.stop());

  it("shows 4 h 45 min as 4.75 h on screen, as the CSV does", async () => {
    await con.as("mia", "dm", '/mentor log duration:4h45 mentee:"J.R." topics:planning');
    const [hours] = await con.as("mia", "dm", "/mentor hours");
    expect(hours!.text).toContain("Overall: 4.75 h");
    const [report] = await con.as("coord", "general", "/mentor report");
    expect(report!.text).toContain("4.75 h in 1 entry");
    expect(report!.reply.files![0]!.content).toContain(",4.75,");
  });

  it("says beside the topic totals that an entry with several topics counts under each", async () => {
    await con.as("mia", "dm", '/mentor log duration:1h mentee:"J.R." topics:"planning, assessment"');
    const [hours] = await con.as("mia", "dm", "/mentor hours");
    expect(hours!.text).toContain("- instructional planning: 1 h");
    expect(hours!.text).toContain("- assessment and data: 1 h");
    expect(hours!.text).toContain("An entry with several topics counts under each, so these can add up to more than");
  });

  it("lists every mentor of the period, those with the mentor role and 0 h too, with progress to the goal", async () => {
    await con.as("admin", "general", "/cadre role add user:@ben role:mentor", "/cadre role add user:@mia role:mentor");
    await con.as("mia", "dm", '/mentor log duration:5h mentee:"J.R." topics:planning');
    await con.as("zed", "dm", '/mentor log duration:1h mentee:"K.T." topics:planning');
    const [report] = await con.as("coord", "general", "/mentor report");
    expect(report!.text).toContain("@mia: 5 h in 1 entry, last 2026-11-20 · 50% of the 10 h goal");
    expect(report!.text).toContain("@ben: 0 h in 0 entries, last — · 0% of the 10 h goal");
    expect(report!.text).toContain("@zed: 1 h in 1 entry, last 2026-11-20 · 10% of the 10 h goal · no mentor role");
  });
});
