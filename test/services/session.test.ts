// Sessions through the console on SQLite and PostgreSQL: announce a scoring training with a
// capacity, RSVPs with a waitlist and promotion, reminders on a controlled clock, check-in,
// CSV export, roster; cancel and reschedule editing the original post; who may do what; and
// the calendar file read back with a real iCalendar parser.
import ICAL from "ical.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { skipAfterFirstFailure } from "../support/steps.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import type { Posted } from "../../src/platforms/console/session.js";

/** The console numbers buttons where it shows them: "[12] Going". */
function button(p: Posted, label: string): number {
  const m = new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text);
  if (!m) throw new Error(`no ${label} button in: ${p.text}`);
  return Number(m[1]);
}

function readIcs(text: string): {
  start: string;
  end: string;
  summary: string;
  sequence: number;
  status: string;
  uid: string;
} {
  const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!;
  const ev = new ICAL.Event(vevent);
  return {
    start: ev.startDate.toJSDate().toISOString(),
    end: ev.endDate.toJSDate().toISOString(),
    summary: ev.summary,
    sequence: ev.sequence,
    status: String(vevent.getFirstPropertyValue("status")),
    uid: ev.uid,
  };
}

const sessionId = (p: Posted): string => /Session ([A-Z0-9]{4,8})/.exec(p.text)![1]!;

