// A series of 10 announced on Slack, through the real Bolt client against the fake Slack with
// its documented tiers on (chat.postMessage about one a second per channel): the ten cards go
// through the outbox, land in series order, once each, without Slack refusing a post, and
// each is tracked so later answers edit it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { makeApp, PROVIDERS, type TestApp } from "../../support/app.js";

const T0 = Date.parse("2026-11-02T15:00:00Z");

describe.each(PROVIDERS)("Slack series of 10 under the rate tiers [%s]", (provider) => {
  let slack: FakeSlack;
  let app: TestApp;
  let adapter: SlackAdapter;

  beforeEach(async () => {
    slack = new FakeSlack();
    await slack.start();
    app = await makeApp(provider, { now: new Date(T0) });
    slack.tiers.now = () => app.clock.now().getTime(); // Slack's minute runs on the test's clock
    adapter = new SlackAdapter(app, { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: slack.apiUrl });
    await adapter.start();
    await eventually(() => slack.connected);
  });
  afterEach(async () => {
    await adapter?.stop();
    await app?.stop();
    await slack?.stop();
  });

  /** Drains until nothing is pending, moving the clock to each next retry; returns the time it took. */
  const settle = async (scheduler = new Scheduler(app)): Promise<number> => {
    const start = app.clock.now().getTime();
    for (let round = 0; round < 200; round++) {
      await scheduler.drain();
      const next = await app.deps.db.delivery.findFirst({ where: { status: "pending" }, orderBy: { retryAt: "asc" } });
      if (!next) return app.clock.now().getTime() - start;
      app.clock.set(Math.max(app.clock.now().getTime() + 1, next.retryAt?.getTime() ?? 0));
    }
    throw new Error("deliveries still pending after 200 rounds");
  };

  it("posts the 10 cards in order within the channel's rate, each once and tracked", async () => {
    await slack.slash(
      "/session",
      'announce "Scoring practice" when:"Nov 10 9am" repeat:"every other Tuesday" count:10',
      "UADMIN",
      "CSCORE",
    );
    const summary = await eventually(() =>
      slack.responses.find((r) => JSON.stringify(r.body).includes("Announced a series of 10")),
    );
    expect(JSON.stringify(summary.body)).toContain("10 of 10");
    const took = await settle();
    const posts = slack.callsTo("chat.postMessage").filter((c) => c.result?.ok && c.args.channel === "CSCORE");
    expect(posts).toHaveLength(10);
    posts.forEach((p, i) => expect(JSON.stringify(p.args)).toContain(`${i + 1} of 10 in a series`));
    expect(slack.tiers.limited.get("chat.postMessage") ?? 0).toBe(0); // paced, never refused
    expect(took).toBeLessThanOrEqual(15_000); // a burst, then about one a second
    const rows = await app.deps.db.delivery.findMany({ where: { sourceKind: "session-card" } });
    expect(rows.map((r) => `${r.status}:${r.attempts}`)).toEqual(rows.map(() => "sent:1"));
    expect(await app.deps.db.messageRef.count({ where: { key: { startsWith: "session:" } } })).toBe(10);
  }, 60_000);
});
