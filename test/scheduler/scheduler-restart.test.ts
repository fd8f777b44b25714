// Must-show 2: reminders that fell due while cadre was stopped are delivered once when it
// starts again (marked delayed), or, when more than CADRE_CATCHUP_HOURS late, skipped and
// their owner told privately. A repeat continues from its next time, not every missed one.
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { plainTokens } from "../../src/core/rich.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { RecordingTransport } from "../support/recording-transport.js";

const T0 = "2026-11-02T15:00:00Z"; // Monday 10:00 in New York
const zone = "America/New_York";
const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat("ccc LLL d HH:mm");

/** Sets reminders as "ana" (who becomes the console's admin, so may remind a channel), then stops. */
async function before(provider: "sqlite" | "postgresql", lines: string[]): Promise<string> {
  const app = await makeApp(provider, { now: T0 });
  const con = new ConsoleDriver(app);
  await con.as("ana", "general", "/cadre role list"); // the console makes its first admin
  for (const l of lines) {
    const [r] = await con.as("ana", "general", l);
    expect(r!.text).toMatch(/Reminder R-\w+ set/);
  }
  await app.stop();
  return app.url;
}

describe.each(PROVIDERS)("restart [%s]", (provider) => {
  const open: (TestApp | Scheduler)[] = [];
  afterEach(async () => {
    for (const x of open.reverse()) await x.stop();
    open.length = 0;
  });

  async function restart(url: string, now: string) {
    const app = await makeApp(provider, { url, now });
    const rec = new RecordingTransport(app.clock);
    app.transports.set("console", rec);
    const scheduler = new Scheduler(app);
    open.push(app, scheduler);
    await scheduler.start(); // the catch-up pass
    return { app, rec, scheduler };
  }

  it("delivers what fell due while stopped once, marked delayed, and not again on the next start", async () => {
    const url = await before(provider, [
      '/reminder add to:me when:"in 2 hours" Call the district office', // 12:00
      '/reminder add to:me when:"every day at 1pm" Lunch duty', // 13:00 today, then daily
      '/reminder add to:#general when:"today 5pm" Scoring window closes', // 17:00
    ]);
    // Back 8 hours later (18:00): every one is late but less than 12 hours late.
    const { app, rec, scheduler } = await restart(url, "2026-11-02T23:00:00Z");
    expect(rec.sent.map((s) => `${s.kind}:${s.to}:${s.reply.text}`).sort()).toEqual([
      "dm:ana:⏰ Call the district office",
      "dm:ana:⏰ Lunch duty",
      "post:general:⏰ Scoring window closes",
    ]);
    for (const s of rec.sent)
      expect(plainTokens(s.reply.context ?? "", zone)).toMatch(
        /Delayed: this was due Mon 2 Nov, (12:00 PM|1:00 PM|5:00 PM)/,
      );
    for (let i = 0; i < 3; i++) await scheduler.tick();
    expect(rec.sent).toHaveLength(3);
    // The daily one continues from tomorrow, not from each missed day.
    const next = await app.deps.db.delivery.findMany({ where: { status: "pending" } });
    expect(next.map((d) => local(d.dueAt))).toEqual(["Tue Nov 3 13:00"]);
    await scheduler.stop();
    await app.stop();
    open.length = 0;

    // A second start at the same moment sends nothing twice.
    const again = await restart(url, "2026-11-02T23:00:00Z");
    await again.scheduler.tick();
    expect(again.rec.sent).toHaveLength(0);
    expect(await again.app.deps.db.delivery.count({ where: { status: "sent" } })).toBe(3);
  });

  it("skips what is more than 12 hours late, tells its owner, and still sends the fresh ones", async () => {
    const url = await before(provider, [
      '/reminder add to:me when:"in 2 hours" Call the district office', // Mon 12:00
      '/reminder add to:#general when:"every day at 1pm" Lunch duty', // Mon 13:00, daily
      '/reminder add to:me when:"Nov 4 at 8am" Bring the rubric', // Wed 08:00
    ]);
    // Back on Wednesday at 10:00: Monday's two are ~45 hours late; Wednesday's is 2 hours late.
    const { app, rec } = await restart(url, "2026-11-04T15:00:00Z");
    const reminders = rec.sent.filter((s) => s.reply.text?.startsWith("⏰"));
    expect(reminders.map((s) => s.reply.text)).toEqual(["⏰ Bring the rubric"]);
    expect(plainTokens(reminders[0]!.reply.context ?? "", zone)).toContain("Delayed: this was due Wed 4 Nov, 8:00 AM");
    const notices = rec.sent.filter((s) => s.reply.tone === "warning");
    expect(notices.map((n) => `${n.kind}:${n.to}`)).toEqual(["dm:ana", "dm:ana"]);
    const texts = notices.map((n) => plainTokens(n.reply.text ?? "", zone)).sort();
    expect(texts[0]).toMatch(
      /Something you scheduled \(“⏰ Call the district office”\) was due Monday 2 November 2026, 12:00 PM EST .*skipped because it was more than 12 hours late/,
    );
    expect(texts[1]).toMatch(
      /Something you scheduled for #general \(“⏰ Lunch duty”\) was due Monday 2 November 2026, 1:00 PM EST .*skipped/,
    );
    const rows = await app.deps.db.delivery.findMany({ where: { sourceKind: "reminder" }, orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => `${local(r.dueAt)} ${r.status}`)).toEqual([
      "Mon Nov 2 12:00 skipped",
      "Mon Nov 2 13:00 skipped",
      "Wed Nov 4 08:00 sent",
      "Wed Nov 4 13:00 pending", // the daily one, from its next time after now
    ]);
  });

  it("CADRE_CATCHUP_HOURS sets the line between delayed and skipped", async () => {
    const url = await before(provider, ['/reminder add to:me when:"in 2 hours" Short fuse']);
    const app = await makeApp(provider, { url, now: "2026-11-02T18:30:00Z", env: { CADRE_CATCHUP_HOURS: "1" } }); // 1.5 h late
    const rec = new RecordingTransport(app.clock);
    app.transports.set("console", rec);
    const scheduler = new Scheduler(app);
    open.push(app, scheduler);
    await scheduler.start();
    expect(rec.sent.map((s) => s.reply.tone)).toEqual(["warning"]);
    expect(plainTokens(rec.sent[0]!.reply.text ?? "", zone)).toContain("skipped because it was more than 1 hour late");
  });
});
