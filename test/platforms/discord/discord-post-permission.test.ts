// The real discord.js client against the fake Discord: a leader cannot direct cadre into a
// channel where they lack View Channel or Send Messages, as Discord computes it from @everyone,
// their roles and the channel's permission overwrites; they are told privately and nothing is
// saved. Someone whose role opens the channel may.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWorkspace, setRoles } from "../../../src/services/workspaces.js";
import { startDiscord } from "../../../src/platforms/discord/start.js";
import { makeApp, type TestApp } from "../../support/app.js";
import { FakeDiscord, type FakeUser, type SentInteraction } from "../../fakes/discord/server.js";

const alice: FakeUser = { id: "400000000000000001", username: "alice", global_name: "Alice Ames" };
const bob: FakeUser = { id: "400000000000000002", username: "bob", global_name: "Bob Baker" };
const PRINCIPALS = "300000000000000003";
const NEWS = "300000000000000004";
const VIEW = 1n << 10n;
const SEND = 1n << 11n;

describe("Discord: posting only where you can [sqlite]", () => {
  let fake: FakeDiscord;
  let app: TestApp;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    fake.heartbeatInterval = 200;
    const g = fake.guilds[0]!;
    g.channels.push({ id: PRINCIPALS, name: "principals", type: 0 }, { id: NEWS, name: "news", type: 0 });
    const principal = fake.addRole("Principals");
    fake.giveRole(alice.id, principal);
    // #principals: hidden from @everyone, open to the Principals role. #news: read-only for @everyone.
    fake.overwrite(PRINCIPALS, { id: fake.guildId, type: 0, allow: "0", deny: String(VIEW) });
    fake.overwrite(PRINCIPALS, { id: principal, type: 0, allow: String(VIEW | SEND), deny: "0" });
    fake.overwrite(NEWS, { id: fake.guildId, type: 0, allow: "0", deny: String(SEND) });
    app = await makeApp("sqlite", {
      now: "2026-11-02T15:00:00Z",
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    await startDiscord(app, { deferAfterMs: 1000 });
    const ws = await ensureWorkspace(app.deps.db, "discord", fake.guildId, "America/New_York");
    await setRoles(app.deps.db, ws.id, alice.id, ["leader"]);
    await setRoles(app.deps.db, ws.id, bob.id, ["leader"]);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  /** The text of the interaction's answer, whether it came at once or after a deferral; and whether it was ephemeral. */
  async function answerOf(i: SentInteraction): Promise<{ text: string; ephemeral: boolean }> {
    const cb = await fake.callback(i);
    let data = cb.json.data;
    if (cb.json.type === 5)
      data = (
        await fake.waitForCall(
          (c) => c.method === "PATCH" && c.path === `/webhooks/${fake.applicationId}/${i.token}/messages/@original`,
        )
      ).json;
    return { text: JSON.stringify(data), ephemeral: Boolean((cb.json.data?.flags ?? 0) & 64) };
  }
  const counts = async () => ({
    reminders: await app.deps.db.reminder.count(),
    sessions: await app.deps.db.session.count(),
  });
  const posted = (channelId: string) =>
    fake.calls.filter((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`);

  it("refuses a reminder into a channel hidden from the leader, privately, saving nothing", async () => {
    const before = await counts();
    const i = fake.chatInput({ user: bob }, "reminder", "add", {
      text: "Budget due",
      when: "tomorrow 8am",
      to: `<#${PRINCIPALS}>`,
    });
    const a = await answerOf(i);
    expect(a.ephemeral).toBe(true);
    expect(a.text).toContain(`You can't post in <#${PRINCIPALS}>, so cadre won't post there for you.`);
    expect(await counts()).toEqual(before);
  });

  it("refuses an announcement into a channel where the leader may read but not send, saving nothing", async () => {
    const before = await counts();
    const i = fake.chatInput({ user: bob }, "session", "announce", {
      title: "Budget PD",
      when: "Dec 3 9am",
      hours: "3",
      channel: NEWS,
    });
    const a = await answerOf(i);
    expect(a.ephemeral).toBe(true);
    expect(a.text).toContain(`You can't post in <#${NEWS}>`);
    expect(await counts()).toEqual(before);
    expect(posted(NEWS)).toEqual([]);
  });

  it("allows someone whose role opens the channel", async () => {
    const i = fake.chatInput({ user: alice }, "session", "announce", {
      title: "Principals PD",
      when: "Dec 3 9am",
      hours: "3",
      channel: PRINCIPALS,
    });
    expect((await answerOf(i)).text).toContain("Announced");
    expect(posted(PRINCIPALS)).toHaveLength(1);
    expect(await app.deps.db.session.count({ where: { channelId: PRINCIPALS } })).toBe(1);
  });
});
