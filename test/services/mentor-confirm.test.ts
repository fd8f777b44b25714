// Mentee confirmation on SQLite and PostgreSQL: with the setting on, a save with a paired member
// mentee queues exactly one DM to them (date, minutes, topics; never notes), delivered by the
// scheduler; Confirm and That's not right decide once and answer later presses with the state;
// "not right" reaches the mentor privately with the command to fix it; an edit after an answer
// asks again and the old buttons say the entry changed; confirmed and unconfirmed hours are
// counted apart in /mentor hours, /mentor report and App Home. Last, a sweep of the database,
// the logs, every post and every mentee DM for the note and the typed mentee name.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { everyText } from "../support/every-text.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import type { Posted } from "../../src/platforms/console/session.js";
import { homeView } from "../../src/platforms/slack/home.js";
import { getWorkspace } from "../../src/services/workspaces.js";

const NOTE = "worried about the fire drill binder";
const TYPED = "Esperanza Quill";

const button = (p: Posted, label: string): number => Number(new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text)![1]);
const dmsTo = (posts: Posted[], user: string) => posts.filter((p) => p.kind === "dm" && p.userId === user);

describe.each(PROVIDERS)("mentee confirmation [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  /** Delivers what the outbox holds and returns what was posted meanwhile. */
  const deliver = async () => {
    const before = con.transcript.length;
    await new Scheduler(app).drain();
    return con.transcript.slice(before);
  };
  /** The one confirmation DM `user` got since `from`. */
  const requestTo = async (user: string) => {
    const got = dmsTo(await deliver(), user);
    expect(got).toHaveLength(1);
    return got[0]!;
  };

  beforeEach(async () => {
    // Tuesday 1 December 2026, noon in New York.
    app = await makeApp(provider, { now: "2026-12-01T17:00:00Z", app: { rateLimit: false } });
    con = new ConsoleDriver(app);
    await con.as(
      "admin",
      "general",
      "/cadre settings mentee-confirmation:on",
      "/cadre role add user:@coord role:coordinator",
    );
    await con.as("coord", "dm", "/mentor pair mentor:@mia mentee:@kai from:2026-08-15");
    await deliver(); // nothing queued by pairing; the pair notices are direct answers
  });
  afterEach(() => app.stop());

  it("is off by default: a paired save asks nobody", async () => {
    await con.as("admin", "general", "/cadre settings mentee-confirmation:off");
    const [saved] = await con.as("mia", "dm", "/mentor log duration:45m mentee:@kai topics:planning");
    expect(saved!.text).not.toContain("asked");
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "mentor-confirm" } })).toBe(0);
    expect(await app.deps.db.mentorEntry.count({ where: { pairId: { not: null } } })).toBe(1);
  });

  it("sends the paired member mentee exactly one DM with date, minutes and topics, never notes", async () => {
    const [card] = await con.as("mia", "dm", `45 min with @kai today - planning, assessment. notes: ${NOTE}`);
    await con.chat.press(button(card!, "Save"), "mia");
    expect(con.transcript.at(-1)!.text).toContain("I asked @kai by DM to confirm the date, time and topics");
    const rows = await app.deps.db.delivery.findMany({ where: { sourceKind: "mentor-confirm" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.targetKind).toBe("dm");
    expect(rows[0]!.targetId).toBe("kai");
    expect(rows[0]!.payload).not.toContain(NOTE);
    await con.chat.press(button(card!, "Save"), "mia"); // pressing twice saves and asks once
    const dm = await requestTo("kai");
    expect(dm.text).toContain(
      "@mia logged 45 min with you on Tue 1 Dec — topics: instructional planning, assessment and data.",
    );
    expect(dm.text).toMatch(/\[\d+\] Confirm {2}\[\d+\] That's not right/);
    expect(dm.text).not.toContain(NOTE);
    expect(await deliver()).toEqual([]);
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "mentor-confirm" } })).toBe(1);
  });

  it("asks nobody for a typed mentee or an unpaired member, nor outside the pair's dates", async () => {
    await con.as("mia", "dm", `/mentor pair mentee:"${TYPED}" from:2026-08-15`);
    await con.as(
      "mia",
      "dm",
      `/mentor log duration:30m mentee:"${TYPED}" topics:planning`,
      "/mentor log duration:30m mentee:@lee topics:planning",
      "/mentor log duration:30m mentee:@kai topics:planning date:2026-08-01",
    );
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "mentor-confirm" } })).toBe(0);
    // The typed name's entry is linked to its pair all the same.
    expect(await app.deps.db.mentorEntry.count({ where: { pairId: { not: null } } })).toBe(1);
  });

  it("Confirm decides once; either button later answers with the state, and hours count it as confirmed", async () => {
    await con.as(
      "mia",
      "dm",
      "/mentor log duration:45m mentee:@kai topics:planning",
      "/mentor log duration:1h15 mentee:@kai topics:assessment date:2026-11-30",
    );
    const dms = dmsTo(await deliver(), "kai");
    expect(dms).toHaveLength(2);
    const first = dms.find((d) => d.text.includes("45 min"))!;
    await con.chat.press(button(first, "Confirm"), "kai");
    expect(con.transcript.at(-1)!.text).toContain(
      "You confirmed @mia's 45 min with you on Tue 1 Dec (instructional planning)",
    );
    await con.chat.press(button(first, "That's not right"), "kai");
    expect(con.transcript.at(-1)!.text).toMatch(/You already confirmed @mia's 45 min .*; nothing was changed/);
    await con.chat.press(button(first, "Confirm"), "mia"); // not mia's to answer
    expect(con.transcript.at(-1)!.text).toContain("no longer in your mentor's log");
    expect(await app.deps.db.mentorConfirmation.count({ where: { status: "confirmed" } })).toBe(1);

    const [hours] = await con.as("mia", "dm", "/mentor hours");
    expect(hours!.text).toContain("Confirmed by mentees: 0.75 h · not yet confirmed: 1.25 h (this school year)");
    const [entries] = await con.as("mia", "dm", "/mentor entries");
    expect(entries!.text).toContain("confirmed by the mentee");
    expect(entries!.text).toContain("awaiting the mentee's confirmation");
    const [report] = await con.as("coord", "general", "/mentor report");
    expect(report!.text).toContain("@mia: 2 h in 2 entries");
    expect(report!.text).toContain("0.75 h confirmed, 1.25 h unconfirmed");
    expect(report!.reply.files![0]!.content.split("\n")[0]).toContain("confirmed hours,unconfirmed hours");
    const ws = (await getWorkspace(app.deps.db, (await app.deps.db.workspace.findFirstOrThrow()).id))!;
    const home = JSON.stringify(await homeView(app.deps.db, ws, "mia", app.clock.now()));
    expect(home).toContain("confirmed by mentees: 0.75 h · not yet confirmed: 1.25 h");
  });

  it("That's not right goes back to the mentor privately with the fix; an edit asks again and old buttons say it changed", async () => {
    await con.as("mia", "dm", `/mentor log duration:45m mentee:@kai topics:planning notes:"${NOTE}"`);
    const dm = await requestTo("kai");
    const before = con.transcript.length;
    await con.chat.press(button(dm, "That's not right"), "kai");
    const after = con.transcript.slice(before);
    expect(after.find((p) => p.kind === "update")!.text).toContain("I've told your mentor privately");
    const told = dmsTo(after, "mia");
    expect(told).toHaveLength(1);
    const id = (await app.deps.db.mentorEntry.findFirstOrThrow()).shortId;
    expect(told[0]!.text).toContain(
      `@kai says entry \`${id}\` (45 min on Tue 1 Dec, instructional planning) is not right`,
    );
    expect(told[0]!.text).toContain(`/mentor edit id:${id}`);
    expect(told[0]!.text).not.toContain(NOTE);

    // A note-only edit shows the mentee nothing new: nobody is asked.
    await con.as("mia", "dm", `/mentor edit id:${id} notes:"also ${NOTE}"`);
    expect(await deliver()).toEqual([]);
    const [edited] = await con.as("mia", "dm", `/mentor edit id:${id} duration:30m`);
    expect(edited!.text).toContain("I asked @kai by DM to confirm");
    const again = await requestTo("kai");
    expect(again.text).toContain("@mia logged 30 min with you on Tue 1 Dec");
    await con.chat.press(button(dm, "Confirm"), "kai");
    expect(con.transcript.at(-1)!.text).toContain("This entry changed since this message; see the newer message");
    await con.chat.press(button(again, "Confirm"), "kai");
    expect(con.transcript.at(-1)!.text).toContain("You confirmed @mia's 30 min");
    // Editing a confirmed entry asks again too: it counts as unconfirmed until answered.
    await con.as("mia", "dm", `/mentor edit id:${id} date:2026-11-30`);
    expect((await requestTo("kai")).text).toContain("on Mon 30 Nov");
    const statuses = (await app.deps.db.mentorConfirmation.findMany()).map((c) => c.status).sort();
    expect(statuses).toEqual(["asked", "superseded", "superseded"]);
    const [hours] = await con.as("mia", "dm", "/mentor hours");
    expect(hours!.text).toContain("Confirmed by mentees: 0 h · not yet confirmed: 0.5 h");
  });

  it("a deleted entry's request is not sent, and its buttons say so", async () => {
    await con.as("mia", "dm", "/mentor log duration:45m mentee:@kai topics:planning");
    const id = (await app.deps.db.mentorEntry.findFirstOrThrow()).shortId;
    await con.as("mia", "dm", `/mentor delete id:${id}`);
    expect(await deliver()).toEqual([]);
    await con.as("mia", "dm", "/mentor log duration:20m mentee:@kai topics:planning");
    const dm = await requestTo("kai");
    await con.as("mia", "dm", `/mentor delete id:${(await app.deps.db.mentorEntry.findFirstOrThrow()).shortId}`);
    await con.chat.press(button(dm, "Confirm"), "kai");
    expect(con.transcript.at(-1)!.text).toContain("no longer in your mentor's log");
    expect(await app.deps.db.mentorConfirmation.count()).toBe(0);
  });

  it("sweep: no note or typed mentee in the database, the logs, any post, or any mentee DM", async () => {
    await con.as("mia", "dm", `/mentor pair mentee:"${TYPED}" from:2026-08-15`);
    const [card] = await con.as("mia", "dm", `45 min with @kai today - planning. notes: ${NOTE}`);
    await con.chat.press(button(card!, "Save"), "mia");
    await con.as("mia", "dm", `/mentor log duration:1h mentee:"${TYPED}" topics:planning notes:"${NOTE} 2"`);
    const dm = await requestTo("kai");
    await con.chat.press(button(dm, "That's not right"), "kai");
    await con.as("coord", "general", "/mentor pairs", "/mentor report");
    await con.as("kai", "general", "/mentor pairs");
    await deliver();
    const secrets = [NOTE, TYPED, TYPED.toLowerCase()];
    for (const p of con.transcript) {
      const mentorOwn = p.channelId === "dm-mia" || (p.kind === "private" && p.userId === "mia");
      if (!mentorOwn) for (const s of secrets) expect(p.text, `${p.kind} to ${p.channelId}`).not.toContain(s);
      if (p.kind === "post") expect(p.text).not.toContain("@kai");
    }
    const texts = await everyText(app, provider);
    for (const s of secrets) expect(texts.filter((t) => t.value.includes(s))).toEqual([]);
    const logs = app.logs.join("");
    expect(logs).toContain('"command"');
    for (const s of secrets) expect(logs).not.toContain(s);
  });
});
