// A new user's first hour with /session, through the console: real dates only, a cancellation
// that removes the calendar event, honest reminder promises, attendance that waits for the end,
// /session edit, and every action run twice changing nothing the second time.
import { describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { makeApp, PROVIDERS } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import type { Posted } from "../../src/platforms/console/session.js";

const sessionId = (ps: Posted[]): string =>
  /Session ([A-Z0-9]{4,8})/.exec(ps.find((p) => p.kind === "post")!.text)![1]!;

describe.each(PROVIDERS)("a first hour with sessions [%s]", (provider) => {
  /** An app on a fresh database at Tue 1 Dec 2026, 10:00 in New York, with "lead" a leader. */
  async function setup() {
    const app = await makeApp(provider, { now: "2026-12-01T15:00:00Z" });
    const con = new ConsoleDriver(app);
    const scheduler = new Scheduler(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
    const tick = async (): Promise<Posted[]> => {
      const before = con.transcript.length;
      await scheduler.tick();
      return con.transcript.slice(before);
    };
    const announce = async (extra = "") =>
      sessionId(await con.as("lead", "scoring", `/session announce "Scoring training" when:"Dec 10 9am" ${extra}`));
    return { app, con, tick, announce };
  }

  it("refuses a date that does not exist, saying why, and saves nothing", async () => {
    const { app, con } = await setup();
    try {
      for (const [when, why] of [
        ["2026-13-01 9am", "there is no month 13"],
        ["Jan 50 9am", "there is no January 50"],
        ["Feb 30 9am", "there is no February 30"],
      ]) {
        const [r] = await con.as("lead", "scoring", `/session announce "Nope" when:"${when}"`);
        expect(r!.kind).toBe("private");
        expect(r!.text).toContain(`"${when}" is not a real date: ${why}`);
        expect(r!.text).toContain("Example: `/session announce");
      }
      expect(await app.deps.db.session.count()).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it("reads a month and day already past this year as next year's, and says so with the year", async () => {
    const { app, con } = await setup();
    try {
      const out = await con.as("lead", "scoring", '/session announce "Fall kickoff" when:"Nov 3 9am"');
      const ok = out.find((p) => p.kind === "private")!;
      expect(ok.text).toContain("for Wednesday 3 November 2027, 9:00 AM");
      expect(ok.text).toContain(
        "No year was given and that date has passed this year, so I read it as next year's: Wed 3 Nov 2027.",
      );
      // One sentence, and one way to change it (the reschedule hint after it).
      expect(ok.text).not.toContain("To change it");
      expect(ok.text.match(/\/session reschedule/g)).toHaveLength(1);
      const sid = sessionId(out);
      const [moved] = (await con.as("lead", "scoring", `/session reschedule id:${sid} when:"Oct 1 9am"`)).filter(
        (p) => p.kind === "private",
      );
      expect(moved!.text).toContain("so I read it as next year's: Fri 1 Oct 2027.");
      // Nobody had answered: no "0 people who answered will get a DM".
      expect(moved!.text).toMatch(/^Moved Fall kickoff to Friday 1 October 2027, 9:00 AM EDT\.\n/);
    } finally {
      await app.stop();
    }
  });

  it("refuses a month and day of the last week as already passed, privately, saving nothing (not next year's)", async () => {
    const { app, con } = await setup();
    try {
      // 10:00 AM on Tue 1 Dec: 9am today and Nov 28 (3 days back) were just missed.
      for (const [when, ahead] of [
        ["Dec 1 9am", "Dec 8 9am"],
        ["Nov 28 3:30pm", "Dec 5 3:30pm"],
        ["Nov 24 10:30pm", "Dec 1 10:30pm"],
      ]) {
        const out = await con.as("lead", "scoring", `/session announce "Nope" when:"${when}"`);
        expect(out).toHaveLength(1);
        expect(out[0]).toMatchObject({ kind: "private", userId: "lead" });
        expect(out[0]!.text).toContain(`${when} has already passed (it is now Tue 1 Dec, 10:00 AM).`);
        expect(out[0]!.text).toContain(`like when:"${ahead}"`);
        expect(out[0]!.text).toContain(`Example: \`/session announce "Scoring training" when:"${ahead}"`);
      }
      // A series too, and a reschedule.
      const [series] = await con.as(
        "lead",
        "scoring",
        '/session announce "S" when:"Nov 30 9am" repeat:"every week" count:3',
      );
      expect(series!.text).toContain("Nov 30 9am has already passed");
      expect(await app.deps.db.session.count()).toBe(0);
      const sid = sessionId(await con.as("lead", "scoring", '/session announce "Scoring training" when:"Dec 10 9am"'));
      const [moved] = await con.as("lead", "scoring", `/session reschedule id:${sid} when:"Nov 30 9am"`);
      expect(moved!.text).toContain("Nov 30 9am has already passed");
      expect((await app.deps.db.session.findFirstOrThrow()).startsAt.toISOString()).toBe("2026-12-10T14:00:00.000Z");
      // What was suggested works, and a date more than a week back is next year's, as before.
      const ok = await con.as("lead", "scoring", '/session announce "Later" when:"Dec 8 9am"');
      expect(ok.find((p) => p.kind === "private")!.text).toContain("for Tuesday 8 December 2026, 9:00 AM");
      const far = await con.as("lead", "scoring", '/session announce "Far" when:"Nov 23 9am"');
      expect(far.find((p) => p.kind === "private")!.text).toContain("so I read it as next year's: Tue 23 Nov 2027.");
    } finally {
      await app.stop();
    }
  });

  it("cancels with a calendar file that removes the event, the reason on the card, and a second cancel changes nothing", async () => {
    const { app, con, tick, announce } = await setup();
    try {
      const sid = await announce("kind:scoring-training");
      const card = con.transcript.find((p) => p.kind === "post")!;
      // The kind is not a second title line, and not repeated when the title says it.
      expect(card.reply.text ?? "").not.toContain("Scoring training");
      await con.as("amy", "scoring", `/session rsvp id:${sid} answer:going`);
      await con.as("ben", "scoring", `/session rsvp id:${sid} answer:maybe`);
      await con.as("lead", "scoring", `/session cancel id:${sid} reason:"snow day"`);
      const shown = con.chat.messages.get(card.id)!;
      expect(shown.text).toContain("❌ CANCELLED — Scoring training");
      expect(shown.text).toContain("Cancelled: snow day");
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.map((p) => p.userId).sort()).toEqual(["amy", "ben"]);
      for (const dm of dms) {
        const cal = new ICAL.Component(ICAL.parse(dm.reply.files![0]!.content));
        expect(cal.getFirstPropertyValue("method")).toBe("CANCEL");
        const ev = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
        const row = await app.deps.db.session.findFirstOrThrow({ where: { shortId: sid } });
        expect(ev.uid).toBe(`${row.id}@cadre`);
        expect(ev.sequence).toBe(1); // the announcement's file was SEQUENCE 0
        expect(ev.component.getFirstPropertyValue("status")).toBe("CANCELLED");
      }
      const [again] = await con.as("lead", "scoring", `/session cancel id:${sid} reason:"other"`);
      expect(again!.kind).toBe("private");
      expect(again!.text).toContain("Scoring training was already cancelled (snow day); nothing changed");
      expect((await tick()).filter((p) => p.kind === "dm")).toEqual([]);
      expect((await app.deps.db.session.findFirstOrThrow({ where: { shortId: sid } })).revision).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it("promises only the reminders that will be sent, and answering the same twice changes nothing", async () => {
    const { app, con, announce } = await setup();
    try {
      const sid = await announce("capacity:1");
      const [going] = await con
        .as("amy", "scoring", `/session rsvp id:${sid} answer:going`)
        .then((ps) => ps.filter((p) => p.kind === "private"));
      expect(going!.text).toContain("I'll remind you 1 d and 1 h before it starts.");
      const again = await con.as("amy", "scoring", `/session rsvp id:${sid} answer:going`);
      expect(again.map((p) => p.kind)).toEqual(["private"]); // the card is not touched
      expect(again[0]!.text).toContain("You were already going to Scoring training");
      const [wait] = (await con.as("ben", "scoring", `/session rsvp id:${sid} answer:going`)).filter(
        (p) => p.kind === "private",
      );
      expect(wait!.text).toContain("you are number 1 on the waitlist.");
      const [still] = await con.as("ben", "scoring", `/session rsvp id:${sid} answer:going`);
      expect(still!.text).toContain("you are number 1 on the waitlist (no change)");
      const [no1] = (await con.as("cal", "scoring", `/session rsvp id:${sid} answer:no`)).filter(
        (p) => p.kind === "private",
      );
      expect(no1!.text).toBe("Marked can't go for Scoring training.");
      const [no2] = await con.as("cal", "scoring", `/session rsvp id:${sid} answer:no`);
      expect(no2!.text).toContain("You had already said you can't go to Scoring training; nothing changed.");

      app.clock.set("2026-12-10T14:30:00Z"); // 9:30 AM EST... 30 min before the start: both reminder times passed
      const [late] = (await con.as("dee", "scoring", `/session rsvp id:${sid} answer:maybe`)).filter(
        (p) => p.kind === "private",
      );
      expect(late!.text).toContain("It starts too soon for its reminders, so none will be sent.");
      expect(late!.text).not.toContain("I'll remind you");
      const none = sessionId(
        await con.as("lead", "scoring", '/session announce "Quiet" when:"Dec 20 9am" remind:none'),
      );
      const [quiet] = (await con.as("amy", "scoring", `/session rsvp id:${none} answer:going`)).filter(
        (p) => p.kind === "private",
      );
      expect(quiet!.text).toContain("This session has no reminders.");
    } finally {
      await app.stop();
    }
  });

  it("announcing the same session twice (title, start, channel) answers with the first and saves nothing", async () => {
    const { app, con, tick, announce } = await setup();
    try {
      const sid = await announce("hours:3");
      await tick();
      const outbox = await app.deps.db.delivery.count();
      const again = await con.as("lead", "scoring", '/session announce "Scoring training" when:"Dec 10 9am" hours:3');
      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ kind: "private", userId: "lead" });
      expect(again[0]!.text).toContain(
        `Scoring training (${sid}) is already announced in #scoring for Thursday 10 December 2026, 9:00 AM EST; nothing new was saved or posted.`,
      );
      expect(again[0]!.text).toContain(`/session edit id:${sid}`);
      // Named with the channel, from elsewhere: the same session.
      const [there] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Dec 10 9am" channel:#scoring',
      );
      expect(there!.text).toContain(`(${sid}) is already announced`);
      // The title compared as people read it: another case or spacing is the same session.
      for (const title of ["Scoring Training", "scoring  TRAINING"]) {
        const [same] = await con.as("lead", "scoring", `/session announce "${title}" when:"Dec 10 9am" hours:3`);
        expect(same!.text).toContain(`Scoring training (${sid}) is already announced in #scoring`);
      }
      expect(await app.deps.db.session.count()).toBe(1);
      expect(await app.deps.db.delivery.count()).toBe(outbox);
      expect(await app.deps.db.auditEvent.count({ where: { action: "session.announce" } })).toBe(1);
      // Another start, title or channel is another session; so is one after the first was cancelled.
      await con.as("lead", "scoring", '/session announce "Scoring training" when:"Dec 10 1pm"');
      await con.as("lead", "scoring", '/session announce "Scoring training II" when:"Dec 10 9am"');
      await con.as("lead", "pd", '/session announce "Scoring training" when:"Dec 10 9am"');
      expect(await app.deps.db.session.count()).toBe(4);
      await con.as("lead", "scoring", `/session cancel id:${sid}`);
      await announce();
      expect(await app.deps.db.session.count()).toBe(5);
    } finally {
      await app.stop();
    }
  });

  it("rescheduling to the same time, or checking in twice, answers with what is and changes nothing", async () => {
    const { app, con, tick, announce } = await setup();
    try {
      const sid = await announce("hours:3");
      await con.as("amy", "scoring", `/session rsvp id:${sid} answer:going`);
      await tick();
      const same = await con.as("lead", "scoring", `/session reschedule id:${sid} when:"Dec 10 9am" hours:3`);
      expect(same.map((p) => p.kind)).toEqual(["private"]);
      expect(same[0]!.text).toContain("Nothing to change: Scoring training already starts Thursday 10 December 2026");
      expect((await tick()).filter((p) => p.kind === "dm")).toEqual([]);
      expect((await app.deps.db.session.findFirstOrThrow({ where: { shortId: sid } })).revision).toBe(0);

      app.clock.set("2026-12-10T14:10:00Z");
      const [c1] = await con.as("amy", "scoring", `/session checkin id:${sid}`);
      expect(c1!.text).toContain("Checked you in to Scoring training");
      const [c2] = await con.as("amy", "scoring", `/session checkin id:${sid}`);
      expect(c2!.text).toContain("You were already checked in to Scoring training");
      const [c3] = await con.as("lead", "scoring", `/session checkin id:${sid} user:@amy`);
      expect(c3!.text).toContain("was already checked in");
      const row = await app.deps.db.rsvp.findFirstOrThrow({ where: { userId: "amy" } });
      expect(row.checkedInAt!.toISOString()).toBe("2026-12-10T14:10:00.000Z");
      expect(row.markedBy).toBeNull();
    } finally {
      await app.stop();
    }
  });

  it("calls nobody absent before the session ends, and names Maybe, waitlist and Can't go", async () => {
    const { app, con, announce } = await setup();
    try {
      const sid = await announce("capacity:1");
      await con.as("amy", "scoring", `/session rsvp id:${sid} answer:going`);
      await con.as("ben", "scoring", `/session rsvp id:${sid} answer:going`); // waitlist
      await con.as("cal", "scoring", `/session rsvp id:${sid} answer:maybe`);
      await con.as("dee", "scoring", `/session rsvp id:${sid} answer:no`);
      const [before] = await con.as("lead", "scoring", `/session attendance id:${sid}`);
      expect(before!.text).toContain("(not over yet)");
      expect(before!.text).not.toContain("absent");
      expect(before!.text).toContain("Going, not checked in yet (1): @amy");
      expect(before!.text).toContain("Maybe, not checked in (1): @cal");
      expect(before!.text).toContain("Waitlist, in order (1): @ben");
      expect(before!.text).toContain("Can't go (1): @dee");
      app.clock.set("2026-12-10T18:01:00Z"); // after the 3 h session
      const [after] = await con.as("lead", "scoring", `/session attendance id:${sid}`);
      expect(after!.text).toContain("Going but absent (1): @amy");
      expect(after!.text).toContain("Maybe, did not come (1): @cal");
    } finally {
      await app.stop();
    }
  });

  it("edits a session in place: the card, the waitlist on more seats, a DM for where and how long, never a lost RSVP", async () => {
    const { app, con, tick, announce } = await setup();
    try {
      const sid = await announce('capacity:1 where:"Room 1"');
      const card = con.transcript.find((p) => p.kind === "post")!;
      await con.as("amy", "scoring", `/session rsvp id:${sid} answer:going`);
      await con.as("ben", "scoring", `/session rsvp id:${sid} answer:going`); // waitlist 1
      await con.as("cal", "scoring", `/session rsvp id:${sid} answer:going`); // waitlist 2
      await con.as("dee", "scoring", `/session rsvp id:${sid} answer:no`);
      await tick();

      const [denied] = await con.as("amy", "scoring", `/session edit id:${sid} capacity:5`);
      expect(denied!.text).toContain("Only leader");
      const [empty] = await con.as("lead", "scoring", `/session edit id:${sid}`);
      expect(empty!.text).toContain("Say what to change: title:, where:");

      const more = await con.as("lead", "scoring", `/session edit id:${sid} capacity:2`);
      expect(more[0]).toMatchObject({ kind: "update", id: card.id });
      expect(more[0]!.text).toContain("Going 2 of 2 · Maybe 0 · Can't go 1 · Waitlist 1");
      expect(more[1]!.text).toContain("Updated Scoring training");
      expect(more[1]!.text).toContain("Moved from the waitlist to Going (told by DM): @ben.");
      const promoted = (await tick()).filter((p) => p.kind === "dm");
      expect(promoted.map((p) => p.userId)).toEqual(["ben"]);
      expect(promoted[0]!.text).toContain("A seat opened: you're now going to Scoring training");

      const moved = await con.as("lead", "scoring", `/session edit id:${sid} where:"Room 114" hours:6`);
      expect(moved[0]!.text).toContain("Where: Room 114");
      expect(moved[0]!.text).toContain("Length: 6 h");
      expect(moved[0]!.text).not.toContain("(new time)"); // the place changed, not the time
      expect(moved[1]!.text).toContain("Updated Scoring training");
      expect(moved[1]!.text).toContain("where, length");
      expect(moved[1]!.text).toContain("3 people who answered will get a DM");
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.map((p) => p.userId).sort()).toEqual(["amy", "ben", "cal"]); // not dee, who can't go
      expect(dms[0]!.text).toContain("is now at Room 114 (was Room 1)");
      expect(dms[0]!.text).toContain("now lasts 6 h (was 3 h)");
      const ev = new ICAL.Event(
        new ICAL.Component(ICAL.parse(dms[0]!.reply.files![0]!.content)).getFirstSubcomponent("vevent")!,
      );
      expect(ev.location).toBe("Room 114");
      expect(ev.sequence).toBe(1);
      expect(ev.endDate.toJSDate().toISOString()).toBe("2026-12-10T20:00:00.000Z");
      const answers = await app.deps.db.rsvp.findMany({ orderBy: { userId: "asc" } });
      expect(answers.map((r) => `${r.userId}:${r.answer}`)).toEqual([
        "amy:going",
        "ben:going",
        "cal:waitlist",
        "dee:no",
      ]);
      // Reminders carry the new place.
      const rem = await app.deps.db.delivery.findFirstOrThrow({
        where: { sourceKind: "session", targetId: "amy", status: "pending" },
      });
      expect(rem.payload).toContain("Room 114");

      const same = await con.as("lead", "scoring", `/session edit id:${sid} where:"Room 114" capacity:2`);
      expect(same.map((p) => p.kind)).toEqual(["private"]);
      expect(same[0]!.text).toContain("Nothing to change: Scoring training");
      expect((await tick()).filter((p) => p.kind === "dm")).toEqual([]);

      const fewer = await con.as("lead", "scoring", `/session edit id:${sid} capacity:1 notes:"Bring rubrics"`);
      expect(fewer[1]!.text).toContain("capacity, notes");
      expect(fewer[1]!.text).toContain("1 more person is going than the new capacity; they keep their seats");
      expect(fewer[0]!.text).toContain("Bring rubrics");
      expect((await tick()).filter((p) => p.kind === "dm")).toEqual([]); // notes and seats are not worth a DM
    } finally {
      await app.stop();
    }
  });

  it("clears an optional field with none: the card and answerers hear it, the waitlist gets seats, a typo says how", async () => {
    const { app, con, tick, announce } = await setup();
    try {
      const sid = await announce('capacity:1 where:"Room 1" link:https://meet.example.org/a notes:"Bring rubrics"');
      await con.as("amy", "scoring", `/session rsvp id:${sid} answer:going`);
      await con.as("ben", "scoring", `/session rsvp id:${sid} answer:going`); // waitlist
      await tick();

      const cleared = await con.as("lead", "scoring", `/session edit id:${sid} link:none capacity:NONE notes:none`);
      expect(cleared[0]!.kind).toBe("update");
      expect(cleared[0]!.text).not.toContain("meet.example.org");
      expect(cleared[0]!.text).not.toContain("Bring rubrics");
      expect(cleared[0]!.text).toContain("Going 2 · ");
      expect(cleared[1]!.text).toContain("Updated Scoring training");
      expect(cleared[1]!.text).toContain("link, capacity, notes");
      expect(cleared[1]!.text).toContain("Moved from the waitlist to Going (told by DM): @ben.");
      const row = await app.deps.db.session.findFirstOrThrow({ where: { shortId: sid } });
      expect(row).toMatchObject({ link: null, capacity: null, notes: null, location: "Room 1" });
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.find((p) => p.userId === "amy")!.text).toContain("no longer has a video link");

      const again = await con.as("lead", "scoring", `/session edit id:${sid} link:none`);
      expect(again[0]!.text).toContain("Nothing to change");

      const [typo] = await con.as("lead", "scoring", `/session edit id:${sid} capacity:lots`);
      expect(typo!.kind).toBe("private");
      expect(typo!.text).toContain("or none to clear it");
      const [title] = await con.as("lead", "scoring", `/session edit id:${sid} title:none`);
      expect(title!.text).toContain("A session always has a title, so none cannot clear it");
      expect((await app.deps.db.session.findFirstOrThrow({ where: { shortId: sid } })).title).toBe("Scoring training");
      const [help] = await con.as("lead", "scoring", "/session edit help");
      expect(help!.text).toContain("(none clears it)");
      expect(help!.text).toContain("link:none capacity:none");
    } finally {
      await app.stop();
    }
  });
});
