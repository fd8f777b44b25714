// The mentoring program on SQLite and PostgreSQL, on a network of 30 mentors (zero-hour mentors
// among them): a mentee's own hours and induction log (PDF read back as text), the stipend,
// pace and completion reports, the annual pack's topic table withheld below 5 mentors, the
// weekly pace nudge (once a week, only to mentors behind, told to nobody else), and a sweep of
// every report, file, DM, audit event and log line for note text and typed mentee names.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { pdfText } from "../support/pdf-text.js";
import { aadFor } from "../../src/services/mentoring/entries.js";
import { rebuildRollups } from "../../src/services/mentoring/rollup.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { runPaceNudgesIfDue } from "../../src/scheduler/pace-nudge-job.js";
import { attachmentBytes } from "../../src/core/reply.js";
import type { Posted } from "../../src/platforms/console/session.js";

const NOTE = "worried about the custody hearing";
const TYPED = "Rosalind Achebe";
/** Monday 2 November 2026, 10:00 in New York; pairs began Monday 7 September (57 days, 8.14 weeks). */
const NOW = "2026-11-02T15:00:00Z";
const MONDAYS = ["09-07", "09-14", "09-21", "09-28", "10-05", "10-12", "10-19", "10-26", "11-02"].map(
  (d) => `2026-${d}`,
);

const pad = (n: number) => String(n).padStart(2, "0");
const mentor = (i: number) => `m${pad(i)}`;
const mentee = (i: number) => `k${pad(i)}`;

/**
 * Minutes a week each mentor logs with their one mentee, on every Monday since 7 September:
 * m01-05 2 h (18 h), m06-10 1 h (9 h), m11-20 30 min (4.5 h), m21-25 nothing; m26-30 mentor
 * someone not on the platform (a typed name): m26-28 1 h, m29-30 nothing.
 */
const weekly = (i: number) => (i <= 5 ? 120 : i <= 10 ? 60 : i <= 20 ? 30 : i <= 25 ? 0 : i <= 28 ? 60 : 0);
const BEHIND = [...Array.from({ length: 15 }, (_, k) => mentor(11 + k)), mentor(29), mentor(30)];

/** A reply's text with mentions as @id (the console's own rendering uses display names). */
const plain = (p: Posted) => (p.reply.text ?? "").replace(/⟦u:([^⟧]+)⟧/g, "@$1");
const dmOf = (posts: Posted[], user: string) => posts.filter((p) => p.kind === "dm" && p.userId === user);
const fileText = (p: Posted, ext: string) =>
  attachmentBytes(p.reply.files!.find((f) => f.filename.endsWith(ext))!).toString("utf8");

