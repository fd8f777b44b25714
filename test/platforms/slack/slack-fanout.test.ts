// DMs and files at district volume, through the real Bolt client against the fake Slack with
// its documented tiers on (conversations.open 50 a minute, files.* 100 a minute,
// chat.postMessage about one a second per channel). Slack's minute runs on the test's clock;
// `settle` drains the scheduler and moves the clock to the next retry until nothing is pending.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { Scheduler } from "../../../src/scheduler/scheduler.js";
import { enqueue } from "../../../src/services/outbox.js";
import { rescheduleSession } from "../../../src/services/sessions/lifecycle.js";
import { createSession } from "../../../src/services/sessions/sessions.js";
import { ensureWorkspace } from "../../../src/services/workspaces.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { makeApp, PROVIDERS, type TestApp } from "../../support/app.js";

const T0 = Date.parse("2026-11-02T15:00:00Z");
const people = (n: number) => Array.from({ length: n }, (_, i) => `U${String(i + 1).padStart(8, "0")}`);
/** The fake's DM channel for a person (conversations.open answers D + the id without its U). */
const dmOf = (userId: string) => `D${userId.slice(1)}`;

describe.each(PROVIDERS)("Slack fan-out under the rate tiers [%s]", (provider) => {
  let slack: FakeSlack;
  let app: TestApp;
  let adapter: SlackAdapter;
  let extra: { app: TestApp; adapter: SlackAdapter }[] = [];

  const connect = async (a: TestApp): Promise<SlackAdapter> => {
    const ad = new SlackAdapter(a, { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: slack.apiUrl });
    await ad.start();
    return ad;
  };

  beforeEach(async () => {
    slack = new FakeSlack();
    await slack.start();
    app = await makeApp(provider, { now: new Date(T0) });
    slack.tiers.now = () => app.clock.now().getTime(); // Slack's minute runs on the test's clock
    adapter = await connect(app);
    await eventually(() => slack.connected);
  });
  afterEach(async () => {
    for (const x of extra) {
      await x.adapter.stop();
      await x.app.stop();
    }
    extra = [];
    await adapter?.stop();
    await app?.stop();
    await slack?.stop();
  });

  /** A session with `going` people answered Going, moved an hour later: one "moved" DM with a calendar file each. */
  const moveSessionWith = async (a: TestApp, going: string[]): Promise<void> => {
    const ws = await ensureWorkspace(a.deps.db, "slack", "T1", "America/New_York");
    const s = await createSession(a.deps.db, ws.id, {
      title: "Scoring training",
      kind: "scoring-training",
      startsAt: new Date(T0 + 7 * 86_400_000),
      minutes: 180,
      timeZone: "America/New_York",
      channelId: "CSCORE",
      reminderOffsets: [],
      createdBy: "ULEAD",
    });
    await a.deps.db.rsvp.createMany({ data: going.map((userId) => ({ sessionId: s.id, userId, answer: "going" })) });
    await rescheduleSession(a.deps.db, s, new Date(s.startsAt.getTime() + 3_600_000), 180, "ULEAD", a.clock.now());
  };

  /** Drains until nothing is pending, moving the clock to each next retry; returns the time it took. */
  const settle = async (a: TestApp, scheduler = new Scheduler(a)): Promise<number> => {
    const start = a.clock.now().getTime();
    for (let round = 0; round < 500; round++) {
      await scheduler.drain();
      const next = await a.deps.db.delivery.findFirst({ where: { status: "pending" }, orderBy: { retryAt: "asc" } });
      if (!next) return a.clock.now().getTime() - start;
      a.clock.set(Math.max(a.clock.now().getTime() + 1, next.retryAt?.getTime() ?? 0));
    }
    throw new Error("deliveries still pending after 500 rounds");
  };

  const textsTo = (channel: string) =>
    slack.callsTo("chat.postMessage").filter((c) => c.result?.ok && c.args.channel === channel);

  it("fans 200 moved notices out with conversations.open at its tier: each person gets one notice and its file", async () => {
    const everyone = people(200);
    await moveSessionWith(app, everyone);
    const took = await settle(app);

    for (const u of everyone) {
      expect(textsTo(dmOf(u)), u).toHaveLength(1);
      expect(JSON.stringify(textsTo(dmOf(u))[0]!.args)).toContain("moved");
      const files = slack.filesIn.get(dmOf(u)) ?? [];
      expect(files, u).toHaveLength(1);
      expect(files[0]!.body).toContain("BEGIN:VCALENDAR");
    }
    // One conversations.open per person, paced within the tier: Slack never had to refuse one.
    expect(slack.callsTo("conversations.open").filter((c) => c.result?.ok)).toHaveLength(200);
    expect(slack.tiers.limited.get("conversations.open") ?? 0).toBe(0);
    // 200 opens at 50 a minute: the last group goes in the fourth minute, not later.
    expect(took).toBeGreaterThanOrEqual(3 * 60_000);
    expect(took).toBeLessThan(4 * 60_000);
    const rows = await app.deps.db.delivery.findMany({ where: { targetKind: "dm" } });
    expect(rows.map((r) => `${r.status}:${r.attempts}`)).toEqual(rows.map(() => "sent:1"));
  }, 240_000); // about 1,000 Web API calls: seconds on an idle machine, minutes on a busy one

  it("remembers DM channels: a second cadre on the same database does not open them again", async () => {
    const first = people(20);
    await moveSessionWith(app, first);
    await settle(app);
    expect(slack.callsTo("conversations.open")).toHaveLength(20);

    // A minute later (apps.connections.open is Tier 1) a second cadre starts on the same
    // database and tells the same people of another move.
    const again = await makeApp(provider, { url: app.url, now: new Date(app.clock.now().getTime() + 60_000) });
    slack.tiers.now = () => again.clock.now().getTime();
    const adapter2 = await connect(again);
    extra.push({ app: again, adapter: adapter2 });
    await moveSessionWith(again, first);
    await settle(again);
    expect(slack.callsTo("conversations.open")).toHaveLength(20);
    for (const u of first) {
      expect(textsTo(dmOf(u)), u).toHaveLength(2);
      expect(slack.filesIn.get(dmOf(u)), u).toHaveLength(2);
    }
  }, 60_000);

  it("posts the text once when the file upload is rate limited, and uploads the file on the retry", async () => {
    await moveSessionWith(app, ["U00000007"]);
    slack.fail("files.getUploadURLExternal", 429, 3);
    const scheduler = new Scheduler(app);
    await scheduler.drain();
    expect(textsTo("D00000007")).toHaveLength(1);
    expect(slack.filesIn.get("D00000007")).toBeUndefined();
    const row = await app.deps.db.delivery.findFirstOrThrow({ where: { targetKind: "dm" } });
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row.retryAt?.getTime()).toBe(T0 + 3_000);

    await settle(app, scheduler);
    expect(textsTo("D00000007")).toHaveLength(1);
    expect(slack.filesIn.get("D00000007")).toHaveLength(1);
    expect(await app.deps.db.delivery.findFirstOrThrow({ where: { targetKind: "dm" } })).toMatchObject({
      status: "sent",
    });
  });

  it("keeps one channel's 429 from delaying another channel's post", async () => {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    const post = (key: string, channel: string, text: string, dueAt: number) =>
      enqueue(app.deps.db, {
        workspaceId: ws.id,
        dedupeKey: key,
        dueAt: new Date(dueAt),
        target: { kind: "channel", id: channel },
        reply: { text },
      });
    await post("busy", "CBUSY", "ILT agenda items due tomorrow", T0 - 1000); // tried first
    await post("quiet", "CQUIET", "Scoring window opens at 8", T0);
    slack.fail("chat.postMessage", 429, 30);
    await new Scheduler(app, { concurrency: 1 }).drain();
    expect(textsTo("CQUIET")).toHaveLength(1);
    expect(textsTo("CBUSY")).toHaveLength(0);
    const busy = await app.deps.db.delivery.findUniqueOrThrow({ where: { dedupeKey: "busy" } });
    expect(busy.retryAt?.getTime()).toBe(T0 + 30_000);
  });

  it("spreads posts to one channel within its per-channel rate instead of drawing 429s", async () => {
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
    for (let i = 0; i < 12; i++)
      await enqueue(app.deps.db, {
        workspaceId: ws.id,
        dedupeKey: `burst:${i}`,
        dueAt: new Date(T0),
        target: { kind: "channel", id: "CILT" },
        reply: { text: `item ${i}` },
      });
    const took = await settle(app);
    expect(textsTo("CILT")).toHaveLength(12);
    expect(slack.tiers.limited.get("chat.postMessage") ?? 0).toBe(0);
    expect(took).toBeLessThanOrEqual(10_000); // 5 at once, then about one a second
  });

  it("says a notice is delayed when the first-DM cost holds it past the delayed-note threshold", async () => {
    // 50 opens a minute: the last 10 of 60 go in the second minute. (The threshold is 5 minutes
    // in production; a shorter one keeps this test small.)
    const everyone = people(60);
    await moveSessionWith(app, everyone);
    await settle(app, new Scheduler(app, { delayedNoteMs: 30_000 }));
    const body = (u: string) => JSON.stringify(textsTo(dmOf(u))[0]!.args);
    expect(everyone.filter((u) => body(u).includes("Delayed: this was due"))).toHaveLength(10);
  }, 60_000);

  it("keeps an admin an admin when users.info is throttled after the cached answer expired", async () => {
    await slack.slash("/cadre", "settings mentor-goal:300", "UADMIN", "C1");
    await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("timezone: ")));
    app.clock.advance(31 * 60_000); // past the 30-minute cache of people
    slack.fail("users.info", 429, 30);
    const answered = slack.responses.length;
    await slack.slash("/cadre", "settings mentor-goal:320", "UADMIN", "C1");
    const reply = await eventually(() => slack.responses[answered]);
    expect(slack.callsTo("users.info").filter((c) => c.args.user === "UADMIN").length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(reply.body)).toContain("timezone: ");
    expect(JSON.stringify(reply.body)).not.toMatch(/only .*admin/i);
  });
});
