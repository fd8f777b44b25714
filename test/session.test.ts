// Sessions through the console on SQLite and PostgreSQL: announce with a capacity, RSVPs with
// a waitlist and promotion, reminders on a controlled clock, check-in, CSV export, roster,
// cancel/reschedule editing the original post, roles, dates and the calendar file.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "./support/app.js";
import { ConsoleDriver } from "./support/console.js";
import { Scheduler } from "../src/scheduler/scheduler.js";
import type { Posted } from "../src/platforms/console/session.js";

function button(p: Posted, label: string): number {
  const m = new RegExp(`\\[(\\d+)\\] ${label.replace(/'/g, "'")}`).exec(p.text);
  if (!m) throw new Error(`no ${label} button in: ${p.text}`);
  return Number(m[1]);
}

function icsTimes(text: string): { start: string; end: string; summary: string } {
  const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!;
  const ev = new ICAL.Event(vevent);
  return { start: ev.startDate.toJSDate().toISOString(), end: ev.endDate.toJSDate().toISOString(), summary: ev.summary };
}

describe.each(PROVIDERS)("sessions [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let id = "";
  let card: Posted;
  const start = "2026-11-10T14:00:00.000Z"; // Tue 10 Nov, 9:00 in New York

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
  });
  afterAll(() => app.stop());

  it("lets only leaders announce, cancel and export, and says who can", async () => {
    for (const cmd of ['/session announce "PD" when:"Nov 20 9am"', "/session cancel id:AAAA", "/session export id:AAAA"]) {
      const [r] = await con.as("ana", "general", cmd);
      expect(r!.kind).toBe("private");
      expect(r!.text).toMatch(/Only leader, coordinator or admin can use \/session (announce|cancel|export)/);
    }
    expect(await app.deps.db.session.count()).toBe(0);
  });

  it("announces a scoring training with capacity 2 to the channel, with a calendar file", async () => {
    const out = await con.as("lead", "general", '/session announce "Scoring training" when:"Nov 10 9am" hours:3 where:"Central HS library" channel:#scoring kind:scoring-training capacity:2');
    card = out.find((p) => p.kind === "post")!;
    expect(card.channelId).toBe("scoring");
    expect(card.text).toContain("📅 Scoring training");
    expect(card.text).toContain("When: Tuesday 10 November 2026, 9:00 AM EST");
    expect(card.text).toContain("Length: 3 h");
    expect(card.text).toContain("Going 0 of 2 · Maybe 0 · Can't go 0");
    id = /Session ([A-Z0-9]{4})/.exec(card.text)![1]!;
    const mine = out.find((p) => p.kind === "private")!;
    const ics = icsTimes(mine.reply.files![0]!.content);
    expect(ics).toEqual({ start, end: "2026-11-10T17:00:00.000Z", summary: "Scoring training" });
  });

  it("waitlists the third Going, promotes them when someone drops, and DMs them", async () => {
    await con.chat.press(button(card, "Going"), "amy");
    await con.chat.press(button(card, "Going"), "ben");
    await con.chat.press(button(card, "Going"), "cal");
    const calAnswer = con.transcript.filter((p) => p.kind === "private" && p.userId === "cal").at(-1)!;
    expect(calAnswer.text).toContain("is full; you are number 1 on the waitlist");
    const edited = con.transcript.filter((p) => p.kind === "update" && p.text.includes("Scoring training")).at(-1)!;
    expect(edited.text).toContain("Going 2 of 2 · Maybe 0 · Can't go 0 · Waitlist 1");
    expect(con.chat.messages.get(card.id)!.text).toContain("Waitlist 1"); // the original post was edited in place

    const out = await con.as("amy", "scoring", `/session rsvp id:${id} answer:no`);
    const dm = out.find((p) => p.kind === "dm")!;
    expect(dm.userId).toBe("cal");
    expect(dm.text).toContain("A seat opened: you're now going to Scoring training");
    expect(con.chat.messages.get(card.id)!.text).toContain("Going 2 of 2 · Maybe 0 · Can't go 1");
  });

  it("reminds Going and Maybe (never Can't go) 24 hours and 1 hour before", async () => {
    await con.as("dee", "scoring", `/session rsvp id:${id} answer:maybe`);
    const due = await app.deps.db.delivery.findMany({ where: { sourceKind: "session", status: "pending" }, orderBy: [{ dueAt: "asc" }, { targetId: "asc" }] });
    expect(due.map((d) => `${d.targetId}@${d.dueAt.toISOString()}`)).toEqual([
      "ben@2026-11-09T14:00:00.000Z", "cal@2026-11-09T14:00:00.000Z", "dee@2026-11-09T14:00:00.000Z",
      "ben@2026-11-10T13:00:00.000Z", "cal@2026-11-10T13:00:00.000Z", "dee@2026-11-10T13:00:00.000Z",
    ]);
    const scheduler = new Scheduler(app);
    app.clock.set("2026-11-09T13:59:00Z");
    expect(await scheduler.drain()).toBe(0);
    app.clock.set("2026-11-09T14:00:05Z");
    const before = con.transcript.length;
    await scheduler.drain();
    const first = con.transcript.slice(before).filter((p) => p.kind === "dm");
    expect(first.map((p) => p.userId).sort()).toEqual(["ben", "cal", "dee"]);
    expect(first[0]!.text).toContain("Scoring training starts");
    app.clock.set("2026-11-10T13:00:05Z");
    await scheduler.drain();
    expect(con.transcript.filter((p) => p.kind === "dm" && p.userId === "amy" && p.text.includes("⏰"))).toEqual([]);
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "session", status: "sent" } })).toBe(6);
  });

  it("checks people in during the session, exports the record and builds the roster", async () => {
    const [early] = await con.as("ben", "scoring", `/session checkin id:${id}`);
    expect(early!.text).toContain("Check-in for Scoring training is open from Tue 10 Nov, 8:30 AM to 12:00 PM EST");
    app.clock.set("2026-11-10T14:10:00Z");
    await con.chat.press(button(card, "Check in"), "ben");
    const [denied] = await con.as("ben", "scoring", `/session checkin id:${id} user:@cal`);
    expect(denied!.text).toContain("Only leader, coordinator or admin can check in someone else");
    await con.as("lead", "scoring", `/session checkin id:${id} user:@cal`);
    const [csvReply] = await con.as("lead", "scoring", `/session export id:${id}`);
    expect(csvReply!.kind).toBe("private");
    const csv = csvReply!.reply.files![0]!.content.trim().split("\n");
    expect(csv[0]).toBe("name,platform user id,rsvp,checked in,marked by");
    expect(csv).toContain("amy,amy,Can't go,,");
    expect(csv).toContain("ben,ben,Going,2026-11-10T14:10:00.000Z,self");
    expect(csv).toContain("cal,cal,Going,2026-11-10T14:10:00.000Z,lead");
    app.clock.set("2026-11-12T15:00:00Z");
    const [roster] = await con.as("ana", "general", "/session roster");
    expect(roster!.text).toMatch(/Trained to score \(2\)\n- @ben .*\n- @cal /);
    expect(roster!.text).not.toMatch(/Trained[\s\S]*@dee[\s\S]*Said Going/);
  });

  it("edits the original post on reschedule and cancel, and DMs everyone who answered", async () => {
    const out = await con.as("lead", "general", '/session announce "PD: feedback" when:"Nov 19 3:30pm" hours:90m channel:#pd');
    const post = out.find((p) => p.kind === "post")!;
    const pid = /Session ([A-Z0-9]{4})/.exec(post.text)![1]!;
    await con.chat.press(button(post, "Going"), "amy");
    await con.chat.press(button(post, "Can't go"), "ben");
    const posts = con.transcript.filter((p) => p.kind === "post").length;
    const moved = await con.as("lead", "general", `/session reschedule id:${pid} when:"Nov 20 3:30pm"`);
    const upd = moved.find((p) => p.kind === "update")!;
    expect(upd.id).toBe(post.id);
    expect(upd.text).toContain("When: Friday 20 November 2026, 3:30 PM EST");
    expect(moved.filter((p) => p.kind === "dm").map((p) => p.userId).sort()).toEqual(["amy", "ben"]);
    const cancelled = await con.as("lead", "general", `/session cancel id:${pid} reason:"snow day"`);
    expect(cancelled.find((p) => p.kind === "update")!.id).toBe(post.id);
    expect(con.chat.messages.get(post.id)!.text).toContain("❌ CANCELLED — PD: feedback");
    expect(cancelled.filter((p) => p.kind === "dm").map((p) => p.userId).sort()).toEqual(["amy", "ben"]);
    expect(con.transcript.filter((p) => p.kind === "post").length).toBe(posts); // no new post
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "session", status: "pending" } })).toBe(0);
  });
});