/** 30 mentors with the mentor role, one pair each and their weekly entries, written with createMany. */
async function seed(app: TestApp, con: ConsoleDriver): Promise<string> {
  await con.as(
    "admin",
    "general",
    "/cadre role add user:@coord role:coordinator",
    "/cadre settings mentee-goal:10 stipend-hours:15 pace-hours-per-week:1 pace-nudges:on",
  );
  const db = app.deps.db;
  const keys = app.deps.keys;
  const ws = (await db.workspace.findFirstOrThrow()).id;
  const ids = Array.from({ length: 30 }, (_, k) => k + 1);
  await db.member.createMany({
    data: [
      ...ids.map((i) => ({ workspaceId: ws, userId: mentor(i), displayName: `Mentor ${pad(i)}`, roles: "mentor" })),
      ...ids
        .filter((i) => i <= 25)
        .map((i) => ({ workspaceId: ws, userId: mentee(i), displayName: `Mentee ${pad(i)}` })),
    ],
  });
  await db.mentorPair.createMany({
    data: ids.map((i) => ({
      id: `pair${pad(i)}`,
      workspaceId: ws,
      shortId: `P${pad(i)}X`,
      mentorId: mentor(i),
      menteeUserId: i <= 25 ? mentee(i) : null,
      menteeEnc: i <= 25 ? null : keys.encrypt(TYPED, aadFor(ws, mentor(i))),
      keyId: i <= 25 ? null : keys.currentId,
      startsOn: new Date("2026-09-07T00:00:00Z"),
      createdBy: "coord",
    })),
  });
  const entries = ids.flatMap((i) =>
    weekly(i)
      ? MONDAYS.map((day, w) => ({
          id: `e${pad(i)}w${w}`,
          workspaceId: ws,
          shortId: `E${pad(i)}${w}`,
          mentorId: mentor(i),
          occurredOn: new Date(`${day}T00:00:00Z`),
          minutes: weekly(i),
          mode: "in person",
          menteeEnc: keys.encrypt(i <= 25 ? `<@${mentee(i)}>` : TYPED, aadFor(ws, mentor(i))),
          notesEnc: keys.encrypt(NOTE, aadFor(ws, mentor(i))),
          keyId: keys.currentId,
          pairId: `pair${pad(i)}`,
        }))
      : [],
  );
  await db.mentorEntry.createMany({ data: entries });
  // Every mentor logs planning; only m01-m03 log family communication (fewer than 5 mentors).
  await db.mentorTopic.createMany({
    data: entries.flatMap((e) => [
      {
        entryId: e.id,
        workspaceId: ws,
        mentorId: e.mentorId,
        occurredOn: e.occurredOn,
        topic: "instructional planning",
        minutes: e.minutes,
      },
      ...(["m01", "m02", "m03"].includes(e.mentorId)
        ? [
            {
              entryId: e.id,
              workspaceId: ws,
              mentorId: e.mentorId,
              occurredOn: e.occurredOn,
              topic: "family communication",
              minutes: e.minutes,
            },
          ]
        : []),
    ]),
  });
  // Mentees m01-m05's confirmed everything; m06's said one was not right; m07's first answer was superseded by an edit.
  await db.mentorConfirmation.createMany({
    data: entries
      .filter((e) => ["m01", "m02", "m03", "m04", "m05"].includes(e.mentorId))
      .map((e) => ({
        workspaceId: ws,
        entryId: e.id,
        mentorId: e.mentorId,
        menteeUserId: `k${e.mentorId.slice(1)}`,
        status: "confirmed",
      }))
      .concat([
        { workspaceId: ws, entryId: "e06w0", mentorId: "m06", menteeUserId: "k06", status: "disputed" },
        { workspaceId: ws, entryId: "e07w0", mentorId: "m07", menteeUserId: "k07", status: "superseded" },
        { workspaceId: ws, entryId: "e07w0", mentorId: "m07", menteeUserId: "k07", status: "asked" },
      ]),
  });
  await rebuildRollups(db, ws);
  return ws;
}

