// Slash-command latency through the real Slack HTTP receiver: cadre (SlackAdapter on a fresh
// SQLite database) against a bare Bolt app that only acks, under the same signed open-loop
// load (BENCH_RATE commands/s for BENCH_SECONDS s, in rounds taken in turn). Per request: the
// time until the HTTP 200 ack, and for cadre the time until its answer reaches the fake's
// response_url.
//
// The load generator runs in a worker thread so that cadre's work on the main event loop
// cannot delay sending (open loop) or reading acks; both threads stamp times with
// process.hrtime, one monotonic clock for the whole process.
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { Worker } from "node:worker_threads";
import { App as BoltApp, LogLevel } from "@slack/bolt";
import type { App } from "../src/app.js";
import { benchApp as appOn, freshSqliteUrl } from "./app.js";
import { SlackAdapter } from "../src/platforms/slack/app.js";
import { FakeSlack } from "../test/fakes/slack/server.js";
import { ms, ratio, summarize, type Row } from "./lib.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const WARMUP_SECONDS = 3;
/** The measured load is sent in rounds, baseline and cadre taking turns. */
const ROUNDS = 6;
/** ILTs set up before the run; each bench user is on one, so no agenda grows past a realistic size. */
const TEAMS = 100;
const SECRET = "bench-signing-secret";

const clock = () => Number(process.hrtime.bigint()) / 1e6;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const sign = (body: string) => {
  const ts = Math.floor(Date.now() / 1000);
  return { ts: String(ts), sig: "v0=" + createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex") };
};

// Plain JavaScript (eval'd) so the worker needs no TypeScript loader and loads nothing of cadre.
const GENERATOR = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { createHmac } = require("node:crypto");
const { port, secret, rate, bodies } = workerData;
const clock = () => Number(process.hrtime.bigint()) / 1e6;
const agent = new http.Agent({ keepAlive: true });
const n = bodies.length;
const sent = new Float64Array(n), acked = new Float64Array(n).fill(NaN), status = new Int32Array(n);
const interval = 1000 / rate;
let next = 0, done = 0, maxLag = 0;
const t0 = clock() + 5;
function finish() {
  if (++done < n) return;
  agent.destroy();
  parentPort.postMessage({ sent, acked, status, maxLag });
}
function fire(k) {
  const body = bodies[k];
  const ts = Math.floor(Date.now() / 1000);
  const sig = "v0=" + createHmac("sha256", secret).update("v0:" + ts + ":" + body).digest("hex");
  sent[k] = clock();
  maxLag = Math.max(maxLag, sent[k] - (t0 + k * interval));
  const req = http.request({ host: "127.0.0.1", port, path: "/slack/events", method: "POST", agent, headers: {
    "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body),
    "x-slack-request-timestamp": String(ts), "x-slack-signature": sig } }, (res) => {
    acked[k] = clock();
    status[k] = res.statusCode;
    res.resume();
    res.on("end", finish);
  });
  req.setTimeout(30000, () => req.destroy(new Error("timeout")));
  req.on("error", () => { status[k] = -1; finish(); });
  req.end(body);
}
function tick() {
  const now = clock();
  while (next < n && t0 + next * interval <= now) fire(next++);
  if (next < n) setTimeout(tick, Math.max(0, t0 + next * interval - clock()));
}
tick();
`;

interface LoadResult {
  sent: Float64Array;
  acked: Float64Array;
  status: Int32Array;
  maxLag: number;
}

/** Sends `bodies` signed, open loop at `rate`/s, from a worker thread. */
function load(port: number, bodies: string[], rate: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(GENERATOR, { eval: true, workerData: { port, secret: SECRET, rate, bodies } });
    w.once("message", (m: LoadResult) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

interface Cmd {
  command: string;
  text: string;
  user: string;
  channel: string;
  path: string;
}

const form = (fakePort: number, c: Cmd) =>
  new URLSearchParams({
    token: "t",
    team_id: "T1",
    team_domain: "bench",
    channel_id: c.channel,
    channel_name: "general",
    user_id: c.user,
    user_name: c.user.toLowerCase(),
    command: c.command,
    text: c.text,
    api_app_id: "A1",
    response_url: `http://127.0.0.1:${fakePort}${c.path}`,
    trigger_id: "trig",
  }).toString();

