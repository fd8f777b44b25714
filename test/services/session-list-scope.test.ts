// /session list all:yes on SQLite and PostgreSQL lists a session only to people with a reason to
// know it, decided without asking the platform who is in which channel: everyone in the channel
// where it was announced (they run the list there), its announcer, and whoever answered it.
// A session announced in a private channel therefore never shows to someone outside it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe.each(PROVIDERS)("session list scope [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let id: string;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lee role:leader");
    const out = await con.as(
      "lee",
      "lincoln-private",
      '/session announce title:"Lincoln coaching circle" when:"Nov 10 9am" hours:3 where:"Room 12" channel:#lincoln-private',
    );
    id = /`([A-Z0-9]{4})`|id:([A-Z0-9]{4})/
      .exec(out.map((p) => p.text).join("\n"))!
      .slice(1)
      .find(Boolean)!;
    await con.as("ana", "lincoln-private", `/session rsvp id:${id} answer:going`);
  });
  afterEach(() => app.stop());

  it("hides it from someone outside its channel, with all:yes and in a DM", async () => {
    const [all] = await con.as("zed", "general", "/session list all:yes");
    expect(all!.text).not.toContain("Lincoln coaching circle");
    // It says what it looked at, not that there are no sessions at all.
    expect(all!.text).toContain("nor any you announced or answered elsewhere");
    expect(all!.text).toContain("Another channel's sessions show with /session list there");
    const [dm] = await con.as("zed", "dm", "/session list");
    expect(dm!.text).not.toContain("Lincoln coaching circle");
    expect(dm!.text).toContain("No upcoming sessions that you announced or answered");
  });

  it("lists it in its own channel, and everywhere to its announcer and to those who answered", async () => {
    const [here] = await con.as("bo", "lincoln-private", "/session list");
    expect(here!.text).toContain("Lincoln coaching circle");
    for (const who of ["lee", "ana"]) {
      const [all] = await con.as(who, "general", "/session list all:yes");
      expect(all!.text, who).toContain("Lincoln coaching circle");
    }
  });
});
