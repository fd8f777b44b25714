// The actor lookup keeps a returning person's workspace and member for a few seconds, so most
// commands make no round trip for them, and never answers from a copy older than a change made
// in this process: roles given or taken, a new display name, new settings or time zone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { roundTripsOf } from "../support/round-trips.js";
import {
  actorLookup,
  answerWorkspaces,
  ensureWorkspace,
  setRoles,
  updateWorkspace,
} from "../../src/services/workspaces.js";
import type { Source } from "../../src/core/context.js";

describe.each(PROVIDERS)("actor cache [%s]", (provider) => {
  let app: TestApp;
  let seq = 0;
  beforeAll(async () => {
    app = await makeApp(provider);
  });
  afterAll(() => app.stop());

  const fresh = () => {
    const team = `T-cache-${++seq}`;
    const source: Source = {
      platform: "slack",
      externalWorkspaceId: team,
      channelId: "C1",
      isDM: false,
      userId: "U1",
      displayName: "Ana",
    };
    return { team, source, actors: actorLookup(app.deps.db, "America/New_York") };
  };

  it("looks a returning person up once, then answers from memory", async () => {
    const { source, actors } = fresh();
    expect(await roundTripsOf(() => actors.resolve(source))).toBeGreaterThan(0);
    const again = await roundTripsOf(() => actors.resolve(source));
    expect(again).toBe(0);
  });

  it("sees a role given or taken at once", async () => {
    const { source, actors } = fresh();
    const first = await actors.resolve(source);
    expect(first.member.roles).toEqual(["member"]);
    await setRoles(app.deps.db, first.workspace.id, "U1", ["leader"]);
    expect((await actors.resolve(source)).member.roles).toContain("leader");
    await setRoles(app.deps.db, first.workspace.id, "U1", []);
    expect((await actors.resolve(source)).member.roles).not.toContain("leader");
  });

  it("sees new settings and a new time zone at once", async () => {
    const { source, actors } = fresh();
    const first = await actors.resolve(source);
    await updateWorkspace(app.deps.db, first.workspace.id, {
      timeZone: "America/Chicago",
      settings: { mentorGoalHours: 30 },
    });
    const now = await actors.resolve(source);
    expect(now.workspace.timeZone).toBe("America/Chicago");
    expect(now.workspace.settings.mentorGoalHours).toBe(30);
  });

  it("renders answers in the workspace as it is: kept between answers, a new zone seen at once", async () => {
    const { team } = fresh();
    const lookup = answerWorkspaces(app.deps.db, "America/New_York");
    const first = await lookup("slack", team);
    expect(first.timeZone).toBe("America/New_York");
    expect(await roundTripsOf(() => lookup("slack", team))).toBe(0);
    await updateWorkspace(app.deps.db, first.id, { timeZone: "America/Denver" });
    expect((await lookup("slack", team)).timeZone).toBe("America/Denver");
    // A copy: changing what was handed out changes nothing kept.
    (await lookup("slack", team)).timeZone = "Asia/Tokyo";
    expect((await lookup("slack", team)).timeZone).toBe("America/Denver");
  });

  it("stores a new display name, and hands out copies the caller may change", async () => {
    const { team, source, actors } = fresh();
    await actors.resolve(source);
    const renamed = await actors.resolve({ ...source, displayName: "Ana B." });
    expect(renamed.member.displayName).toBe("Ana B.");
    const ws = await ensureWorkspace(app.deps.db, "slack", team, "UTC");
    expect(
      (await app.deps.db.member.findFirstOrThrow({ where: { workspaceId: ws.id, userId: "U1" } })).displayName,
    ).toBe("Ana B.");
    const a = await actors.resolve({ ...source, displayName: "Ana B." });
    a.member.roles.push("admin");
    a.member.roles = ["admin"];
    expect((await actors.resolve({ ...source, displayName: "Ana B." })).member.roles).toEqual(["member"]);
  });

  it("does not keep a stand-in for someone only read (untracked) and unknown", async () => {
    const { source, actors } = fresh();
    const a = await actors.resolve(source, { untracked: true });
    expect(a.member.id).toBe("");
    const b = await actors.resolve(source);
    expect(b.member.id).not.toBe("");
  });
});
