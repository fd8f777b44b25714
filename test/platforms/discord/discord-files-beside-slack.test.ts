// Discord answers with files when Slack's libraries loaded first, as when a district runs both
// platforms. The first copy of undici to load installs its HTTP dispatcher process-wide
// (Slack's Socket Mode brings undici 7); discord.js must not send its multipart bodies through
// another copy's dispatcher (they failed with "action is not a function"), so its REST client
// has an agent of its own. A file of its own, so that Slack's import really is first.
import "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/platforms/discord/start.js";
import { makeApp, type TestApp } from "../../support/app.js";
import { FakeDiscord } from "../../fakes/discord/server.js";

describe("Discord files with Slack loaded first [sqlite]", () => {
  let fake: FakeDiscord;
  let app: TestApp;
  let adapter: DiscordAdapter;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    app = await makeApp("sqlite", {
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    adapter = await startDiscord(app, { deferAfterMs: 1000 });
  });
  afterAll(async () => {
    await adapter?.client.destroy();
    await app?.stop();
    await fake?.stop();
  });

  it("sends the calendar file with the answer to /session announce", async () => {
    const i = fake.chatInput(
      { user: { id: "400000000000000001", username: "alice" }, permissions: String(0x20) },
      "session",
      "announce",
      { title: "Scoring training", when: "Dec 3 9am", kind: "scoring-training" },
    );
    const cb = await fake.callback(i);
    const answer =
      cb.json.type === 5
        ? await fake.waitForCall((c) => c.method === "PATCH" && c.path.endsWith(`${i.token}/messages/@original`))
        : cb;
    expect(answer.status).toBeLessThan(300);
    expect(answer.files.map((f) => f.filename)).toEqual([expect.stringMatching(/^[A-Z0-9]{4}\.ics$/)]);
    expect(answer.files[0]!.text).toContain("BEGIN:VCALENDAR");
  });
});
