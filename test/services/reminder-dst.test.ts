// Must-show 1: with a controllable clock, one-off and repeating reminders fire at the right
// wall-clock time across both daylight-saving changes of America/New_York and
// America/Los_Angeles (2026: clocks go forward Sun 8 March, back Sun 1 November).
import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { makeApp, PROVIDERS, type ProviderName, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { RecordingTransport, type Sent } from "../support/recording-transport.js";

interface World {
  app: TestApp;
  con: ConsoleDriver;
  rec: RecordingTransport;
  scheduler: Scheduler;
  zone: string;
}

async function world(provider: ProviderName, zone: string, now: string): Promise<World> {
  const app = await makeApp(provider, { now, env: { CADRE_TIMEZONE: zone } });
  const con = new ConsoleDriver(app);
  const rec = new RecordingTransport(app.clock);
  app.transports.set("console", rec); // the scheduler delivers here; command answers stay in the console
  return { app, con, rec, zone, scheduler: new Scheduler(app) };
}

async function add(w: World, line: string): Promise<string> {
  const [r] = await w.con.as("ana", "dm", line);
  expect(r?.text, r?.text).toMatch(/Reminder R-\w+ set/);
  return /R-(\w+)/.exec(r!.text)![1]!;
}

/**
 * Moves the clock to the next queued occurrence of a reminder: one minute before it nothing
 * is sent, at it exactly one message is. Returns that message and the local time it arrived.
 */
async function fireNext(w: World, shortId: string): Promise<{ sent: Sent; local: string; utc: string }> {
  const r = await w.app.deps.db.reminder.findFirstOrThrow({ where: { shortId } });
  const d = await w.app.deps.db.delivery.findFirstOrThrow({
    where: { sourceId: r.id, status: "pending" },
    orderBy: { dueAt: "asc" },
  });
  const before = w.rec.sent.length;
  w.app.clock.set(d.dueAt.getTime() - 60_000);
  await w.scheduler.tick();
  expect(w.rec.sent.length, "nothing is sent a minute early").toBe(before);
  w.app.clock.set(d.dueAt);
  await w.scheduler.tick();
  expect(w.rec.sent.length).toBe(before + 1);
  const sent = w.rec.sent[before]!;
  return {
    sent,
    local: DateTime.fromJSDate(sent.at, { zone: w.zone }).toFormat("ccc LLL d HH:mm ZZZZ"),
    utc: sent.at.toISOString().slice(0, 16),
  };
}

/** Each test starts with no reminders queued, so jumping the clock fires only its own. */
async function clear(w: World): Promise<void> {
  await w.app.deps.db.reminder.updateMany({ where: { status: "active" }, data: { status: "removed" } });
  await w.app.deps.db.delivery.updateMany({ where: { status: "pending" }, data: { status: "cancelled" } });
}

async function fireMany(w: World, shortId: string, n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await fireNext(w, shortId));
  return out;
}

