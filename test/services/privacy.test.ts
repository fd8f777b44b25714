// A person's rights in chat: /cadre privacy export sends them, by DM, their own data and nobody
// else's; /cadre privacy delete deletes only after its confirmation button, keeps what the
// district keeps, and is safe to press twice; admins do both for a departed member (without
// the mentor's content). Each request is an audit event about the person, without content.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Posted } from "../../src/platforms/console/session.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

const button = (p: Posted, label: string): number => Number(new RegExp(`\\[(\\d+)\\] ${label}`).exec(p.text)![1]);
const files = (posts: Posted[]) => posts.flatMap((p) => p.reply.files ?? []);
const file = (posts: Posted[], name: string) => files(posts).find((f) => f.filename.includes(`-${name}-`))!.content;

describe.each(PROVIDERS)("/cadre privacy [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@mia role:mentor"); // the first admin
    await con.as("mia", "dm", '/mentor log duration:1h mentee:"Jordan Lee" topics:planning notes:"mia private note"');
    await con.as("eve", "dm", '/mentor log duration:2h mentee:"Casey Fox" topics:planning notes:"eve private note"');
    await con.as("mia", "general", '/reminder add when:"tomorrow 8am" Bring the mia rubric');
    await con.as("eve", "general", '/reminder add when:"tomorrow 8am" Bring the eve rubric');
    await con.as(
      "admin",
      "general",
      '/session announce title:"Scoring training" when:"Dec 3 9am" hours:3 where:"Central HS" channel:#scoring',
    );
    const session = await app.deps.db.session.findFirstOrThrow();
    await con.as("mia", "general", `/session rsvp id:${session.shortId} answer:going`);
    await con.as("eve", "general", `/session rsvp id:${session.shortId} answer:maybe`);
  });
  afterEach(() => app.stop());

  it("export sends the person, by DM, their own data with content, and nobody else's", async () => {
    const posted = await con.as("mia", "general", "/cadre privacy export");
    expect(posted.find((p) => p.kind === "private")!.text).toContain("Sent your data to your DM");
    const dm = posted.filter((p) => p.kind === "dm" && p.userId === "mia");
    expect(files(dm).map((f) => f.filename.replace(/-\d{4}-\d\d-\d\d\.csv$/, ""))).toEqual([
      "cadre-profile",
      "cadre-mentoring-log",
      "cadre-sessions",
      "cadre-mentoring-pairs",
      "cadre-agenda",
      "cadre-reminders",
      "cadre-audit",
    ]);
    const all = files(dm)
      .map((f) => f.content)
      .join("\n");
    expect(file(dm, "mentoring-log")).toContain("mia private note");
    expect(file(dm, "mentoring-log")).toContain("Jordan Lee");
    expect(file(dm, "reminders")).toContain("Bring the mia rubric");
    expect(file(dm, "sessions")).toMatch(/Scoring training,.*,going/);
    expect(file(dm, "profile")).toContain("mentor");
    expect(file(dm, "audit")).toContain("role.add");
    for (const other of ["eve private note", "Casey Fox", "eve rubric", "maybe", "eve"])
      expect(all).not.toContain(other);

    const event = await app.deps.db.auditEvent.findFirstOrThrow({ where: { action: "privacy.export" } });
    expect([event.actorId, event.subjectId]).toEqual(["mia", "mia"]);
    expect(event.detail).not.toMatch(/Jordan|private note|rubric/);
  });

  it("export includes the person's mentoring pairs, hours credited and certificates, as mentor and as mentee", async () => {
    await con.as("admin", "general", "/cadre role add user:@coord role:coordinator");
    await con.as("coord", "general", "/mentor pair mentor:@mia mentee:@eve from:2026-11-01");
    const session = await app.deps.db.session.findFirstOrThrow();
    app.clock.set("2026-12-03T14:10:00Z"); // during the training
    await con.as("mia", "general", `/session checkin id:${session.shortId}`);
    app.clock.set("2026-12-03T16:00:00Z");
    await con.as("mia", "general", `/session checkout id:${session.shortId}`);

    const mia = (await con.as("mia", "general", "/cadre privacy export")).filter((p) => p.kind === "dm");
    expect(file(mia, "mentoring-pairs")).toMatch(/^pair,[A-Z0-9]+,mentor,mia,eve,2026-11-01,/m);
    expect(file(mia, "sessions").split("\n")[0]).toContain("hours credited");
    expect(file(mia, "sessions")).toMatch(/Scoring training,.*,going,.*,1\.75,/);
    const eve = (await con.as("eve", "general", "/cadre privacy export")).filter((p) => p.kind === "dm");
    expect(file(eve, "mentoring-pairs")).toMatch(/^pair,[A-Z0-9]+,mentee,mia,eve,2026-11-01,/m);
    expect(
      files(eve)
        .map((f) => f.content)
        .join("\n"),
    ).not.toContain("mia private note");
  });

  it("delete removes nothing until confirmed, then what is the person's; keeps attendance and totals; twice is safe", async () => {
    const { db } = app.deps;
    const session = await db.session.findFirstOrThrow();
    // Attendance as the organizer records it at the session (check-in opens on the day).
    await db.rsvp.updateMany({ where: { sessionId: session.id, userId: "mia" }, data: { checkedInAt: new Date() } });
    const [ask] = await con.as("mia", "general", "/cadre privacy delete");
    expect(ask!.kind).toBe("private");
    expect(ask!.text).toContain("mentoring entries, with their notes and mentees: 1");
    expect(ask!.text).toContain("attendance (session check-ins)");
    expect(await db.mentorEntry.count({ where: { mentorId: "mia" } })).toBe(1); // only the button deletes

    await con.chat.press(button(ask!, "Delete my data"), "mia");
    const done = con.transcript.at(-1)!;
    expect(done.kind).toBe("private");
    expect(done.text).toContain("Deleted your data");
    expect(await db.mentorEntry.count({ where: { mentorId: "mia" } })).toBe(0);
    expect(await db.reminder.count({ where: { creatorId: "mia" } })).toBe(0);
    expect(await db.member.count({ where: { userId: "mia" } })).toBe(0);
    const kept = await db.rsvp.findMany({ where: { userId: "mia" } });
    expect(kept.map((r) => r.checkedInAt !== null)).toEqual([true]); // attendance stays
    expect((await db.mentorDay.findMany({ where: { mentorId: "mia" } })).map((d) => d.minutes)).toEqual([60]);
    // Eve's data is untouched.
    expect(await db.mentorEntry.count({ where: { mentorId: "eve" } })).toBe(1);
    expect(await db.reminder.count({ where: { creatorId: "eve" } })).toBe(1);
    expect(await db.rsvp.count({ where: { userId: "eve" } })).toBe(1);

    await con.chat.press(button(ask!, "Delete my data"), "mia");
    expect(con.transcript.at(-1)!.text).toContain("Already deleted");
    const events = await db.auditEvent.findMany({ where: { action: "privacy.delete" } });
    expect(events.map((e) => [e.actorId, e.subjectId])).toEqual([
      ["mia", "mia"],
      ["mia", "mia"],
    ]);
    for (const e of events) expect(e.detail).not.toMatch(/Jordan|private note|rubric/);
  });

  it("someone else's confirmation button and user: are refused to non-admins, privately, deleting nothing", async () => {
    const [ask] = await con.as("mia", "general", "/cadre privacy delete");
    await con.chat.press(button(ask!, "Delete my data"), "eve");
    expect(con.transcript.at(-1)!.reply.tone).toBe("error");
    const [refused] = await con.as("eve", "general", "/cadre privacy export user:@mia");
    expect(refused!.kind).toBe("private");
    expect(refused!.text).toContain("Only an admin");
    expect(await app.deps.db.mentorEntry.count({ where: { mentorId: "mia" } })).toBe(1);
  });

  it("an admin exports a departed member's data without their mentoring content, and deletes it, audited", async () => {
    const posted = await con.as("admin", "general", "/cadre privacy export user:@mia");
    const dm = posted.filter((p) => p.kind === "dm" && p.userId === "admin");
    expect(dm[0]!.text).toContain("Mentor notes and mentee names are left out");
    const log = file(dm, "mentoring-log");
    expect(log).toContain("planning");
    expect(log).not.toMatch(/Jordan|private note/);
    expect(file(dm, "reminders")).toContain("Bring the mia rubric");

    const [ask] = await con.as("admin", "general", "/cadre privacy delete user:@mia");
    await con.chat.press(button(ask!, "Delete their data"), "admin");
    expect(await app.deps.db.mentorEntry.count({ where: { mentorId: "mia" } })).toBe(0);
    const events = await app.deps.db.auditEvent.findMany({
      where: { action: { startsWith: "privacy." } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.action, e.actorId, e.subjectId])).toEqual([
      ["privacy.export", "admin", "mia"],
      ["privacy.delete", "admin", "mia"],
    ]);
  });
  it("every command its help and answers suggest works as written, for the person they are about", async () => {
    const suggested = (p: Posted) =>
      [...p.text.matchAll(/\/cadre privacy [a-z]+(?: user:@[\w.-]+)?/g)].map((m) => m[0]);
    const [help] = await con.as("admin", "general", "/cadre privacy help");
    const fromHelp = suggested(help!);
    expect(fromHelp).toEqual(expect.arrayContaining(["/cadre privacy export", "/cadre privacy delete"]));
    for (const cmd of fromHelp) {
      const [r] = await con.as("admin", "general", cmd);
      expect(r!.reply.tone, cmd).not.toBe("error");
    }
    // A member refused user: is shown how to ask for their own.
    const [refused] = await con.as("eve", "general", "/cadre privacy export user:@mia");
    for (const cmd of suggested(refused!)) {
      const dm = (await con.as("eve", "general", cmd)).filter((p) => p.kind === "dm");
      expect(dm[0]!.text, cmd).toContain("Everything cadre holds about you");
    }
    // Before deleting a departed member's data, the export it suggests is theirs, not the admin's.
    const [ask] = await con.as("admin", "general", "/cadre privacy delete user:@mia");
    const exports = suggested(ask!).filter((c) => c.includes(" export"));
    expect(exports).toEqual(["/cadre privacy export user:@mia"]);
    const dm = (await con.as("admin", "general", exports[0]!)).filter((p) => p.kind === "dm");
    expect(dm[0]!.text).toContain("Everything cadre holds about @mia");
    // Their own deletion suggests their own export.
    const [own] = await con.as("eve", "general", "/cadre privacy delete");
    expect(suggested(own!)).toContain("/cadre privacy export");
    expect(suggested(own!).some((c) => c.includes("user:"))).toBe(false);
  });
});
