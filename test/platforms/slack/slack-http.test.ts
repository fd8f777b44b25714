// Slack over HTTP (Events API / slash command URLs): a correctly signed slash command is
// handled; a bad signature, a timestamp more than five minutes old or ahead, and the same
// signed request sent again get 401 and change nothing.
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";

const SECRET = "test-signing-secret";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe("Slack over HTTP [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let adapter: SlackAdapter;
  let port: number;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    app = await makeApp("sqlite");
    port = await freePort();
    adapter = new SlackAdapter(app, { botToken: "xoxb-test", signingSecret: SECRET, apiUrl: slack.apiUrl, port });
    await adapter.start();
  });
  afterAll(async () => {
    await adapter?.stop();
    await app?.stop();
    await slack?.stop();
  });

  function sign(body: string, opts: { secret?: string; age?: number } = {}) {
    const ts = Math.floor(Date.now() / 1000) - (opts.age ?? 0);
    const sig =
      "v0=" +
      createHmac("sha256", opts.secret ?? SECRET)
        .update(`v0:${ts}:${body}`)
        .digest("hex");
    return { ts, sig };
  }

  async function post(
    body: string,
    opts: { secret?: string; age?: number; signed?: { ts: number; sig: string } } = {},
  ) {
    const { ts, sig } = opts.signed ?? sign(body, opts);
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": sig,
      },
      body,
    });
  }

  const command = (text: string, n: string) =>
    new URLSearchParams({
      token: "t",
      team_id: "T9",
      team_domain: "d",
      channel_id: "C1",
      channel_name: "general",
      user_id: "U1",
      user_name: "u1",
      command: "/reminder",
      text,
      api_app_id: "A1",
      response_url: `http://127.0.0.1:${slack.port}/respond/${n}`,
      trigger_id: "x",
    }).toString();

  it("handles a correctly signed slash command", async () => {
    const r = await post(command('add Bring rubrics when:"tomorrow 8am"', "ok"));
    expect(r.status).toBe(200);
    const answer = await eventually(() => slack.responses.find((x) => x.path === "/respond/ok"));
    expect(JSON.stringify(answer.body)).toContain("Reminder");
    expect(await app.deps.db.reminder.count()).toBe(1);
  });

  it("rejects a bad signature and a five-minute-old request with 401, changing nothing", async () => {
    const calls = slack.calls.length;
    const bad = await post(command('add Forged when:"tomorrow 8am"', "bad"), { secret: "wrong" });
    expect(bad.status).toBe(401);
    const old = await post(command('add Replayed when:"tomorrow 8am"', "old"), { age: 5 * 60 + 5 });
    expect(old.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(await app.deps.db.reminder.count()).toBe(1);
    expect(slack.calls.length).toBe(calls);
    expect(slack.responses.filter((x) => x.path !== "/respond/ok")).toEqual([]);
  });

  it("rejects the same signed request sent again, and one timestamped an hour ahead, changing nothing", async () => {
    const before = await app.deps.db.reminder.count();
    const body = command('add Twice when:"tomorrow 8am"', "twice");
    const signed = sign(body);
    expect((await post(body, { signed })).status).toBe(200);
    await eventually(() => slack.responses.find((x) => x.path === "/respond/twice"));
    expect((await post(body, { signed })).status).toBe(401);
    const ahead = await post(command('add Ahead when:"tomorrow 8am"', "ahead"), { age: -60 * 60 });
    expect(ahead.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(await app.deps.db.reminder.count()).toBe(before + 1);
    expect(slack.responses.filter((x) => x.path === "/respond/twice")).toHaveLength(1);
    expect(slack.responses.filter((x) => x.path === "/respond/ahead")).toEqual([]);
  });

  it("answers Slack's retry of an event (new signature, same event_id) with 200 and handles the event once", async () => {
    const event = (n: number) =>
      JSON.stringify({
        token: "t",
        team_id: "T1",
        api_app_id: "A1",
        type: "event_callback",
        event_id: `Ev0HOME${n}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: "app_home_opened", user: "U1", channel: "D1", tab: "home", event_ts: "1.000001" },
      });
    const send = async (body: string, retry?: number) => {
      const { ts, sig } = sign(body);
      return fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": sig,
          ...(retry ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" } : {}),
        },
        body,
      });
    };
    const published = () => slack.callsTo("views.publish").length;
    const before = published();
    expect((await send(event(1))).status).toBe(200);
    await eventually(() => published() === before + 1 || undefined);
    // Slack's retries come a second apart at least: a new timestamp, so a new signature.
    await new Promise((r) => setTimeout(r, 1100));
    const retry = await send(event(1), 1);
    expect(retry.status).toBe(200);
    // A different event is still handled, so the one above had time to be (and was not).
    expect((await send(event(2))).status).toBe(200);
    await eventually(() => published() === before + 2 || undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(published()).toBe(before + 2);
  });

  it("answers a slash command naming a team cadre is not installed in within its own workspace, creating no other", async () => {
    expect((await post(command("list", "other-team"))).status).toBe(200); // the payload says team_id T9
    await eventually(() => slack.responses.find((x) => x.path === "/respond/other-team"));
    const teams = (await app.deps.db.workspace.findMany({ where: { platform: "slack" } })).map((w) => w.externalId);
    expect(teams).not.toContain("T9");
  });
});