describe.each(PROVIDERS)("reminders across daylight-saving changes [%s]", (provider) => {
  describe("America/New_York", () => {
    let w: World;
    beforeAll(async () => {
      w = await world(provider, "America/New_York", "2026-03-06T17:00:00Z"); // Fri 6 Mar, 12:00 EST
    });
    afterAll(() => w.app.stop());
    beforeEach(() => clear(w));

    it("a daily 7:45 stays 7:45 when clocks go forward (EST → EDT)", async () => {
      const id = await add(w, '/reminder add to:me when:"every day at 7:45" Stand-up notes');
      const fired = await fireMany(w, id, 4);
      expect(fired.map((f) => f.local)).toEqual([
        "Sat Mar 7 07:45 EST",
        "Sun Mar 8 07:45 EDT",
        "Mon Mar 9 07:45 EDT",
        "Tue Mar 10 07:45 EDT",
      ]);
      expect(fired.map((f) => f.utc)).toEqual([
        "2026-03-07T12:45",
        "2026-03-08T11:45",
        "2026-03-09T11:45",
        "2026-03-10T11:45",
      ]);
      expect(fired[0]!.sent).toMatchObject({ kind: "dm", to: "ana" });
      expect(fired[0]!.sent.reply.text).toBe("⏰ Stand-up notes");
    });

    it("a one-off set before the change fires at its wall-clock time after it", async () => {
      w.app.clock.set("2026-03-07T17:00:00Z"); // Sat 12:00 EST
      const id = await add(w, '/reminder add to:me when:"Mar 9 at 7:45" Observation write-up');
      const [f] = await fireMany(w, id, 1);
      expect(f!.local).toBe("Mon Mar 9 07:45 EDT");
      expect(await w.app.deps.db.reminder.findFirstOrThrow({ where: { shortId: id } })).toMatchObject({
        status: "done",
        nextAt: null,
      });
      expect(
        await w.app.deps.db.delivery.count({
          where: { sourceKind: "reminder", status: "pending", dedupeKey: { contains: id } },
        }),
      ).toBe(0);
    });

    it("'in 2 hours' across the gap is two real hours; a 2:30 that does not exist fires at 3:30", async () => {
      w.app.clock.set("2026-03-08T06:00:00Z"); // Sun 8 Mar, 01:00 EST
      const inTwo = await add(w, '/reminder add to:me when:"in 2 hours" Two real hours');
      expect((await fireNext(w, inTwo)).local).toBe("Sun Mar 8 04:00 EDT");
      w.app.clock.set("2026-03-07T17:00:00Z");
      const gap = await add(w, '/reminder add to:me when:"every day at 2:30am" Night shift');
      expect((await fireMany(w, gap, 3)).map((f) => f.local)).toEqual([
        "Sun Mar 8 03:30 EDT",
        "Mon Mar 9 02:30 EDT",
        "Tue Mar 10 02:30 EDT",
      ]);
    });

    it("every other Thursday at 3:30pm keeps its time and its fortnight across the change", async () => {
      w.app.clock.set("2026-02-27T17:00:00Z"); // Fri 27 Feb
      const id = await add(w, '/reminder add to:me when:"every other Thursday at 3:30pm" ILT agenda items due');
      expect((await fireMany(w, id, 3)).map((f) => f.local)).toEqual([
        "Thu Mar 5 15:30 EST",
        "Thu Mar 19 15:30 EDT",
        "Thu Apr 2 15:30 EDT",
      ]);
    });

    it("a weekday 7:45 stays 7:45 when clocks go back (EDT → EST), and 1:30 fires once on the doubled night", async () => {
      w.app.clock.set("2026-10-29T16:00:00Z"); // Thu 29 Oct, 12:00 EDT
      const id = await add(w, '/reminder add to:me when:"every weekday at 7:45" Exit tickets');
      const fired = await fireMany(w, id, 3);
      expect(fired.map((f) => f.local)).toEqual(["Fri Oct 30 07:45 EDT", "Mon Nov 2 07:45 EST", "Tue Nov 3 07:45 EST"]);
      expect(fired.map((f) => f.utc)).toEqual(["2026-10-30T11:45", "2026-11-02T12:45", "2026-11-03T12:45"]);

      w.app.clock.set("2026-10-31T16:00:00Z");
      const night = await add(w, '/reminder add to:me when:"every day at 1:30am" Backup check');
      const nights = await fireMany(w, night, 2);
      // 01:30 happens twice on 1 November; the first (EDT) one is the reminder's.
      expect(nights.map((f) => f.local)).toEqual(["Sun Nov 1 01:30 EDT", "Mon Nov 2 01:30 EST"]);
    });

    it("a cron expression is wall-clock too", async () => {
      w.app.clock.set("2026-10-30T16:00:00Z"); // Fri 30 Oct, 12:00 EDT
      const id = await add(w, '/reminder add to:me when:"45 7 * * 1-5" Cron stand-up');
      expect((await fireMany(w, id, 2)).map((f) => f.local)).toEqual(["Mon Nov 2 07:45 EST", "Tue Nov 3 07:45 EST"]);
    });
  });

  describe("America/Los_Angeles", () => {
    let w: World;
    beforeAll(async () => {
      w = await world(provider, "America/Los_Angeles", "2026-03-06T20:00:00Z"); // Fri 6 Mar, 12:00 PST
    });
    afterAll(() => w.app.stop());
    beforeEach(() => clear(w));

    it("spring forward: a daily 7:45 and a first-Monday 4pm keep their wall-clock times", async () => {
      const id = await add(w, '/reminder add to:me when:"daily at 7:45" Stand-up');
      const fired = await fireMany(w, id, 3);
      expect(fired.map((f) => f.local)).toEqual(["Sat Mar 7 07:45 PST", "Sun Mar 8 07:45 PDT", "Mon Mar 9 07:45 PDT"]);
      expect(fired.map((f) => f.utc)).toEqual(["2026-03-07T15:45", "2026-03-08T14:45", "2026-03-09T14:45"]);
      await clear(w);
      w.app.clock.set("2026-02-10T20:00:00Z");
      const monthly = await add(w, '/reminder add to:me when:"first Monday of the month at 4pm" Data meeting prep');
      expect((await fireMany(w, monthly, 2)).map((f) => f.local)).toEqual([
        "Mon Mar 2 16:00 PST",
        "Mon Apr 6 16:00 PDT",
      ]);
    });

    it("fall back: a weekly Monday 9am and a one-off keep their wall-clock times", async () => {
      w.app.clock.set("2026-10-20T19:00:00Z"); // Tue 20 Oct, 12:00 PDT
      const id = await add(w, '/reminder add to:me when:"every Monday at 9am" Weekly plan');
      expect((await fireMany(w, id, 3)).map((f) => f.local)).toEqual([
        "Mon Oct 26 09:00 PDT",
        "Mon Nov 2 09:00 PST",
        "Mon Nov 9 09:00 PST",
      ]);
      w.app.clock.set("2026-10-31T19:00:00Z"); // Sat 31 Oct, 12:00 PDT
      const once = await add(w, '/reminder add to:me when:"tomorrow 8am" Sunday grading');
      const [f] = await fireMany(w, once, 1);
      expect(f!.local).toBe("Sun Nov 1 08:00 PST");
      expect(f!.utc).toBe("2026-11-01T16:00");
    });
  });
});
