// Discord unreachable for 45 s while cadre is connected: the fake closes its listening socket
// (gateway and REST connections are refused at the TCP level), then answers again. cadre
// keeps running, logs the outage once, discord.js reconnects by itself (it retries a refused
// connection every half second, in real time: this test takes about 50 s), and a reminder that
// fell due during the outage is delivered once after.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { startDiscord } from "../../../src/platforms/discord/start.js";
import { startOpsServer } from "../../../src/platforms/ops/server.js";
import { makeApp, type TestApp } from "../../support/app.js";
import { eventually } from "../../fakes/slack/server.js";
import { FakeDiscord, type FakeUser } from "../../fakes/discord/server.js";

const bob: FakeUser = { id: "400000000000000002", username: "bob", global_name: "Bob Baker" };
const OUTAGE_MS = 45_000;

const refused = (port: number) =>
  new Promise<string>((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.on("connect", () => (s.destroy(), resolve("connected")));
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Discord outage [sqlite]", () => {
  let fake: FakeDiscord;
  let app: TestApp;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    fake.heartbeatInterval = 500;
    app = await makeApp("sqlite", {
      now: "2026-11-02T14:59:40Z", // 9:59:40 in New York
      env: {
        DISCORD_TOKEN: "fake-bot-token",
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    await startDiscord(app, { deferAfterMs: 1000 });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  it("keeps running through 45 s of refused connections, reconnects, and delivers the reminder due meanwhile once", async () => {
    const set = fake.chatInput({ user: bob }, "reminder", "add", { text: "Bring rubrics", when: "10am" });
    expect(JSON.stringify(await fake.firstAnswer(set))).toContain("Reminder");
    const scheduler = new Scheduler(app, { concurrency: 1 });
    const identifies = fake.identifies.length;
    const dms = () =>
      [...fake.messages.values()].filter(
        (m) => !m.interaction_id && m.embeds.some((e: any) => JSON.stringify(e).includes("Bring rubrics")),
      );

    const { port } = await startOpsServer(app, 0);
    const healthz = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(await healthz()).toMatchObject({ status: "ok", platforms: { discord: "connected" } });

    await fake.goDown();
    expect(await refused(fake.port)).toBe("ECONNREFUSED");
    await eventually(async () => (await healthz()).platforms.discord === "reconnecting", 10_000);
    expect((await healthz()).status).toBe("degraded");
    // The reminder falls due while Discord is unreachable: its delivery fails and is kept for later.
    app.clock.advance(30_000);
    await scheduler.drain();
    expect(await app.deps.db.delivery.count({ where: { status: "sent" } })).toBe(0);
    await sleep(OUTAGE_MS);
    expect(await refused(fake.port)).toBe("ECONNREFUSED");
    await fake.comeBack();

    await eventually(() => fake.identifies.length > identifies, 15_000);
    await eventually(async () => (await healthz()).platforms.discord === "connected", 15_000);
    for (let i = 0; i < 10 && (await app.deps.db.delivery.count({ where: { status: "sent" } })) === 0; i++) {
      app.clock.advance(60_000);
      await scheduler.drain();
    }
    expect(dms()).toHaveLength(1);

    // Commands are answered again on the new connection.
    const help = fake.chatInput({ user: bob }, "cadre", "help", {});
    expect((await fake.callback(help)).json.type).toBeGreaterThan(0);

    const logs = app.logs.map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(logs.filter((l) => l.level >= 40 && l.msg.startsWith("discord gateway"))).toHaveLength(1);
    expect(logs.filter((l) => l.msg === "discord reconnected")).toHaveLength(1);
  }, 90_000);
});
