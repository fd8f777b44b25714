// Mentor logging through the console: a DM becomes a draft, is saved with its button and is
// counted in /mentor hours; and the confidentiality promises, checked where they could break.
import { readFileSync, existsSync } from "node:fs";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "./support/app.js";
import { ConsoleDriver } from "./support/console.js";
import { sqlitePath } from "../src/db/client.js";
import { Scheduler } from "../src/scheduler/scheduler.js";

const NOTE = "worked on transitions after lunch";
const MENTEE = "J.R.";

describe.each(PROVIDERS)("mentor logging [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre settings mentor-goal:300", "/cadre role add user:@coord role:coordinator");
  });
  afterAll(() => app.stop());

  it("turns a DM into a draft, saves it with the button, and counts it against the goal", async () => {
    const [card] = await con.as("mia", "dm", `45 min with ${MENTEE} today - classroom management, planning. notes: ${NOTE}`);
    expect(card!.channelId).toBe("dm-mia");
    expect(card!.text).toContain("Time: 45 min");
    expect(card!.text).toContain(`With: ${MENTEE}`);
    expect(card!.text).toContain("Topics: classroom management, instructional planning");
    expect(card!.text).toMatch(/\[(\d+)\] Save {2}\[\d+\] Edit {2}\[\d+\] Discard/);
    const save = Number(/\[(\d+)\] Save/.exec(card!.text)![1]);
    await con.chat.press(save, "mia");
    const saved = con.transcript.at(-1)!;
    expect(saved.kind).toBe("update");
    expect(saved.text).toContain("Saved");

    await con.as("mia", "dm", "/mentor log duration:1h30 mentee:@kai topics:assessment mode:virtual date:yesterday");
    const [hours] = await con.as("mia", "dm", "/mentor hours");
    expect(hours!.text).toContain("This month: 2.3 h · This school year: 2.3 h · Overall: 2.3 h");
    expect(hours!.text).toContain("Goal: [░░░░░░░░░░░░░░░░░░░░] 1% of 300 h this school year");
    expect(hours!.text).toContain("- assessment and data: 1.5 h");
    expect(hours!.text).toContain(`- ${MENTEE}: 45 min`.replace("45 min", "0.8 h"));
  });

  it("answers /mentor log in a channel only privately and continues in the DM", async () => {
    const out = await con.as("mia", "general", `/mentor log duration:30m mentee:"${MENTEE}" notes:"${NOTE}"`);
    expect(out.filter((p) => p.kind === "post")).toEqual([]);
    expect(out.map((p) => p.kind).sort()).toEqual(["dm", "private"]);
    expect(out.find((p) => p.kind === "private")!.text).not.toContain(NOTE);
  });

  it("stores mentee and notes only as ciphertext", async () => {
    const rows = await app.deps.db.mentorEntry.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.menteeEnc).toMatch(/^v1\./);
      expect(r.menteeEnc).not.toContain(MENTEE);
      expect(r.notesEnc ?? "").not.toContain(NOTE);
    }
    const drafts = await app.deps.db.mentorDraft.findMany();
    for (const d of drafts) expect(d.payloadEnc).not.toContain(NOTE);
    if (provider === "sqlite") {
      const file = sqlitePath(app.url);
      const raw = new Sqlite(file);
      raw.pragma("wal_checkpoint(TRUNCATE)");
      raw.close();
      for (const f of [file, file + "-wal"]) if (existsSync(f)) {
        const bytes = readFileSync(f);
        expect(bytes.includes(Buffer.from(NOTE))).toBe(false);
        expect(bytes.includes(Buffer.from(`with ${MENTEE}`))).toBe(false);
        expect(bytes.includes(Buffer.from(`"${MENTEE}"`))).toBe(false);
      }
    }
  });

  it("lets nobody else read, edit or delete an entry by its id", async () => {
    const id = (await app.deps.db.mentorEntry.findFirstOrThrow({ where: { mentorId: "mia" } })).shortId;
    for (const cmd of [`/mentor edit id:${id} notes:"mine now"`, `/mentor delete id:${id}`]) {
      const [r] = await con.as("eve", "dm", cmd);
      expect(r!.text).toContain(`You have no mentoring entry ${id}`);
    }
    const [list] = await con.as("eve", "dm", "/mentor entries");
    expect(list!.text).not.toContain(NOTE);
    expect(await app.deps.db.mentorEntry.count({ where: { shortId: id } })).toBe(1);
    const [del] = await con.as("mia", "dm", `/mentor delete id:${id}`);
    expect(del!.text).toContain("its content is gone");
    expect(await app.deps.db.mentorEntry.count({ where: { shortId: id } })).toBe(0);
  });

  it("gives coordinators hours but never notes or mentees, and withholds topics under 5 mentors", async () => {
    const [denied] = await con.as("mia", "general", "/mentor report");
    expect(denied!.text).toContain("Only coordinator or admin can use /mentor report");
    for (const m of ["m2", "m3", "m4"]) await con.as(m, "dm", `/mentor log duration:1h mentee:"${MENTEE}" topics:planning notes:"${NOTE}"`);
    const [four] = await con.as("coord", "general", "/mentor report");
    expect(four!.text).toContain("Topic distribution withheld: fewer than 5 mentors logged in this period (4)");
    await con.as("m5", "dm", `/mentor log duration:2h mentee:"${MENTEE}" topics:"family communication" notes:"${NOTE}"`);
    const [five] = await con.as("coord", "general", "/mentor report");
    expect(five!.text).toContain("Topics across the network");
    expect(five!.text).toContain("- instructional planning:");
    expect(five!.text).toContain("@m5: 2 h in 1 entry");
    const all = five!.text + five!.reply.files![0]!.content;
    expect(all).not.toContain(NOTE);
    expect(all).not.toContain(MENTEE);
    expect(await app.deps.db.auditEvent.count({ where: { action: "mentor.report" } })).toBe(2);
  });

  it("exports the mentor's own log by DM", async () => {
    const out = await con.as("m5", "general", "/mentor export");
    const dm = out.find((p) => p.kind === "dm")!;
    expect(dm.userId).toBe("m5");
    const csv = dm.reply.files![0]!.content;
    expect(csv.split("\n")[0]).toBe("date,minutes,mentee,topics,mode,notes,id");
    expect(csv).toContain(NOTE);
    expect(out.filter((p) => p.kind === "post")).toEqual([]);
  });

  it("answers unreadable DMs and bad options privately with an example, saving nothing", async () => {
    const before = await app.deps.db.mentorDraft.count();
    const [r] = await con.as("mia", "dm", "had a great chat");
    expect(r!.text).toContain("I couldn't read how long (e.g. 45 min) or who with");
    expect(r!.text).toContain("45 min with J.R. today");
    const [t] = await con.as("mia", "dm", "30 min with A.B. today - underwater basket weaving");
    expect(t!.text).toContain('I don\'t know the topic "underwater basket weaving"');
    const [f] = await con.as("mia", "dm", '/mentor log duration:30m mentee:"A.B." date:"next week"');
    expect(f!.text).toContain("is in the future");
    expect(await app.deps.db.mentorDraft.count()).toBe(before);
  });

  it("never writes a note or a mentee to the logs", () => {
    const logs = app.logs.join("");
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(NOTE);
    expect(logs).not.toContain(MENTEE);
  });

  it("sends the weekly nudge by DM on the chosen day and plans the next one", async () => {
    const [on] = await con.as("nina", "dm", "/mentor nudge on day:friday time:3pm");
    expect(on!.text).toContain("The first one comes Friday 20 November 2026, 3:00 PM EST");
    app.clock.set("2026-11-20T20:00:30Z");
    const before = con.transcript.length;
    await new Scheduler(app).drain();
    const nudges = con.transcript.slice(before).filter((p) => p.kind === "dm" && p.userId === "nina");
    expect(nudges).toHaveLength(1);
    expect(nudges[0]!.text).toContain("Time to log this week's mentoring");
    const next = await app.deps.db.delivery.findFirstOrThrow({ where: { sourceKind: "mentor-nudge", status: "pending" } });
    expect(next.dueAt.toISOString()).toBe("2026-11-27T20:00:00.000Z");
    await con.as("nina", "dm", "/mentor nudge off");
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "mentor-nudge", status: "pending" } })).toBe(0);
  });
});