describe.each(PROVIDERS)("mentoring program [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: NOW, app: { rateLimit: false } });
    con = new ConsoleDriver(app);
  });
  afterEach(() => app.stop());

  it("shows a mentee their confirmed hours by mentor and month against the goal, and DMs an induction log PDF and CSV without notes", async () => {
    await seed(app, con);
    const [asked, shown] = await con.as("k01", "general", "/mentor my-hours");
    expect(asked!.kind).toBe("private");
    expect(plain(asked!)).not.toContain("18 h");
    expect(shown!.kind).toBe("dm");
    expect(plain(shown!)).toContain("This school year: **18 h confirmed** · 0 h logged, not confirmed");
    expect(plain(shown!)).toContain("of 10 h (confirmed hours)");
    expect(plain(shown!)).toContain("**With @m01** (since 2026-09-07): 18 h confirmed");
    expect(plain(shown!)).toContain("- September 2026: 8 h confirmed of 8 h");
    expect(plain(shown!)).toContain("- November 2026: 2 h confirmed of 2 h");

    const [unconfirmed] = await con.as("k06", "dm", "/mentor my-hours");
    expect(plain(unconfirmed!)).toContain("This school year: **0 h confirmed** · 9 h logged, not confirmed");

    const [log] = await con.as("k01", "dm", "/mentor my-hours log:yes");
    expect(plain(log!)).toContain("Your induction log: 9 entries, 18 h in all.");
    const pdf = log!.reply.files!.find((f) => f.contentType === "application/pdf")!;
    const { text } = await pdfText(attachmentBytes(pdf));
    expect(text).toContain("Induction mentoring log");
    expect(text).toContain("Total: 18 h logged in 9 meetings, 18 h of them confirmed");
    expect(text).toContain("Mentor 01");
    expect(text).toContain("2026-09-07");
    expect(text).toContain("instructional planning");
    expect(text).not.toContain(NOTE);
    const csv = fileText(log!, ".csv");
    expect(csv.split("\n")[0]).toContain("date,minutes,hours,mentor,mentor platform user id,topics,confirmed by you");
    const first = csv.split(/\r?\n/).find((l) => l.startsWith("2026-09-07,"))!;
    expect(first).toMatch(/^2026-09-07,120,2\.00,Mentor 01,m01,.*instructional planning.*,yes$/);
    expect(csv).not.toContain(NOTE);
    expect(await app.deps.db.auditEvent.count({ where: { action: "mentor.induction-log", actorId: "k01" } })).toBe(1);

    const [none] = await con.as("m01", "dm", "/mentor my-hours");
    expect(plain(none!)).toContain("You are not a mentee in any mentoring pair here");
  });

  it("reports stipend eligibility for 30 mentors, zero-hour mentors included, confirmed apart, with a payroll CSV", async () => {
    await seed(app, con);
    const [, r] = await con.as("coord", "general", "/mentor program report:stipend");
    expect(r!.kind).toBe("dm");
    expect(r!.reply.header).toBe("Stipend eligibility — the school year from 2026-07-01 to 2026-11-02");
    expect(plain(r!)).toContain("- @m01: 18 h (18 h confirmed, 0 h unconfirmed) · **eligible**");
    expect(plain(r!)).toContain("- @m06: 9 h (0 h confirmed, 9 h unconfirmed) · 6 h to go");
    expect(plain(r!)).toContain("- @m21: 0 h (0 h confirmed, 0 h unconfirmed) · 15 h to go");
    expect(plain(r!)).toContain("**5 of 30** mentors reached 15 h.");
    const rows = fileText(r!, ".csv")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(rows[0]).toBe("mentor,platform user id,hours confirmed,hours unconfirmed,hours,eligible");
    expect(rows).toHaveLength(31);
    expect(rows).toContain("Mentor 01,m01,18.00,0.00,18.00,yes");
    expect(rows).toContain("Mentor 07,m07,0.00,9.00,9.00,no");
    expect(rows).toContain("Mentor 30,m30,0.00,0.00,0.00,no");
    const events = await app.deps.db.auditEvent.findMany({ where: { action: "mentor.program.stipend" } });
    expect(events.map((e) => JSON.parse(e.detail))).toEqual([{ period: "2026-07-01-to-2026-11-02", mentors: 30 }]);

    // A stipend period and a due day in the future: hours up to today count, and it says so.
    await con.as("admin", "general", "/cadre settings stipend-due:2027-05-28");
    const [, due] = await con.as("coord", "general", "/mentor program stipend from:2026-10-01");
    expect(due!.reply.header).toBe("Stipend eligibility — 2026-10-01 to 2027-05-28");
    expect(plain(due!)).toContain("- @m01: 10 h (10 h confirmed, 0 h unconfirmed) · 5 h to go");
    expect(plain(due!)).toContain("The hours are due by 2027-05-28");
  });

  it("reports pace per pair against the setting, the pairs behind first", async () => {
    await seed(app, con);
    const [r] = await con.as("coord", "dm", "/mentor program report:pace");
    expect(plain(r!)).toContain("**17 of 30** pairs are behind the pace of 1 h a week.");
    const lines = plain(r!)
      .split("\n")
      .filter((l) => l.startsWith("- "));
    expect(lines).toHaveLength(30);
    expect(lines.slice(0, 17).every((l) => l.endsWith("**behind**"))).toBe(true);
    expect(lines).toContain("- `P21X` @m21 → @k21: 0 h a week (0 h over 57 days) · **behind**");
    expect(lines).toContain("- `P11X` @m11 → @k11: 0.55 h a week (4.5 h over 57 days) · **behind**");
    expect(lines).toContain("- `P06X` @m06 → @k06: 1.1 h a week (9 h over 57 days) · on pace");
    expect(lines).toContain("- `P26X` @m26 → a mentee not on the platform: 1.1 h a week (9 h over 57 days) · on pace");
    const csv = fileText(r!, ".csv");
    expect(csv).toContain("P29X,Mentor 29,m29,not a member,2026-09-07,2026-11-02,0.00,8.1,0.00,behind");
  });

  it("reports completion per pair: complete, in progress, not started", async () => {
    await seed(app, con);
    const [r] = await con.as("coord", "dm", "/mentor program completion");
    expect(plain(r!)).toContain("**5** complete · **18** in progress · **7** not started");
    expect(plain(r!)).toContain("- `P01X` @m01 → @k01: 18 h of 10 h (18 h confirmed) · **complete**");
    expect(plain(r!)).toContain("- `P11X` @m11 → @k11: 4.5 h of 10 h (0 h confirmed) · in progress");
    expect(plain(r!)).toContain(
      "- `P30X` @m30 → a mentee not on the platform: 0 h of 10 h (0 h confirmed) · not started",
    );
    expect(await app.deps.db.auditEvent.count({ where: { action: "mentor.program.completion" } })).toBe(1);
  });

  it("refuses a report whose setting is missing, a period backwards, and members, saving nothing", async () => {
    await con.as("admin", "general", "/cadre role add user:@coord role:coordinator");
    const [pace] = await con.as("coord", "dm", "/mentor program report:pace");
    expect(plain(pace!)).toContain("The pace report needs the program's pace, which is not set yet");
    expect(pace!.text).toContain("/cadre settings pace-hours-per-week:1");
    const [back] = await con.as("coord", "dm", "/mentor program report:annual from:2026-10-01 to:2026-09-01");
    expect(back!.text).toContain("The period ends (2026-09-01) before it starts (2026-10-01).");
    const [member] = await con.as("zed", "dm", "/mentor program report:annual");
    expect(member!.text).toMatch(/coordinator/);
    const [typo] = await con.as("admin", "dm", "/cadre settings stipend-due:2027-02-30");
    expect(typo!.text).toContain("February");
    const [clear] = await con.as("admin", "dm", "/cadre settings stipend-due:none pace-nudges:off");
    expect(clear!.text).toContain("Nothing to change");
    expect(await app.deps.db.auditEvent.count({ where: { action: { startsWith: "mentor.program" } } })).toBe(0);
  });

  it("makes the annual pack as Markdown and CSVs, its topic table withheld below 5 mentors and rare topics hidden", async () => {
    const ws = await seed(app, con);
    const [r] = await con.as("coord", "dm", "/mentor program report:annual");
    const names = r!.reply.files!.map((f) => f.filename);
    expect(names).toEqual([
      "mentoring-annual-2026-07-01-to-2026-11-02.md",
      "mentoring-annual-mentors-2026-07-01-to-2026-11-02.csv",
      "mentoring-annual-pairs-2026-07-01-to-2026-11-02.csv",
      "mentoring-annual-topics-2026-07-01-to-2026-11-02.csv",
    ]);
    const md = fileText(r!, ".md");
    expect(md).toContain("| Mentors (logged or hold the mentor role) | 30 |");
    expect(md).toContain("| Mentors who logged time | 23 |");
    expect(md).toContain("| Mentoring pairs | 30 (25 with a mentee who is a member) |");
    expect(md).toContain("| Hours logged | 207 h in 207 entries |");
    expect(md).toContain("| Confirmation rate | 50% of 180 h logged with member mentees |");
    expect(md).toContain("| Pairs complete (10 h goal) | 5 |");
    expect(md).toContain("| instructional planning | 207.00 |");
    expect(md).not.toContain("family communication");
    expect(md).toContain("1 topic(s) logged by fewer than 5 mentors are not shown.");
    expect(fileText(r!, "pairs-2026-07-01-to-2026-11-02.csv")).toContain(
      "P26X,Mentor 26,m26,not a member,,2026-09-07,,9.00,0.00,in progress",
    );

    // A period only four mentors logged in: the topic table is withheld, and no topics file is made.
    await app.deps.db.mentorEntry.deleteMany({
      where: { workspaceId: ws, mentorId: { notIn: ["m01", "m02", "m06", "m11"] } },
    });
    await rebuildRollups(app.deps.db, ws);
    const [few] = await con.as("coord", "dm", "/mentor program report:annual from:2026-09-01 to:2026-10-31");
    const small = fileText(few!, ".md");
    expect(small).toContain(
      "Withheld: fewer than 5 mentors logged in this period (4), so topics could identify someone.",
    );
    expect(small).not.toContain("| instructional planning |");
    expect(few!.reply.files!.some((f) => f.filename.includes("topics"))).toBe(false);
    expect(plain(few!)).toContain("withheld (fewer than 5 mentors logged)");
  });

  it("nudges each mentor behind pace once a week, kindly with their own numbers, and tells nobody else", async () => {
    const ws = await seed(app, con);
    const auditBefore = await app.deps.db.auditEvent.count();
    expect(await runPaceNudgesIfDue(app)).toBe(17);
    const queued = await app.deps.db.delivery.findMany({
      where: { workspaceId: ws, dedupeKey: { startsWith: "mentor:pace:" } },
    });
    expect(queued.map((d) => d.targetId).sort()).toEqual(BEHIND);
    // Again within the hour (the lease) and an hour later (the week's dedupe key): nothing new.
    expect(await runPaceNudgesIfDue(app)).toBeUndefined();
    app.clock.advance(60 * 60_000);
    expect(await runPaceNudgesIfDue(app)).toBe(0);
    await new Scheduler(app).drain();
    const m11 = dmOf(con.transcript, "m11");
    expect(m11).toHaveLength(1);
    expect(m11[0]!.reply.header).toBe("A gentle note on your mentoring pace");
    expect(plain(m11[0]!)).toContain("- With @k11: 4.5 h since 2026-09-07, over 8 weeks (about 0.55 h a week)");
    expect(m11[0]!.reply.context).toContain("coordinators are not told who receives it");
    expect(plain(dmOf(con.transcript, "m29")[0]!)).toContain("With your mentee in pair P29X: 0 h");
    expect(dmOf(con.transcript, "m01")).toHaveLength(0);
    // Tuesday: not the day; the next Monday: the week's nudges again, now also to the 1 h-a-week
    // mentors who logged nothing since (9 h over 9.1 weeks).
    app.clock.set(new Date("2026-11-03T15:00:00Z"));
    expect(await runPaceNudgesIfDue(app)).toBe(0);
    app.clock.set(new Date("2026-11-09T14:30:00Z"));
    expect(await runPaceNudgesIfDue(app)).toBe(25);
    // Nothing about who was nudged: no audit event, no log line naming a mentor.
    expect(await app.deps.db.auditEvent.count()).toBe(auditBefore);
    const paceLogs = app.logs.filter((l) => l.includes("pace nudges"));
    expect(paceLogs.length).toBeGreaterThan(0);
    for (const l of paceLogs) for (const id of BEHIND) expect(l).not.toContain(`"${id}"`);
    // Off: nothing more.
    await con.as("admin", "dm", "/cadre settings pace-nudges:off");
    app.clock.set(new Date("2026-11-16T15:00:00Z"));
    expect(await runPaceNudgesIfDue(app)).toBe(0);
  });

  it("a mentor's /mentor pace-nudges off stops their pace nudges (on brings them back), recording no nudge", async () => {
    const ws = await seed(app, con);
    const auditBefore = await app.deps.db.auditEvent.count();
    const [off] = await con.as("m11", "general", "/mentor pace-nudges off");
    expect(off!.kind).toBe("private");
    expect(off!.text).toContain("Pace nudges are off");
    expect(off!.text).toContain("/mentor pace-nudges on");
    const [again] = await con.as("m11", "dm", "/mentor pace-nudges off");
    expect(again!.text).toContain("Pace nudges are already off");
    const [state] = await con.as("m11", "dm", "/mentor pace-nudges");
    expect(state!.text).toContain("Pace nudges are off for you");
    await con.as("m12", "dm", "/mentor pace-nudges no", "/mentor pace-nudges on");
    const members = await app.deps.db.member.findMany({
      where: { workspaceId: ws, userId: { in: ["m11", "m12"] } },
      orderBy: { userId: "asc" },
    });
    expect(members.map((m) => [m.userId, m.paceNudges])).toEqual([
      ["m11", false],
      ["m12", true],
    ]);

    expect(await runPaceNudgesIfDue(app)).toBe(16);
    const queued = await app.deps.db.delivery.findMany({
      where: { workspaceId: ws, dedupeKey: { startsWith: "mentor:pace:" } },
    });
    expect(queued.map((d) => d.targetId).sort()).toEqual(BEHIND.filter((m) => m !== "m11"));
    await new Scheduler(app).drain();
    expect(dmOf(con.transcript, "m11").filter((p) => p.reply.header?.includes("pace"))).toEqual([]);
    // The note says how to stop them.
    const m12 = dmOf(con.transcript, "m12").find((p) => p.reply.header === "A gentle note on your mentoring pace")!;
    expect(m12.reply.context).toContain("/mentor pace-nudges off");
    // Nothing recorded who was nudged or who opted out: no audit event, no log line naming them.
    expect(await app.deps.db.auditEvent.count()).toBe(auditBefore);
    for (const l of app.logs.filter((l) => l.includes("pace nudges"))) expect(l).not.toMatch(/"m1[12]"/);

    // Back on: the next Monday's nudge comes again.
    await con.as("m11", "dm", "/mentor pace-nudges on");
    app.clock.set(new Date("2026-11-09T14:30:00Z"));
    await runPaceNudgesIfDue(app);
    expect(
      await app.deps.db.delivery.count({ where: { targetId: "m11", dedupeKey: { startsWith: "mentor:pace:" } } }),
    ).toBe(1);
  });

  it("never shows note text or a typed mentee name in any report, file, DM, audit event or log line", async () => {
    const ws = await seed(app, con);
    // One entry through the real DM path, with a note and a typed mentee.
    await con.as("m26", "dm", `45 min with ${TYPED} today - planning. notes: ${NOTE}`, ":press 1");
    await con.as("k01", "dm", "/mentor my-hours", "/mentor my-hours log:yes");
    for (const report of ["stipend", "pace", "completion", "annual"])
      await con.as("coord", "general", `/mentor program report:${report}`);
    await runPaceNudgesIfDue(app);
    await new Scheduler(app).drain();
    const shown = con.transcript.filter((p) => !(p.userId === "m26" && p.kind !== "post"));
    expect(shown.length).toBeGreaterThan(20);
    const texts: string[] = [];
    for (const p of shown) {
      texts.push(p.text, JSON.stringify(p.reply));
      for (const f of p.reply.files ?? [])
        texts.push(
          f.contentType === "application/pdf"
            ? (await pdfText(attachmentBytes(f))).text
            : attachmentBytes(f).toString("utf8"),
        );
    }
    const audit = await app.deps.db.auditEvent.findMany({ where: { workspaceId: ws } });
    const deliveries = await app.deps.db.delivery.findMany({ where: { workspaceId: ws } });
    for (const t of [...texts, ...audit.map((a) => a.detail), ...deliveries.map((d) => d.payload), ...app.logs]) {
      expect(t).not.toContain(NOTE);
      expect(t).not.toContain(TYPED);
    }
    // The channel saw nothing at all.
    expect(con.transcript.filter((p) => p.kind === "post")).toHaveLength(0);
  });
});
