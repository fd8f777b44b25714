// Mentor logging through the console, on SQLite and PostgreSQL: a DM becomes a draft, is saved
// with its button and is counted in /mentor hours against a 300-hour goal; and every
// confidentiality promise, checked where it could break: the database (file bytes and every
// text column), the captured logs of the whole run, the coordinator report, other members
// guessing ids, and channels.
import { readFileSync, existsSync } from "node:fs";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { everyText } from "../support/every-text.js";
import { skipAfterFirstFailure } from "../support/steps.js";
import type { Posted } from "../../src/platforms/console/session.js";
import { sqlitePath } from "../../src/db/client.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";

// Strings that must never leave the mentor's own view (none of them is in any example text).
const MENTEE = "Quinn Oduya";
const NOTE = "zebra crossing transitions after lunch";
const NOTE2 = "pacing worry about unit four";
const MENTION = "<@kai>";
const SECRETS = [MENTEE, MENTEE.toLowerCase(), NOTE, NOTE2, MENTION];

/** Seen by `user` alone: a private answer, or a message in their DM with cadre (where private answers go). */
const onlyTo = (p: Posted, user: string): boolean =>
  (p.kind === "private" && p.userId === user) ||
  ((p.kind === "dm" || p.kind === "update") && p.channelId === `dm-${user}`);

const button = (p: Posted, label: string): number => Number(new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text)![1]);

