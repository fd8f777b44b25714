// Scheduler throughput: 10,000 due deliveries through the real Slack transport to the loopback
// fake Slack, against the fake's own rate for a plain loop of Web API calls in the same run.
// Then two scheduler instances on one PostgreSQL database: duplicates must be 0.
import { App as BoltApp, LogLevel } from "@slack/bolt";
import type { App } from "../src/app.js";
import { benchApp as appOn, freshSqliteUrl, newPgDatabase } from "./app.js";
import { SlackTransport } from "../src/platforms/slack/transport.js";
import { Scheduler } from "../src/scheduler/scheduler.js";
import { ensureWorkspace } from "../src/services/workspaces.js";
import { FakeSlack } from "../test/fakes/slack/server.js";
import { startPgServer } from "../test/support/pg-server.js";
import type { Row } from "./lib.js";

const N = Number(process.env.BENCH_DELIVERIES ?? 10_000);

function client(slack: FakeSlack) {
  return new BoltApp({
    token: "xoxb-b",
    signingSecret: "s",
    logLevel: LogLevel.ERROR,
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: slack.apiUrl },
  }).client;
}

const ROUNDS = 5;

async function fill(app: App, n: number, prefix = "bench"): Promise<void> {
  const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "UTC");
  const due = new Date(Date.now() - 1000);
  for (let i = 0; i < n; i += 1000)
    await app.deps.db.delivery.createMany({
      data: Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
        workspaceId: ws.id,
        dedupeKey: `${prefix}:${i + j}`,
        dueAt: due,
        targetKind: "channel",
        targetId: "C1",
        payload: JSON.stringify({ text: `${prefix}:m${i + j}` }),
      })),
    });
}

export async function schedulerBench(): Promise<Row[]> {
  const slack = new FakeSlack();
  await slack.start();
  // cadre's own cost per delivery, with Slack's tiers off (10,000 posts to one channel would
  // take Slack nearly three hours); bench/fanout.ts measures deliveries under the tiers.
  slack.tiers.enabled = false;
  const web = client(slack);
  const app = await appOn(freshSqliteUrl("scheduler"));
  app.transports.set("slack", new SlackTransport(client(slack)));
  // Rounds taking turns (a slice of the baseline, then a slice of the deliveries), so that both
  // meet the same machine: on a shared 2-core machine the speed drifts by 2x within a minute.
  const base = Math.min(N, 3000);
  let baseSeconds = 0;
  let seconds = 0;
  let sent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    for (let i = 0; i < base / ROUNDS; i++) await web.chat.postMessage({ channel: "C1", text: `b${round}:${i}` });
    baseSeconds += (performance.now() - t) / 1000;
    await fill(app, N / ROUNDS, `r${round}`);
    const before = slack.callsTo("chat.postMessage").length;
    t = performance.now();
    await new Scheduler(app, { batchSize: 500 }).drain();
    seconds += (performance.now() - t) / 1000;
    sent += slack.callsTo("chat.postMessage").length - before;
  }
  if (sent !== N) throw new Error(`sent ${sent} of ${N}`);
  const baselineRate = base / baseSeconds;
  const rate = sent / seconds;
  await app.stop();

  // Two instances, one PostgreSQL database.
  const server = await startPgServer();
  const url = await newPgDatabase(server.url, "bench_sched");
  const a = await appOn(url);
  const b = await appOn(url);
  const slack2 = new FakeSlack();
  await slack2.start();
  slack2.tiers.enabled = false;
  a.transports.set("slack", new SlackTransport(client(slack2)));
  b.transports.set("slack", new SlackTransport(client(slack2)));
  await fill(a, N);
  const t = performance.now();
  await Promise.all([new Scheduler(a, { batchSize: 500 }).drain(), new Scheduler(b, { batchSize: 500 }).drain()]);
  const pgSeconds = (performance.now() - t) / 1000;
  const texts = slack2.callsTo("chat.postMessage").map((x) => x.args.text as string);
  const duplicates = texts.length - new Set(texts).size;
  const lost = N - new Set(texts).size;
  await a.stop();
  await b.stop();
  await server.stop();
  await slack.stop();
  await slack2.stop();
  return [
    {
      benchmark: `scheduler: ${N.toLocaleString("en-US")} due deliveries to the fake Slack, SQLite`,
      figure: `${rate.toFixed(0)} deliveries/s`,
      baseline: `plain loop of chat.postMessage: ${baselineRate.toFixed(0)} calls/s (${ROUNDS} rounds each, taking turns)`,
      ratio: `${((rate / baselineRate) * 100).toFixed(0)}% of baseline`,
      target: "≥ 50% of baseline and > 500/s",
      met: rate >= baselineRate * 0.5 && rate > 500,
    },
    {
      benchmark: `scheduler: two instances on one PostgreSQL, ${N.toLocaleString("en-US")} deliveries`,
      figure: `${(N / pgSeconds).toFixed(0)} deliveries/s; duplicates ${duplicates}, lost ${lost}`,
      baseline: "—",
      ratio: "—",
      target: "0 duplicates",
      met: duplicates === 0 && lost === 0,
    },
  ];
}