describe.each(PROVIDERS)("session dates [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-10-26T15:00:00Z" }); // Monday
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre settings timezone:America/Chicago", "/cadre role add user:@lead role:leader");
  });
  afterAll(() => app.stop());

  it('reads "next Thursday 3:30pm" in America/Chicago', async () => {
    await con.as("lead", "general", '/session announce "ILT" when:"next Thursday 3:30pm" kind:ilt');
    const s = await app.deps.db.session.findFirstOrThrow({ where: { title: "ILT" } });
    // chrono reads "next Thursday" on a Monday as the Thursday of next week: 5 Nov, after
    // the clocks fall back, so 3:30 PM CST.
    expect(s.startsAt.toISOString()).toBe("2026-11-05T21:30:00.000Z");
    expect(s.minutes).toBe(90);
  });

  it("rejects a date in the past with an example", async () => {
    const [r] = await con.as("lead", "general", '/session announce "Late" when:"yesterday 9am"');
    expect(r!.text).toContain("Sunday 25 October 2026, 9:00 AM CDT is in the past");
    const [y] = await con.as("lead", "general", '/session announce "Late" when:"Oct 1 2026 9am"');
    expect(y!.text).toContain("is in the past");
    expect(r!.text).toContain('Example: `/session announce "Scoring training" when:"Dec 3 9am"');
    expect(await app.deps.db.session.count({ where: { title: "Late" } })).toBe(0);
  });

  it("keeps a 6-hour session across the fall-back change exactly 6 hours, in the calendar file too", async () => {
    const out = await con.as("lead", "general", '/session announce "Overnight scoring" when:"Oct 31 10pm" hours:6h kind:scoring-training');
    const ics = icsTimes(out.find((p) => p.kind === "private")!.reply.files![0]!.content);
    expect(ics.start).toBe("2026-11-01T03:00:00.000Z"); // 10 PM CDT
    expect(ics.end).toBe("2026-11-01T09:00:00.000Z"); // 3 AM CST, six real hours later
    await con.as("amy", "general", `/session rsvp id:${/Session ([A-Z0-9]{4})/.exec(out.find((p) => p.kind === "post")!.text)![1]} answer:going`);
    const due = await app.deps.db.delivery.findMany({ where: { targetId: "amy" }, orderBy: { dueAt: "asc" } });
    expect(due.map((d) => d.dueAt.toISOString())).toEqual(["2026-10-31T03:00:00.000Z", "2026-11-01T02:00:00.000Z"]);
  });
});