/** One signed command from the main thread, for setup: resolves with the answer at response_url. */
async function once(port: number, slack: FakeSlack, c: Cmd): Promise<string> {
  const body = form(slack.port, c);
  const { ts, sig } = sign(body);
  const r = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": ts,
      "x-slack-signature": sig,
    },
    body,
  });
  if (r.status !== 200) throw new Error(`${c.command} ${c.text}: HTTP ${r.status}`);
  for (let i = 0; i < 500; i++) {
    const a = slack.responses.find((x) => x.path === c.path);
    if (a) return JSON.stringify(a.body);
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`${c.command} ${c.text}: no answer at response_url`);
}

const isoDay = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);

/** The load: /session list and /agenda add alternating, each bench user on their own ILT. */
function workload(prefix: string, n: number): Cmd[] {
  return Array.from({ length: n }, (_, i) => {
    const k = Math.floor(i / 2) % TEAMS;
    const user = `UB${k}`;
    const path = `/respond/${prefix}-${i}`;
    return i % 2 === 0
      ? { command: "/session", text: "list", user, channel: "C1", path }
      : { command: "/agenda", text: `add "Bench item ${prefix} ${i}" minutes:5`, user, channel: `CT${k}`, path };
  });
}

const OK: Record<string, RegExp> = { "/session": /Upcoming sessions/, "/agenda": /Added \*[A-Z0-9]+\*/ };

interface Measured {
  ack: number[];
  answer: number[];
  /** Answer latencies by command. */
  byCommand: Record<string, number[]>;
  errors: number;
  wrong: number;
  lost: number;
  maxLag: number;
}

/** Runs `cmds` through the load generator; with `slack`, also waits for and checks every answer. */
async function measure(port: number, cmds: Cmd[], rate: number, slack?: FakeSlack): Promise<Measured> {
  const arrived = new Map<string, { at: number; body: string }>();
  if (slack) slack.onResponse = (path, body) => void arrived.set(path, { at: clock(), body: JSON.stringify(body) });
  const r = await load(
    port,
    cmds.map((c) => form(slack?.port ?? 1, c)),
    rate,
  );
  const out: Measured = { ack: [], answer: [], byCommand: {}, errors: 0, wrong: 0, lost: 0, maxLag: r.maxLag };
  if (slack) {
    // Answers may still be on their way when the last ack arrives.
    const until = Date.now() + 30_000;
    while (arrived.size < cmds.length && Date.now() < until) await new Promise((res) => setTimeout(res, 50));
    slack.onResponse = undefined;
  }
  const firstChecked = new Set<string>();
  cmds.forEach((c, i) => {
    if (r.status[i] !== 200) return void out.errors++;
    out.ack.push(r.acked[i]! - r.sent[i]!);
    if (!slack) return;
    const a = arrived.get(c.path);
    if (!a) return void out.lost++;
    const ok = OK[c.command]!.test(a.body);
    if (!firstChecked.has(c.command)) {
      firstChecked.add(c.command);
      if (!ok) throw new Error(`${c.command} ${c.text} was not answered with a success: ${a.body.slice(0, 300)}`);
    }
    if (!ok) out.wrong++;
    out.answer.push(a.at - r.sent[i]!);
    (out.byCommand[c.command] ??= []).push(a.at - r.sent[i]!);
  });
  return out;
}

interface Server {
  port: number;
  stop: () => Promise<void>;
}

