// Retention, enforced: the daily run removes exactly what is past each of the workspace's
// settings (on either side of every cutoff, one row stays and one goes), zeroes removed mentor
// content on SQLite, runs once a day across instances, and says in the audit log how much it
// removed (counts, no content). /cadre settings shows the defaults; admins change them.
import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { sqlitePath } from "../../src/db/client.js";
import { createEntry, listEntries, saveDraft } from "../../src/services/mentoring/entries.js";
import { createPair, listPairs } from "../../src/services/mentoring/pairs.js";
import { CONTENT_REMOVED, SYSTEM_ACTOR } from "../../src/services/retention.js";
import { RETENTION_DEFAULTS } from "../../src/services/settings.js";
import { ensureWorkspace, updateWorkspace } from "../../src/services/workspaces.js";
import { runRetentionIfDue } from "../../src/scheduler/retention-job.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

const NOW = new Date("2026-11-02T15:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const dayAgo = (days: number) => ago(days).toISOString().slice(0, 10);

async function seed(app: TestApp) {
  const { db, keys } = app.deps;
  const ws = await ensureWorkspace(db, "console", "console", "America/New_York");
  const w = ws.id;
  const entry = (day: string, mentee: string, notes: string) =>
    createEntry(db, keys, w, "mia", { minutes: 45, mentee, day, topics: ["planning"], mode: "in person", notes });
  const oldEntry = await entry(dayAgo(RETENTION_DEFAULTS.mentorContent + 1), "Old Mentee", "old confidential note");
  const newEntry = await entry(dayAgo(RETENTION_DEFAULTS.mentorContent - 1), "New Mentee", "recent note");
  const draft = { minutes: 30, mentee: "Draft Mentee", day: dayAgo(1), topics: ["planning"], mode: "in person" };
  await saveDraft(db, keys, w, "mia", draft, ago(RETENTION_DEFAULTS.drafts + 1));
  const keptDraft = await saveDraft(db, keys, w, "mia", draft, ago(RETENTION_DEFAULTS.drafts - 1));

  let n = 0;
  const delivery = (status: string, dueDaysAgo: number) =>
    db.delivery.create({
      data: {
        workspaceId: w,
        dedupeKey: `k${++n}`,
        dueAt: ago(dueDaysAgo),
        targetKind: "dm",
        targetId: "mia",
        payload: "{}",
        status,
      },
    });
  await delivery("sent", RETENTION_DEFAULTS.deliveries + 1);
  await delivery("failed", RETENTION_DEFAULTS.deliveries + 1);
  await delivery("sent", RETENTION_DEFAULTS.deliveries - 1);
  await delivery("pending", RETENTION_DEFAULTS.deliveries + 5); // never touched

  const reminder = (status: string, createdDaysAgo: number) =>
    db.reminder.create({
      data: {
        workspaceId: w,
        shortId: `R${++n}`,
        creatorId: "mia",
        targetKind: "dm",
        targetId: "mia",
        text: "x",
        phrase: "tomorrow 8am",
        kind: "once",
        timeZone: "America/New_York",
        status,
        createdAt: ago(createdDaysAgo),
      },
    });
  await reminder("done", RETENTION_DEFAULTS.deliveries + 1);
  await reminder("active", RETENTION_DEFAULTS.deliveries + 100);

  await db.auditEvent.create({
    data: { workspaceId: w, actorId: "ana", action: "old", createdAt: ago(RETENTION_DEFAULTS.audit + 1) },
  });
  await db.auditEvent.create({
    data: { workspaceId: w, actorId: "ana", action: "new", createdAt: ago(RETENTION_DEFAULTS.audit - 1) },
  });

  const team = await db.team.create({
    data: {
      workspaceId: w,
      shortId: "T1",
      name: "ILT",
      channelId: "ilt",
      weekday: 4,
      time: "15:30",
      timeZone: "America/New_York",
      createdBy: "ana",
    },
  });
  const meeting = (seq: number, status: string, closedDaysAgo?: number) =>
    db.meeting.create({
      data: {
        teamId: team.id,
        seq,
        startsAt: ago(500),
        status,
        closedAt: closedDaysAgo === undefined ? null : ago(closedDaysAgo),
      },
    });
  const item = (meetingId: string, text: string) =>
    db.agendaItem.create({
      data: { shortId: `A${++n}`, workspaceId: w, meetingId, text, minutes: 10, type: "discussion", position: n },
    });
  await item((await meeting(1, "closed", RETENTION_DEFAULTS.agendas + 1)).id, "old closed");
  await item((await meeting(2, "closed", RETENTION_DEFAULTS.agendas - 1)).id, "recent closed");
  await item((await meeting(3, "upcoming")).id, "never closed");

  const session = (daysAgo: number) =>
    db.session.create({
      data: {
        workspaceId: w,
        shortId: `S${++n}`,
        title: "Scoring training",
        kind: "scoring-training",
        startsAt: ago(daysAgo),
        minutes: 180,
        timeZone: "America/New_York",
        channelId: "scoring",
        createdBy: "ana",
      },
    });
  const past = await session(RETENTION_DEFAULTS.rsvps + 1);
  const recent = await session(RETENTION_DEFAULTS.rsvps - 1);
  await db.rsvp.create({ data: { sessionId: past.id, userId: "sam", answer: "no" } });
  await db.rsvp.create({ data: { sessionId: past.id, userId: "tia", answer: "going", checkedInAt: ago(400) } });
  await db.rsvp.create({ data: { sessionId: recent.id, userId: "sam", answer: "going" } });
  return { w, oldEntry, newEntry, keptDraft };
}

describe.each(PROVIDERS)("retention [%s]", (provider) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("removes exactly what is past each default setting, keeps hours, topics and attendance, and audits counts", async () => {
    app = await makeApp(provider, { now: NOW });
    const { db, keys } = app.deps;
    const { w, oldEntry, newEntry, keptDraft } = await seed(app);
    const oldCipher = (await db.mentorEntry.findUniqueOrThrow({ where: { id: oldEntry.id } })).notesEnc!;

    const run = await runRetentionIfDue(app);
    expect(run).toEqual([
      {
        workspaceId: w,
        removed: {
          mentorContent: 1,
          pairNames: 0,
          drafts: 1,
          deliveries: 2,
          reminders: 1,
          audit: 1,
          agendaItems: 1,
          rsvps: 1,
        },
      },
    ]);

    const entries = await listEntries(db, keys, w, "mia");
    const old = entries.find((e) => e.id === oldEntry.id)!;
    expect(old).toMatchObject({ mentee: CONTENT_REMOVED, notes: undefined, minutes: 45, topics: ["planning"] });
    expect(entries.find((e) => e.id === newEntry.id)).toMatchObject({ mentee: "New Mentee", notes: "recent note" });
    expect((await db.mentorDay.aggregate({ where: { workspaceId: w }, _sum: { minutes: true } }))._sum.minutes).toBe(
      90,
    );
    expect((await db.mentorDraft.findMany({ where: { workspaceId: w } })).map((d) => d.id)).toEqual([keptDraft]);
    expect((await db.delivery.findMany({ orderBy: { dedupeKey: "asc" } })).map((d) => d.status).sort()).toEqual([
      "pending",
      "sent",
    ]);
    expect((await db.reminder.findMany()).map((r) => r.status)).toEqual(["active"]);
    const actions = (await db.auditEvent.findMany({ where: { workspaceId: w } })).map((a) => a.action).sort();
    expect(actions).toEqual(["new", "retention.run"]);
    expect((await db.agendaItem.findMany()).map((i) => i.text).sort()).toEqual(["never closed", "recent closed"]);
    expect((await db.meeting.count()) === 3).toBe(true); // dates and roles stay for rotation
    const rsvps = await db.rsvp.findMany({ orderBy: { userId: "asc" } });
    expect(rsvps.map((r) => [r.userId, r.checkedInAt !== null])).toEqual([
      ["sam", false],
      ["tia", true],
    ]);

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "retention.run" } });
    expect(event.actorId).toBe(SYSTEM_ACTOR);
    expect(JSON.parse(event.detail).removed.mentorContent).toBe(1);
    for (const secret of ["Old Mentee", "old confidential note", "Draft Mentee", "never closed"])
      expect(event.detail).not.toContain(secret);

    if (provider === "sqlite") {
      const file = sqlitePath(app.url);
      for (const f of [file, `${file}-wal`])
        if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(oldCipher, "latin1")), f).toBe(false);
    }
  });

  it("follows the workspace's own settings, and runs once a day however often it is asked", async () => {
    app = await makeApp(provider, { now: NOW });
    const { db } = app.deps;
    const { w } = await seed(app);
    await updateWorkspace(db, w, {
      settings: { retention: { ...RETENTION_DEFAULTS, rsvps: RETENTION_DEFAULTS.rsvps - 2, deliveries: 3650 } },
    });

    const first = await runRetentionIfDue(app);
    expect(first![0]!.removed).toMatchObject({ rsvps: 2, deliveries: 0, reminders: 0 });
    expect(await runRetentionIfDue(app)).toBeUndefined(); // another instance, or the next hour
    app.clock.advance(21 * 3_600_000);
    const next = await runRetentionIfDue(app);
    // The next day only what crossed its line since goes: the entry logged 729 days ago is now past 730.
    expect(next![0]!.removed).toEqual({
      mentorContent: 1,
      pairNames: 0,
      drafts: 0,
      deliveries: 0,
      reminders: 0,
      audit: 0,
      agendaItems: 0,
      rsvps: 0,
    });
    expect(await db.auditEvent.count({ where: { action: "retention.run" } })).toBe(2);
  });
});

