// Quotas on /reminder through the console adapter: caps on active reminders per person and per
// channel (workspace settings in /cadre settings), the minimum repeat interval, and a list that
// says when it is cut into pages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { CONSOLE_WORKSPACE } from "../../src/platforms/console/session.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { RecordingTransport } from "../support/recording-transport.js";

describe.each(PROVIDERS)("/reminder quotas [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    con = new ConsoleDriver(app);
    app.transports.set("console", new RecordingTransport(app.clock));
    await con.as("admin", "general", "/cadre role add user:@lea role:leader", "/cadre role add user:@leo role:leader");
  });
  afterAll(() => app.stop());

  const count = (where: Record<string, unknown> = {}) => app.deps.db.reminder.count({ where });

  it("shows the reminder caps in /cadre settings, 50 per person and 100 per channel unless changed", async () => {
    const [r] = await con.as("admin", "general", "/cadre settings");
    expect(r!.text).toContain("reminders-per-person: 50 active");
    expect(r!.text).toContain("reminders-per-channel: 100 active");
  });

  it("refuses a person's reminder over the workspace cap privately, saying how to make room, and saves nothing", async () => {
    const [set] = await con.as("admin", "general", "/cadre settings reminders-per-person:3");
    expect(set!.text).toContain("Saved: reminders-per-person.");
    expect(set!.text).toContain("reminders-per-person: 3 active");
    const ok = await con.as("ben", "general", ...[1, 2, 3].map((n) => `/reminder add when:"tomorrow 8am" Thing ${n}`));
    expect(ok.every((p) => /Reminder R-\w+ set for you/.test(p.text))).toBe(true);
    const before = await count();
    const [no] = await con.as("ben", "general", '/reminder add when:"tomorrow 8am" One too many');
    expect(no!.kind).toBe("private");
    expect(no!.text).toContain("You already have 3 active reminders, the most this workspace allows one person");
    expect(no!.text).toContain("/cadre settings reminders-per-person:6");
    expect(no!.text).toContain("Example: `/reminder remove R-7K2Q`");
    expect(await count()).toBe(before);
    // Removing one makes room again.
    const id = /R-\w+/.exec(ok[0]!.text)![0];
    await con.as("ben", "general", `/reminder remove ${id}`);
    const [again] = await con.as("ben", "general", '/reminder add when:"tomorrow 8am" Now it fits');
    expect(again!.text).toMatch(/set for you/);
    await con.as("admin", "general", "/cadre settings reminders-per-person:50");
  });

  it("caps the active reminders of one channel, whoever sets them", async () => {
    await con.as("admin", "general", "/cadre settings reminders-per-channel:2");
    await con.as("lea", "general", '/reminder add to:#ilt when:"tomorrow 8am" Agenda due');
    await con.as("leo", "general", '/reminder add to:#ilt when:"tomorrow 9am" Norms');
    const before = await count();
    const [no] = await con.as("leo", "general", '/reminder add to:#ilt when:"tomorrow 10am" Roles');
    expect(no!.kind).toBe("private");
    expect(no!.text).toContain("#ilt already has 2 active reminders, the most this workspace allows one channel");
    expect(no!.text).toContain("Example: `/reminder list all:yes`");
    expect(await count()).toBe(before);
    const [other] = await con.as("leo", "general", '/reminder add to:#scoring when:"tomorrow 10am" Roles');
    expect(other!.text).toMatch(/set for #scoring/);
    await con.as("admin", "general", "/cadre settings reminders-per-channel:100");
  });

  it("refuses repeats more often than every 15 minutes and accepts every 15 minutes", async () => {
    const before = await count();
    const [no] = await con.as("cal", "general", '/reminder add when:"every 10 minutes" Stretch');
    expect(no!.text).toMatch(/repeats too often: a reminder can repeat at most every 15 minutes/);
    expect(no!.text).toContain("Use 15 minutes or more");
    const [cron] = await con.as("cal", "general", '/reminder add when:"*/5 * * * *" Stretch');
    expect(cron!.text).toMatch(/repeats too often: that repeats every 5 minutes/);
    expect(await count()).toBe(before);
    const [ok] = await con.as("cal", "general", '/reminder add when:"every 15 minutes" Stretch');
    expect(ok!.text).toMatch(/set for you/);
  });

  it("sends a reminder saved with a shorter repeat before the minimum no more often than every 15 minutes", async () => {
    const [ok] = await con.as("dee", "general", '/reminder add when:"every 30 minutes" Water');
    const r = await app.deps.db.reminder.findFirstOrThrow({ where: { creatorId: "dee" } });
    // As an older cadre saved it: every 5 minutes.
    await app.deps.db.reminder.update({ where: { id: r.id }, data: { rule: "5" } });
    expect(ok!.text).toMatch(/set for you/);
    app.clock.set(r.nextAt!);
    await new Scheduler(app).drain();
    const next = await app.deps.db.delivery.findFirstOrThrow({
      where: { sourceId: r.id, status: "pending" },
    });
    expect(next.dueAt.getTime() - r.nextAt!.getTime()).toBe(15 * 60_000);
    app.clock.set("2026-11-02T15:00:00Z");
  });

  it("says when /reminder list is cut into pages and how to see the next one", async () => {
    const ws = await ensureWorkspace(app.deps.db, "console", CONSOLE_WORKSPACE, "America/New_York");
    await app.deps.db.reminder.createMany({
      data: Array.from({ length: 140 }, (_, i) => ({
        workspaceId: ws.id,
        shortId: `P${String(i).padStart(3, "0")}`,
        creatorId: "pat",
        targetKind: "dm",
        targetId: "pat",
        text: `Item ${i}`,
        phrase: "tomorrow 8am",
        kind: "once",
        timeZone: "America/New_York",
        nextAt: new Date(Date.parse("2026-11-03T13:00:00Z") + i * 60_000),
      })),
    });
    const [p1] = await con.as("pat", "general", "/reminder list");
    expect(p1!.text.match(/^- R-/gm)).toHaveLength(25);
    expect(p1!.text).toContain("Showing 1–25 of 140 · 115 more: `/reminder list page:2`");
    const [p6] = await con.as("pat", "general", "/reminder list page:6");
    expect(p6!.text.match(/^- R-/gm)).toHaveLength(15);
    expect(p6!.text).toContain("Showing 126–140 of 140 · earlier: `/reminder list page:5`");
    expect(p6!.text).toContain("Item 139");
    expect(p1!.text + p6!.text).not.toMatch(/Item 140/);
    const [p7] = await con.as("pat", "general", "/reminder list page:7");
    expect(p7!.kind).toBe("private");
    expect(p7!.text).toContain("There are 140 reminders, so there is no page 7; the last is page 6.");
    expect(p7!.text).toContain("Example: `/reminder list page:6`");
  });
});