async function startBaseline(slack: FakeSlack): Promise<Server> {
  const port = await freePort();
  // Bot ids given: with tokenVerificationEnabled false and none, Bolt would call auth.test
  // before every event, and the baseline would measure that round trip, not an ack.
  const bare = new BoltApp({
    signingSecret: SECRET,
    token: "xoxb-bench",
    botId: "BBOT",
    botUserId: "UBOT",
    logLevel: LogLevel.ERROR,
    tokenVerificationEnabled: false,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  bare.command(/.*/, async ({ ack }) => ack());
  await bare.start(port);
  return {
    port,
    stop: async () => {
      await bare.stop();
    },
  };
}

async function startCadre(slack: FakeSlack): Promise<Server> {
  // One person runs the setup (50 teams): the per-person command limit is not what is measured.
  const app = await appOn(freshSqliteUrl("slack"), {}, { rateLimit: false });
  const port = await freePort();
  const adapter = new SlackAdapter(app, { botToken: "xoxb-bench", signingSecret: SECRET, apiUrl: slack.apiUrl, port });
  await adapter.start();
  const stop = async () => {
    await adapter.stop();
    await app.stop();
  };
  try {
    // The workspace: three upcoming sessions in C1 and one ILT per bench user, set up by an
    // admin (the fake's UADMIN) through the same signed HTTP path.
    let n = 0;
    const setup = async (command: string, text: string, expect: RegExp, channel = "C1") => {
      const answer = await once(port, slack, { command, text, user: "UADMIN", channel, path: `/respond/setup-${n++}` });
      if (!expect.test(answer)) throw new Error(`setup ${command} ${text} failed: ${answer.slice(0, 300)}`);
    };
    for (let s = 1; s <= 3; s++)
      await setup(
        "/session",
        `announce title:"Scoring training ${s}" when:"${isoDay(7 * s)} 9am" hours:3 where:"Central HS room ${s}"`,
        /Scoring training/,
      );
    for (let k = 0; k < TEAMS; k++)
      await setup(
        "/agenda",
        `setup name:"Bench ILT ${k}" channel:<#CT${k}> members:"<@UADMIN> <@UB${k}>" day:thursday time:3:30pm`,
        /Set up/,
        `CT${k}`,
      );
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, stop };
}

function merged(parts: Measured[]): Measured {
  const out: Measured = { ack: [], answer: [], byCommand: {}, errors: 0, wrong: 0, lost: 0, maxLag: 0 };
  for (const m of parts) {
    out.ack.push(...m.ack);
    out.answer.push(...m.answer);
    for (const [k, v] of Object.entries(m.byCommand)) (out.byCommand[k] ??= []).push(...v);
    out.errors += m.errors;
    out.wrong += m.wrong;
    out.lost += m.lost;
    out.maxLag = Math.max(out.maxLag, m.maxLag);
  }
  return out;
}

export async function slackLatencyBench(): Promise<Row[]> {
  const slack = new FakeSlack();
  await slack.start();
  const servers: Server[] = [];
  try {
    const bare = await startBaseline(slack);
    servers.push(bare);
    const cadreServer = await startCadre(slack);
    servers.push(cadreServer);
    await measure(bare.port, workload("bw", Math.round(WARMUP_SECONDS * RATE)), RATE);
    await measure(cadreServer.port, workload("cw", Math.round(WARMUP_SECONDS * RATE)), RATE, slack);
    // The load is cut into rounds, baseline and cadre taking turns, so that both meet the same
    // machine: other work on a shared machine comes and goes within a minute.
    const per = Math.max(1, Math.round((SECONDS * RATE) / ROUNDS));
    const baseParts: Measured[] = [];
    const cadreParts: Measured[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const b = async () => void baseParts.push(await measure(bare.port, workload(`b${r}`, per), RATE));
      const c = async () => void cadreParts.push(await measure(cadreServer.port, workload(`c${r}`, per), RATE, slack));
      if (r % 2) await c().then(b);
      else await b().then(c);
    }
    const base = merged(baseParts);
    const cadre = merged(cadreParts);
    const c = summarize(cadre.ack);
    const b = summarize(base.ack);
    const a = summarize(cadre.answer);
    const total = per * ROUNDS;
    const faults = (m: Measured) => m.errors + m.wrong + m.lost;
    const note = (m: Measured) =>
      `${m.errors} non-200${m.lost || m.wrong ? `, ${m.lost} unanswered, ${m.wrong} not a success` : ""}; worst send lag ${ms(m.maxLag)}`;
    const load = `${total.toLocaleString("en-US")} at ${RATE}/s open loop in ${ROUNDS} rounds, /session list + /agenda add`;
    return [
      {
        benchmark: `Slack slash-command ack, HTTP receiver (${load})`,
        figure: `p50 ${ms(c.p50)}, p99 ${ms(c.p99)} (${note(cadre)})`,
        baseline: `bare Bolt app that only acks: p50 ${ms(b.p50)}, p99 ${ms(b.p99)} (${note(base)})`,
        ratio: ratio(c.p50, b.p50),
        target: "p50 within 2x of baseline, p99 < 50 ms",
        met: faults(cadre) === 0 && base.errors === 0 && c.p50 <= 2 * b.p50 && c.p99 < 50,
      },
      {
        benchmark: `Slack slash-command answer at response_url (${load})`,
        figure: `p50 ${ms(a.p50)}, p99 ${ms(a.p99)} (${Object.entries(cadre.byCommand)
          .map(([k, v]) => `${k}: p50 ${ms(summarize(v).p50)}`)
          .join(", ")})`,
        baseline: `bare Bolt ack p50: ${ms(b.p50)}`,
        ratio: ratio(a.p50, b.p50),
        target: "p99 < 50 ms",
        met: faults(cadre) === 0 && a.n === total && a.p99 < 50,
      },
    ];
  } finally {
    for (const s of servers.reverse()) await s.stop();
    await slack.stop();
  }
}
