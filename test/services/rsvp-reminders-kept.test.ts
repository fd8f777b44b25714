// Changing between Going and Maybe plans no reminder again (they are already queued): these
// check that what is queued is still exactly right after the session moved or was edited in
// between, which re-plans every attendee's reminders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { createSession, type SessionRow } from "../../src/services/sessions/sessions.js";
import { answer } from "../../src/services/sessions/rsvp.js";
import { editSession, rescheduleSession } from "../../src/services/sessions/lifecycle.js";

describe.each(PROVIDERS)("session reminders across Going and Maybe [%s]", (provider) => {
  let app: TestApp;
  let wsId = "";

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    await new ConsoleDriver(app).as("admin", "general", "/cadre role add user:@lead role:leader");
    wsId = (await app.deps.db.workspace.findFirstOrThrow()).id;
  });
  afterAll(() => app.stop());

  const make = (title: string): Promise<SessionRow> =>
    createSession(app.deps.db, wsId, {
      title,
      kind: "scoring-training",
      startsAt: new Date("2026-11-10T14:00:00Z"),
      minutes: 180,
      timeZone: "America/New_York",
      channelId: "scoring",
      reminderOffsets: [1440, 60],
      createdBy: "lead",
    });
  const pending = async (s: SessionRow) =>
    (
      await app.deps.db.delivery.findMany({
        where: { sourceId: s.id, status: "pending", targetKind: "dm", targetId: "ana", sourceKind: "session" },
        orderBy: { dueAt: "asc" },
      })
    ).map((d) => ({ dueAt: d.dueAt.toISOString(), text: (JSON.parse(d.payload) as { text: string }).text }));

  it("keeps the reminders of the new time when someone changes to Maybe after a reschedule", async () => {
    const s = await make("Moved");
    const now = app.clock.now();
    await answer(app.deps.db, s, "ana", "going", now);
    const moved = await rescheduleSession(app.deps.db, s, new Date("2026-11-12T14:00:00Z"), 180, "lead", now);
    const r = await answer(app.deps.db, moved.session, "ana", "maybe", now);
    expect(r.reminders).toEqual([1440, 60]);
    expect((await pending(s)).map((p) => p.dueAt)).toEqual(["2026-11-11T14:00:00.000Z", "2026-11-12T13:00:00.000Z"]);
    await answer(app.deps.db, moved.session, "ana", "going", now);
    expect(await pending(s)).toHaveLength(2);
  });

  it("keeps the edited place in the reminders when someone changes from Maybe to Going", async () => {
    const s = await make("Edited");
    const now = app.clock.now();
    await answer(app.deps.db, s, "ana", "maybe", now);
    const edited = await editSession(app.deps.db, s, { location: "Room 114" }, "lead", now);
    await answer(app.deps.db, edited.session, "ana", "going", now);
    const p = await pending(s);
    expect(p).toHaveLength(2);
    for (const x of p) expect(x.text).toContain("Room 114");
  });

  it("plans the reminders again after Can't go, then Going", async () => {
    const s = await make("Back");
    const now = app.clock.now();
    await answer(app.deps.db, s, "ana", "going", now);
    await answer(app.deps.db, s, "ana", "no", now);
    expect(await pending(s)).toHaveLength(0);
    await answer(app.deps.db, s, "ana", "maybe", now);
    expect(await pending(s)).toHaveLength(2);
  });
});
