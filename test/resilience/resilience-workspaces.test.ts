// Two workspaces: no id from one can be used from the other, for every command that takes one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Source } from "../../src/core/context.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";

describe.each(PROVIDERS)("workspace isolation [%s]", (provider) => {
  let app: TestApp;
  const src = (ws: string, user: string, channel = "C1"): Source => ({
    platform: "slack",
    externalWorkspaceId: ws,
    channelId: channel,
    isDM: channel.startsWith("D"),
    userId: user,
    displayName: user,
    isPlatformAdmin: true,
  });
  const run = async (ws: string, user: string, command: string, text: string, channel?: string) =>
    (await app.dispatcher.run({ source: src(ws, user, channel), command, text })).map((r) => r.text ?? "").join("\n");

  beforeAll(async () => {
    app = await makeApp(provider, { now: "2026-11-02T15:00:00Z" });
  });
  afterAll(() => app.stop());

  it("refuses every id-taking command from the other workspace and changes nothing", async () => {
    await run("TA", "U1", "session", 'announce "Scoring training" when:"Nov 10 9am" capacity:5');
    await run("TA", "U1", "mentor", 'log duration:45m mentee:"J.R." notes:"private"', "DU1");
    await run("TA", "U1", "reminder", 'add Bring rubrics when:"tomorrow 8am"');
    await run("TA", "U1", "agenda", 'setup name:"Lincoln ILT" channel:#ilt members:"@U1 @U2" day:thursday time:3pm');
    await run("TA", "U1", "agenda", 'add "Grade 3 data" minutes:10');
    const session = (await app.deps.db.session.findFirstOrThrow()).shortId;
    const entry = (await app.deps.db.mentorEntry.findFirstOrThrow()).shortId;
    const reminder = (await app.deps.db.reminder.findFirstOrThrow()).shortId;
    const item = (await app.deps.db.agendaItem.findFirstOrThrow()).shortId;
    const before = JSON.stringify(
      await Promise.all([
        app.deps.db.session.findMany(),
        app.deps.db.rsvp.findMany(),
        app.deps.db.mentorEntry.findMany(),
        app.deps.db.reminder.findMany(),
        app.deps.db.agendaItem.findMany(),
      ]),
    );

    const attempts: [string, string, RegExp][] = [
      ["session", `show id:${session}`, /no session/],
      ["session", `rsvp id:${session} answer:going`, /no session/],
      ["session", `cancel id:${session}`, /no session/],
      ["session", `reschedule id:${session} when:"Nov 12 9am"`, /no session/],
      ["session", `checkin id:${session}`, /no session/],
      ["session", `attendance id:${session}`, /no session/],
      ["session", `export id:${session}`, /no session/],
      ["mentor", `edit id:${entry} notes:"stolen"`, /no mentoring entry/],
      ["mentor", `delete id:${entry}`, /no mentoring entry/],
      ["reminder", `remove R-${reminder}`, /no reminder/],
      ["reminder", `pause R-${reminder}`, /no reminder/],
      ["reminder", `resume R-${reminder}`, /no reminder/],
      ["agenda", `remove item:${item}`, /No ILT team|no agenda item/],
      ["agenda", `done item:${item}`, /No ILT team|no agenda item/],
      ["agenda", `move item:${item} position:1`, /No ILT team|no agenda item/],
      ["agenda", `list team:"Lincoln ILT"`, /no team "Lincoln ILT"/],
    ];
    for (const [command, text, refusal] of attempts) {
      const answer = await run("TB", "U1", command, text, command === "mentor" ? "DU1" : "C1");
      expect(answer, `/${command} ${text}`).toMatch(refusal);
    }
    const after = JSON.stringify(
      await Promise.all([
        app.deps.db.session.findMany(),
        app.deps.db.rsvp.findMany(),
        app.deps.db.mentorEntry.findMany(),
        app.deps.db.reminder.findMany(),
        app.deps.db.agendaItem.findMany(),
      ]),
    );
    expect(after).toBe(before);
  });
});
