// The kernel end to end through the console adapter, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import {
  ensureActor,
  ensureMember,
  ensureWorkspace,
  findWorkspace,
  setRoles,
  updateWorkspace,
} from "../../src/services/workspaces.js";
import { CONSOLE_WORKSPACE } from "../../src/platforms/console/session.js";

describe.each(PROVIDERS)("kernel [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  // One app for the file; each test uses its own people, and ana is the console workspace's
  // admin from the start (set here, not by whichever test happens to run first).
  beforeAll(async () => {
    app = await makeApp(provider);
    con = new ConsoleDriver(app);
    const ws = await ensureWorkspace(app.deps.db, "console", CONSOLE_WORKSPACE, "America/New_York");
    await setRoles(app.deps.db, ws.id, "ana", ["admin"]);
  });
  afterAll(() => app.stop());

  /** Everything an answer could have saved: members with their roles, and audit events. */
  const snapshot = async () => ({
    members: await app.deps.db.member.findMany({ orderBy: { userId: "asc" }, select: { userId: true, roles: true } }),
    audit: await app.deps.db.auditEvent.count(),
  });

  it("lists the five command trees in /cadre help", async () => {
    const [r] = await con.as("ana", "general", "/cadre help");
    expect(r?.kind).toBe("private");
    for (const c of ["/session", "/mentor", "/agenda", "/reminder", "/cadre"]) expect(r?.text).toContain(c);
  });

  it("answers a missing option privately with an example and saves nothing", async () => {
    const before = await snapshot();
    const out = await con.as("ana", "general", "/cadre role add");
    expect(out).toHaveLength(1);
    expect(out[0]!.kind).toBe("private");
    expect(out[0]!.text).toMatch(/user:.*required/);
    expect(out[0]!.text).toContain("Example: `/cadre role add user:@alex role:leader`");
    expect(await snapshot()).toEqual(before);
  });

  it("makes the first person to run an admin command in a new console workspace its admin, audited, and nobody after", async () => {
    const fresh = await makeApp(provider);
    try {
      const c = new ConsoleDriver(fresh);
      const [r] = await c.as("dora", "general", "/cadre role add");
      expect(r!.text).toMatch(/user:.*required/); // still refused for the missing option
      const dora = await fresh.deps.db.member.findFirstOrThrow({ where: { userId: "dora" } });
      expect(dora.roles).toContain("admin");
      expect((await fresh.deps.db.auditEvent.findMany()).map((e) => [e.actorId, e.action])).toEqual([
        ["dora", "role.bootstrap-admin"],
      ]);
      const [denied] = await c.as("eli", "general", "/cadre role add");
      expect(denied!.text).toContain("Only an admin can use /cadre role");
      expect(await fresh.deps.db.auditEvent.count()).toBe(1);
    } finally {
      await fresh.stop();
    }
  });

  it("grants roles only to admins and says who can", async () => {
    await con.as("ana", "general", "/cadre role add user:@ben role:leader");
    const member = await app.deps.db.member.findFirstOrThrow({ where: { userId: "ben" } });
    expect(member.roles).toBe("leader");
    const [denied] = await con.as("ben", "general", "/cadre role add user:@cy role:admin");
    expect(denied!.kind).toBe("private");
    expect(denied!.text).toContain("Only an admin can use /cadre role");
    expect(await app.deps.db.member.findFirst({ where: { userId: "cy", NOT: { roles: "" } } })).toBeNull();
  });

  it("reports bad option values with the option name", async () => {
    const [r] = await con.as("ana", "general", "/cadre settings school-year-start:13 timezone:Mars/Olympus");
    expect(r!.text).toContain("`school-year-start`: it should be a month, like 8 or August");
    const [z] = await con.as("ana", "general", "/cadre settings timezone:Mars/Olympus");
    expect(z!.text).toContain("not a time zone I know");
    const [ok] = await con.as("ana", "general", "/cadre settings timezone:America/Chicago school-year-start:8");
    expect(ok!.text).toContain("Saved: timezone, school-year-start");
    const ws = await app.deps.db.workspace.findFirstOrThrow({ where: { platform: "console" } });
    expect(ws.timeZone).toBe("America/Chicago");
    expect(JSON.parse(ws.settings).schoolYearStartMonth).toBe(8);
  });

  it("answers a renamed subcommand's old name with its new one, running nothing", async () => {
    const [r] = await con.as("ana", "dm", "/mentor nudges off");
    expect(r!.text).toContain("/mentor nudges is now /mentor pace-nudges — The program's Monday note");
    // The old name was one letter from another subcommand's: both are named.
    expect(r!.text).toContain("Not that one? /mentor nudge — A weekly DM reminding you to log");
    expect(r!.text).toContain("/mentor pace-nudges off");
    const [state] = await con.as("ana", "dm", "/mentor pace-nudges");
    expect(state!.text).toContain("Pace nudges are on for you");
  });

  it("gives an unknown subcommand a list of the real ones", async () => {
    const [r] = await con.as("ana", "general", "/cadre frobnicate");
    expect(r!.text).toContain('/cadre has no subcommand "frobnicate". Try one of: help, settings, role');
  });

  it("reads the acting member in one statement as the typed lookups would, creating and renaming on the way", async () => {
    const db = app.deps.db;
    const first = await ensureActor(db, {
      platform: "slack",
      externalId: "T-actor",
      userId: "U1",
      displayName: "Uma One",
      defaultZone: "America/Denver",
    });
    expect(first.workspace).toMatchObject({ platform: "slack", externalId: "T-actor", timeZone: "America/Denver" });
    expect(first.member).toMatchObject({ userId: "U1", displayName: "Uma One", roles: ["member"] });
    await setRoles(db, first.workspace.id, "U1", ["leader"]);
    await updateWorkspace(db, first.workspace.id, { timeZone: "Europe/Paris", settings: { schoolYearStartMonth: 7 } });
    // The same person in another workspace is another member.
    const elsewhere = await ensureActor(db, {
      platform: "discord",
      externalId: "T-actor",
      userId: "U1",
      displayName: "Uma One",
      defaultZone: "UTC",
    });
    expect(elsewhere.workspace.id).not.toBe(first.workspace.id);
    expect(elsewhere.member.roles).toEqual(["member"]);
    const again = await ensureActor(db, {
      platform: "slack",
      externalId: "T-actor",
      userId: "U1",
      displayName: "Uma Renamed",
      defaultZone: "UTC",
    });
    expect(again).toEqual({
      workspace: await ensureWorkspace(db, "slack", "T-actor", "UTC"),
      member: await ensureMember(db, first.workspace.id, "U1", "Uma Renamed"),
    });
    expect(again.workspace).toMatchObject({
      id: first.workspace.id,
      timeZone: "Europe/Paris",
      settings: expect.objectContaining({ schoolYearStartMonth: 7 }),
    });
    expect(again.member).toMatchObject({
      id: first.member.id,
      displayName: "Uma Renamed",
      roles: expect.arrayContaining(["leader"]),
    });
    // A newcomer in a known workspace.
    expect(
      (
        await ensureActor(db, {
          platform: "slack",
          externalId: "T-actor",
          userId: "U2",
          displayName: "",
          defaultZone: "UTC",
        })
      ).member,
    ).toMatchObject({
      userId: "U2",
      displayName: "U2",
    });
    expect(await findWorkspace(db, "slack", "T-actor")).toEqual(again.workspace);
    expect(await findWorkspace(db, "slack", "T-nowhere")).toBeUndefined();
  });
});
