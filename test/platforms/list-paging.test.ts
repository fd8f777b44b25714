// A district's long lists through the real Bolt app and discord.js client against the fakes
// (which refuse payloads over the platforms' limits): 60 sessions page 25 at a time, the
// Next button shows the following page in the same message, the last page says
// "Showing 51–60 of 60"; /reminder list with 60 long reminders stays under Slack's limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { createSession } from "../../src/services/sessions/sessions.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { startDiscord } from "../../src/platforms/discord/start.js";
import { blockText } from "../../src/platforms/slack/limits.js";
import { FakeDiscord, buttonIds, type FakeUser, type SentInteraction } from "../fakes/discord/server.js";
import { eventually } from "../fakes/slack/server.js";
import { makeApp, type TestApp } from "../support/app.js";
import { startSlackRig, type SlackRig } from "../support/slack-rig.js";
import type { Db } from "../../src/db/client.js";

const NOW = "2026-11-02T15:00:00Z";
const title = (i: number) => `Session ${String(i).padStart(2, "0")}`;

/** 60 upcoming sessions announced by `by`, alternating between two channels, one a day. */
async function seedSessions(db: Db, workspaceId: string, by: string, channels: [string, string]): Promise<void> {
  for (let i = 1; i <= 60; i++)
    await createSession(db, workspaceId, {
      title: title(i),
      kind: "pd",
      startsAt: new Date(Date.parse("2026-11-03T14:00:00Z") + i * 86_400_000),
      minutes: 180,
      timeZone: "America/New_York",
      location: "Central HS library",
      channelId: channels[i % 2]!,
      reminderOffsets: [],
      createdBy: by,
    });
}

const shows = (text: string, from: number, to: number) => {
  for (let i = 1; i <= 60; i++)
    if (i >= from && i <= to) expect(text).toContain(title(i));
    else expect(text).not.toContain(title(i));
};

describe("Slack: 60 sessions, paged", () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ now: NOW });
    const ws = await ensureWorkspace(rig.app.deps.db, "slack", "T1", "America/New_York");
    await seedSessions(rig.app.deps.db, ws.id, "U1", ["C1", "C2"]);
  });
  afterAll(() => rig?.stop());

  /** Presses a button on the private list as Slack sends it: the container is ephemeral. */
  const press = (button: any, path: string) =>
    rig.slack.envelope("interactive", {
      type: "block_actions",
      team: { id: "T1" },
      user: { id: "U1", username: "u1", name: "u1" },
      api_app_id: "A1",
      token: "t",
      channel: { id: "C1" },
      container: { type: "message", channel_id: "C1", message_ts: "1700000000.000001", is_ephemeral: true },
      response_url: `http://127.0.0.1:${rig.slack.port}${path}`,
      trigger_id: "trig-p",
      actions: [{ type: "button", action_id: button.action_id, block_id: "b", value: button.value, action_ts: "1" }],
    });
  const buttons = (body: any) => body.blocks.filter((b: any) => b.type === "actions").flatMap((b: any) => b.elements);

  it("/session list all:yes shows 1–25 of 60 and how to see more; Next replaces it with 26–50, then 51–60", async () => {
    const n = rig.slack.responses.length;
    await rig.slack.slash("/session", "list all:yes", "U1", "C1");
    const first = await eventually(() => rig.slack.responses.slice(n).find((r) => r.path.startsWith("/respond/")));
    const text1 = JSON.stringify(first.body.blocks);
    shows(text1, 1, 25);
    expect(text1).toContain("Showing 1–25 of 60 · 35 more: `/session list all:yes page:2`");
    const next = buttons(first.body).find((b: any) => b.text.text.startsWith("Next"));
    expect(next.action_id).toBe("session.page|all:2");

    await press(next, "/respond/page2");
    const second = await eventually(() => rig.slack.responses.find((r) => r.path === "/respond/page2"));
    expect(second.body.replace_original).toBe(true); // the same message, edited in place
    shows(JSON.stringify(second.body.blocks), 26, 50);
    expect(JSON.stringify(second.body.blocks)).toContain("Showing 26–50 of 60");
    expect(buttons(second.body).map((b: any) => b.action_id)).toEqual(["session.page|all:1", "session.page|all:3"]);

    await press(buttons(second.body)[1], "/respond/page3");
    const third = await eventually(() => rig.slack.responses.find((r) => r.path === "/respond/page3"));
    shows(JSON.stringify(third.body.blocks), 51, 60);
    expect(JSON.stringify(third.body.blocks)).toContain(
      "Showing 51–60 of 60 · earlier: `/session list all:yes page:2`",
    );
    expect(buttons(third.body).map((b: any) => b.action_id)).toEqual(["session.page|all:2"]);
    expect(rig.slack.callsTo("chat.update")).toHaveLength(0);
    expect(rig.slack.rejected).toEqual([]);
  });

  it("/reminder list with 60 long reminders stays under Slack's block limits and says how to see the rest", async () => {
    const ws = await ensureWorkspace(rig.app.deps.db, "slack", "T1", "America/New_York");
    await rig.app.deps.db.reminder.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        workspaceId: ws.id,
        shortId: `L${String(i).padStart(3, "0")}`,
        creatorId: "U9",
        targetKind: "channel",
        targetId: `C${String(i).padStart(8, "0")}`,
        text: `Reminder ${i} ` + "bring the rubric and the anchor papers ".repeat(25),
        phrase: "every other Thursday at 3:30pm except school holidays",
        kind: "rrule",
        timeZone: "America/New_York",
        nextAt: new Date(Date.parse("2026-11-03T13:00:00Z") + i * 60_000),
      })),
    });
    const n = rig.slack.responses.length;
    await rig.slack.slash("/reminder", "list", "U9", "C1");
    const r = await eventually(() => rig.slack.responses.slice(n).find((x) => x.path.startsWith("/respond/")));
    expect(r.rejected).toBeUndefined();
    expect(blockText(r.body.blocks)).toBeLessThan(12_000);
    expect(JSON.stringify(r.body.blocks)).toContain("Showing 1–25 of 60 · 35 more: `/reminder list page:2`");
    expect(buttons(r.body).map((b: any) => b.action_id)).toEqual(["reminder.page|:2"]);
    expect(rig.slack.rejected).toEqual([]);
  });
});