describe.each(PROVIDERS)("sessions [%s]", (provider) => {
  const start = "2026-11-10T14:00:00.000Z"; // Tue 10 Nov, 9:00 in New York (the workspace zone)

  /** An app on a fresh database at 2 Nov, with "lead" a leader, driven through the console. */
  async function setup() {
    const app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    const con = new ConsoleDriver(app);
    const scheduler = new Scheduler(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
    /** Runs the scheduler once at the clock's time and returns what it delivered. */
    const tick = async (): Promise<Posted[]> => {
      const before = con.transcript.length;
      await scheduler.tick();
      return con.transcript.slice(before);
    };
    return { app, con, tick };
  }

  // A story in steps: one scoring training from its announcement through RSVPs, the waitlist,
  // reposts, reminders and check-in to the roster. Each step needs the answers, clock and
  // deliveries the steps before it left (that is what is being tested: a session's life), so
  // the steps run in order on one database and the rest are skipped once one fails.
  describe.sequential("one scoring training, announced to roster", () => {
    let app: TestApp;
    let con: ConsoleDriver;
    let tick: () => Promise<Posted[]>;
    let id = "";
    let card: Posted;

    beforeAll(async () => {
      ({ app, con, tick } = await setup());
    });
    afterAll(() => app.stop());
    skipAfterFirstFailure();

    it("announces a scoring training with capacity 2 to the channel, with a calendar file in UTC", async () => {
      const out = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Nov 10 9am" hours:3 where:"Central HS library" channel:#scoring kind:scoring-training capacity:2',
      );
      card = out.find((p) => p.kind === "post")!;
      expect(card.channelId).toBe("scoring");
      expect(card.text).toContain("📅 Scoring training");
      expect(card.text).toContain("When: Tuesday 10 November 2026, 9:00 AM EST");
      expect(card.text).toContain("Length: 3 h");
      expect(card.text).toContain("Where: Central HS library");
      expect(card.text).toContain("Going 0 of 2 · Maybe 0 · Can't go 0");
      expect(card.reply.track).toMatch(/^session:[A-Z0-9]{4}$/);
      expect(card.reply.fields![0]!.value).toMatch(/^\u27E6t:/); // a time token: each viewer's own zone
      id = sessionId(card);
      const mine = out.find((p) => p.kind === "private")!;
      expect(mine.userId).toBe("lead");
      const ics = readIcs(mine.reply.files![0]!.content);
      expect(ics).toMatchObject({
        start,
        end: "2026-11-10T17:00:00.000Z",
        summary: "Scoring training",
        sequence: 0,
        status: "CONFIRMED",
      });
      // The card's button sends the same file privately to whoever presses it.
      await con.chat.press(button(card, "Add to calendar"), "zoe");
      const sent = con.transcript.at(-1)!;
      expect(sent).toMatchObject({ kind: "private", userId: "zoe" });
      expect(readIcs(sent.reply.files![0]!.content).start).toBe(start);
    });

    it("lets only leaders announce, cancel, reschedule and export, says who can, and changes nothing", async () => {
      for (const cmd of [
        '/session announce "PD" when:"Nov 20 9am"',
        `/session cancel id:${id}`,
        `/session reschedule id:${id} when:"Nov 12 9am"`,
        `/session export id:${id}`,
      ]) {
        const out = await con.as("ana", "general", cmd);
        expect(out).toHaveLength(1);
        expect(out[0]!.kind).toBe("private");
        expect(out[0]!.text).toMatch(
          /Only leader, coordinator or admin can use \/session (announce|cancel|reschedule|export)/,
        );
        expect(out[0]!.text).toContain("/cadre role add");
        expect(out[0]!.reply.files).toBeUndefined();
      }
      const rows = await app.deps.db.session.findMany();
      expect(rows.map((s) => [s.shortId, s.status, s.startsAt.toISOString()])).toEqual([[id, "scheduled", start]]);
      expect(con.chat.messages.get(card.id)!.text).not.toContain("CANCELLED");
    });

    it("waitlists the third Going, promotes them when someone drops, and DMs them", async () => {
      await con.chat.press(button(card, "Going"), "amy");
      await con.chat.press(button(card, "Going"), "ben");
      await con.chat.press(button(card, "Going"), "cal");
      const calAnswer = con.transcript.at(-1)!;
      expect(calAnswer).toMatchObject({ kind: "private", userId: "cal" });
      expect(calAnswer.text).toContain("is full; you are number 1 on the waitlist");
      const edited = con.transcript.at(-2)!;
      expect(edited.kind).toBe("update");
      expect(edited.id).toBe(card.id); // the press edited the announcement, live counts
      expect(con.chat.messages.get(card.id)!.text).toContain("Going 2 of 2 · Maybe 0 · Can't go 0 · Waitlist 1");

      const out = await con.as("amy", "scoring", `/session rsvp id:${id} answer:no`);
      expect(out.map((p) => p.kind)).toEqual(["update", "private"]);
      expect(con.chat.messages.get(card.id)!.text).toContain("Going 2 of 2 · Maybe 0 · Can't go 1");
      expect(con.chat.messages.get(card.id)!.text).not.toContain("Waitlist");
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.map((p) => p.userId)).toEqual(["cal"]);
      expect(dms[0]!.text).toContain(
        "A seat opened: you're now going to Scoring training, Tuesday 10 November 2026, 9:00 AM EST",
      );
      expect(await tick()).toEqual([]); // sent once
    });

    it("reposts a session's card with its current answers; later changes go to the new card; cancelled or over sessions are refused", async () => {
      const [denied] = await con.as("amy", "general", `/session repost id:${id}`);
      expect(denied!.text).toContain("Only leader, coordinator or admin can use /session repost");
      const out = await con.as("lead", "general", `/session repost id:${id}`);
      expect(out.map((p) => p.kind)).toEqual(["post", "private"]);
      const fresh = out[0]!;
      expect(fresh.channelId).toBe("scoring");
      expect(fresh.id).not.toBe(card.id);
      expect(fresh.text).toContain("Going 2 of 2 · Maybe 0 · Can't go 1");
      expect(out[1]!.text).toContain(`again in #scoring`);
      // An answer given by command (not on either card) edits the new card; the same answer again changes nothing.
      const again = await con.as(
        "amy",
        "scoring",
        `/session rsvp id:${id} answer:maybe`,
        `/session rsvp id:${id} answer:no`,
      );
      expect(again.filter((p) => p.kind === "update").map((p) => p.id)).toEqual([fresh.id, fresh.id]);
      expect((await con.as("amy", "scoring", `/session rsvp id:${id} answer:no`)).map((p) => p.kind)).toEqual([
        "private",
      ]);
      card = fresh;

      // Moved to another channel and back: the card follows, and so does /session list.
      const moved = await con.as("lead", "general", `/session repost id:${id} channel:#pd`);
      expect(moved.map((p) => `${p.kind}:${p.channelId ?? ""}`)).toEqual([
        "post:pd",
        expect.stringMatching(/^private:/),
      ]);
      expect(moved[1]!.text).toContain("from #scoring to #pd");
      expect((await con.as("amy", "pd", "/session list"))[0]!.text).toContain("Scoring training");
      expect((await con.as("amy", "scoring", "/session list"))[0]!.text).not.toContain("Scoring training");
      const back = await con.as("lead", "general", `/session repost id:${id} channel:#scoring`);
      expect(back[0]).toMatchObject({ kind: "post", channelId: "scoring" });
      card = back[0]!;

      const gone = sessionId(
        (await con.as("lead", "general", '/session announce "Gone" when:"Nov 25 9am" channel:#pd')).find(
          (p) => p.kind === "post",
        )!,
      );
      await con.as("lead", "general", `/session cancel id:${gone}`);
      const [cancelled] = await con.as("lead", "general", `/session repost id:${gone}`);
      expect(cancelled!.text).toContain("Gone is cancelled, so there is no card to post again");
      app.clock.set("2026-11-10T17:00:00Z"); // the scoring training has ended
      const [over] = await con.as("lead", "general", `/session repost id:${id}`);
      expect(over!.text).toContain("Scoring training is over");
      app.clock.set("2026-11-02T15:00:00Z");
    });

    it("reminds Going and Maybe (never Can't go) 24 hours and 1 hour before, through the scheduler", async () => {
      await con.as("dee", "scoring", `/session rsvp id:${id} answer:maybe`);
      const reminders = () => con.transcript.filter((p) => p.kind === "dm" && p.text.includes("⏰"));
      app.clock.set("2026-11-09T13:59:00Z");
      expect(await tick()).toEqual([]);
      app.clock.set("2026-11-09T14:00:00Z"); // 24 h before
      const day = await tick();
      expect(day.map((p) => `${p.kind}:${p.userId}`).sort()).toEqual(["dm:ben", "dm:cal", "dm:dee"]);
      expect(day[0]!.text).toMatch(
        /⏰ Scoring training starts in 1 day — Tuesday 10 November 2026, 9:00 AM EST, Central HS library/,
      );
      app.clock.set("2026-11-10T12:59:00Z");
      expect(await tick()).toEqual([]);
      app.clock.set("2026-11-10T13:00:00Z"); // 1 h before
      const hour = await tick();
      expect(hour.map((p) => `${p.kind}:${p.userId}`).sort()).toEqual(["dm:ben", "dm:cal", "dm:dee"]);
      expect(hour[0]!.text).toContain("starts in 1 h —");
      expect(reminders().filter((p) => p.userId === "amy")).toEqual([]);
      expect(reminders()).toHaveLength(6);
    });

    it("checks two people in during the session, exports those rows as CSV privately, and the roster lists them", async () => {
      app.clock.set("2026-11-10T13:20:00Z"); // 40 min before: not open yet
      const [early] = await con.as("ben", "scoring", `/session checkin id:${id}`);
      expect(early!.kind).toBe("private");
      expect(early!.text).toContain("Check-in for Scoring training is open from Tue 10 Nov, 8:30 AM to 12:00 PM EST");
      expect(early!.text).toContain(`Example: \`/session checkin id:${id}\``);

      app.clock.set("2026-11-10T14:10:00Z");
      await con.chat.press(button(card, "Check in"), "ben");
      // The answer, then the card redrawn with a Check out button while check-out is open.
      expect(con.transcript.at(-2)!.text).toContain("Checked you in to Scoring training");
      expect(con.transcript.at(-1)!).toMatchObject({ kind: "update", id: card.id });
      const [denied] = await con.as("ben", "scoring", `/session checkin id:${id} user:@cal`);
      expect(denied!.text).toContain("Only leader, coordinator or admin can check in someone else");
      app.clock.set("2026-11-10T14:25:00Z");
      const [marked] = await con.as("lead", "scoring", `/session checkin id:${id} user:@cal`);
      expect(marked!.text).toContain("Checked @cal in to Scoring training");

      const [att] = await con.as("lead", "scoring", `/session attendance id:${id}`);
      expect(att!.text).toContain("Going and came (2): @ben, @cal");
      expect(att!.text).toContain("Going, not checked in yet (0)"); // it has not ended: nobody is absent yet

      const [csvReply] = await con.as("lead", "scoring", `/session export id:${id}`);
      expect(csvReply).toMatchObject({ kind: "private", userId: "lead" });
      expect(csvReply!.reply.files![0]).toMatchObject({ filename: `attendance-${id}.csv`, contentType: "text/csv" });
      expect(csvReply!.reply.files![0]!.content.startsWith("\uFEFF")).toBe(true); // Excel reads it as UTF-8
      expect(csvReply!.reply.files![0]!.content.trim().split("\n")).toEqual([
        "name,platform user id,rsvp,checked in,marked by,session,session date,session hours,checked out,hours credited",
        "amy,amy,Can't go,,,Scoring training,2026-11-10 09:00,3.00,,",
        "ben,ben,Going,2026-11-10 09:10,self,Scoring training,2026-11-10 09:00,3.00,,2.75",
        "cal,cal,Going,2026-11-10 09:25,lead,Scoring training,2026-11-10 09:00,3.00,,2.50",
        "dee,dee,Maybe,,,Scoring training,2026-11-10 09:00,3.00,,",
      ]);

      app.clock.set("2026-11-12T15:00:00Z");
      const [roster] = await con.as("lead", "general", "/session roster");
      expect(roster!.text).toContain("Scoring roster — school year since 2026-07-01");
      expect(roster!.text).toMatch(/Trained to score \(2\)\n- @ben \(Tue 10 Nov 2026\)\n- @cal \(Tue 10 Nov 2026\)\n/);
      expect(roster!.text).toContain("Said Going but did not attend (0)");
      // Members see only their own standing.
      const [mine] = await con.as("ben", "general", "/session roster");
      expect(mine!.text).toBe("You are trained to score this school year (scoring training on Tue 10 Nov 2026).");
      const [notMine] = await con.as("dee", "general", "/session roster");
      expect(notMine!.text).toContain("You have not attended a scoring training this school year (since 2026-07-01)");
    });
  });

  // These stand alone: each gets a fresh database.
  describe("reschedule, cancel, list and show", () => {
    let app: TestApp;
    let con: ConsoleDriver;
    let tick: () => Promise<Posted[]>;

    beforeEach(async () => {
      ({ app, con, tick } = await setup());
    });
    afterEach(() => app.stop());

    it("reschedule edits the original post, DMs everyone who answered with the new calendar file, and re-plans reminders", async () => {
      const out = await con.as(
        "lead",
        "general",
        '/session announce "PD: feedback" when:"Nov 19 3:30pm" hours:90m channel:#pd capacity:1',
      );
      const post = out.find((p) => p.kind === "post")!;
      const pid = sessionId(post);
      await con.chat.press(button(post, "Going"), "amy");
      await con.chat.press(button(post, "Going"), "eve"); // waitlisted
      await con.chat.press(button(post, "Maybe"), "dee");
      await con.chat.press(button(post, "Can't go"), "ben");
      await tick();
      const posts = con.transcript.filter((p) => p.kind === "post").length;

      const moved = await con.as("lead", "general", `/session reschedule id:${pid} when:"Nov 20 3:30pm"`);
      expect(moved.map((p) => p.kind)).toEqual(["update", "private"]);
      expect(moved[0]!.id).toBe(post.id);
      expect(con.chat.messages.get(post.id)!.text).toContain("When: Friday 20 November 2026, 3:30 PM EST (new time)");
      expect(moved[1]!.text).toContain("4 people who answered will get a DM");
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.map((p) => p.userId).sort()).toEqual(["amy", "ben", "dee", "eve"]);
      const amy = dms.find((p) => p.userId === "amy")!;
      expect(amy.text).toContain(
        "PD: feedback moved from Thursday 19 November 2026, 3:30 PM EST to Friday 20 November 2026, 3:30 PM EST",
      );
      expect(amy.text).toContain("You're still going.");
      expect(dms.find((p) => p.userId === "eve")!.text).toContain("You're still on the waitlist.");
      expect(readIcs(amy.reply.files![0]!.content)).toMatchObject({
        start: "2026-11-20T20:30:00.000Z",
        end: "2026-11-20T22:00:00.000Z",
        sequence: 1,
      });
      expect(dms.find((p) => p.userId === "ben")!.reply.files).toBeUndefined();
      const sid = (await app.deps.db.session.findFirstOrThrow({ where: { shortId: pid } })).id;
      const pending = await app.deps.db.delivery.findMany({
        where: { sourceId: sid, status: "pending" },
        orderBy: [{ dueAt: "asc" }, { targetId: "asc" }],
      });
      expect(pending.map((d) => `${d.targetId}@${d.dueAt.toISOString()}`)).toEqual([
        "amy@2026-11-19T20:30:00.000Z",
        "dee@2026-11-19T20:30:00.000Z",
        "amy@2026-11-20T19:30:00.000Z",
        "dee@2026-11-20T19:30:00.000Z",
      ]);
      expect(await app.deps.db.delivery.count({ where: { sourceId: sid, status: "cancelled" } })).toBe(4); // the old plan

      const cancelled = await con.as("lead", "general", `/session cancel id:${pid} reason:"snow day"`);
      expect(cancelled.map((p) => p.kind)).toEqual(["update", "private"]);
      expect(cancelled[0]!.id).toBe(post.id);
      const now = con.chat.messages.get(post.id)!;
      expect(now.text).toContain("❌ CANCELLED — PD: feedback");
      expect(now.reply.buttons).toEqual([]);
      const told = (await tick()).filter((p) => p.kind === "dm");
      expect(told.map((p) => p.userId).sort()).toEqual(["amy", "ben", "dee", "eve"]);
      expect(told[0]!.text).toContain("PD: feedback on Friday 20 November 2026, 3:30 PM EST is cancelled: snow day");
      expect(con.transcript.filter((p) => p.kind === "post").length).toBe(posts); // never a new post
      expect(await app.deps.db.delivery.count({ where: { sourceId: sid, status: "pending" } })).toBe(0);
      // The calendar file now tells calendars to drop the event it replaces.
      await con.chat.press(button(post, "Add to calendar"), "amy"); // the button on the old rendering still answers
      const ics = readIcs(con.transcript.at(-1)!.reply.files![0]!.content);
      expect(ics).toMatchObject({ status: "CANCELLED", sequence: 2, summary: "CANCELLED: PD: feedback" });

      const [again] = await con.as("lead", "general", `/session cancel id:${pid}`);
      expect(again!.text).toContain("PD: feedback was already cancelled (snow day); nothing changed");
      const [late] = await con.as("amy", "general", `/session rsvp id:${pid} answer:going`);
      expect(late!.text).toContain("PD: feedback was cancelled");
    });

    it("lists upcoming sessions here, or with all:yes also those answered elsewhere, and shows one", async () => {
      // A session that will be over, and one that is cancelled: neither is listed.
      await con.as("lead", "general", '/session announce "Scoring training" when:"Nov 10 9am" hours:3 channel:#pd');
      const gone = sessionId(
        (await con.as("lead", "general", '/session announce "PD: feedback" when:"Nov 19 3:30pm" channel:#pd')).find(
          (p) => p.kind === "post",
        )!,
      );
      await con.as("lead", "general", `/session cancel id:${gone}`);
      app.clock.set("2026-11-12T15:00:00Z");
      await con.as("lead", "general", '/session announce "Study group" when:"Nov 16 4pm" kind:study-group channel:#pd');
      const [here] = await con.as("amy", "general", "/session list");
      expect(here!.text).toContain("No upcoming sessions in this channel");
      const sid = (await app.deps.db.session.findFirstOrThrow({ where: { title: "Study group" } })).shortId;
      // all:yes adds the sessions of other channels amy answered (she may not be in #pd).
      const [unseen] = await con.as("amy", "general", "/session list all:yes");
      expect(unseen!.text).not.toContain("Study group");
      await con.as("amy", "pd", `/session rsvp id:${sid} answer:maybe`);
      const [all] = await con.as("amy", "general", "/session list all:yes");
      expect(all!.text).toMatch(/Study group\*{0,2} — Mon 16 Nov, 4:00 PM · 1 h · #pd/);
      expect(all!.text).not.toContain("PD: feedback"); // cancelled
      expect(all!.text).not.toContain("Scoring training"); // over
      const [shown] = await con.as("amy", "general", `/session show id:${sid.toLowerCase()}`);
      expect(shown!.kind).toBe("private");
      expect(shown!.text).toContain("Study group");
      expect(shown!.text).toContain("Length: 1 h");
      const [none] = await con.as("amy", "general", "/session show id:ZZZZ");
      expect(none!.text).toContain("There is no session ZZZZ here");
      expect(none!.text).toContain("Example: `/session show id:7K2Q`");
    });
  });
});
