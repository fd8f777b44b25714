// Answer latency in Socket Mode (the install the README recommends): cadre's SlackAdapter on a
// fresh SQLite database against a bare Bolt app that answers with respond() at once, each on
// its own loopback fake Slack. One command at a time, /session list and /agenda add
// alternating, in rounds the two take in turn. Per command: from the fake sending the envelope
// to the answer reaching its response_url.
import { App as BoltApp, LogLevel } from "@slack/bolt";
import { benchApp, freshSqliteUrl } from "./app.js";
import { SlackAdapter } from "../src/platforms/slack/app.js";
import { FakeSlack, eventually } from "../test/fakes/slack/server.js";
import { ms, ratio, summarize, type Row } from "./lib.js";

const N = Number(process.env.BENCH_SOCKET_COMMANDS ?? 2000);
const WARMUP = 100;
const ROUNDS = 6;
const TEAMS = 50;
const TARGET = 3;

const clock = () => Number(process.hrtime.bigint()) / 1e6;
const isoDay = (ahead: number) => new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);

let seq = 0;
/** Sends one slash command and resolves with the answer's latency and body. */
async function command(slack: FakeSlack, cmd: string, text: string, user: string, channel: string) {
  const path = `/respond/s${++seq}`;
  const arrived = new Promise<{ at: number; body: string }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${cmd} ${text}: no answer in 10 s`)), 10_000);
    slack.onResponse = (p, body) => {
      if (p === path) {
        clearTimeout(t);
        resolve({ at: clock(), body: JSON.stringify(body) });
      }
    };
  });
  const t0 = clock();
  await slack.envelope("slash_commands", {
    token: "t",
    team_id: "T1",
    team_domain: "bench",
    channel_id: channel,
    channel_name: "general",
    user_id: user,
    user_name: user.toLowerCase(),
    command: cmd,
    text,
    api_app_id: "A1",
    response_url: `http://127.0.0.1:${slack.port}${path}`,
    trigger_id: `trig${seq}`,
  });
  const a = await arrived;
  slack.onResponse = undefined;
  return { ms: a.at - t0, body: a.body };
}

/** The i-th command of the mixed load. */
function nth(i: number): [string, string, string, string] {
  const k = Math.floor(i / 2) % TEAMS;
  return i % 2 === 0
    ? ["/session", "list", `UB${k}`, "C1"]
    : ["/agenda", `add "Bench item ${i}" minutes:5`, `UB${k}`, `CT${k}`];
}

const OK: Record<string, RegExp> = { "/session": /Upcoming sessions/, "/agenda": /Added \*[A-Z0-9]+\*/, bare: /ok/ };

async function series(slack: FakeSlack, from: number, n: number, expect: (cmd: string) => RegExp) {
  const out: Record<string, number[]> = {};
  for (let i = from; i < from + n; i++) {
    const [cmd, text, user, channel] = nth(i);
    const r = await command(slack, cmd, text, user, channel);
    if (!expect(cmd).test(r.body)) throw new Error(`${cmd} ${text} was not a success: ${r.body.slice(0, 300)}`);
    (out[cmd] ??= []).push(r.ms);
  }
  return out;
}

export async function slackSocketLatencyBench(): Promise<Row[]> {
  const bareSlack = new FakeSlack();
  const cadreSlack = new FakeSlack();
  await bareSlack.start();
  await cadreSlack.start();
  const stops: (() => Promise<void>)[] = [() => bareSlack.stop(), () => cadreSlack.stop()];
  try {
    const bare = new BoltApp({
      token: "xoxb-bench",
      appToken: "xapp-bench",
      socketMode: true,
      botId: "BBOT",
      botUserId: "UBOT",
      tokenVerificationEnabled: false,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: bareSlack.apiUrl.endsWith("/") ? bareSlack.apiUrl : bareSlack.apiUrl + "/" },
      installerOptions: {
        clientOptions: { slackApiUrl: bareSlack.apiUrl.endsWith("/") ? bareSlack.apiUrl : bareSlack.apiUrl + "/" },
      },
    });
    bare.command(/.*/, async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: "ephemeral", text: "ok" });
    });
    await bare.start();
    stops.unshift(async () => void (await bare.stop()));
    await eventually(() => bareSlack.connected);

    // The per-person limit off: the setup runs 53 commands as one admin.
    const app = await benchApp(freshSqliteUrl("socket"), {}, { rateLimit: false });
    const adapter = new SlackAdapter(app, {
      botToken: "xoxb-bench",
      appToken: "xapp-bench",
      apiUrl: cadreSlack.apiUrl,
    });
    await adapter.start();
    stops.unshift(async () => {
      await adapter.stop();
      await app.stop();
    });
    await eventually(() => cadreSlack.connected);
    for (let s = 1; s <= 3; s++) {
      const r = await command(
        cadreSlack,
        "/session",
        `announce title:"Scoring training ${s}" when:"${isoDay(7 * s)} 9am" hours:3 where:"Central HS room ${s}"`,
        "UADMIN",
        "C1",
      );
      if (!/Scoring training/.test(r.body)) throw new Error(`setup failed: ${r.body.slice(0, 300)}`);
    }
    for (let k = 0; k < TEAMS; k++) {
      const r = await command(
        cadreSlack,
        "/agenda",
        `setup name:"Bench ILT ${k}" channel:<#CT${k}> members:"<@UADMIN> <@UB${k}>" day:thursday time:3:30pm`,
        "UADMIN",
        `CT${k}`,
      );
      if (!/Set up/.test(r.body)) throw new Error(`setup failed: ${r.body.slice(0, 300)}`);
    }

    await series(bareSlack, 0, WARMUP, () => OK.bare!);
    await series(cadreSlack, 0, WARMUP, (c) => OK[c]!);
    const per = Math.max(2, Math.round(N / ROUNDS / 2) * 2);
    const b: number[] = [];
    const c: Record<string, number[]> = {};
    for (let r = 0; r < ROUNDS; r++) {
      const from = WARMUP + r * per;
      const runBare = async () => b.push(...Object.values(await series(bareSlack, from, per, () => OK.bare!)).flat());
      const runCadre = async () => {
        for (const [k, v] of Object.entries(await series(cadreSlack, from, per, (x) => OK[x]!)))
          (c[k] ??= []).push(...v);
      };
      if (r % 2) await runCadre().then(runBare);
      else await runBare().then(runCadre);
    }
    const all = summarize(Object.values(c).flat());
    const base = summarize(b);
    const load = `${(per * ROUNDS).toLocaleString("en-US")} one at a time in ${ROUNDS} rounds, /session list + /agenda add, after ${WARMUP} warm-up`;
    return [
      {
        benchmark: `Slack answer at response_url, Socket Mode (${load})`,
        figure: `p50 ${ms(all.p50)}, p99 ${ms(all.p99)} (${Object.entries(c)
          .map(([k, v]) => `${k}: p50 ${ms(summarize(v).p50)}`)
          .join(", ")})`,
        baseline: `bare Bolt app answering with respond() at once: p50 ${ms(base.p50)}, p99 ${ms(base.p99)}`,
        ratio: ratio(all.p50, base.p50),
        target: `p50 ≤ ${TARGET}x baseline`,
        met: all.p50 <= TARGET * base.p50,
      },
    ];
  } finally {
    for (const s of stops) await s().catch(() => undefined);
  }
}