describe.each(PROVIDERS)("retention of typed pair names [%s]", (provider) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("removes the typed names of pairs that ended before keep-mentor-content, with the mentor content, once", async () => {
    app = await makeApp(provider, { now: NOW });
    const { db, keys } = app.deps;
    const w = (await ensureWorkspace(db, "console", "console", "America/New_York")).id;
    const keep = RETENTION_DEFAULTS.mentorContent;
    const pair = async (mentee: { name: string } | { userId: string }, from: number, to?: number) => {
      const r = await createPair(db, keys, {
        workspaceId: w,
        mentorId: "mia",
        mentee,
        from: dayAgo(from),
        to:
          to === undefined
            ? undefined
            : to < 0
              ? dayAgo(0).replace(/^\d{4}/, (y) => String(Number(y) + 1))
              : dayAgo(to),
        createdBy: "coord",
      });
      return "created" in r ? r.created : r.existing;
    };
    const ended = await pair({ name: "Old Typed Name" }, keep + 200, keep + 1);
    const recent = await pair({ name: "Recent Typed Name" }, keep + 200, keep - 30);
    const open = await pair({ name: "Open Typed Name" }, keep + 200);
    const future = await pair({ name: "Future Typed Name" }, keep + 200, -1);
    const member = await pair({ userId: "kai" }, keep + 200, keep + 1);
    const oldCipher = (await db.mentorPair.findUniqueOrThrow({ where: { id: ended.id } })).menteeEnc!;

    const [run] = (await runRetentionIfDue(app))!;
    expect(run!.removed.pairNames).toBe(1);
    const seen = new Map(
      (await listPairs(db, keys, { workspaceId: w, reader: "mia", scope: "mine", today: dayAgo(0), ended: true })).map(
        (p) => [p.id, p],
      ),
    );
    expect(seen.get(ended.id)!.menteeName).toBe(CONTENT_REMOVED);
    expect(seen.get(recent.id)!.menteeName).toBe("Recent Typed Name");
    expect(seen.get(open.id)!.menteeName).toBe("Open Typed Name");
    expect(seen.get(future.id)!.menteeName).toBe("Future Typed Name");
    expect(seen.get(member.id)!).toMatchObject({ menteeUserId: "kai", from: member.from, to: member.to });
    // The pair itself stays, with its dates (the program's record); only the name went.
    expect(seen.get(ended.id)!).toMatchObject({ from: ended.from, to: ended.to, mentorId: "mia" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "retention.run" } });
    expect(JSON.parse(event.detail).removed.pairNames).toBe(1);
    expect(event.detail).not.toContain("Typed Name");
    for (const line of app.logs) expect(line).not.toContain("Typed Name");

    // The next day nothing new crossed the line: nothing is removed (or re-encrypted) again.
    const removedAt = (await db.mentorPair.findUniqueOrThrow({ where: { id: ended.id } })).nameRemovedAt;
    expect(removedAt).not.toBeNull();
    app.clock.advance(21 * 3_600_000);
    const [next] = (await runRetentionIfDue(app))!;
    expect(next!.removed.pairNames).toBe(0);
    expect((await db.mentorPair.findUniqueOrThrow({ where: { id: ended.id } })).nameRemovedAt).toEqual(removedAt);

    if (provider === "sqlite") {
      const file = sqlitePath(app.url);
      for (const f of [file, `${file}-wal`])
        if (existsSync(f)) expect(readFileSync(f).includes(Buffer.from(oldCipher, "latin1")), f).toBe(false);
    }
  });

  it("follows the workspace's keep-mentor-content: a shorter setting removes a more recent pair's name", async () => {
    app = await makeApp(provider, { now: NOW });
    const { db, keys } = app.deps;
    const w = (await ensureWorkspace(db, "console", "console", "America/New_York")).id;
    await updateWorkspace(db, w, { settings: { retention: { ...RETENTION_DEFAULTS, mentorContent: 30 } } });
    const r = await createPair(db, keys, {
      workspaceId: w,
      mentorId: "mia",
      mentee: { name: "Short Kept Name" },
      from: dayAgo(100),
      to: dayAgo(31),
      createdBy: "coord",
    });
    const id = ("created" in r ? r.created : r.existing).id;
    const [run] = (await runRetentionIfDue(app))!;
    expect(run!.removed.pairNames).toBe(1);
    const [p] = await listPairs(db, keys, {
      workspaceId: w,
      reader: "mia",
      scope: "mine",
      today: dayAgo(0),
      ended: true,
    });
    expect(p).toMatchObject({ id, menteeName: CONTENT_REMOVED });
  });
});

describe("retention settings in /cadre settings [sqlite]", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("shows the defaults to anyone, lets an admin change one, and refuses a too-short audit log privately", async () => {
    app = await makeApp("sqlite");
    const con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre settings mentor-goal:300"); // the first admin
    const [shown] = await con.as("ana", "general", "/cadre settings");
    expect(shown!.text).toContain("keep-mentor-content: 730 days (mentor notes and mentees)");
    expect(shown!.text).toContain("keep-rsvps: 365 days (RSVP answers)");

    const [refused] = await con.as("ana", "general", "/cadre settings keep-rsvps:30");
    expect(refused!.reply.tone).toBe("error");

    const [saved] = await con.as("admin", "general", "/cadre settings keep-rsvps:30");
    expect(saved!.text).toContain("Saved: keep-rsvps");
    expect(saved!.text).toContain("keep-rsvps: 30 days");
    expect(saved!.text).toContain("keep-mentor-content: 730 days");

    const [short] = await con.as("admin", "general", "/cadre settings keep-audit:5");
    expect(short!.kind).toBe("private");
    expect(short!.reply.tone).toBe("error");
    const [after] = await con.as("admin", "general", "/cadre settings");
    expect(after!.text).toContain("keep-audit: 730 days");
  });
});
