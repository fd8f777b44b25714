// PD records on SQLite and PostgreSQL, through the console: hours credited from check-in and
// check-out (early check-out, late check-in, a leader's correction, the workspace's rounding),
// the check-out window's refusals, certificates read back from their PDF and confirmed by
// /session verify (a wrong code refused), one page for an accented name and a 150-character
// title, and transcripts whose totals are the sums of their rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { pdfText } from "../support/pdf-text.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { runCertificatesDue } from "../../src/scheduler/certificate-job.js";
import { attachmentBytes } from "../../src/core/reply.js";
import { ensureMember, ensureWorkspace } from "../../src/services/workspaces.js";
import { CONSOLE_WORKSPACE } from "../../src/platforms/console/session.js";
import type { Posted } from "../../src/platforms/console/session.js";

/** RFC 4180 as csv-stringify writes it, after its byte-order mark. */
function csv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (const ch of text.replace(/^\uFEFF/, "")) {
    if (quoted) {
      if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (row.push(cell), (cell = ""));
    else if (ch === "\n") (row.push(cell), rows.push(row), (row = []), (cell = ""));
    else cell += ch;
  }
  return rows;
}

const sessionId = (p: Posted): string => /Session ([A-Z0-9]{4,8})/.exec(p.text)![1]!;
const file = (p: Posted, ext: string) => p.reply.files!.find((f) => f.filename.endsWith(ext))!;

