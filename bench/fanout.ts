// 2,000 DMs due the same minute, each with a calendar file (a reschedule telling everyone),
// through the real Slack transport and scheduler against the fake Slack with its documented
// tiers on. Slack's minutes run on a manual clock that the bench moves to each next retry, so
// the figure is Slack time (what people wait) and the wall time is cadre's own cost. The
// ceiling is what the documented limits allow: conversations.open (Tier 3, 50 a minute) for
// each new person, files.* (Tier 4, 100 a minute) for each file. Baseline in the same run:
// the same DMs to people whose DM channels cadre already knows.
import { App as BoltApp, LogLevel } from "@slack/bolt";
import { createApp, type App } from "../src/app.js";
import { loadEnv } from "../src/config/env.js";
import { ManualClock } from "../src/core/clock.js";
import { Keyring } from "../src/core/keyring.js";
import { SlackTransport } from "../src/platforms/slack/transport.js";
import { Scheduler } from "../src/scheduler/scheduler.js";
import { saveDmChannel } from "../src/services/dm-channels.js";
import { ensureWorkspace } from "../src/services/workspaces.js";
import { FakeSlack } from "../test/fakes/slack/server.js";
import { freshSqliteUrl } from "./app.js";
import type { Row } from "./lib.js";

const N = Number(process.env.BENCH_DMS ?? 2_000);
const T0 = Date.parse("2026-11-02T14:00:00Z");
const MINUTE = 60_000;

interface Run {
  slackMinutes: number;
  wallSeconds: number;
  duplicates: number;
  missing: number;
  refused: number;
  opens: number;
}

async function run(known: boolean): Promise<Run> {
  const slack = new FakeSlack();
  await slack.start();
  const clock = new ManualClock(T0);
  slack.tiers.now = () => clock.now().getTime();
  const key = Buffer.alloc(32, 3);
  const app: App = await createApp(
    loadEnv({
      DATABASE_URL: freshSqliteUrl(known ? "fanout-known" : "fanout"),
      CADRE_ENCRYPTION_KEY: key.toString("base64"),
      LOG_LEVEL: process.env.BENCH_LOG ?? "silent",
      CADRE_TIMEZONE: "UTC",
    }),
    { keyring: new Keyring(key), clock },
  );
  const web = new BoltApp({
    token: "xoxb-b",
    signingSecret: "s",
    logLevel: LogLevel.ERROR,
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true },
  }).client;
  app.transports.set("slack", new SlackTransport(web, undefined, { clock, dmChannels: app.dmChannels }));
  const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "UTC");
  const users = Array.from({ length: N }, (_, i) => `U${String(i + 1).padStart(8, "0")}`);
  if (known) for (const u of users) await saveDmChannel(app.deps.db, ws.id, u, `D${u.slice(1)}`);
  for (let i = 0; i < N; i += 500)
    await app.deps.db.delivery.createMany({
      data: users.slice(i, i + 500).map((u) => ({
        workspaceId: ws.id,
        dedupeKey: `moved:${u}`,
        dueAt: new Date(T0),
        targetKind: "dm",
        targetId: u,
        payload: JSON.stringify({
          text: "🔁 **Scoring training** moved to Thu 5 Nov, 9:00 AM.",
          files: [{ filename: "scoring-training.ics", contentType: "text/calendar", content: `BEGIN:VCALENDAR\n${u}` }],
        }),
      })),
    });

  const scheduler = new Scheduler(app);
  const wall = performance.now();
  for (let round = 0; round < 10_000; round++) {
    await scheduler.drain();
    const next = await app.deps.db.delivery.findFirst({ where: { status: "pending" }, orderBy: { retryAt: "asc" } });
    if (!next) break;
    clock.set(Math.max(clock.now().getTime() + 1, next.retryAt?.getTime() ?? 0));
  }
  const wallSeconds = (performance.now() - wall) / 1000;
  const last = await app.deps.db.delivery.aggregate({ _max: { sentAt: true }, _count: { sentAt: true } });
  const texts = new Map<string, number>();
  for (const c of slack.callsTo("chat.postMessage"))
    if (c.result?.ok) texts.set(c.args.channel, (texts.get(c.args.channel) ?? 0) + 1);
  let duplicates = 0;
  let missing = 0;
  for (const u of users) {
    const d = `D${u.slice(1)}`;
    const t = texts.get(d) ?? 0;
    const f = slack.filesIn.get(d)?.length ?? 0;
    duplicates += Math.max(0, t - 1) + Math.max(0, f - 1);
    missing += (t ? 0 : 1) + (f ? 0 : 1);
  }
  const result: Run = {
    slackMinutes: ((last._max.sentAt?.getTime() ?? clock.now().getTime()) - T0) / MINUTE,
    wallSeconds,
    duplicates,
    missing: missing + (N - last._count.sentAt),
    refused: [...slack.tiers.limited.values()].reduce((a, b) => a + b, 0),
    opens: slack.callsTo("conversations.open").length,
  };
  await app.stop();
  await slack.stop();
  return result;
}

export async function fanoutBench(): Promise<Row[]> {
  const first = await run(false);
  const known = await run(true);
  // What the documented tiers allow: every open at 50 a minute, every upload at 100 a minute.
  const ceiling = Math.max(N / 50, N / 100);
  const knownCeiling = N / 100;
  const n = N.toLocaleString("en-US");
  return [
    {
      benchmark: `fan-out: ${n} DMs with a file due the same minute, first DMs (Slack tiers on)`,
      figure:
        `all delivered ${first.slackMinutes.toFixed(1)} Slack-min after due (ceiling ${ceiling.toFixed(0)} min); ` +
        `conversations.open ${first.opens}; duplicates ${first.duplicates}, lost ${first.missing}, 429s ${first.refused}; ` +
        `wall ${first.wallSeconds.toFixed(1)} s`,
      baseline:
        `DM channels known: ${known.slackMinutes.toFixed(1)} Slack-min (ceiling ${knownCeiling.toFixed(0)}), ` +
        `conversations.open ${known.opens}, duplicates ${known.duplicates}, wall ${known.wallSeconds.toFixed(1)} s`,
      ratio: `${(first.slackMinutes / ceiling).toFixed(2)} of ceiling`,
      target: "≤ ceiling, 0 duplicates, 0 lost",
      met:
        first.slackMinutes <= ceiling &&
        known.slackMinutes <= knownCeiling &&
        first.duplicates + known.duplicates === 0 &&
        first.missing + known.missing === 0,
    },
  ];
}
