// /mentor entries, hours and edit run in a channel, on SQLite and PostgreSQL: the answer goes to
// the mentor's DM with cadre, and the channel gets only a private pointer to it, so no mentee,
// note or topic is ever shown in a channel (not even as a message only the mentor sees).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

const MENTEE = "Quinn Oduya";
const NOTE = "zebra crossing transitions after lunch";

describe.each(PROVIDERS)("mentor answers asked for in a channel [%s]", (provider) => {
  let app: TestApp;
  let con: ConsoleDriver;
  let id: string;
  beforeEach(async () => {
    app = await makeApp(provider, { now: "2026-11-20T17:00:00Z" });
    con = new ConsoleDriver(app);
    const [saved] = await con.as(
      "mia",
      "dm",
      `/mentor log duration:45m mentee:"${MENTEE}" topics:"classroom management" notes:"${NOTE}"`,
    );
    id = /Saved `([A-Z0-9]{4})`/.exec(saved!.reply.text!)![1]!;
  });
  afterEach(() => app.stop());

  for (const line of ["/mentor entries", "/mentor hours", () => `/mentor edit id:${id} notes:"${NOTE} and pacing"`])
    it(`answers ${typeof line === "string" ? line : "/mentor edit"} by DM, with only a private pointer in the channel`, async () => {
      const out = await con.as("mia", "general", typeof line === "string" ? line : line());
      const here = out.filter((p) => p.channelId === "general");
      expect(here.map((p) => p.kind)).toEqual(["private"]);
      expect(here[0]!.text).toContain("I've sent it to you by DM");
      for (const secret of [MENTEE, NOTE, "classroom management", id]) expect(here[0]!.text).not.toContain(secret);
      const dm = out.filter((p) => p.kind === "dm" && p.channelId === "dm-mia");
      expect(dm).toHaveLength(1);
      expect(dm[0]!.text).toContain(MENTEE);
    });
});
