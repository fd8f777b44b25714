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
      expect(ok.text).toContain("that date has passed this year, so I read it as Wed 3 Nov 2027 (next year)");
      const sid = sessionId(out);
      const [moved] = (await con.as("lead", "scoring", `/session reschedule id:${sid} when:"Oct 1 9am"`)).filter(
        (p) => p.kind === "private",
      );
      expect(moved!.text).toContain("Fri 1 Oct 2027 (next year)");
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
});
