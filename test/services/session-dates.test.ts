// Session dates in a workspace on America/Chicago: natural language read in that zone, dates
// in the past refused with an example, and a session across the fall-back change (lengths,
// reminders, check-in window and the calendar file are all real time).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import ICAL from "ical.js";

function readIcs(text: string): { start: string; end: string } {
  const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!);
  return { start: ev.startDate.toJSDate().toISOString(), end: ev.endDate.toJSDate().toISOString() };
}

describe.each(PROVIDERS)("session dates [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  const startOf = async (title: string) =>
    (await app.deps.db.session.findFirstOrThrow({ where: { title } })).startsAt.toISOString();

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-10-26T15:00:00Z" }); // Monday 26 Oct, 10:00 AM CDT
    con = new ConsoleDriver(app);
    await con.as(
      "admin",
      "general",
      "/cadre settings timezone:America/Chicago",
      "/cadre role add user:@lead role:leader",
    );
  });
  afterAll(() => app.stop());

  it('reads "next Thursday 3:30pm" in America/Chicago', async () => {
    const out = await con.as("lead", "general", '/session announce "ILT" when:"next Thursday 3:30pm" kind:ilt');
    // chrono reads "next Thursday" on a Monday as the Thursday of next week, 5 Nov: after the
    // clocks fall back, so 3:30 PM is CST (UTC-6), not CDT.
    expect(await startOf("ILT")).toBe("2026-11-05T21:30:00.000Z");
    const card = out.find((p) => p.kind === "post")!;
    expect(card.text).toContain("When: Thursday 5 November 2026, 3:30 PM CST");
    expect(card.text).toContain("Length: 1 h 30 min"); // the ILT default
    const ics = readIcs(out.find((p) => p.kind === "private")!.reply.files![0]!.content);
    expect(ics).toMatchObject({ start: "2026-11-05T21:30:00.000Z", end: "2026-11-05T23:00:00.000Z" });
  });

  it("reads an ISO time as wall-clock time in the workspace zone, and an explicit offset as given", async () => {
    await con.as(
      "lead",
      "general",
      '/session announce "ISO local" when:2026-12-03T09:00',
      '/session announce "ISO offset" when:2026-12-03T09:00Z',
    );
    expect(await startOf("ISO local")).toBe("2026-12-03T15:00:00.000Z");
    expect(await startOf("ISO offset")).toBe("2026-12-03T09:00:00.000Z");
  });

  it("uses the default length by kind and reads hours:3, 6h and 90m", async () => {
    await con.as(
      "lead",
      "general",
      '/session announce "K1" when:"Dec 1 9am" kind:scoring-training',
      '/session announce "K2" when:"Dec 1 9am" kind:study-group',
      '/session announce "K3" when:"Dec 1 9am"',
      '/session announce "H1" when:"Dec 1 9am" hours:3',
      '/session announce "H2" when:"Dec 1 9am" hours:6h',
      '/session announce "H3" when:"Dec 1 9am" hours:90m',
    );
    const rows = await app.deps.db.session.findMany({
      where: { title: { in: ["K1", "K2", "K3", "H1", "H2", "H3"] } },
      orderBy: { title: "asc" },
    });
    expect(rows.map((s) => `${s.title}:${s.minutes}`)).toEqual([
      "H1:180",
      "H2:360",
      "H3:90",
      "K1:180",
      "K2:60",
      "K3:180",
    ]);
  });

  it("rejects a date in the past, or one without a time, with an example that works", async () => {
    const [y] = await con.as("lead", "general", '/session announce "Late" when:"yesterday 9am"');
    expect(y!.kind).toBe("private");
    expect(y!.text).toContain("Sunday 25 October 2026, 9:00 AM CDT is in the past");
    expect(y!.text).toContain('Example: `/session announce "Scoring training" when:"Dec 3 9am"');
    const [d] = await con.as("lead", "general", '/session announce "Late" when:"Oct 1 2026 9am"');
    expect(d!.text).toContain("Thursday 1 October 2026, 9:00 AM CDT is in the past");
    const [earlier] = await con.as("lead", "general", '/session announce "Late" when:"today 9am"'); // an hour ago
    expect(earlier!.text).toContain("is in the past");
    const [noTime] = await con.as("lead", "general", '/session announce "Late" when:"Dec 3"');
    expect(noTime!.text).toContain('"Dec 3" has no time of day');
    const [junk] = await con.as("lead", "general", '/session announce "Late" when:"whenever suits"');
    expect(junk!.text).toContain('I could not read "whenever suits" as a date and time (in America/Chicago)');
    expect(await app.deps.db.session.count({ where: { title: "Late" } })).toBe(0);

    const sid = (await app.deps.db.session.findFirstOrThrow({ where: { title: "ILT" } })).shortId;
    const [r] = await con.as("lead", "general", `/session reschedule id:${sid} when:"last Friday 9am"`);
    expect(r!.text).toContain("is in the past");
    expect(r!.text).toContain(`Example: \`/session reschedule id:${sid} when:"Dec 10 9am"\``);
    expect(await startOf("ILT")).toBe("2026-11-05T21:30:00.000Z");
  });

  it("keeps a 6-hour session across the fall-back change six real hours: card, calendar file, reminders, check-in", async () => {
    const out = await con.as(
      "lead",
      "general",
      '/session announce "Overnight scoring" when:"Oct 31 10pm" hours:6h kind:scoring-training',
    );
    const card = out.find((p) => p.kind === "post")!;
    expect(card.text).toContain("When: Saturday 31 October 2026, 10:00 PM CDT");
    expect(card.text).toContain("Length: 6 h");
    const ics = readIcs(out.find((p) => p.kind === "private")!.reply.files![0]!.content);
    expect(ics.start).toBe("2026-11-01T03:00:00.000Z"); // 10 PM CDT (UTC-5)
    expect(ics.end).toBe("2026-11-01T09:00:00.000Z"); // 3 AM CST (UTC-6): six hours, though the wall clock moved five
    const sid = /Session ([A-Z0-9]{4})/.exec(card.text)![1]!;
    await con.as("amy", "general", `/session rsvp id:${sid} answer:going`);
    const due = await app.deps.db.delivery.findMany({
      where: { targetId: "amy", status: "pending" },
      orderBy: { dueAt: "asc" },
    });
    expect(due.map((d) => d.dueAt.toISOString())).toEqual(["2026-10-31T03:00:00.000Z", "2026-11-01T02:00:00.000Z"]);

    app.clock.set("2026-11-01T08:45:00Z"); // 2:45 AM CST, the last quarter hour
    const [ok] = await con.as("amy", "general", `/session checkin id:${sid}`);
    expect(ok!.text).toContain("Checked you in to Overnight scoring");
    app.clock.set("2026-11-01T09:01:00Z");
    const [closed] = await con.as("ben", "general", `/session checkin id:${sid}`);
    expect(closed!.text).toContain("Check-in for Overnight scoring is open from Sat 31 Oct, 9:30 PM to 3:00 AM CST");
  });

  it("moves a session across the change by wall-clock time in the zone", async () => {
    app.clock.set("2026-10-26T15:00:00Z");
    const sid = (await app.deps.db.session.findFirstOrThrow({ where: { title: "K1" } })).shortId;
    const out = await con.as("lead", "general", `/session reschedule id:${sid} when:"Oct 30 9am"`);
    expect(out[0]!.kind).toBe("update");
    expect(await startOf("K1")).toBe("2026-10-30T14:00:00.000Z"); // 9 AM CDT; it was 9 AM CST (15:00Z)
  });
});