describe("Discord: 60 sessions, paged", () => {
  const alice: FakeUser = { id: "400000000000000001", username: "alice", global_name: "Alice Ames" };
  let fake: FakeDiscord;
  let app: TestApp;
  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    app = await makeApp("sqlite", {
      now: NOW,
      env: { DISCORD_TOKEN: "t", DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl },
      app: { commands: [...commands] },
    });
    await startDiscord(app, { deferAfterMs: 2000 });
    const ws = await ensureWorkspace(app.deps.db, "discord", fake.guildId, "America/New_York");
    await seedSessions(app.deps.db, ws.id, alice.id, [fake.channelId, "300000000000000002"]);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  /** The interaction's answer type as the user sees it (4 a new message, 7 an edit), once it has arrived. */
  async function answered(i: SentInteraction): Promise<number> {
    const cb = await fake.callback(i);
    expect(cb.status).toBeLessThan(300);
    const t = cb.json.type;
    if (t !== 5 && t !== 6) return t;
    await fake.waitForCall(
      (c) => c.method === "PATCH" && c.path === `/webhooks/${fake.applicationId}/${i.token}/messages/@original`,
    );
    return t === 5 ? 4 : 7;
  }
  const all = (m: { embeds: any[] }) => JSON.stringify(m.embeds);

  it("/session list all:yes shows 1–25 of 60; Next edits that message to 26–50, then 51–60", async () => {
    const i = fake.chatInput({ user: alice }, "session", "list", { all: true });
    expect(await answered(i)).toBe(4);
    const msg = [...fake.messages.values()].find((m) => m.interaction_id === i.id)!;
    expect(msg.flags & 64).toBe(64); // private to the person who asked
    shows(all(msg), 1, 25);
    expect(all(msg)).toContain("Showing 1–25 of 60 · 35 more: `/session list all:yes page:2`");
    expect(buttonIds(msg)).toEqual(["session.page|all:2"]);

    const p2 = fake.press({ user: alice }, msg, "session.page|all:2");
    expect(await answered(p2)).toBe(7); // UPDATE_MESSAGE: the same message
    const same = fake.messages.get(msg.id)!;
    shows(all(same), 26, 50);
    expect(all(same)).toContain("Showing 26–50 of 60");
    expect(buttonIds(same)).toEqual(["session.page|all:1", "session.page|all:3"]);

    const p3 = fake.press({ user: alice }, same, "session.page|all:3");
    expect(await answered(p3)).toBe(7);
    const last = fake.messages.get(msg.id)!;
    shows(all(last), 51, 60);
    expect(all(last)).toContain("Showing 51–60 of 60");
    expect(buttonIds(last)).toEqual(["session.page|all:2"]);
    expect(fake.calls.filter((c) => c.status === 400)).toEqual([]);
  });
});
