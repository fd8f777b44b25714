// Reading a workspace's settings is harmless: anyone may; changing them stays with admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

describe("settings for everyone to read [sqlite]", () => {
  let app: TestApp;
  let con: ConsoleDriver;
  beforeAll(async () => {
    app = await makeApp("sqlite");
    con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre settings mentor-goal:300");
  });
  afterAll(() => app.stop());

  it("shows a member the settings, and refuses their change privately, changing nothing", async () => {
    const [shown] = await con.as("ana", "general", "/cadre settings");
    expect(shown!.reply.tone).not.toBe("error");
    expect(shown!.text).toContain("mentor-goal: 300 h");
    const [refused] = await con.as("ana", "general", "/cadre settings mentor-goal:5");
    expect(refused!.kind).toBe("private");
    expect(refused!.reply.tone).toBe("error");
    expect(refused!.text).toContain("Only an admin can change settings");
    const [after] = await con.as("ana", "general", "/cadre settings");
    expect(after!.text).toContain("mentor-goal: 300 h");
  });
});
