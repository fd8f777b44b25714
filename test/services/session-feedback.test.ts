// Session feedback and "did you use it?" through the console on SQLite and PostgreSQL: the
// form goes to checked-in attendees when the session ends, is answered once, is stored
// without its author (the rows are read back to prove it), the organizer's summary hides
// comments below 5 answers, the next day's reminder goes once to those who did not answer,
// the "did you use it?" question comes weeks later and aggregates with examples only at
// k >= 5, and the certificate is due once per person at the moment the setting says.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import type { Posted } from "../../src/platforms/console/session.js";
import { runCertificatesDue } from "../../src/scheduler/certificate-job.js";

const START = "2026-11-10T14:00:00Z"; // Tue 10 Nov, 9:00 in New York, 3 h
const DURING = "2026-11-10T14:10:00Z";
const ENDED = "2026-11-10T17:01:00Z";
const NEXT_DAY = "2026-11-11T17:02:00Z";
const FOUR_WEEKS = "2026-12-08T17:02:00Z";

function button(p: Posted, label: string): number {
  const m = new RegExp(`\\[(\\d+)\\] ${label}(?=  |$)`, "m").exec(p.text);
  if (!m) throw new Error(`no ${label} button in: ${p.text}`);
  return Number(m[1]);
}

describe.each(PROVIDERS)("session feedback [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let scheduler: Scheduler;
  let id: string;
  /** The certificate DMs queued so far: who, for which session. */
  const due = async () =>
    (
      await app.deps.db.delivery.findMany({
        where: { sourceKind: "session-certificate" },
        orderBy: { targetId: "asc" },
        select: { targetId: true, sourceId: true },
      })
    ).map((d) => ({ sessionId: d.sourceId, userId: d.targetId }));

  const tick = async (at: string): Promise<Posted[]> => {
    app.clock.set(at);
    const before = con.transcript.length;
    await runCertificatesDue(app); // the session-end send (certificate-after-feedback:no only)
    await scheduler.drain();
    return con.transcript.slice(before);
  };
  const dmsTo = (out: Posted[], text: string) =>
    out
      .filter((p) => p.kind === "dm" && p.text.includes(text))
      .map((p) => p.userId)
      .sort();

  /** A 3 h PD session announced by "lead" with `people` checked in during it. */
  async function session(people: string[]): Promise<void> {
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
    const out = await con.as("lead", "general", '/session announce "Feedback that sticks" when:"Nov 10 9am" hours:3');
    id = /\(([A-Z0-9]{4,8})\)/.exec(out.find((p) => p.kind === "private")!.text)![1]!;
    app.clock.set(DURING);
    for (const u of people) await con.as(u, "general", `/session checkin id:${id}`);
  }

  /** `user` presses Give feedback in their DM and answers the console's questions. */
  async function answer(user: string, dm: Posted, ...lines: string[]): Promise<Posted[]> {
    const before = con.transcript.length;
    const printed = con.output.length;
    await con.chat.press(button(dm, "Give feedback"), user);
    expect(con.output.slice(printed).join("\n")).toContain("How useful was it, 1 (not) to 5 (very)?");
    await con.as(user, "dm", ...lines);
    return con.transcript.slice(before);
  }

  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    scheduler = new Scheduler(app);
  });
  afterEach(async () => {
    await app.stop();
  });

  it("asks only checked-in attendees when the session ends, and stores the form without its author", async () => {
    await session(["amy", "ben"]);
    await con.as("zoe", "general", `/session rsvp id:${id} answer:going`); // going, never came
    expect(await tick("2026-11-10T16:59:00Z")).toEqual([]); // not over yet
    const out = await tick(ENDED);
    expect(dmsTo(out, "How was it?")).toEqual(["amy", "ben"]);

    const dm = out.find((p) => p.userId === "amy")!;
    const said = await answer("amy", dm, "4", "The exit-ticket routine", "-");
    expect(said.at(-1)!.text).toContain("Thank you for your feedback on Feedback that sticks");

    const rows = await app.deps.db.feedbackAnswer.findMany();
    expect(rows).toHaveLength(1);
    // Nothing in the answer names amy or can be matched to her flag: no user, no time, a random id.
    expect(Object.keys(rows[0]!).sort()).toEqual(["better", "id", "rating", "sessionId", "willUse", "workspaceId"]);
    expect(rows[0]).toMatchObject({ rating: 4, willUse: "The exit-ticket routine", better: null });
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.stringify(rows)).not.toContain("amy");
    const flags = await app.deps.db.answerFlag.findMany({ where: { kind: "feedback" } });
    expect(flags.map((f) => [f.userId, f.answeredOn]).sort()).toEqual([
      ["amy", "2026-11-10"],
      ["ben", null],
    ]);
    for (const f of flags) expect(JSON.stringify(rows)).not.toContain(f.id);
    // Nor does anything written about it elsewhere: the audit log and the logs hold no answer.
    const audit = await app.deps.db.auditEvent.findMany();
    expect(JSON.stringify(audit)).not.toContain("exit-ticket");
    expect(app.logs.join("\n")).not.toContain("exit-ticket");

    // Someone who did not check in is told why, and nothing is saved.
    const zoe = await con.as("zoe", "general", `/session rate id:${id} rating:5`);
    expect(zoe.at(-1)!.text).toContain("Only people who checked in to Feedback that sticks are asked");
    expect(await app.deps.db.feedbackAnswer.count()).toBe(1);
  });

  it("takes one answer per person: a second press or command says when they answered", async () => {
    await session(["amy"]);
    const dm = (await tick(ENDED)).find((p) => p.userId === "amy")!;
    await answer("amy", dm, "5", "-", "-");
    await con.chat.press(button(dm, "Give feedback"), "amy");
    expect(con.transcript.at(-1)!.text).toContain(
      "Thanks, you already answered about Feedback that sticks on Nov 10, 2026",
    );
    const again = await con.as("amy", "dm", `/session rate id:${id} rating:1 better:"again"`);
    expect(again.at(-1)!.text).toContain("you already answered");
    expect((await app.deps.db.feedbackAnswer.findMany()).map((a) => a.rating)).toEqual([5]);
  });

  it("refuses the form before the session ends and rejects a rating outside 1-5, saving nothing", async () => {
    await session(["amy"]);
    const early = await con.as("amy", "general", `/session rate id:${id} rating:4`);
    expect(early.at(-1)!.text).toContain("open when it ends");
    app.clock.set(ENDED);
    const bad = await con.as("amy", "general", `/session rate id:${id} rating:7`);
    expect(bad.at(-1)!.text).toContain("a number from 1 (not useful) to 5 (very useful)");
    expect(await app.deps.db.feedbackAnswer.count()).toBe(0);
  });

  it("shows the organizer counts and average, and comments only once 5 people answered", async () => {
    const people = ["a1", "a2", "a3", "a4", "a5", "a6"];
    await session(people);
    await tick(ENDED);
    const ratings = [5, 4, 4, 3, 5];
    for (const [i, u] of people.slice(0, 3).entries())
      await con.as(u, "dm", `/session rate id:${id} rating:${ratings[i]} use:"idea ${u}" better:"wish ${u}"`);

    const few = (await con.as("lead", "general", `/session feedback id:${id}`)).at(-1)!;
    expect(few.kind).toBe("private");
    expect(few.text).toContain("3 of 6 checked-in people answered · average 4.3 / 5");
    expect(few.text).toContain("Comments appear once 5 people have answered (3 so far)");
    expect(few.text).not.toMatch(/idea|wish/);

    for (const [i, u] of people.slice(3, 5).entries())
      await con.as(u, "dm", `/session rate id:${id} rating:${ratings[i + 3]} use:"idea ${u}"`);
    const all = (await con.as("lead", "general", `/session feedback id:${id}`)).at(-1)!.text;
    expect(all).toContain("5 of 6 checked-in people answered · average 4.2 / 5");
    for (const u of people.slice(0, 5)) expect(all).toContain(`idea ${u}`);
    expect(all).toContain("wish a1");

    // Only the organizer and leaders read it; the audit says it was read, not what it said.
    const member = (await con.as("a6", "general", `/session feedback id:${id}`)).at(-1)!.text;
    expect(member).toContain("Only the session's organizer or leader, coordinator or admin");
    const events = await app.deps.db.auditEvent.findMany({ where: { action: "session.feedback" } });
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.detail).join()).not.toMatch(/idea|wish/);
  });

  it("reminds those who have not answered the next day, once", async () => {
    await session(["amy", "ben", "cy"]);
    const first = await tick(ENDED);
    await answer(
      "amy",
      first.find((p) => p.userId === "amy")!,
      "4",
      "-",
      "-",
    );
    expect(await tick("2026-11-11T16:59:00Z")).toEqual([]);
    const next = await tick(NEXT_DAY);
    expect(dmsTo(next, "A reminder: how was")).toEqual(["ben", "cy"]);
    expect(await tick("2026-11-12T17:05:00Z")).toEqual([]);
    expect(await tick("2026-11-13T17:05:00Z")).toEqual([]);
  });

  it("asks a late check-in (a paper sign-in sheet recorded afterwards) on the next pass", async () => {
    await session(["amy"]);
    await tick(ENDED);
    app.clock.set("2026-11-10T18:00:00Z");
    await con.as("lead", "general", `/session checkin id:${id} user:@ben`);
    expect(dmsTo(await tick("2026-11-10T18:02:00Z"), "How was it?")).toEqual(["ben"]);
  });

  it("asks 'did you use it?' four weeks later and shows examples only once 5 answered", async () => {
    const people = ["a1", "a2", "a3", "a4", "a5"];
    await session(people);
    await tick(ENDED);
    app.clock.set("2026-11-20T15:00:00Z");
    const early = await con.as("a1", "dm", `/session used id:${id} answer:yes`);
    expect(early.at(-1)!.text).toContain("I'll ask whether you used what you learned");
    const out = await tick(FOUR_WEEKS);
    const asked = out.filter((p) => p.text.includes("Have you used what you learned in Feedback that sticks"));
    expect(asked.map((p) => p.userId).sort()).toEqual(people);

    const answers = ["Yes", "Yes", "Not yet", "No", "Yes"];
    for (const [i, u] of people.slice(0, 4).entries()) {
      await con.chat.press(
        button(
          asked.find((p) => p.userId === u)!,
          answers[i]!,
        ),
        u,
      );
      await con.as(u, "dm", `example from ${u}`);
    }
    const four = (await con.as("lead", "general", `/session impact id:${id}`)).at(-1)!.text;
    expect(four).toContain("4 of 5 answered: yes 2 · not yet 1 · no 1");
    expect(four).toContain("Examples appear once 5 people have answered (4 so far)");
    expect(four).not.toContain("example from");

    await con.chat.press(
      button(
        asked.find((p) => p.userId === "a5")!,
        "Yes",
      ),
      "a5",
    );
    await con.as("a5", "dm", "-");
    const five = (await con.as("lead", "general", `/session impact id:${id}`)).at(-1)!.text;
    expect(five).toContain("5 of 5 answered: yes 3 · not yet 1 · no 1");
    for (const u of people.slice(0, 4)) expect(five).toContain(`example from ${u}`);
    const rows = await app.deps.db.impactAnswer.findMany();
    expect(JSON.stringify(rows)).not.toMatch(/"a[1-5]"/);
    expect(Object.keys(rows[0]!).sort()).toEqual(["answer", "example", "id", "sessionId", "workspaceId"]);

    await con.chat.press(
      button(
        asked.find((p) => p.userId === "a1")!,
        "No",
      ),
      "a1",
    );
    expect(con.transcript.at(-1)!.text).toContain("you already answered");
  });

  it("makes the certificate due with the thank-you for the form, once per person (the default)", async () => {
    await session(["amy", "ben"]);
    const out = await tick(ENDED);
    expect(await due()).toEqual([]);
    const thanks = await answer(
      "amy",
      out.find((p) => p.userId === "amy")!,
      "4",
      "-",
      "-",
    );
    expect(thanks.at(-1)!.text).toContain("Your certificate comes by DM");
    await con.as("amy", "dm", `/session rate id:${id} rating:2`);
    const s = await app.deps.db.session.findFirstOrThrow();
    expect(await due()).toEqual([{ sessionId: s.id, userId: "amy" }]);
    await scheduler.drain(); // the certificate DM, with its PDF
    const sent = con.transcript.filter((p) => p.kind === "dm" && p.userId === "amy" && p.reply.files?.length);
    expect(sent.flatMap((p) => p.reply.files!.map((f) => f.contentType))).toEqual(["application/pdf"]);
  });

  it("makes the certificate due at session end for every checked-in person with certificate-after-feedback:no", async () => {
    await con.as("admin", "general", "/cadre settings certificate-after-feedback:no impact-after-weeks:0");
    await session(["amy", "ben"]);
    await tick(ENDED);
    expect((await due()).map((d) => d.userId)).toEqual(["amy", "ben"]);
    const thanks = await con.as("amy", "dm", `/session rate id:${id} rating:4`);
    expect(thanks.at(-1)!.text).not.toContain("certificate");
    await tick(NEXT_DAY);
    expect(await due()).toHaveLength(2);
    // impact-after-weeks:0 asks nobody.
    expect(await tick(FOUR_WEEKS)).toEqual([]);
    expect(await app.deps.db.answerFlag.count({ where: { kind: "impact" } })).toBe(0);
  });
});
