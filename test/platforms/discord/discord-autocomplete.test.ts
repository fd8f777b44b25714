// The reads behind Discord autocomplete, on SQLite and PostgreSQL: upcoming sessions, open
// agenda items of the person's own teams, their own reminders; filtered by what was typed;
// an empty list (never an error) when a feature has no data or its read fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agendaItems,
  choiceSuggestions,
  mentees,
  reminders,
  sessions,
  suggest,
  type AutocompleteQuery,
} from "../../../src/platforms/discord/autocomplete.js";
import { makeApp, PROVIDERS, type TestApp } from "../../support/app.js";
import { ConsoleDriver } from "../../support/console.js";

describe.each(PROVIDERS)("Discord autocomplete sources [%s]", (provider) => {
  let app: TestApp;
  let q: (userId: string, typed?: string, channelId?: string) => AutocompleteQuery;

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
    const con = new ConsoleDriver(app);
    await con.as("admin", "general", "/cadre role add user:@fac role:leader");
    await con.as(
      "fac",
      "general",
      '/session announce "Scoring training" when:"Dec 3 9am" hours:3',
      '/session announce "PD: feedback" when:"Nov 20 3:30pm" hours:90m',
    );
    await con.as("admin", "general", "/cadre role add user:@fac role:facilitator");
    await con.as(
      "fac",
      "general",
      '/agenda setup name:"Lincoln ILT" channel:#ilt members:"@fac @t1" day:thursday time:3:30pm',
    );
    await con.as("t1", "ilt", '/agenda add "Grade 3 fluency data" minutes:15', '/agenda add "Recess duty" minutes:10');
    await con.as("t1", "general", '/reminder add when:"tomorrow 8am" Bring the rubric');
    const ws = await app.deps.db.workspace.findFirstOrThrow({ where: { platform: "console" } });
    await con.as("admin", "general", "/cadre role add user:@coord role:coordinator");
    await con.as(
      "coord",
      "dm",
      "/mentor pair mentor:@mia mentee:@kai from:2026-08-15",
      "/mentor pair mentor:@ben mentee:@lee",
    );
    await con.as("kai", "general", "/cadre help"); // kai's display name is known
    await con.as(
      "mia",
      "dm",
      '/mentor pair mentee:"Rosa A." from:2026-09-01',
      '/mentor pair mentee:"Old Pal" from:2026-08-01 to:2026-09-30',
    );
    q = (userId, typed = "", channelId) => ({
      db: app.deps.db,
      keys: app.deps.keys,
      workspaceId: ws.id,
      timeZone: "America/New_York",
      userId,
      channelId,
      typed,
      now: app.clock.now(),
    });
  });
  afterAll(() => app.stop());

  it("sessions: upcoming ones of the channel typed in, soonest first, by id or title", async () => {
    const here = (await app.deps.db.session.findFirstOrThrow()).channelId;
    const all = await sessions(q("anyone", "", here));
    expect(all.map((s) => s.name.split(" · ")[1])).toEqual(["PD: feedback", "Scoring training"]);
    for (const s of all) expect(s.value).toMatch(/^[A-Z0-9]{4}$/);
    expect((await sessions(q("anyone", "scor", here))).map((s) => s.name.split(" · ")[1])).toEqual([
      "Scoring training",
    ]);
    expect(await sessions(q("anyone", all[0]!.value.toLowerCase(), here))).toEqual([all[0]]);
  });

  it("sessions: elsewhere (another channel, a DM) only those the person announced or answered", async () => {
    expect(await sessions(q("anyone", "", "elsewhere"))).toEqual([]);
    expect(await sessions(q("anyone"))).toEqual([]);
    expect(await sessions(q("fac"))).toHaveLength(2);
  });

  it("agenda items: only for members of the team", async () => {
    expect((await agendaItems(q("t1"))).map((i) => i.name.split(" · ")[1])).toEqual([
      "Grade 3 fluency data",
      "Recess duty",
    ]);
    expect((await agendaItems(q("fac", "recess"))).map((i) => i.name.split(" · ")[1])).toEqual(["Recess duty"]);
    expect(await agendaItems(q("outsider"))).toEqual([]);
  });

  it("reminders: only the person's own, with their R- id", async () => {
    const mine = await reminders(q("t1"));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.value).toMatch(/^R-[A-Z0-9]{4}$/);
    expect(mine[0]!.name).toContain("Bring the rubric");
    expect(await reminders(q("fac"))).toEqual([]);
  });

  it("mentees: a mentor's pairs running today, typed names to that mentor alone, filtered by what was typed", async () => {
    const mine = await mentees(q("mia"));
    expect(mine.map((m) => m.value).sort()).toEqual(["<@kai>", "Rosa A."]);
    expect(mine.find((m) => m.value === "<@kai>")!.name).toBe("kai (your mentee)");
    expect((await mentees(q("mia", "ros"))).map((m) => m.value)).toEqual(["Rosa A."]);
    expect((await mentees(q("ben"))).map((m) => m.value)).toEqual(["<@lee>"]);
    expect(await mentees(q("kai"))).toEqual([]); // a mentee is offered nobody
    expect(await mentees(q("coord"))).toEqual([]); // nor is the coordinator who paired them
  });

  it("a server that never used cadre, an unknown source or a failing read gives no suggestions", async () => {
    expect(await sessions({ ...q("t1"), workspaceId: undefined })).toEqual([]);
    expect(await suggest("nope", q("t1"))).toEqual([]);
    const errors: unknown[] = [];
    const broken = {
      ...q("t1"),
      db: { session: { findMany: () => Promise.reject(new Error("no such table: Session")) } } as never,
    };
    expect(await suggest("session", broken, (e) => errors.push(e))).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("long choice lists filter by what was typed", () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ value: `topic-${i}`, label: `Topic ${i}` }));
    expect(choiceSuggestions(choices, "topic 3").map((c) => c.value)).toEqual([
      "topic-3",
      "topic-30",
      "topic-31",
      "topic-32",
      "topic-33",
      "topic-34",
      "topic-35",
      "topic-36",
      "topic-37",
      "topic-38",
      "topic-39",
    ]);
  });
});