describe.each(PROVIDERS)("PD records [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let scheduler: Scheduler;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    scheduler = new Scheduler(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
  });
  afterEach(() => app?.stop());

  /** A session on Tue 10 Nov 2026 9:00-12:00 in New York (the workspace zone); its id. */
  async function announce(title = "Scoring training", extra = 'hours:3 where:"Central HS library"'): Promise<string> {
    const [card] = await con.as("lead", "scoring", `/session announce title:"${title}" when:"Nov 10 9am" ${extra}`);
    return sessionId(card!);
  }
  const at = (iso: string) => app.clock.set(iso);
  const say = async (user: string, line: string) => (await con.as(user, "scoring", line)).at(-1)!;
  /** Display names as the platform reported them (acting in the console resets them to the id). */
  async function name(userId: string, displayName: string) {
    const ws = await ensureWorkspace(app.deps.db, "console", CONSOLE_WORKSPACE, "America/New_York");
    await ensureMember(app.deps.db, ws.id, userId, displayName);
  }
  /** The attendance CSV's hours credited, by person. */
  async function credited(id: string): Promise<Record<string, string>> {
    const out = await say("lead", `/session export id:${id}`);
    const rows = csv(out.reply.files![0]!.content);
    const col = rows[0]!.indexOf("hours credited");
    return Object.fromEntries(rows.slice(1).map((r) => [r[1], r[col]!]));
  }

  it("credits check-in to check-out: early check-out, late check-in, a leader's correction, rounded to 15 min", async () => {
    const id = await announce();
    at("2026-11-10T13:45:00Z"); // 8:45, before the start: counts from 9:00
    await say("amy", `/session checkin id:${id}`);
    at("2026-11-10T14:38:00Z"); // 9:38, late
    await say("ben", `/session checkin id:${id}`);
    await say("cal", `/session checkin id:${id}`);
    at("2026-11-10T16:07:00Z"); // 11:07, amy leaves early: 2 h 7 min, rounded to 2 h
    const out = await say("amy", `/session checkout id:${id}`);
    expect(out).toMatchObject({ kind: "private", userId: "amy" });
    expect(out.text).toContain("Hours credited: 2 h");
    // Pressing twice answers with what is recorded and changes nothing.
    at("2026-11-10T16:30:00Z");
    const again = await say("amy", `/session checkout id:${id}`);
    expect(again.text).toContain("You already checked out of Scoring training");
    expect(again.text).toContain("Hours credited: 2 h");
    // The leader corrects cal (who left at 10:00 without checking out) to 1.5 h.
    const set = await say("lead", `/session credit id:${id} user:@cal hours:1.5`);
    expect(set.text).toContain("Set @cal's hours credited for Scoring training to 1.5 h (was 2.25 h).");
    expect((await say("lead", `/session credit id:${id} user:@cal hours:1.5`)).text).toContain("nothing changed");
    at("2026-11-10T18:00:00Z");
    // ben: 9:38 to the end is 2 h 22 min, to the nearest 15 min 2.25 h.
    expect(await credited(id)).toEqual({ amy: "2.00", ben: "2.25", cal: "1.50" });
    const att = await say("lead", `/session attendance id:${id}`);
    expect(att.text).toContain("Hours credited: @amy 2 h, @ben 2.25 h, @cal 1.5 h (set by a leader)");
    // The correction is audited without its content.
    const events = await app.deps.db.auditEvent.findMany({ where: { action: "session.credit" } });
    expect(events.map((e) => [e.actorId, e.subjectId, JSON.parse(e.detail)])).toEqual([
      ["lead", "cal", { session: id }],
    ]);
    // To the minute, the same attendance: 2 h 7 min and 2 h 22 min.
    await con.as("admin", "general", "/cadre settings credit-rounding:1");
    expect(await credited(id)).toEqual({ amy: "2.12", ben: "2.37", cal: "1.50" });
  });

  it("a leader's hours for someone with no check-in record them as attended; more than the session is refused", async () => {
    const id = await announce();
    at("2026-11-10T18:30:00Z");
    const tooMany = await say("lead", `/session credit id:${id} user:@dee hours:4`);
    expect(tooMany).toMatchObject({ kind: "private", userId: "lead" });
    expect(tooMany.text).toContain("lasted 3 h, so hours credited can be 0 to 3 h, not 4 h. Nothing was changed.");
    expect(await credited(id)).toEqual({});
    await say("lead", `/session credit id:${id} user:@dee hours:2h30`);
    expect(await credited(id)).toEqual({ dee: "2.50" });
    const denied = await say("dee", `/session credit id:${id} user:@dee hours:3`);
    expect(denied.text).toContain("Only leader, coordinator or admin can use /session credit");
  });

  it("/session credit checks the hours typed before the time: bad hours get the input error even before the start", async () => {
    const id = await announce();
    at("2026-11-09T15:00:00Z"); // the day before
    const bad = await say("lead", `/session credit id:${id} user:@amy hours:lots`);
    expect(bad).toMatchObject({ kind: "private", userId: "lead" });
    expect(bad.text).toContain('I could not read "lots" as hours. Give a number of hours (2.5) or 2h30; 0 for none.');
    expect(bad.text).toContain(`Example: \`/session credit id:${id} user:@maria hours:2.5\``);
    const tooMany = await say("lead", `/session credit id:${id} user:@amy hours:4`);
    expect(tooMany.text).toContain("lasted 3 h, so hours credited can be 0 to 3 h, not 4 h.");
    // Good hours before the start: then the time is the problem.
    const early = await say("lead", `/session credit id:${id} user:@amy hours:2`);
    expect(early.text).toContain("Scoring training has not started yet (Tue 10 Nov, 9:00 AM); set hours once it has.");
    expect(await app.deps.db.rsvp.count()).toBe(0);
    // The same bad hours after the start: the same answer.
    at("2026-11-10T18:00:00Z");
    expect((await say("lead", `/session credit id:${id} user:@amy hours:lots`)).text).toBe(bad.text);
  });

  it("check-out is open from the start to 2 h after the end; outside it says what and when, privately, and records nothing", async () => {
    const id = await announce();
    at("2026-11-10T13:50:00Z"); // 8:50
    await say("amy", `/session checkin id:${id}`);
    const early = await say("amy", `/session checkout id:${id}`);
    expect(early).toMatchObject({ kind: "private", userId: "amy" });
    expect(early.text).toContain(
      "Scoring training has not started yet: check-out opens at the start, Tue 10 Nov, 9:00 AM",
    );
    expect(early.text).toContain("until 2:00 PM EST (2 h after the end). Nothing was recorded.");
    at("2026-11-10T19:01:00Z"); // 14:01, 2 h 1 min after the end
    const late = await say("amy", `/session checkout id:${id}`);
    expect(late).toMatchObject({ kind: "private", userId: "amy" });
    expect(late.text).toContain("Check-out for Scoring training closed at Tue 10 Nov, 2:00 PM, 2 h after the end.");
    const rows = csv((await say("lead", `/session export id:${id}`)).reply.files![0]!.content);
    expect(rows[1]![rows[0]!.indexOf("checked out")]).toBe("");
    // Just inside the window: 13:59 counts to the end.
    at("2026-11-10T18:59:00Z");
    expect((await say("amy", `/session checkout id:${id}`)).text).toContain("Hours credited: 3 h");
  });

  it('a check-out just after the start says why it credits 0 h and how a leader corrects it, naming the person (their mention, not "@you")', async () => {
    const id = await announce();
    at("2026-11-10T13:50:00Z"); // 8:50: checked in early, so the time counts from 9:00
    await say("amy", `/session checkin id:${id}`);
    at("2026-11-10T14:05:40Z"); // 9:05: 5 min, to the nearest 15 min 0 h
    const out = await say("amy", `/session checkout id:${id}`);
    expect(out).toMatchObject({ kind: "private", userId: "amy" });
    expect(out.text).toContain(
      "Checked you out of Scoring training. Hours credited: 0 h. That is 5 min of the session, and hours are rounded to the nearest 15 min.",
    );
    expect(out.text).toContain(`A leader can correct hours with /session credit id:${id} user:@amy hours:…`);
    expect(out.text).not.toContain("@you");
    // Pressed again: the same explanation, nothing changed.
    const again = await say("amy", `/session checkout id:${id}`);
    expect(again.text).toContain("You already checked out of Scoring training at Tue 10 Nov, 9:05 AM.");
    expect(again.text).toContain("Hours credited: 0 h. That is 5 min of the session");
    expect(again.text).toContain(`user:@amy hours:…`);
    // The correction it names works; after it, no rounding is blamed.
    await say("lead", `/session credit id:${id} user:@amy hours:0.5`);
    const fixed = await say("amy", `/session checkout id:${id}`);
    expect(fixed.text).toContain("Hours credited: 0.5 h (set by a leader).");
    expect(fixed.text).not.toContain("rounded");
    // A check-out refused after the window names the person too.
    at("2026-11-10T19:30:00Z");
    const late = await say("ben", `/session checkout id:${id}`);
    expect(late.text).toContain(`A leader can set your hours with /session credit id:${id} user:@ben hours:…`);
    expect(late.text).not.toContain("@you");
  });

  it("check-in and check-out windows are enforced to the minute they show, for a start with seconds", async () => {
    const mine = async (user: string, line: string) =>
      (await con.as(user, "scoring", line)).find((p) => p.kind === "private")!;
    at("2026-11-02T15:00:23Z");
    const [card] = await con.as("lead", "scoring", '/session announce "Quick PD" when:"in 2 hours" hours:3');
    const id = sessionId(card!); // starts 12:00:23 PM EST; ends 3:00:23; check-out until 5:00:23
    expect((await app.deps.db.session.findFirstOrThrow({ where: { shortId: id } })).startsAt.toISOString()).toBe(
      "2026-11-02T17:00:23.000Z",
    );
    at("2026-11-02T16:29:50Z"); // 11:29: check-in opens at 11:30
    expect((await mine("amy", `/session checkin id:${id}`)).text).toContain("is open from Mon 2 Nov, 11:30 AM");
    at("2026-11-02T16:30:05Z"); // 11:30, as shown
    expect((await mine("amy", `/session checkin id:${id}`)).text).toContain("Checked you in to Quick PD");
    await mine("ben", `/session checkin id:${id}`);
    at("2026-11-02T16:59:50Z"); // 11:59: before the start
    const early = await say("amy", `/session checkout id:${id}`);
    expect(early.text).toContain("check-out opens at the start, Mon 2 Nov, 12:00 PM");
    at("2026-11-02T17:00:05Z"); // 12:00, the minute it said: open
    expect((await say("amy", `/session checkout id:${id}`)).text).toContain("Checked you out of Quick PD.");
    at("2026-11-02T22:00:50Z"); // 5:00 PM, the minute shown as the close: still open
    expect((await say("ben", `/session checkout id:${id}`)).text).toContain("Checked you out of Quick PD.");
    at("2026-11-02T22:01:00Z");
    expect((await say("cal", `/session checkout id:${id}`)).text).toContain(
      "Check-out for Quick PD closed at Mon 2 Nov, 5:00 PM",
    );
  });

  it("the card offers Check out once check-in is open, and the button checks out", async () => {
    const id = await announce();
    const [card] = con.transcript.filter((p) => p.kind === "post");
    expect(card!.text).not.toContain("Check out");
    at("2026-11-10T14:10:00Z");
    const out = await con.as("ben", "scoring", `/session checkin id:${id}`);
    const redrawn = out.find((p) => p.kind === "update")!;
    expect(redrawn.id).toBe(card!.id);
    const n = Number(/\[(\d+)\] Check out/.exec(redrawn.text)![1]);
    // Pressed before the start (9:00): a private answer saying when check-out opens; nothing recorded.
    at("2026-11-10T13:41:00Z"); // 8:41
    const pressedEarly = con.transcript.length;
    await con.chat.press(n, "ben");
    const early = con.transcript.slice(pressedEarly);
    expect(early.map((p) => [p.kind, p.userId])).toEqual([["private", "ben"]]);
    expect(early[0]!.text).toContain(
      "Scoring training has not started yet: check-out opens at the start, Tue 10 Nov, 9:00 AM (in 19 min), " +
        "and stays open until 2:00 PM EST (2 h after the end). Nothing was recorded.",
    );
    expect((await app.deps.db.rsvp.findFirstOrThrow({ where: { userId: "ben" } })).checkedOutAt).toBeNull();
    at("2026-11-10T16:00:00Z");
    const before = con.transcript.length;
    await con.chat.press(n, "ben");
    const reply = con.transcript.slice(before).find((p) => p.kind === "private")!;
    expect(reply).toMatchObject({ userId: "ben" });
    expect(reply.text).toContain("Checked you out of Scoring training. Hours credited: 1.75 h.");
  });

  it("the shared card keeps Check out whoever presses next: a Going from someone not checked in redraws it the same", async () => {
    const id = await announce();
    at("2026-11-10T14:10:00Z");
    const [, drawn] = await con.as("ben", "scoring", `/session checkin id:${id}`);
    expect(drawn!.kind).toBe("update");
    expect(drawn!.text).toContain("Check out");
    // dee has not checked in; her Going (typed or pressed) redraws the channel's card.
    const typed = (await con.as("dee", "scoring", `/session rsvp id:${id} answer:going`)).find(
      (p) => p.kind === "update",
    )!;
    expect(typed.id).toBe(drawn!.id);
    expect(typed.text).toContain("Going 1");
    expect(typed.text).toContain("Check out");
    const going = Number(/\[(\d+)\] Going/.exec(typed.text)![1]);
    const before = con.transcript.length;
    await con.chat.press(going, "eve");
    const pressed = con.transcript.slice(before).find((p) => p.kind === "update")!;
    expect(pressed.text).toContain("Going 2");
    // The buttons are the same as the card drawn for ben, who had checked in.
    const buttons = (t: string) => t.match(/\[\d+\] [^\[\n]+/g)!.map((b) => b.replace(/^\[\d+\] /, "").trim());
    expect(buttons(pressed.text)).toEqual(buttons(drawn!.text));
  });

  it("someone on the waitlist who comes is checked in, told so privately, credited, and shown as came from the waitlist", async () => {
    const id = await announce("Scoring training", "hours:3 capacity:1");
    await say("amy", `/session rsvp id:${id} answer:going`);
    expect((await say("ben", `/session rsvp id:${id} answer:going`)).text).toContain("number 1 on the waitlist");
    at("2026-11-10T14:10:00Z");
    const out = await con.as("ben", "scoring", `/session checkin id:${id}`);
    const told = out.find((p) => p.kind === "private")!;
    expect(told.userId).toBe("ben");
    expect(told.text).toContain(
      "Checked you in to Scoring training. You were on the waitlist; the leader sees you came.",
    );
    // The card no longer counts ben as waiting: he came.
    const card = out.find((p) => p.kind === "update")!;
    expect(card.text).toContain("Going 1 of 1 · Maybe 0 · Can't go 0 · Came from the waitlist 1");
    expect(card.text).not.toContain("Waitlist 1");
    // A leader marking someone on the waitlist hears it too.
    await say("cal", `/session rsvp id:${id} answer:going`);
    const marked = (await con.as("lead", "scoring", `/session checkin id:${id} user:@cal`)).find(
      (p) => p.kind === "private",
    )!;
    expect(marked.text).toContain("Checked @cal in to Scoring training (they were on the waitlist).");
    // A seat opening during the session goes to nobody already in the room.
    await say("amy", `/session rsvp id:${id} answer:no`);
    expect(con.transcript.filter((p) => p.kind === "dm" && p.text.includes("A seat opened"))).toEqual([]);
    at("2026-11-10T17:30:00Z");
    const att = await say("lead", `/session attendance id:${id}`);
    expect(att.text).toContain("Waitlist, in order (0): —");
    expect(att.text).toContain("Came from the waitlist (2): @ben, @cal");
    expect(att.text).toContain("Came without a Going or Maybe (0): —");
    expect(att.text).toContain("Hours credited: @ben 2.75 h, @cal 2.75 h");
    expect(await credited(id)).toEqual({ amy: "", ben: "2.75", cal: "2.75" });
  });

  it("check-out without a check-in is refused privately, saying to check in first; nothing is recorded", async () => {
    const id = await announce();
    at("2026-11-10T15:00:00Z"); // 10:00, during the session: dee never answered nor checked in
    const out = await say("dee", `/session checkout id:${id}`);
    expect(out).toMatchObject({ kind: "private", userId: "dee" });
    expect(out.text).toContain(
      "You have not checked in to Scoring training, so there is nothing to check out of. Nothing was recorded.",
    );
    expect(out.text).toContain(`Example: \`/session checkin id:${id}\``);
    expect(await app.deps.db.rsvp.count()).toBe(0);
    // Going but never checked in: the same; after the end, check-in is closed, so a leader records it.
    await say("eve", `/session rsvp id:${id} answer:going`);
    at("2026-11-10T17:30:00Z");
    const late = await say("eve", `/session checkout id:${id}`);
    expect(late.text).toContain("You have not checked in to Scoring training");
    expect(late.text).toContain(`A leader can record you with /session checkin id:${id} user:@eve`);
    const att = await say("lead", `/session attendance id:${id}`);
    expect(att.text).toContain("Going but absent (1): @eve");
    expect(att.text).toContain("Hours credited: —");
    // Once a leader records the check-in, check-out works.
    await say("lead", `/session checkin id:${id} user:@eve`);
    expect((await say("eve", `/session checkout id:${id}`)).text).toContain("Checked you out of Scoring training.");
  });

  it("an accidental check-out is undone by checking in again while the session runs; after the end it is not", async () => {
    const id = await announce();
    at("2026-11-10T13:50:00Z"); // 8:50
    await say("amy", `/session checkin id:${id}`);
    at("2026-11-10T14:02:00Z"); // 9:02: Check out pressed by mistake, 0 h
    const oops = await say("amy", `/session checkout id:${id}`);
    expect(oops.text).toContain("Hours credited: 0 h.");
    expect(oops.text).toContain("Checked out by mistake? Check in again before the session ends to undo it.");
    at("2026-11-10T14:05:00Z");
    const back = (await con.as("amy", "scoring", `/session checkin id:${id}`)).filter((p) => p.kind === "private");
    expect(back.map((p) => p.userId)).toEqual(["amy"]);
    expect(back[0]!.text).toContain(
      "Checked you back in to Scoring training; your check-out at 9:02 AM EST is undone. Check out when you leave.",
    );
    // Pressed again: already checked in, nothing changes; the check-in time stays 8:50 (counts from 9:00).
    expect((await say("amy", `/session checkin id:${id}`)).text).toContain("You were already checked in");
    at("2026-11-10T16:00:00Z"); // 11:00
    expect((await say("amy", `/session checkout id:${id}`)).text).toContain(
      "Checked you out of Scoring training. Hours credited: 2 h.",
    );
    // After the end a check-in does not undo the check-out: the record stands.
    at("2026-11-10T17:10:00Z");
    const late = await say("amy", `/session checkin id:${id}`);
    expect(late.text).toContain("Check-in for Scoring training is open from");
    expect(await credited(id)).toEqual({ amy: "2.00" });
  });

  it("sends each attendee a certificate by DM at the end, once; its PDF names person, hours and id, and verify confirms it", async () => {
    const id = await announce();
    // At the end, not with the feedback form's thank-you (the default; session-feedback.test.ts).
    await con.as(
      "admin",
      "general",
      '/cadre settings district-name:"Jefferson County Public Schools" certificate-after-feedback:no',
    );
    at("2026-11-10T14:15:00Z");
    await say("amy", `/session checkin id:${id}`);
    await say("ben", `/session rsvp id:${id} answer:going`); // going, never came: no certificate
    await name("amy", "Amy Brown");
    await name("lead", "Lee Leader");
    at("2026-11-10T17:00:30Z"); // just after the end
    expect(await runCertificatesDue(app)).toBe(1);
    expect(await runCertificatesDue(app)).toBe(0); // a second instance, or a restart: nothing again
    await scheduler.tick();
    const dms = con.transcript.filter((p) => p.kind === "dm" && p.reply.files?.length);
    expect(dms.map((p) => p.userId)).toEqual(["amy"]);
    const pdf = file(dms[0]!, ".pdf");
    const { text, pages } = await pdfText(attachmentBytes(pdf));
    expect(pages).toBe(1);
    expect(text).toContain("Certificate id");
    const code = /\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/.exec(text)![1]!;
    expect(text).toContain("Amy Brown");
    expect(text).toContain("Hours credited: 2.75 h"); // 9:15 to 12:00
    expect(text).toContain("Scoring training");
    expect(text).toContain("November 10, 2026");
    expect(text).toContain("Central HS library");
    expect(text).toContain("Lee Leader");
    expect(text).toContain("Jefferson County Public Schools");
    expect(dms[0]!.text).toContain(code);
    await scheduler.tick();
    expect(con.transcript.filter((p) => p.kind === "dm" && p.reply.files?.length)).toHaveLength(1);

    // Anyone may verify it (typed in lower case without the dash too); a wrong code is refused.
    const ok = await say("zed", `/session verify code:${code.toLowerCase().replace("-", "")}`);
    expect(ok).toMatchObject({ kind: "private", userId: "zed" });
    expect(ok.text).toContain(`Certificate ${code} is genuine`);
    expect(ok.text).toContain("@Amy Brown attended Scoring training (Professional development) on Tue 10 Nov 2026");
    expect(ok.text).toContain("with 2.75 h credited");
    const wrong = code.slice(0, 9) + (code.endsWith("Z") ? "Y" : "Z");
    const no = await say("zed", `/session verify code:${wrong}`);
    expect(no.text).toContain("No certificate with that code.");

    // Sent again on request with the same code; ben has none, and others' need a leader.
    const again = await say("amy", `/session certificate id:${id}`);
    expect(again).toMatchObject({ kind: "private", userId: "amy" });
    expect((await pdfText(attachmentBytes(file(again, ".pdf")))).text).toContain(code);
    expect((await say("ben", `/session certificate id:${id}`)).text).toContain("You have no attendance recorded");
    expect((await say("ben", `/session certificate id:${id} user:@amy`)).text).toContain(
      "Only leader, coordinator or admin can get someone else's certificate",
    );
    const forLead = await say("lead", `/session certificate id:${id} user:@amy`);
    expect((await pdfText(attachmentBytes(file(forLead, ".pdf")))).text).toContain(code);
    expect(forLead.text).toMatch(/^🎓 @Amy Brown's certificate for /);
  });

  it("a certificate for an accented name and a 150-character title stays on one page", async () => {
    const title = ("Évaluation formative et réflexion collégiale: l’écriture argumentative " + "x".repeat(150)).slice(
      0,
      150,
    );
    expect(title).toHaveLength(150);
    const id = await announce(title, 'hours:6 where:"École Saint-Étienne, salle 204"');
    at("2026-11-10T14:00:00Z");
    await say("zoe", `/session checkin id:${id}`);
    await name("zoe", "Zoë Łucja Nguyễn-Ångström");
    at("2026-11-10T20:00:00Z");
    const out = await say("lead", `/session certificate id:${id} user:@zoe`);
    const { text, pages } = await pdfText(attachmentBytes(file(out, ".pdf")));
    expect(pages).toBe(1);
    expect(text).toContain("Zoë Łucja Nguyễn-Ångström");
    expect(text.replace(/\s+/g, "")).toContain(title.replace(/\s+/g, ""));
    expect(text).toContain("Hours credited: 6 h");
  });

  it("a transcript's totals equal the sum of its rows, by kind and overall, for the school year asked", async () => {
    const sessions: [string, string, string, string, string][] = [
      // title, when, hours, kind, topics
      ["Scoring A", "Nov 10 9am", "3", "scoring-training", "scoring and assessment, literacy"],
      ["PD one", "Nov 11 3pm", "90m", "pd", "literacy"],
      ["PD two", "Nov 12 3pm", "2", "pd", "mathematics"],
      ["ILT", "Nov 13 3pm", "90m", "ilt", ""],
    ];
    const ids: string[] = [];
    for (const [title, when, hours, kind, topics] of sessions) {
      const [card] = await con.as(
        "lead",
        "scoring",
        `/session announce title:"${title}" when:"${when}" hours:${hours} kind:${kind}${topics ? ` topics:"${topics}"` : ""}`,
      );
      ids.push(sessionId(card!));
    }
    const days = ["2026-11-10T14:20:00Z", "2026-11-11T20:00:00Z", "2026-11-12T20:05:00Z", "2026-11-13T20:00:00Z"];
    for (const [i, d] of days.entries()) {
      at(d);
      await say("amy", `/session checkin id:${ids[i]}`);
      if (i < 3) await say("ben", `/session checkin id:${ids[i]}`);
    }
    // The ILT is still running: it earns no credit, and is not on the transcript, until it ends.
    expect((await say("amy", "/session transcript")).text).toContain(": 3 sessions");
    at("2026-11-20T15:00:00Z");
    await say("lead", `/session credit id:${ids[1]} user:@amy hours:1`);
    const out = await say("amy", "/session transcript");
    expect(out).toMatchObject({ kind: "private", userId: "amy" });
    const rows = csv(file(out, ".csv").content);
    expect(rows[0]).toEqual(["date", "session", "kind", "topics", "hours credited", "session id"]);
    const body = rows.slice(1).filter((r) => !r[1]!.startsWith("Total"));
    const totals = Object.fromEntries(rows.filter((r) => r[1]!.startsWith("Total")).map((r) => [r[1], Number(r[4])]));
    expect(body.map((r) => [r[0], r[1], r[4]])).toEqual([
      ["2026-11-10", "Scoring A", "2.75"],
      ["2026-11-11", "PD one", "1.00"],
      ["2026-11-12", "PD two", "2.00"],
      ["2026-11-13", "ILT", "1.50"],
    ]);
    const sum = (rs: string[][]) => Math.round(rs.reduce((n, r) => n + Number(r[4]), 0) * 100) / 100;
    for (const kind of new Set(body.map((r) => r[2]!)))
      expect(totals[`Total: ${kind}`]).toBe(sum(body.filter((r) => r[2] === kind)));
    expect(totals["Total"]).toBe(sum(body));
    // By topic: a session filed under two topics counts for both.
    expect(body.map((r) => r[3])).toEqual(["scoring and assessment; literacy", "literacy", "mathematics", ""]);
    for (const topic of ["scoring and assessment", "literacy", "mathematics"])
      expect(totals[`Total: topic ${topic}`], topic).toBe(sum(body.filter((r) => r[3]!.split("; ").includes(topic))));
    expect(totals["Total: topic literacy"]).toBe(3.75);
    expect(totals["Total"]).toBe(7.25);
    // The PDF says the same, on one page.
    const pdf = await pdfText(attachmentBytes(file(out, ".pdf")));
    expect(pdf.text).toContain("Total hours credited");
    expect(pdf.text).toContain("7.25 h");
    expect(out.text).toContain("4 sessions, 7.25 h credited");

    // Last school year has nothing; a year that is not one is refused with an example.
    expect((await say("amy", "/session transcript year:2025-26")).text).toContain("0 sessions, 0 h credited");
    expect((await say("amy", "/session transcript year:2025-27")).text).toContain("is not a school year I can read");

    // Everyone's hours by kind, for leaders, audited; each person's total is the sum of their kinds.
    expect((await say("amy", "/session transcript everyone:yes")).text).toContain("Only leader, coordinator or admin");
    const all = await say("lead", "/session transcript everyone:yes");
    const e = csv(all.reply.files![0]!.content);
    const header = e[0]!;
    for (const r of e.slice(1)) {
      const kinds = header.flatMap((h, i) => (h.endsWith(" hours") && h !== "total hours" ? [Number(r[i])] : []));
      expect(Number(r[header.indexOf("total hours")])).toBeCloseTo(
        kinds.reduce((a, b) => a + b, 0),
        5,
      );
    }
    expect(e.slice(1).map((r) => [r[1], r[header.indexOf("total hours")]])).toEqual([
      ["amy", "7.25"],
      ["ben", "6.25"],
    ]);
    const audited = await app.deps.db.auditEvent.findMany({ where: { action: "session.transcript" } });
    expect(audited.map((a) => JSON.parse(a.detail))).toEqual([{ everyone: true, period: "2026-27" }]);
  });
});
