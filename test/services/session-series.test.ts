// Copies, series, PD topics and the scorer gate through the console on SQLite and PostgreSQL:
// a series of 10 posted through the outbox, one cancelled alone and a series cancelled from its
// 4th; a copy that keeps the fields and not the answers; topics with a typo's suggestion; Going
// on a scoring day refused until a training the person checked in to has ended; and the lapsed-scorer list
// at the school-year boundary in America/Chicago, then the invitations.
import { describe, expect, it } from "vitest";
import { makeApp, PROVIDERS } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { runSchoolYearStart } from "../../src/scheduler/school-year-job.js";
import type { Posted } from "../../src/platforms/console/session.js";

function button(p: Posted, label: string): number {
  const m = new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text);
  if (!m) throw new Error(`no ${label} button in: ${p.text}`);
  return Number(m[1]);
}
const sessionId = (p: Posted): string => /Session ([A-Z0-9]{4,8})/.exec(p.text)![1]!;

describe.each(PROVIDERS)("copies, series, topics and the scorer gate [%s]", (provider) => {
  /** A fresh app at Mon 2 Nov 2026 (New York), "lead" a leader, and a scheduler tick that returns what it sent. */
  async function setup(now = "2026-11-02T15:00:00Z", zone = "America/New_York") {
    const app = await makeApp(provider, { now, env: { CADRE_TIMEZONE: zone } });
    const con = new ConsoleDriver(app);
    const scheduler = new Scheduler(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
    const tick = async (): Promise<Posted[]> => {
      const before = con.transcript.length;
      await scheduler.tick();
      return con.transcript.slice(before);
    };
    return { app, con, tick };
  }

  /** Announces a series of 10 and delivers its cards; returns the cards in series order. */
  async function seriesOfTen(con: ConsoleDriver, tick: () => Promise<Posted[]>) {
    const out = await con.as(
      "lead",
      "general",
      '/session announce "Scoring practice" when:"Nov 10 9am" repeat:"every other Tuesday" count:10 channel:#scoring',
    );
    expect(out.map((p) => p.kind)).toEqual(["private"]);
    const summary = out[0]!.text;
    // An answer given before the cards are posted (by command, from the summary's ids).
    const first = /1 of 10: `([A-Z0-9]{4,8})`/.exec(summary)![1]!;
    await con.as("zoe", "scoring", `/session rsvp id:${first} answer:maybe`);
    const cards = (await tick()).filter((p) => p.kind === "post");
    return { summary, cards };
  }

  it("announces a series of 10, each its own session and card; one cancelled alone leaves the other nine intact", async () => {
    const { app, con, tick } = await setup();
    try {
      const { summary, cards } = await seriesOfTen(con, tick);
      expect(summary).toContain("Announced a series of 10: Scoring practice (every other Tuesday)");
      expect(summary).toContain("1 of 10");
      expect(summary).toContain("Tue 10 Nov, 9:00 AM");
      expect(summary).toContain("Tue 16 Mar, 9:00 AM"); // 10th, after the change to daylight time: still 9:00
      expect(cards).toHaveLength(10);
      expect(cards.every((c) => c.channelId === "scoring")).toBe(true);
      cards.forEach((c, i) => expect(c.text).toContain(`${i + 1} of 10 in a series`));
      const rows = await app.deps.db.session.findMany({ orderBy: { startsAt: "asc" } });
      expect(rows).toHaveLength(10);
      expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
      expect(new Set(rows.map((r) => r.shortId)).size).toBe(10);
      expect(rows.map((r) => r.startsAt.toISOString())).toEqual([
        "2026-11-10T14:00:00.000Z",
        "2026-11-24T14:00:00.000Z",
        "2026-12-08T14:00:00.000Z",
        "2026-12-22T14:00:00.000Z",
        "2027-01-05T14:00:00.000Z",
        "2027-01-19T14:00:00.000Z",
        "2027-02-02T14:00:00.000Z",
        "2027-02-16T14:00:00.000Z",
        "2027-03-02T14:00:00.000Z",
        "2027-03-16T13:00:00.000Z",
      ]);
      // The first card, answered while it waited in the outbox, is redrawn once posted; each card is posted once.
      expect(cards[0]!.text).toContain("Maybe 0");
      expect((await tick()).map((p) => `${p.kind}:${p.id}`)).toEqual([`update:${cards[0]!.id}`]);
      expect(con.chat.messages.get(cards[0]!.id)!.text).toContain("Maybe 1");
      expect(await tick()).toEqual([]);

      // Answers are per occurrence.
      await con.chat.press(button(cards[1]!, "Going"), "amy");
      expect(con.chat.messages.get(cards[1]!.id)!.text).toContain("Going 1 ·");
      expect(con.chat.messages.get(cards[2]!.id)!.text).toContain("Going 0 ·");

      const fifth = sessionId(cards[4]!);
      const [upd, said] = await con.as("lead", "general", `/session cancel id:${fifth}`);
      expect(upd!.kind).toBe("update");
      expect(said!.text).toContain("Cancelled Scoring practice");
      const after = await app.deps.db.session.findMany({ orderBy: { startsAt: "asc" } });
      expect(after.map((r) => r.status)).toEqual([
        ...Array(4).fill("scheduled"),
        "cancelled",
        ...Array(5).fill("scheduled"),
      ]);
      expect(con.chat.messages.get(cards[4]!.id)!.text).toContain("CANCELLED");
      for (const i of [0, 1, 2, 3, 5, 6, 7, 8, 9])
        expect(con.chat.messages.get(cards[i]!.id)!.text).not.toContain("CANCELLED");
      expect(con.chat.messages.get(cards[1]!.id)!.text).toContain("Going 1 ·");
    } finally {
      await app.stop();
    }
  });

  it("answers a series announced again (same title, channel, first date and repeat) with the one that exists, saving nothing", async () => {
    const { app, con, tick } = await setup();
    try {
      const cmd =
        '/session announce "Scoring practice" when:"Nov 10 9am" repeat:"every other Tuesday" count:3 channel:#scoring';
      const [first] = await con.as("lead", "general", cmd);
      await tick();
      const rows = await app.deps.db.session.findMany({ orderBy: { startsAt: "asc" } });
      const outbox = await app.deps.db.delivery.count();
      const again = await con.as("lead", "general", cmd);
      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ kind: "private", userId: "lead" });
      expect(again[0]!.text).toContain(
        "Scoring practice is already announced as a series of 3 in #scoring, from Tue 10 Nov, 9:00 AM; nothing new was saved or posted.",
      );
      for (const r of rows) expect(again[0]!.text).toContain(`\`${r.shortId}\``);
      expect(again[0]!.text).toContain(`- 3 of 3: \`${rows[2]!.shortId}\` Tue 8 Dec, 9:00 AM`);
      // The same ids and dates as the first answer gave.
      expect(first!.text).toContain(`- 3 of 3: \`${rows[2]!.shortId}\` Tue 8 Dec, 9:00 AM`);
      // until: naming the same dates is the same series; count:5 names more, and is told so.
      const [until] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring practice" when:"Nov 10 9am" repeat:"every other Tuesday" until:"Dec 8" channel:#scoring',
      );
      expect(until!.text).toContain("already announced as a series of 3");
      // Another case or spacing in the title is the same series.
      const [cased] = await con.as("lead", "general", cmd.replace('"Scoring practice"', '"scoring  Practice"'));
      expect(cased!.text).toContain("Scoring practice is already announced as a series of 3");
      const [more] = await con.as("lead", "general", cmd.replace("count:3", "count:5"));
      expect(more!.text).toContain("It has 3 dates, not 5");
      expect(await app.deps.db.session.count()).toBe(3);
      expect(await app.deps.db.delivery.count()).toBe(outbox);
      expect(await app.deps.db.auditEvent.count({ where: { action: "session.announce" } })).toBe(1);
      expect(await tick()).toEqual([]);

      // Another repeat, another channel or a series cancelled is a new series.
      await con.as("lead", "general", cmd.replace("every other Tuesday", "every Tuesday"));
      await con.as("lead", "general", cmd.replace("#scoring", "#pd"));
      expect(await app.deps.db.session.count()).toBe(9);
      await con.as("lead", "general", `/session cancel id:${rows[0]!.shortId} series:yes`);
      const [anew] = await con.as("lead", "general", cmd);
      expect(anew!.text).toContain("Announced a series of 3");
      expect(await app.deps.db.session.count()).toBe(12);
    } finally {
      await app.stop();
    }
  });

  it("cancels a series from its 4th: 1-3 stay, 4-10 are cancelled and their cards say so; again changes nothing", async () => {
    const { app, con, tick } = await setup();
    try {
      const { cards } = await seriesOfTen(con, tick);
      await con.chat.press(button(cards[5]!, "Going"), "ben"); // ben answered the 6th: told of its cancellation
      const fourth = sessionId(cards[3]!);
      const out = await con.as("lead", "general", `/session cancel id:${fourth} series:yes reason:"room closed"`);
      expect(out.map((p) => p.kind)).toEqual([...Array(7).fill("update"), "private"]);
      const said = out.at(-1)!.text;
      expect(said).toContain("Cancelled 7 of the series Scoring practice");
      expect(said).toContain("The 3 before it stay as they are");
      expect(said).toContain(": 4 (");
      expect(said).toMatch(/\. 1 DM goes out to the person who answered\. The 3 before/);
      const rows = await app.deps.db.session.findMany({ orderBy: { seriesIndex: "asc" } });
      expect(rows.map((r) => `${r.seriesIndex}:${r.status}`)).toEqual([
        "1:scheduled",
        "2:scheduled",
        "3:scheduled",
        ...[4, 5, 6, 7, 8, 9, 10].map((i) => `${i}:cancelled`),
      ]);
      cards.forEach((c, i) => expect(con.chat.messages.get(c.id)!.text.includes("CANCELLED")).toBe(i >= 3));
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.map((p) => p.userId)).toEqual(["ben"]);
      expect(dms[0]!.text).toContain("is cancelled: room closed");

      const [again] = await con.as("lead", "general", `/session cancel id:${fourth} series:yes`);
      expect(again!.text).toContain("were already cancelled; nothing changed and nobody was told again");
      expect(await tick()).toEqual([]);
      const alone = (await con.as("lead", "general", `/session cancel id:${sessionId(cards[0]!)} series:no`)).at(-1);
      expect(alone!.text).toBe("Cancelled Scoring practice; 1 person who answered will get a DM."); // zoe's maybe
      const [notSeries] = await con.as("lead", "general", '/session announce "One-off" when:"Nov 12 9am"');
      const one = /\(([A-Z0-9]{4})\)/.exec(notSeries!.text)?.[1] ?? sessionId(notSeries!);
      const [refused] = (await con.as("lead", "general", `/session cancel id:${one} series:yes`)).filter(
        (p) => p.kind === "private",
      );
      expect(refused!.text).toContain("is not part of a series");
      expect((await app.deps.db.session.findFirst({ where: { shortId: one } }))!.status).toBe("scheduled");

      // Nobody answered: no count of DMs at all (not "0 answers will be told by DM").
      const [quiet] = await con.as(
        "lead",
        "general",
        '/session announce "Quiet series" when:"Nov 11 9am" repeat:"every Wednesday" count:2',
      );
      const q1 = /1 of 2: `([A-Z0-9]{4,8})`/.exec(quiet!.text)![1]!;
      const [none] = (await con.as("lead", "general", `/session cancel id:${q1} series:yes`)).filter(
        (p) => p.kind === "private",
      );
      expect(none!.text).toMatch(
        /^Cancelled 2 of the series Quiet series: 1 \([A-Z0-9]{4,8}\), 2 \([A-Z0-9]{4,8}\)\.$/,
      );
      const [alsoNone] = (await con.as("lead", "general", `/session cancel id:${one}`)).filter(
        (p) => p.kind === "private",
      );
      expect(alsoNone!.text).toBe("Cancelled One-off.");
    } finally {
      await app.stop();
    }
  });

  it("refuses an unbounded or oversized series privately and saves nothing", async () => {
    const { app, con } = await setup();
    try {
      for (const [cmd, says] of [
        ['repeat:"every Tuesday"', "A series needs an end"],
        ['repeat:"every Tuesday" count:60', "the largest allowed is 52"],
        ['repeat:"every Tuesday" until:"2028-06-01"', "a series has at most 52"],
        ['repeat:"every Wednesday" count:3', 'e.g. when:"Wed 11 Nov, 9:00 AM"'],
        ['repeat:"every 2 hours" count:3', "as days to repeat on"],
        ['repeat:"every Tuesday until May"', "put the end in until:"],
        ["count:3", "say how it repeats with repeat:"],
      ] as const) {
        const out = await con.as("lead", "general", `/session announce "S" when:"Nov 10 9am" ${cmd}`);
        expect(out).toHaveLength(1);
        expect(out[0]!.kind).toBe("private");
        expect(out[0]!.text).toContain(says);
      }
      expect(await app.deps.db.session.count()).toBe(0);
      expect(await app.deps.db.delivery.count()).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it("copies a session to a new date with its fields, topics, reminders and gate, and none of its answers", async () => {
    const { app, con } = await setup();
    try {
      const [card] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Nov 10 9am" hours:6 where:"Central HS library" link:https://meet.example.org/s ' +
          'kind:scoring-training capacity:12 notes:"Bring anchor papers" remind:"2d,30m" topics:"scoring, leadership" channel:#scoring',
      );
      const id = sessionId(card!);
      await con.chat.press(button(card!, "Going"), "amy");
      await con.chat.press(button(card!, "Maybe"), "ben");
      const out = await con.as("lead", "general", `/session copy id:${id} when:"Nov 9 2027 9am"`);
      expect(out.map((p) => p.kind)).toEqual(["post", "private"]);
      expect(out[0]!.channelId).toBe("scoring");
      expect(out[0]!.text).toContain("Going 0 of 12 · Maybe 0 · Can't go 0");
      expect(out[0]!.text).toContain("Topics: scoring and assessment, leadership");
      expect(out[1]!.text).toContain("nobody's answers were copied");
      const copyId = sessionId(out[0]!);
      const [a, b] = await Promise.all([
        app.deps.db.session.findFirstOrThrow({ where: { shortId: id } }),
        app.deps.db.session.findFirstOrThrow({ where: { shortId: copyId } }),
      ]);
      const kept = (s: typeof a) => ({
        title: s.title,
        kind: s.kind,
        minutes: s.minutes,
        location: s.location,
        link: s.link,
        capacity: s.capacity,
        notes: s.notes,
        reminderOffsets: s.reminderOffsets,
        topics: s.topics,
        requiresTrained: s.requiresTrained,
        channelId: s.channelId,
      });
      expect(kept(b)).toEqual(kept(a));
      expect(b.startsAt.toISOString()).toBe("2027-11-09T14:00:00.000Z");
      expect(await app.deps.db.rsvp.count({ where: { sessionId: b.id } })).toBe(0);
      expect(await app.deps.db.rsvp.count({ where: { sessionId: a.id } })).toBe(2);

      const elsewhere = await con.as("lead", "general", `/session copy id:${id} when:"Nov 17 9am" channel:#general`);
      expect(elsewhere[0]).toMatchObject({ kind: "post", channelId: "general" });
      const [denied] = await con.as("amy", "general", `/session copy id:${id} when:"Nov 17 9am"`);
      expect(denied!.text).toContain("Only leader, coordinator or admin can use /session copy");
      const [past] = await con.as("lead", "general", `/session copy id:${id} when:"Nov 1 2026 9am"`);
      expect(past!.text).toContain("is in the past");
      expect(await app.deps.db.session.count()).toBe(3);
    } finally {
      await app.stop();
    }
  });

  it("takes topics from the workspace list with a suggestion for a typo, shows them on the card, and edits them", async () => {
    const { app, con } = await setup();
    try {
      const [typo] = await con.as(
        "lead",
        "general",
        '/session announce "Close reading" when:"Nov 12 3:30pm" topics:"litracy, math"',
      );
      expect(typo!.kind).toBe("private");
      expect(typo!.text).toContain('"litracy" (did you mean "literacy"?) is not a topic');
      expect(typo!.text).toContain('topics:"mathematics, literacy"');
      expect(await app.deps.db.session.count()).toBe(0);
      const [card] = await con.as(
        "lead",
        "general",
        '/session announce "Close reading" when:"Nov 12 3:30pm" topics:"reading, math"',
      );
      expect(card!.text).toContain("Topics: literacy, mathematics");
      const id = sessionId(card!);
      const [upd] = await con.as("lead", "general", `/session edit id:${id} topics:"leadership"`);
      expect(upd!.kind).toBe("update");
      expect(con.chat.messages.get(card!.id)!.text).toContain("Topics: leadership");
      // A topic added to the list can be used at once; others cannot change the list.
      const [denied] = await con.as("amy", "general", '/session topics add:"early childhood"');
      expect(denied!.text).toContain("Only leader, coordinator or admin can change the PD topic list");
      const [added] = await con.as("lead", "general", '/session topics add:"Early  Childhood"');
      expect(added!.text).toContain("Added early childhood.");
      const [again] = await con.as("lead", "general", '/session topics add:"early childhood"');
      expect(again!.text).toContain("Nothing to change");
      const [used] = await con.as("lead", "general", `/session edit id:${id} topics:"early childhood, leadership"`);
      expect(used!.kind).toBe("update");
      expect(con.chat.messages.get(card!.id)!.text).toContain("Topics: early childhood, leadership");
      const [cleared] = await con.as("lead", "general", `/session edit id:${id} topics:none`);
      expect(cleared!.kind).toBe("update");
      expect(con.chat.messages.get(card!.id)!.text).not.toContain("Topics:");
    } finally {
      await app.stop();
    }
  });

  it("refuses Going on a scoring day from an untrained member, naming the next training, and accepts it once a training they checked in to has ended", async () => {
    const { app, con } = await setup();
    try {
      const [training] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Nov 10 9am" kind:scoring-training channel:#scoring where:"Room 4"',
      );
      const tid = sessionId(training!);
      const [day] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring day" when:"Nov 20 8am" kind:scoring-day channel:#scoring',
      );
      expect(day!.text).toContain("Who: Trained scorers (this school year)");
      const did = sessionId(day!);
      expect((await app.deps.db.session.findFirstOrThrow({ where: { shortId: did } })).requiresTrained).toBe(true);

      await con.chat.press(button(day!, "Going"), "amy");
      const refused = con.transcript.at(-1)!;
      expect(refused).toMatchObject({ kind: "private", userId: "amy" });
      expect(refused.text).toContain("Scoring day is for people trained to score this school year");
      expect(refused.text).toContain(`The next scoring training is Scoring training (${tid})`);
      expect(refused.text).toContain(`/session rsvp id:${tid} answer:going`);
      expect(await app.deps.db.rsvp.count({ where: { session: { shortId: did } } })).toBe(0);
      expect(con.chat.messages.get(day!.id)!.text).toContain("Going 0 ·");
      // Maybe and Can't go are not gated; an ordinary session is not gated.
      const [maybe] = (await con.as("amy", "scoring", `/session rsvp id:${did} answer:maybe`)).filter(
        (p) => p.kind === "private",
      );
      expect(maybe!.text).toContain("Marked maybe");

      // Checked in early (8:45, before the 9:00 start), and during it: not trained until it has ended.
      app.clock.set("2026-11-10T13:45:00Z");
      await con.as("amy", "scoring", `/session checkin id:${tid}`);
      for (const t of ["2026-11-10T13:50:00Z", "2026-11-10T16:59:00Z"]) {
        app.clock.set(t);
        await con.chat.press(button(day!, "Going"), "amy");
        const early = con.transcript.at(-1)!;
        expect(early).toMatchObject({ kind: "private", userId: "amy" });
        expect(early.text).toContain(
          `You are checked in to Scoring training (${tid}); it counts once it ends, Tue 10 Nov, 12:00 PM.`,
        );
        expect(await app.deps.db.rsvp.findFirst({ where: { userId: "amy", session: { shortId: did } } })).toMatchObject(
          { answer: "maybe" },
        );
      }
      const [notYet] = await con.as("amy", "scoring", "/session roster");
      expect(notYet!.text).toContain("You have not attended a scoring training this school year");
      app.clock.set("2026-11-10T17:00:00Z"); // 12:00, the training's end
      const [going] = (await con.as("amy", "scoring", `/session rsvp id:${did} answer:going`)).filter(
        (p) => p.kind === "private",
      );
      expect(going!.text).toContain("You're going to Scoring day");
      expect(con.chat.messages.get(day!.id)!.text).toContain("Going 1 ·");

      // requires:anyone opens a scoring day to everyone; requires:trained gates any kind.
      const [open] = await con.as(
        "lead",
        "general",
        '/session announce "Open scoring day" when:"Nov 21 8am" kind:scoring-day requires:anyone',
      );
      await con.chat.press(button(open!, "Going"), "ben");
      expect(con.transcript.at(-1)!.text).toContain("You're going to Open scoring day");
      const [gated] = await con.as(
        "lead",
        "general",
        '/session announce "Calibration" when:"Nov 22 8am" requires:trained',
      );
      await con.chat.press(button(gated!, "Going"), "ben");
      expect(con.transcript.at(-1)!.text).toContain("Calibration is for people trained to score");
    } finally {
      await app.stop();
    }
  });

  it("DMs leaders last year's lapsed scorers once at the school year's start in America/Chicago, and invites them once each", async () => {
    // March 2026: school year 2025-26 (it starts in July). amy, ben and cal are trained.
    const { app, con, tick } = await setup("2026-03-02T15:00:00Z", "America/Chicago");
    try {
      const [march] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Mar 10 9am" kind:scoring-training',
      );
      const [july] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Jul 8 9am" kind:scoring-training',
      );
      const [later] = await con.as(
        "lead",
        "general",
        '/session announce "Scoring training" when:"Jul 20 9am" kind:scoring-training',
      );
      const [m, j, l] = [march, july, later].map((p) => sessionId(p!));
      app.clock.set("2026-03-10T18:00:00Z");
      for (const u of ["amy", "ben", "cal"]) await con.as("lead", "general", `/session checkin id:${m} user:@${u}`);

      // 23:30 on 30 June in Chicago is already 1 July in UTC: still last school year, nothing sent.
      app.clock.set("2026-07-01T04:30:00Z");
      expect(await runSchoolYearStart(app)).toBe(0);
      app.clock.set("2026-07-01T05:30:00Z"); // 00:30 on 1 July in Chicago
      expect(await runSchoolYearStart(app)).toBe(2); // the admin and the leader
      expect(await runSchoolYearStart(app)).toBe(0); // once a year
      const dms = (await tick()).filter((p) => p.kind === "dm");
      expect(dms.map((p) => p.userId).sort()).toEqual(["admin", "lead"]);
      expect(dms[0]!.text).toContain("Scorers to retrain — school year since 2026-07-01");
      expect(dms[0]!.text).toContain("3 people were trained to score last school year");
      expect(dms[0]!.text).toContain("@amy");
      expect(dms[0]!.text).toContain(`/session roster invite:lapsed id:${j}`);
      app.clock.set("2026-07-20T05:30:00Z");
      expect(await runSchoolYearStart(app)).toBe(0);

      // cal retrains on 8 July: the invitations go to amy and ben only, once each.
      app.clock.set("2026-07-08T15:00:00Z");
      await con.as("lead", "general", `/session checkin id:${j} user:@cal`);
      app.clock.set("2026-07-09T15:00:00Z");
      const [denied] = await con.as("amy", "general", `/session roster invite:lapsed id:${l}`);
      expect(denied!.text).toContain("Only leader, coordinator or admin can invite");
      const [first] = await con.as("lead", "general", `/session roster invite:lapsed id:${l}`);
      expect(first!.text).toContain("Invited 2 by DM to Scoring training");
      expect(first!.text).toContain("@amy, @ben");
      // (cal's DM now is the feedback form for the 8 July training, not an invitation.)
      const invites = (await tick()).filter((p) => p.kind === "dm" && p.text.includes("Time to retrain"));
      expect(invites.map((p) => p.userId).sort()).toEqual(["amy", "ben"]);
      expect(invites[0]!.text).toContain("Time to retrain");
      const [second] = await con.as("lead", "general", `/session roster invite:lapsed id:${l}`);
      expect(second!.text).toContain("Nobody new to invite");
      expect(second!.text).toContain("Already invited before (not sent again): @amy, @ben");
      expect(await tick()).toEqual([]);
      // The invitation's Going button answers the training.
      const amy = invites.find((p) => p.userId === "amy")!;
      await con.chat.press(button(amy, "Going"), "amy");
      expect(con.transcript.at(-1)!.text).toContain("You're going to Scoring training");
      const [notTraining] = await con.as("lead", "general", `/session roster invite:lapsed`);
      expect(notTraining!.text).toContain("Say which scoring training");
    } finally {
      await app.stop();
    }
  });
});
