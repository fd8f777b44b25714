// The fake Slack answers 429 with Retry-After and 5xx errors: the scheduler retries through
// the real Slack transport and every delivery arrives exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { FakeSlack } from "../fakes/slack/server.js";
import { SlackTransport } from "../../src/platforms/slack/transport.js";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { enqueue } from "../../src/services/outbox.js";
import { App as BoltApp, LogLevel } from "@slack/bolt";

describe("platform faults [sqlite]", () => {
  let app: TestApp;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.start();
    app = await makeApp("sqlite", { now: "2026-11-02T15:00:00Z" });
    slack.tiers.now = () => app.clock.now().getTime(); // Slack's minute runs on the test's clock
    const bolt = new BoltApp({
      token: "xoxb-t",
      signingSecret: "s",
      logLevel: LogLevel.ERROR,
      tokenVerificationEnabled: false,
      clientOptions: {
        slackApiUrl: slack.apiUrl,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
      },
    });
    app.transports.set("slack", new SlackTransport(bolt.client, undefined, { clock: app.clock })); // paced on the test clock
  });
  afterAll(async () => {
    await app?.stop();
    await slack?.stop();
  });

  it("retries after 429 Retry-After and 5xx errors and loses nothing", async () => {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    for (let i = 0; i < 20; i++)
      await enqueue(app.deps.db, {
        workspaceId: ws.id,
        dedupeKey: `fault:${i}`,
        dueAt: app.clock.now(),
        target: { kind: "channel", id: "C1" },
        reply: { text: `message ${i}` },
      });
    slack.fail("chat.postMessage", 429, 7);
    for (let i = 0; i < 3; i++) slack.fail("chat.postMessage", 503); // more than the client's own retries
    slack.fail("chat.postMessage", 500);
    const s = new Scheduler(app, { concurrency: 1 });
    for (let round = 0; round < 20; round++) {
      await s.drain();
      if ((await app.deps.db.delivery.count({ where: { status: "sent" } })) === 20) break;
      app.clock.advance(60_000);
    }
    const ok = slack
      .callsTo("chat.postMessage")
      .filter((c) => c.result?.ok)
      .map((c) => c.args.text);
    expect(ok.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`).sort());
    expect(new Set(ok).size).toBe(20); // no duplicates
    expect(slack.callsTo("chat.postMessage").filter((c) => !c.result && !c.limited).length).toBe(5); // the five faults were really served
    expect(await app.deps.db.delivery.count({ where: { status: { not: "sent" } } })).toBe(0);
  });
});
