// The coordinator's topic trends cannot be differenced, on SQLite and PostgreSQL: two reports
// for overlapping periods whose mentors differ by fewer than 5 would give away those mentors'
// topics, so the second one withholds its topics; and a topic fewer than 5 mentors logged is
// never shown on its own.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("mentor topic trends [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@coord role:coordinator");
    for (const m of ["m1", "m2", "m3", "m4", "m5"])
      await con.as(m, "dm", `/mentor log duration:60m mentee:"A.B." topics:"classroom management" date:2026-11-16`);
    // One mentor alone also logs family communication that day.
    await con.as("m1", "dm", '/mentor log duration:20m mentee:"C.D." topics:"family communication" date:2026-11-16');
    // The sixth mentor logs only the next day.
    await con.as("m6", "dm", '/mentor log duration:30m mentee:"E.F." topics:"classroom management" date:2026-11-17');
  });
  afterEach(() => app.stop());

  it("shows a topic only when at least 5 mentors logged it", async () => {
    const [r] = await con.as("coord", "general", "/mentor report from:2026-11-16 to:2026-11-16");
    expect(r!.text).toContain("Topics across the network");
    expect(r!.text).toContain("classroom management: 5 h");
    expect(r!.text).not.toContain("family communication");
  });

  it("withholds the topics of a period that differs from an overlapping reported one by fewer than 5 mentors", async () => {
    const [first] = await con.as("coord", "general", "/mentor report from:2026-11-16 to:2026-11-16");
    expect(first!.text).toContain("classroom management: 5 h");
    const [second] = await con.as("coord", "general", "/mentor report from:2026-11-16 to:2026-11-17");
    expect(second!.text).toContain("m6"); // hours per mentor are still reported
    expect(second!.text).not.toContain("classroom management:");
    expect(second!.text).toContain("Topic distribution withheld");
    expect(second!.text).toContain("differ from a report already given for an overlapping period");
    // The same period again gives the same figures, which reveals nothing new.
    const [again] = await con.as("coord", "general", "/mentor report from:2026-11-16 to:2026-11-16");
    expect(again!.text).toContain("classroom management: 5 h");
  });
});
