// The fakes refuse what Slack and Discord refuse about time and reuse: a response_url takes 5
// posts within 30 minutes, a trigger_id opens one modal within 3 seconds, a Discord
// interaction is answered within 3 seconds and its token serves follow-ups for 15 minutes.
// A test of cadre that passed only because a fake was lenient here would prove nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack } from "../fakes/slack/server.js";
import { FakeDiscord } from "../fakes/discord/server.js";

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("Slack fake: response_url and trigger_id rules", () => {
  const slack = new FakeSlack();
  let clock = Date.now();
  beforeAll(async () => {
    await slack.start();
    slack.tiers.now = () => clock;
  });
  afterAll(() => slack.stop());

  /** A slash command's response_url and trigger_id, as Slack issues them (no app acks it here). */
  function issued(): { url: string; trigger: string } {
    void slack.slash("/cadre", "help").catch(() => undefined);
    return { url: slack.lastSlash!.responseUrl, trigger: slack.lastSlash!.triggerId };
  }

  it("takes five posts to a response_url, then answers used_url", async () => {
    const { url } = issued();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(url, { text: `answer ${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    expect(slack.responses.filter((r) => url.endsWith(r.path))).toHaveLength(5);
  });

  it("answers expired_url after 30 minutes", async () => {
    const { url } = issued();
    clock += 30 * 60_000 + 1;
    const r = await post(url, { text: "too late" });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ ok: false, error: "expired_url" });
  });

  it("opens one modal per trigger_id, within 3 seconds", async () => {
    const fresh = issued();
    const open = async (trigger: string) =>
      (
        await post(`${slack.apiUrl}views.open`, {
          trigger_id: trigger,
          view: {
            type: "modal",
            title: { type: "plain_text", text: "Add" },
            blocks: [{ type: "section", text: { type: "mrkdwn", text: "x" } }],
          },
        })
      ).json();
    expect(await open(fresh.trigger)).toMatchObject({ ok: true });
    expect(await open(fresh.trigger)).toEqual({ ok: false, error: "exchanged_trigger_id" });
    const stale = issued();
    clock += 3_001;
    expect(await open(stale.trigger)).toEqual({ ok: false, error: "expired_trigger_id" });
  });
});

describe("Discord fake: interaction deadlines", () => {
  const discord = new FakeDiscord();
  let clock = Date.now();
  const user = { id: "100000000000000001", username: "maria" };
  beforeAll(async () => {
    await discord.start();
    discord.now = () => clock;
  });
  afterAll(() => discord.stop());

  const callback = (i: { id: string; token: string }) =>
    post(`${discord.apiUrl}/v10/interactions/${i.id}/${i.token}/callback`, { type: 4, data: { content: "hi" } });

  it("refuses the first answer after 3 seconds as Unknown interaction (10062)", async () => {
    const late = discord.chatInput({ user }, "cadre", "help");
    clock += 3_001;
    const r = await callback(late);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: 10062 });
  });

  it("takes follow-ups with the token for 15 minutes, then answers Invalid Webhook Token (50027)", async () => {
    const i = discord.chatInput({ user }, "cadre", "help");
    expect((await callback(i)).status).toBeLessThan(300);
    const followUp = () => post(`${discord.apiUrl}/v10/webhooks/1/${i.token}`, { content: "more" });
    expect((await followUp()).status).toBe(200);
    clock += 15 * 60_000 + 1;
    const r = await followUp();
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 50027 });
  });
});
