// Slack unreachable for 45 s while cadre is connected over Socket Mode: the fake closes its
// listening socket (connections are refused at the TCP level), then answers again. cadre keeps
// running, logs the outage once, reconnects, and a reminder due during the outage arrives once.
// The reconnect backoff waits on the test's clock, so 45 s of outage take well under a second.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../../support/app.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { startOpsServer } from "../../../src/platforms/ops/server.js";

const refused = (port: number) =>
  new Promise<string>((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.on("connect", () => (s.destroy(), resolve("connected")));
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
  });

describe("Slack outage over Socket Mode [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    app = await makeApp("sqlite", { now: "2026-11-02T14:59:40Z" }); // 9:59:40 in New York
    slack.tiers.now = () => app.clock.now().getTime(); // Slack's minute runs on the test's clock
    adapter = new SlackAdapter(app, {
      botToken: "xoxb-test",
      appToken: "xapp-test",
      apiUrl: slack.apiUrl,
      reconnect: {
        sleep: async (ms) => {
          app.clock.advance(ms);
          await new Promise((r) => setTimeout(r, 20));
        },
      },
    });
    await adapter.start();
    await eventually(() => slack.connected);
  });
  afterAll(async () => {
    await adapter?.stop();
    await app?.stop();
    await slack?.stop();
  });

  it("keeps running through 45 s of refused connections, reconnects, and delivers the reminder due meanwhile once", async () => {
    await slack.slash("/reminder", 'add "Bring rubrics" when:"10am"', "U7", "D7");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("Reminder")));
    const scheduler = new Scheduler(app, { concurrency: 1 });
    const opens = slack.callsTo("apps.connections.open").length;
    const started = app.clock.now().getTime();
    const { port } = await startOpsServer(app, 0);
    const healthz = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(await healthz()).toMatchObject({ status: "ok", platforms: { slack: "connected" } });

    await slack.goDown();
    expect(await refused(slack.port)).toBe("ECONNREFUSED");
    // The probe sees the lost link, but stays answerable: cadre reconnects by itself.
    await eventually(async () => (await healthz()).platforms.slack === "reconnecting", 10_000);
    expect(await healthz()).toMatchObject({ status: "degraded", database: "up" });
    // The reminder falls due while Slack is unreachable: its delivery fails and is kept for later.
    await eventually(() => app.clock.now().getTime() >= Date.parse("2026-11-02T15:00:00Z"), 10_000);
    await scheduler.drain();
    expect(await app.deps.db.delivery.count({ where: { status: "sent" } })).toBe(0);
    await eventually(() => app.clock.now().getTime() - started >= 45_000, 10_000);
    expect(await refused(slack.port)).toBe("ECONNREFUSED");
    await slack.comeBack();

    await eventually(() => slack.connected && slack.callsTo("apps.connections.open").length > opens, 10_000);
    await eventually(async () => (await healthz()).platforms.slack === "connected", 10_000);
    for (let i = 0; i < 10 && (await app.deps.db.delivery.count({ where: { status: "sent" } })) === 0; i++) {
      app.clock.advance(60_000);
      await scheduler.drain();
    }
    const sent = slack
      .callsTo("chat.postMessage")
      .filter((c) => c.result?.ok && JSON.stringify(c.args).includes("Bring rubrics"));
    expect(sent).toHaveLength(1);

    // Commands are answered again on the new connection.
    await slack.slash("/cadre", "help", "U7");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("what you can do")));

    const logs = app.logs.map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(logs.filter((l) => l.msg.startsWith("slack connection lost"))).toHaveLength(1);
    expect(logs.filter((l) => l.msg === "slack reconnected")).toHaveLength(1);
  }, 30_000);
});
