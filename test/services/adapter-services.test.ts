// The services behind what the adapters show, on SQLite and PostgreSQL: the App Home summary,
// upcoming sessions (/session list, autocomplete), the server a Discord DM belongs to, the
// last-admin guard of /cadre role, and the stand-in workspace for an unreachable database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Platform, Source, WorkspaceInfo } from "../../src/core/context.js";
import { homeSummary } from "../../src/services/home.js";
import { parseSettings } from "../../src/services/settings.js";
import { upcomingSessions } from "../../src/services/sessions/sessions.js";
import {
  findWorkspace,
  hasAdminOtherThan,
  lastSeenWorkspace,
  setRoles,
  unavailableWorkspace,
} from "../../src/services/workspaces.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";

describe.each(PROVIDERS)("services behind the adapters [%s]", (provider) => {
  let app: TestApp;
  const src = (platform: Platform, ws: string, user: string, channel = "C1"): Source => ({
    platform,
    externalWorkspaceId: ws,
    channelId: channel,
    isDM: channel.startsWith("D"),
    userId: user,
    displayName: user,
    isPlatformAdmin: true,
  });
  const run = async (ws: string, user: string, command: string, text: string, channel?: string) =>
    (await app.dispatcher.run({ source: src("slack", ws, user, channel), command, text }))
      .map((r) => r.text ?? "")
      .join("\n");
  const workspace = async (platform: Platform, externalId: string): Promise<WorkspaceInfo> =>
    (await findWorkspace(app.deps.db, platform, externalId))!;
  const shortIdOf = async (title: string) => (await app.deps.db.session.findFirstOrThrow({ where: { title } })).shortId;

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    await run("TH", "lead", "session", 'announce "Scoring training" when:"Nov 10 9am" hours:3');
    await run("TH", "lead", "session", 'announce "PD: feedback" when:"Nov 5 3:30pm" hours:90m', "C2");
    await run("TH", "lead", "session", 'announce "Study group" when:"Nov 3 4pm" hours:1');
    await run("TH", "amy", "session", `rsvp id:${await shortIdOf("Scoring training")} answer:going`);
    await run("TH", "amy", "session", `rsvp id:${await shortIdOf("PD: feedback")} answer:maybe`, "C2");
    await run("TH", "amy", "session", `rsvp id:${await shortIdOf("Study group")} answer:no`);
    await run("TH", "amy", "mentor", 'log duration:45m mentee:"J.R." notes:"private"', "DAMY");
    await run(
      "TH",
      "lead",
      "agenda",
      'setup name:"Lincoln ILT" channel:#ilt members:"@lead @amy" day:thursday time:3pm',
    );
    await run("TH", "amy", "agenda", 'add "Grade 3 data" minutes:10', "ilt");
    await run("TH", "amy", "agenda", 'add "Recess duty" minutes:15', "ilt");
  });
  afterAll(() => app.stop());

  it("homeSummary: the person's answered sessions soonest first, their mentoring minutes and their team's next agenda", async () => {
    const ws = await workspace("slack", "TH");
    const h = await homeSummary(app.deps.db, ws, "amy", app.clock.now());
    expect(h.sessions.map((s) => [s.title, s.answer])).toEqual([
      ["PD: feedback", "maybe"],
      ["Scoring training", "going"],
    ]);
    expect(h.mentorMinutes).toBe(45);
    expect(h.confirmedMinutes).toBe(0); // nobody was asked to confirm
    expect(h.teams).toHaveLength(1);
    expect(h.teams[0]).toMatchObject({ name: "Lincoln ILT", next: { items: 2, itemMinutes: 25 } });

    const nobody = await homeSummary(app.deps.db, ws, "bob", app.clock.now());
    expect(nobody).toEqual({ sessions: [], mentorMinutes: 0, confirmedMinutes: 0, teams: [] });
  });

  it("upcomingSessions: soonest first, one channel's when asked, and still the ones started under 12 h ago", async () => {
    const ws = await workspace("slack", "TH");
    const titles = async (now: Date, channelId?: string) =>
      (await upcomingSessions(app.deps.db, { workspaceId: ws.id, now, channelId, take: 25 })).map((s) => s.title);
    const now = app.clock.now();
    expect(await titles(now)).toEqual(["Study group", "PD: feedback", "Scoring training"]);
    expect(await titles(now, "C2")).toEqual(["PD: feedback"]);
    const studyStart = (await app.deps.db.session.findFirstOrThrow({ where: { title: "Study group" } })).startsAt;
    expect(await titles(new Date(studyStart.getTime() + 11 * 3_600_000), "C1")).toEqual([
      "Study group",
      "Scoring training",
    ]);
    expect(await titles(new Date(studyStart.getTime() + 13 * 3_600_000), "C1")).toEqual(["Scoring training"]);
  });

  it("lastSeenWorkspace: the server where the person last used cadre, never a DM's own stand-in", async () => {
    const say = (ws: string, user: string) =>
      app.dispatcher.run({ source: src("discord", ws, user), command: "cadre", text: "help" });
    await say("G1", "U9");
    await new Promise((r) => setTimeout(r, 20));
    await say("G2", "U9");
    await new Promise((r) => setTimeout(r, 20));
    await say("dm:U9", "U9");
    expect(await lastSeenWorkspace(app.deps.db, "discord", "U9")).toBe("G2");
    expect(await lastSeenWorkspace(app.deps.db, "slack", "U9")).toBeUndefined();
    expect(await lastSeenWorkspace(app.deps.db, "discord", "nobody")).toBeUndefined();
  });

  it("hasAdminOtherThan: whether someone else holds the admin role", async () => {
    await run("TR", "first", "cadre", "help");
    const ws = await workspace("slack", "TR");
    await setRoles(app.deps.db, ws.id, "U1", ["admin"]);
    expect(await hasAdminOtherThan(app.deps.db, ws.id, "U1")).toBe(false);
    expect(await hasAdminOtherThan(app.deps.db, ws.id, "U3")).toBe(true);
    await setRoles(app.deps.db, ws.id, "U2", ["leader"]);
    expect(await hasAdminOtherThan(app.deps.db, ws.id, "U1")).toBe(false);
    await setRoles(app.deps.db, ws.id, "U2", ["admin", "leader"]);
    expect(await hasAdminOtherThan(app.deps.db, ws.id, "U1")).toBe(true);
  });
});

describe("unavailableWorkspace", () => {
  it("has no row id, the given zone and the default settings", () => {
    expect(unavailableWorkspace("slack", "T1", "Europe/Paris")).toEqual({
      id: "",
      platform: "slack",
      externalId: "T1",
      timeZone: "Europe/Paris",
      settings: parseSettings("{}"),
    });
  });
});