// A story in steps: one mentor's log over time. Entries saved in the first steps are read,
// guessed at, edited, deleted (deletedBoxes) and finally looked for in the database and logs,
// so the steps run in order and the rest are skipped once one fails.
describe.sequential.each(PROVIDERS)("mentor logging [%s]", (provider) => {
  skipAfterFirstFailure();
  let app: TestApp;
  let con: ConsoleDriver;
  let deletedBoxes: string[] = [];
  beforeAll(async () => {
    // Friday 20 November 2026, noon in New York; the school year starts in July.
    // The story's many commands by one mentor happen at one frozen instant, so without the
    // per-person rate limit (its own tests: test/core/rate-limit.test.ts).
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z", app: { rateLimit: false } });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre settings mentor-goal:300", "/cadre role add user:@coord role:coordinator");
  });
  afterAll(() => app.stop());

  it("turns a DM into a draft, saves it with the button, and counts it in /mentor hours against a 300-hour goal", async () => {
    const [card, ...more] = await con.as(
      "mia",
      "dm",
      `45 min with ${MENTEE} today - classroom management, planning. notes: ${NOTE}`,
    );
    expect(more).toEqual([]);
    expect(card!.channelId).toBe("dm-mia");
    expect(card!.kind).not.toBe("post");
    expect(card!.text).toContain("Time: 45 min");
    expect(card!.text).toContain(`With: ${MENTEE}`);
    expect(card!.text).toContain("Date: 2026-11-20");
    expect(card!.text).toContain("Topics: classroom management, instructional planning");
    expect(card!.text).toContain(NOTE);
    expect(card!.text).toMatch(/\[(\d+)\] Save {2}\[\d+\] Edit {2}\[\d+\] Discard/);
    expect(await app.deps.db.mentorEntry.count()).toBe(0);
    await con.chat.press(button(card!, "Save"), "mia");
    const saved = con.transcript.at(-1)!;
    expect(saved.kind).toBe("update");
    expect(saved.text).toContain("Saved");
    expect(await app.deps.db.mentorEntry.count({ where: { mentorId: "mia" } })).toBe(1);

    await con.as(
      "mia",
      "dm",
      `/mentor log duration:1h30 mentee:@kai topics:assessment mode:virtual date:yesterday`, // this month
      `/mentor log duration:1h mentee:"${MENTEE.toLowerCase()}" topics:planning date:2026-10-15`, // last month, this school year; the same mentee
      `/mentor log duration:2h mentee:"${MENTEE}" topics:planning date:2026-05-04`, // the school year before
    );
    const [hours] = await con.as("mia", "dm", "/mentor hours");
    expect(onlyTo(hours!, "mia")).toBe(true);
    // 45 + 90 min this month; + 60 this school year; + 120 overall.
    expect(hours!.text).toContain(
      "This month: **2.25 h** · This school year: **3.25 h** · Overall: **5.25 h**".replace(/\*\*/g, ""),
    );
    expect(hours!.text).toContain("Goal: [░░░░░░░░░░░░░░░░░░░░] 1% of 300 h this school year");
    expect(hours!.text).toContain("- instructional planning: 1.75 h");
    expect(hours!.text).toContain("- assessment and data: 1.5 h");
    expect(hours!.text).toContain("- classroom management: 0.75 h");
    expect(hours!.text).toContain(`- ${MENTEE}: 1.75 h`);
    expect(hours!.text).toContain("- @kai: 1.5 h");

    // The bar fills: 90 h of 300 is 30%, six of twenty blocks.
    for (let d = 1; d <= 10; d++)
      await con.as(
        "ana",
        "dm",
        `/mentor log duration:9h mentee:"A.N." topics:other date:2026-11-${String(d).padStart(2, "0")}`,
      );
    const [ana] = await con.as("ana", "dm", "/mentor hours");
    expect(ana!.text).toContain("Goal: [██████░░░░░░░░░░░░░░] 30% of 300 h this school year");
  });

  it("answers /mentor log in a channel only privately and continues in the DM; nothing is posted to the channel", async () => {
    const out = await con.as(
      "mia",
      "general",
      `/mentor log duration:30m mentee:"${MENTEE}" topics:"family communication" notes:"${NOTE}"`,
    );
    expect(out.filter((p) => p.channelId === "general" && p.kind !== "private")).toEqual([]);
    expect(out.map((p) => p.kind).sort()).toEqual(["dm", "private"]);
    const note = out.find((p) => p.kind === "private")!;
    expect(note.userId).toBe("mia");
    for (const s of SECRETS) expect(note.text).not.toContain(s);
    const dm = out.find((p) => p.kind === "dm")!;
    expect(dm.channelId).toBe("dm-mia");
    expect(dm.text).toContain(`With: ${MENTEE}`);
    await con.chat.press(button(dm, "Save"), "mia");
    expect(con.transcript.at(-1)!.text).toContain("Saved");

    // Errors and every other subcommand used in a channel stay private too.
    for (const line of [
      "/mentor log duration:forever mentee:x",
      "/mentor log mentee:x",
      "/mentor hours",
      "/mentor entries",
      "/mentor export",
      "/mentor nudge on day:someday",
    ]) {
      const r = await con.as("mia", "general", line);
      expect(r.length).toBeGreaterThan(0);
      expect(r.filter((p) => p.kind === "post" || p.kind === "update")).toEqual([]);
    }
  });

  it("keeps drafts to their mentor: another member's Save, Edit or Discard gets what a missing draft gets", async () => {
    const [card] = await con.as("mia", "dm", `20 min with ${MENTEE} yesterday - student support`);
    const draftId = (
      await app.deps.db.mentorDraft.findFirstOrThrow({
        where: { mentorId: "mia", savedAs: null },
        orderBy: { createdAt: "desc" },
      })
    ).id;
    // Eve cannot see Mia's DM; what she can do is forge a button with Mia's draft id.
    const eve = {
      platform: "console" as const,
      externalWorkspaceId: "console",
      channelId: "dm-eve",
      isDM: true,
      userId: "eve",
      displayName: "eve",
    };
    for (const action of ["save", "edit", "discard"]) {
      const [theirs] = await app.dispatcher.press(eve, `mentor.${action}|${draftId}`);
      const [none] = await app.dispatcher.press(eve, `mentor.${action}|${"c".repeat(25)}`);
      expect(theirs).toEqual(none);
      expect(theirs!.to.kind).toBe("private");
      expect(theirs!.text).toContain("That draft is gone");
    }
    expect(await app.deps.db.mentorDraft.count({ where: { id: draftId } })).toBe(1);

    // Its owner presses Save twice at once: one entry, and the second press hears which one.
    const entries = await app.deps.db.mentorEntry.count({ where: { mentorId: "mia" } });
    const before = con.transcript.length;
    await Promise.all([con.chat.press(button(card!, "Save"), "mia"), con.chat.press(button(card!, "Save"), "mia")]);
    expect(await app.deps.db.mentorEntry.count({ where: { mentorId: "mia" } })).toBe(entries + 1);
    const answers = con.transcript
      .slice(before)
      .map((p) => p.text)
      .sort();
    expect(answers[0]).toContain("Saved");
    expect(answers[1]).toContain("already saved as entry");
    // The draft remains only as a pointer to its entry: the content is gone from it.
    const left = await app.deps.db.mentorDraft.findUniqueOrThrow({ where: { id: draftId } });
    expect(left.savedAs).toBeTruthy();
    expect(answers[0]).toContain(left.savedAs!);
  });

  it("Edit shows the draft as a /mentor log line that saves the same entry", async () => {
    const [card] = await con.as("mia", "dm", `1h with ${MENTEE} Nov 3 - content knowledge, by phone. notes: ${NOTE2}`);
    expect(card!.text).toContain("Date: 2026-11-03");
    expect(card!.text).toContain("Mode: phone");
    await con.chat.press(button(card!, "Edit"), "mia");
    const hint = con.transcript.at(-1)!;
    expect(onlyTo(hint, "mia")).toBe(true);
    const line = /`(\/mentor log [^`]+)`/.exec(hint.text)![1]!;
    const [done] = await con.as("mia", "dm", line);
    expect(done!.text).toContain(`Saved`);
    expect(done!.text).toContain(`1 h with ${MENTEE} on 2026-11-03`);
    const [list] = await con.as("mia", "dm", "/mentor entries count:50");
    expect(list!.text).toContain(`2026-11-03 · 1 h with ${MENTEE} · content knowledge · phone`);
    expect(list!.text).toContain(NOTE2);
  });

  it("lets nobody else read, edit or delete an entry by its id: they get exactly what a missing id gets", async () => {
    const row = await app.deps.db.mentorEntry.findFirstOrThrow({
      where: { mentorId: "mia" },
      orderBy: { createdAt: "asc" },
    });
    const id = row.shortId;
    let missingId = "ZZZZ";
    while (await app.deps.db.mentorEntry.count({ where: { shortId: missingId } }))
      missingId = missingId === "ZZZZ" ? "YYYY" : "XXXX";
    for (const cmd of [
      `/mentor edit id:%s notes:"mine now"`,
      "/mentor edit id:%s duration:1h",
      "/mentor delete id:%s",
    ]) {
      const [theirs] = await con.as("eve", "dm", cmd.replace("%s", id));
      const [none] = await con.as("eve", "dm", cmd.replace("%s", missingId));
      expect(onlyTo(theirs!, "eve")).toBe(true);
      expect(theirs!.text.replaceAll(id, "ID")).toBe(none!.text.replaceAll(missingId, "ID"));
      expect(theirs!.text).toContain(`You have no mentoring entry ${id}`);
    }
    const [list] = await con.as("eve", "dm", "/mentor entries");
    const [hours] = await con.as("eve", "dm", "/mentor hours");
    const [exp] = (await con.as("eve", "dm", "/mentor export")).filter((p) => p.kind === "dm");
    for (const s of SECRETS)
      for (const p of [list!, hours!, exp!]) expect(p.text + (p.reply.files?.[0]?.content ?? "")).not.toContain(s);
    expect(await app.deps.db.mentorEntry.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);

    // The owner deletes it: the row, its topics and its ciphertext are gone.
    deletedBoxes = [row.menteeEnc, row.notesEnc].filter((b): b is string => !!b);
    expect(deletedBoxes).toHaveLength(2);
    const [del] = await con.as("mia", "dm", `/mentor delete id:${id}`);
    expect(del!.text).toContain("its content is gone");
    expect(await app.deps.db.mentorEntry.count({ where: { id: row.id } })).toBe(0);
    expect(await app.deps.db.mentorTopic.count({ where: { entryId: row.id } })).toBe(0);
  });

  it("edits the mentor's own entry", async () => {
    const row = await app.deps.db.mentorEntry.findFirstOrThrow({ where: { mentorId: "mia", minutes: 30 } });
    const [r] = await con.as(
      "mia",
      "dm",
      `/mentor edit id:${row.shortId.toLowerCase()} duration:40m topics:"emotional support"`,
    );
    expect(r!.text).toContain(`40 min with ${MENTEE} · emotional support`);
    expect(
      await app.deps.db.mentorTopic.findMany({ where: { entryId: row.id }, select: { topic: true, minutes: true } }),
    ).toEqual([{ topic: "emotional support", minutes: 40 }]);
  });

  it("gives coordinators hours per mentor but never notes or mentees, withholds topics under 5 mentors (in the period and per topic), and audits each run", async () => {
    const [denied] = await con.as("mia", "general", "/mentor report");
    expect(denied!.kind).toBe("private");
    expect(denied!.text).toContain("Only coordinator or admin can use /mentor report");
    // mia and ana have logged; two more make four.
    for (const m of ["m3", "m4"])
      await con.as(m, "dm", `/mentor log duration:1h mentee:"${MENTEE}" topics:planning notes:"${NOTE}"`);
    const [four] = await con.as("coord", "general", "/mentor report");
    expect(four!.kind).toBe("private");
    expect(four!.text).toContain("Topic distribution withheld: fewer than 5 mentors logged in this period (4)");
    expect(four!.text).not.toContain("Topics across the network");
    expect(four!.text).not.toContain("instructional planning");

    await con.as(
      "m5",
      "dm",
      `/mentor log duration:2h mentee:${MENTION} topics:"family communication" notes:"${NOTE2}"`,
    );
    const [five] = await con.as("coord", "general", "/mentor report");
    expect(five!.text).toContain("Topics across the network");
    // Each topic was logged by fewer than 5 of the 5 mentors, so none is shown on its own
    // (ana's 90 h of "other" would be hers alone).
    expect(five!.text).not.toContain("- instructional planning:");
    expect(five!.text).not.toContain("- other: 90 h");
    expect(five!.text).toMatch(/\d topic\(s\) logged by fewer than 5 mentors are not shown/);
    expect(five!.text).toContain("@m5: 2 h in 1 entry, last 2026-11-20");
    expect(five!.text).toContain("@ana: 90 h in 10 entries, last 2026-11-10");
    const csv = five!.reply.files![0]!.content;
    expect(csv.split("\n")[0]).toBe(
      "\uFEFFmentor,platform user id,hours,entries,last entry,has mentor role,confirmed hours,unconfirmed hours",
    );
    expect(csv).toContain("ana,ana,90.00,10,2026-11-10,");
    // The school year so far leaves out mia's May entry.
    expect(five!.text).not.toContain("2026-05-04");
    for (const s of SECRETS) expect(five!.text + csv).not.toContain(s);
    expect(five!.text + csv).not.toContain("kai");
    const [custom] = await con.as("coord", "general", "/mentor report from:2026-11-01 to:2026-11-05");
    expect(custom!.text).toContain("Mentoring hours — 2026-11-01 to 2026-11-05");
    expect(custom!.text).toContain("@ana: 45 h in 5 entries, last 2026-11-05");
    expect(custom!.text).toContain("@mia: 1 h in 1 entry, last 2026-11-03"); // the entry saved through Edit
    expect(custom!.text).not.toContain("@m5");
    expect(custom!.reply.files![0]!.filename).toBe("mentoring-hours-2026-11-01-to-2026-11-05.csv");
    const [backwards] = await con.as("coord", "general", "/mentor report from:2026-11-05 to:2026-11-01");
    expect(backwards!.reply.tone).toBe("error");
    expect(backwards!.text).toContain("The period ends (2026-11-01) before it starts (2026-11-05)");
    expect(await app.deps.db.auditEvent.count({ where: { action: "mentor.report" } })).toBe(3);
    const audits = await app.deps.db.auditEvent.findMany({ where: { action: "mentor.report" } });
    for (const a of audits) for (const s of SECRETS) expect(JSON.stringify(a)).not.toContain(s);
  });

  it("exports the mentor's own log as CSV by DM", async () => {
    const out = await con.as("m5", "general", "/mentor export");
    expect(out.filter((p) => p.kind === "post")).toEqual([]);
    const dm = out.find((p) => p.kind === "dm")!;
    expect(dm.userId).toBe("m5");
    const csv = dm.reply.files![0]!.content;
    expect(csv.split("\n")[0]).toBe("\uFEFFdate,minutes,mentee,topics,mode,notes,id");
    expect(csv.split("\n")[1]).toMatch(
      new RegExp(`^2026-11-20,120,${MENTION},family communication,in person,${NOTE2},[A-Z0-9]{4}$`),
    );
  });

  it("answers bad input privately with what was wrong and an example that works, saving nothing", async () => {
    const counts = async () => [await app.deps.db.mentorDraft.count(), await app.deps.db.mentorEntry.count()];
    const before = await counts();
    const cases: [string, string, RegExp][] = [
      ["dm", "had a great chat", /I couldn't read how long \(e\.g\. 45 min\) or who with/],
      ["dm", "45 parsecs with A.B.", /I couldn't read how long/],
      [
        "dm",
        '/mentor log duration:30m mentee:"A.B." topics:"underwater basket weaving"',
        /I don't know the topic "underwater basket weaving"/,
      ],
      ["dm", "30 min with A.B. tomorrow - planning", /is in the future/],
      ["dm", "13 hours with A.B. today - planning", /13 h is more than one entry can hold: at most 12 h/],
      ["dm", `45 min with ${"someone I will not name ".repeat(5)}`, /couldn't tell where the name after "with" ends/],
      ["dm", '/mentor log duration:30m mentee:"A.B." date:"next week"', /is in the future/],
      [
        "general",
        '/mentor log duration:30m mentee:"A.B." date:"the day the music died"',
        /could not read .* as a date/,
      ],
      ["general", "/mentor log duration:0 mentee:A.B.", /duration/],
    ];
    for (const [where, line, problem] of cases) {
      const out = await con.as("mia", where, line);
      expect(out).toHaveLength(1);
      expect(onlyTo(out[0]!, "mia")).toBe(true);
      expect(out[0]!.reply.tone).toBe("error");
      expect(out[0]!.text).toMatch(problem);
      expect(out[0]!.text).toMatch(/Example: `|45 min with J\.R\. today - classroom management, planning/);
    }
    expect(await counts()).toEqual(before);
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
    const next = await app.deps.db.delivery.findFirstOrThrow({
      where: { sourceKind: "mentor-nudge", status: "pending" },
    });
    expect(next.dueAt.toISOString()).toBe("2026-11-27T20:00:00.000Z");
    await con.as("nina", "dm", "/mentor nudge off");
    expect(await app.deps.db.delivery.count({ where: { sourceKind: "mentor-nudge", status: "pending" } })).toBe(0);
  });

  // Last: the whole run above is what these sweeps look through.
  it("never writes a note or a mentee to the logs", () => {
    const logs = app.logs.join("");
    expect(logs).toContain('"command"'); // debug logging was on and captured the run
    for (const s of SECRETS) expect(logs).not.toContain(s);
  });

  it("stores mentee and notes only as ciphertext: no plaintext in any column (or, on SQLite, in the file bytes)", async () => {
    const rows = await app.deps.db.mentorEntry.findMany();
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const r of rows) {
      expect(r.menteeEnc).toMatch(/^v1\.[0-9a-f]{8}\./);
      expect(r.keyId).toBe(r.menteeEnc.split(".")[1]);
    }
    const texts = await everyText(app, provider);
    expect(texts.some((t) => t.table === "MentorEntry" && t.column === "notesEnc")).toBe(true);
    for (const s of [...SECRETS, ...deletedBoxes]) expect(texts.filter((t) => t.value.includes(s))).toEqual([]);
    if (provider === "sqlite") {
      const file = sqlitePath(app.url);
      const raw = new Sqlite(file);
      raw.pragma("wal_checkpoint(TRUNCATE)");
      raw.close();
      let read = 0;
      for (const f of [file, `${file}-wal`, `${file}-shm`])
        if (existsSync(f)) {
          const bytes = readFileSync(f);
          read += bytes.length;
          for (const s of SECRETS) expect(bytes.includes(Buffer.from(s)), `${s} in ${f}`).toBe(false);
          // A deleted entry's ciphertext is zeroed, not left in a free page (secure_delete).
          for (const b of deletedBoxes)
            expect(bytes.includes(Buffer.from(b)), `deleted ciphertext in ${f}`).toBe(false);
        }
      expect(read).toBeGreaterThan(0);
    }
  });
});
