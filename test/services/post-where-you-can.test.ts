// cadre posts only where the person could post themselves: a channel reminder or a session
// announced (or moved) into a channel the person cannot post in, or one their platform cannot
// vouch for, is refused privately with what to do instead, and nothing is saved. Admins may
// direct cadre to any channel; the channel someone acts in needs no check. The platform's answer
// comes from its Transport (here a recording one told who may not post where).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { RecordingTransport } from "../support/recording-transport.js";

describe.each(PROVIDERS)("posting only where you can [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let rec: RecordingTransport;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lea role:leader");
    rec = new RecordingTransport(app.clock);
    rec.cannotPost.add("lea principals");
    rec.cannotPost.add("? hidden");
    app.transports.set("console", rec);
  });
  afterAll(() => app.stop());

  const counts = async () => ({
    reminders: await app.deps.db.reminder.count(),
    sessions: await app.deps.db.session.count(),
    deliveries: await app.deps.db.delivery.count(),
  });

  it("refuses a channel reminder into a channel the leader cannot post in, saving nothing", async () => {
    const before = await counts();
    const [r] = await con.as("lea", "general", '/reminder add to:#principals when:"tomorrow 8am" Budget due');
    expect(r!.kind).toBe("private");
    expect(r!.text).toContain("You can't post in #principals, so cadre won't post there for you.");
    expect(r!.text).toContain("Ask someone in #principals, or pick a channel you're in, like this one.");
    expect(r!.text).toContain('Example: `/reminder add to:here when:"tomorrow 8am" Bring the rubric`');
    expect(await counts()).toEqual(before);
    expect(rec.sent.filter((s) => s.kind === "post")).toEqual([]);
  });

  it("refuses a session announced into that channel, saving nothing", async () => {
    const before = await counts();
    const [r] = await con.as(
      "lea",
      "general",
      '/session announce "Budget PD" when:"Dec 3 9am" hours:3 channel:#principals',
    );
    expect(r!.kind).toBe("private");
    expect(r!.text).toContain("You can't post in #principals");
    expect(r!.text).toContain('Example: `/session announce "Scoring training" when:"Dec 3 9am" hours:3`');
    expect(await counts()).toEqual(before);
  });

  it("refuses when the platform cannot say (cadre cannot see the channel), saving nothing", async () => {
    const before = await counts();
    const [r] = await con.as("lea", "general", '/reminder add to:#hidden when:"tomorrow 8am" Budget due');
    expect(r!.text).toContain("cadre can't tell whether you can post in #hidden");
    expect(await counts()).toEqual(before);
  });

  it("refuses moving a session's card into that channel with /session repost, leaving the session where it was", async () => {
    await con.as("lea", "general", '/session announce "Calibration" when:"Dec 4 9am" hours:2');
    const s = await app.deps.db.session.findFirstOrThrow({ where: { title: "Calibration" } });
    const [r] = await con.as("lea", "general", `/session repost id:${s.shortId} channel:#principals`);
    expect(r!.text).toContain("You can't post in #principals");
    expect(r!.text).toContain(`Example: \`/session repost id:${s.shortId}\``);
    expect((await app.deps.db.session.findUniqueOrThrow({ where: { id: s.id } })).channelId).toBe("general");
  });

  it("allows a channel the leader can post in, the channel they are in, and any channel for an admin", async () => {
    const [a] = await con.as("lea", "general", '/reminder add to:#ilt when:"tomorrow 8am" Agenda due');
    expect(a!.text).toMatch(/Reminder R-\w+ set for #ilt/);
    const [b] = await con.as("lea", "principals", '/reminder add to:here when:"tomorrow 8am" Agenda due');
    expect(b!.text).toMatch(/Reminder R-\w+ set for #principals/);
    const [c] = await con.as("admin", "general", '/reminder add to:#hidden when:"tomorrow 8am" Budget due');
    expect(c!.text).toMatch(/Reminder R-\w+ set for #hidden/);
  });

  it("checks the channel before anything else is saved, so pressing twice is refused twice the same way", async () => {
    const before = await counts();
    const line = '/session announce "Budget PD" when:"Dec 3 9am" hours:3 channel:#principals';
    const [one, two] = await con.as("lea", "general", line, line);
    expect(one!.text).toBe(two!.text);
    expect(await counts()).toEqual(before);
  });
});
