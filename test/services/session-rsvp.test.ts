// RSVP rules on SQLite and PostgreSQL: a capacity holds when many press Going at once, the
// waitlist keeps answer order even within one clock tick, and changing one's mind plans and
// cancels reminders exactly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { createSession, type SessionRow } from "../../src/services/sessions/sessions.js";
import { answer } from "../../src/services/sessions/rsvp.js";
import { checkIn } from "../../src/services/sessions/checkin.js";
import { cancelSession } from "../../src/services/sessions/lifecycle.js";

describe.each(PROVIDERS)("session RSVPs [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let wsId = "";

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@lead role:leader");
    wsId = (await app.deps.db.workspace.findFirstOrThrow()).id;
  });
  afterAll(() => app.stop());

  const make = (title: string, capacity?: number): Promise<SessionRow> =>
    createSession(app.deps.db, wsId, {
      title,
      kind: "scoring-training",
      startsAt: new Date("2026-11-10T14:00:00Z"),
      minutes: 180,
      timeZone: "America/New_York",
      channelId: "scoring",
      capacity,
      reminderOffsets: [1440, 60],
      createdBy: "lead",
    });
  const answers = async (s: SessionRow) =>
    Object.fromEntries(
      (await app.deps.db.rsvp.findMany({ where: { sessionId: s.id }, orderBy: { userId: "asc" } })).map((r) => [
        r.userId,
        r.answer,
      ]),
    );

  it("gives exactly `capacity` seats when eight people press Going at the same moment", async () => {
    const s = await make("Rush", 2);
    const users = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"];
    const results = await Promise.all(users.map((u) => answer(app.deps.db, s, u, "going", app.clock.now())));
    expect(results.filter((r) => r.status === "going")).toHaveLength(2);
    const waiting = results.filter((r) => r.status === "waitlist");
    expect(waiting.map((r) => r.position).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const rows = await app.deps.db.rsvp.findMany({ where: { sessionId: s.id } });
    expect(rows.filter((r) => r.answer === "going")).toHaveLength(2);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(8); // every answer has its own place in line
    // Reminders only for the two with seats.
    const going = rows
      .filter((r) => r.answer === "going")
      .map((r) => r.userId)
      .sort();
    const planned = await app.deps.db.delivery.findMany({ where: { sourceId: s.id, status: "pending" } });
    expect([...new Set(planned.map((d) => d.targetId))].sort()).toEqual(going);
    expect(planned).toHaveLength(4);
  });

  it("promotes from the waitlist in answer order, even when everyone answered within one clock tick", async () => {
    const s = await make("Order", 1);
    for (const u of ["a", "w1", "w2", "w3"]) await answer(app.deps.db, s, u, "going", app.clock.now());
    expect(await answers(s)).toEqual({ a: "going", w1: "waitlist", w2: "waitlist", w3: "waitlist" });
    // w2 leaves the line for Maybe; pressing Going again puts them at its end.
    await answer(app.deps.db, s, "w2", "maybe", app.clock.now());
    const back = await answer(app.deps.db, s, "w2", "going", app.clock.now());
    expect(back).toMatchObject({ status: "waitlist", position: 3 });
    // Pressing Going again while waiting keeps one's place.
    expect(await answer(app.deps.db, s, "w1", "going", app.clock.now())).toMatchObject({
      status: "waitlist",
      position: 1,
    });

    expect(await answer(app.deps.db, s, "a", "no", app.clock.now())).toMatchObject({ status: "no", promoted: "w1" });
    expect(await answers(s)).toEqual({ a: "no", w1: "going", w2: "waitlist", w3: "waitlist" });
    const r = await answer(app.deps.db, s, "w1", "maybe", app.clock.now());
    expect(r.status).toBe("maybe");
    expect(await answers(s)).toEqual({ a: "no", w1: "maybe", w2: "waitlist", w3: "going" });
    const notices = await app.deps.db.delivery.findMany({
      where: { sourceKind: "session-notice", sourceId: s.id },
      orderBy: { createdAt: "asc" },
    });
    expect(notices.map((d) => d.targetId).sort()).toEqual(["w1", "w3"]);
  });

  it("re-plans reminders when someone says Can't go and then Going again, and sends each once", async () => {
    const out = await con.as("lead", "general", '/session announce "Mind changer" when:"Nov 12 9am" channel:#pd');
    const sid = /Session ([A-Z0-9]{4})/.exec(out.find((p) => p.kind === "post")!.text)![1]!;
    await con.as("amy", "pd", `/session rsvp id:${sid} answer:going`, `/session rsvp id:${sid} answer:no`);
    const s = await app.deps.db.session.findFirstOrThrow({ where: { shortId: sid } });
    expect(await app.deps.db.delivery.count({ where: { sourceId: s.id, status: "pending" } })).toBe(0);
    await con.as("amy", "pd", `/session rsvp id:${sid} answer:going`);
    expect(await app.deps.db.delivery.count({ where: { sourceId: s.id, status: "pending" } })).toBe(2);

    const scheduler = new Scheduler(app);
    app.clock.set("2026-11-11T14:00:00Z");
    await scheduler.tick();
    // Can't go after the first reminder went: the second is dropped, the sent one stays sent.
    await con.as(
      "amy",
      "pd",
      `/session rsvp id:${sid} answer:no`,
      `/session rsvp id:${sid} answer:going`,
      `/session rsvp id:${sid} answer:maybe`,
    );
    app.clock.set("2026-11-12T13:00:00Z");
    await scheduler.tick();
    app.clock.set("2026-11-12T13:30:00Z");
    await scheduler.tick();
    const got = con.transcript.filter(
      (p) => p.kind === "dm" && p.userId === "amy" && p.text.includes("⏰ Mind changer"),
    );
    expect(got.map((p) => p.text.slice(0, 40))).toEqual([
      "⏰ Mind changer starts in 1 day — Thursda",
      "⏰ Mind changer starts in 1 h — Thursday ",
    ]);
  });

  it("closes answers when the session is over and says so", async () => {
    const s = await make("Past", 5);
    app.clock.set("2026-11-10T17:00:01Z");
    await expect(answer(app.deps.db, s, "late", "going", app.clock.now())).rejects.toThrow(
      "Past is over; answers are closed.",
    );
    expect(await app.deps.db.rsvp.count({ where: { sessionId: s.id } })).toBe(0);
  });

  it("builds the roster from this school year's scoring trainings (start month a setting, midnight in the zone)", async () => {
    // A workspace of its own in Chicago, school year from August.
    const other = await makeApp(provider, { now: "2026-06-01T15:00:00Z" });
    try {
      const c = new ConsoleDriver(other);
      await c.as(
        "admin",
        "general",
        "/cadre settings timezone:America/Chicago school-year-start:8",
        "/cadre role add user:@lead role:leader",
      );
      const ws = (await other.deps.db.workspace.findFirstOrThrow()).id;
      const mk = (title: string, startsAt: string, kind: "scoring-training" | "pd" = "scoring-training") =>
        createSession(other.deps.db, ws, {
          title,
          kind,
          startsAt: new Date(startsAt),
          minutes: 180,
          timeZone: "America/Chicago",
          channelId: "scoring",
          reminderOffsets: [],
          createdBy: "lead",
        });
      const attend = async (s: SessionRow, going: string[], came: string[]) => {
        for (const u of going) await answer(other.deps.db, s, u, "going", new Date(s.startsAt.getTime() - 86_400_000));
        for (const u of came) await checkIn(other.deps.db, s, u, "lead", new Date(s.startsAt.getTime() + 600_000));
      };
      // 31 Jul 2026, 11 PM in Chicago is 04:00 UTC on 1 Aug: last school year there.
      await attend(await mk("July", "2026-08-01T04:00:00Z"), ["old"], ["old"]);
      await attend(await mk("August", "2026-08-01T14:00:00Z"), ["amy", "ben", "cal"], ["amy"]);
      await attend(await mk("PD", "2026-09-01T14:00:00Z", "pd"), ["dee"], ["dee"]);
      await attend(await mk("October", "2026-10-01T14:00:00Z"), ["ben", "eve"], ["ben", "walk"]);
      const off = await mk("Cancelled", "2026-10-05T14:00:00Z");
      await attend(off, ["fay"], ["fay"]);
      await cancelSession(other.deps.db, off, undefined, "lead", new Date("2026-10-05T15:00:00Z"));

      other.clock.set("2026-11-01T15:00:00Z");
      const [r] = await c.as("lead", "general", "/session roster");
      expect(r!.text).toContain("school year since 2026-08-01");
      const [trained, missed] = r!.text.split("Said Going but did not attend");
      expect([...trained!.matchAll(/- @(\w+) \(([^)]+)\)/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
        "amy Sat 1 Aug 2026",
        "ben Thu 1 Oct 2026",
        "walk Thu 1 Oct 2026",
      ]);
      // ben missed August but trained in October; cal and eve said Going and never came.
      expect(missed).toMatch(/^ \(2\)\n- @cal\n- @eve\n/);
    } finally {
      await other.stop();
    }
  });
});
