// A DM conversation on Discord is opened once per person, not once per process: the channel
// id is kept in the database, so a restarted (or second) cadre posts straight into it.
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord, type DiscordAdapter } from "../../../src/platforms/discord/start.js";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { enqueue } from "../../../src/services/outbox.js";
import { ensureWorkspace } from "../../../src/services/workspaces.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import { makeApp, PROVIDERS, type TestApp } from "../../support/app.js";

const PEOPLE = ["400000000000000021", "400000000000000022", "400000000000000023"];

describe.each(PROVIDERS)("Discord DM channels kept across restarts [%s]", (provider) => {
  const stops: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
  });

  const start = async (fake: FakeDiscord, url?: string): Promise<TestApp> => {
    const app = await makeApp(provider, {
      ...(url ? { url } : {}),
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    const adapter: DiscordAdapter = await startDiscord(app, { deferAfterMs: 1000 });
    stops.push(() => app.stop());
    stops.push(() => adapter.client.destroy());
    return app;
  };

  const notify = async (app: TestApp, fake: FakeDiscord, round: string) => {
    const ws = await ensureWorkspace(app.deps.db, "discord", fake.guildId, "America/Chicago");
    for (const id of PEOPLE)
      await enqueue(app.deps.db, {
        workspaceId: ws.id,
        dedupeKey: `${round}:${id}`,
        dueAt: app.clock.now(),
        target: { kind: "dm", id },
        reply: { text: `ILT agenda items are due tomorrow (${round})` },
      });
    await new Scheduler(app).drain();
  };

  it("opens each person's DM once, and a second cadre on the same database opens none", async () => {
    const fake = await new FakeDiscord().start();
    stops.push(() => fake.stop());
    const opens = () => fake.calls.filter((c) => c.method === "POST" && c.path === "/users/@me/channels");
    const first = await start(fake);
    await notify(first, fake, "one");
    expect(opens()).toHaveLength(PEOPLE.length);

    const second = await start(fake, first.url);
    await notify(second, fake, "two");
    expect(opens()).toHaveLength(PEOPLE.length);
    for (const id of PEOPLE) {
      const posts = fake.calls.filter(
        (c) => c.method === "POST" && c.path === `/channels/${fake.dmChannelOf(id)}/messages` && c.status < 300,
      );
      expect(posts, id).toHaveLength(2);
    }
  });
});
