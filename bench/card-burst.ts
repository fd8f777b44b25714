// 200 "Going" presses on one Slack session card over half a minute, through the real Bolt app
// against the fake Slack with chat.update at its documented tier (Tier 3, 50 a minute per
// workspace), beside the same burst with the tiers off. Per run: the time from the last press
// to the card showing exactly the database's state, the chat.update calls that succeeded, and
// the people who got their private answer.
// BENCH_BURST_SECONDS (default 30) and BENCH_SLACK_MINUTE_MS (default 60000, Slack's minute)
// can replay it faster.
import { SlackAdapter } from "../src/platforms/slack/app.js";
import { toBlocks } from "../src/platforms/slack/blocks.js";
import { renderSessionCard } from "../src/services/sessions/card.js";
import { ensureWorkspace, setRoles } from "../src/services/workspaces.js";
import { FakeSlack, eventually } from "../test/fakes/slack/server.js";
import { benchApp, freshSqliteUrl } from "./app.js";
import { ms, ratio, type Row } from "./lib.js";

const PRESSES = 200;
const CAPACITY = 150;
const BURST_MS = Number(process.env.BENCH_BURST_SECONDS ?? 30) * 1000;
const MINUTE_MS = Number(process.env.BENCH_SLACK_MINUTE_MS ?? 60_000);

interface Run {
  lastPressToCardMs: number;
  edits: number;
  answered: number;
}

async function run(tiers: boolean): Promise<Run> {
  const slack = new FakeSlack();
  await slack.start();
  const app = await benchApp(freshSqliteUrl("cards"));
  const adapter = new SlackAdapter(app, { botToken: "xoxb-bench", appToken: "xapp-bench", apiUrl: slack.apiUrl });
  try {
    await adapter.start();
    await eventually(() => slack.connected, 30_000);
    slack.tiers.windowMs = MINUTE_MS;
    const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "UTC");
    await setRoles(app.deps.db, ws.id, "ULEAD", ["leader"]);
    await slack.slash(
      "/session",
      `announce "Scoring training" when:"Dec 20 9am" hours:3 channel:<#CSCORE|scoring> capacity:${CAPACITY}`,
      "ULEAD",
    );
    const post = await eventually(
      () => slack.callsTo("chat.postMessage").find((c) => c.args.channel === "CSCORE" && c.result?.ok),
      30_000,
    );
    const ts = post.result!.ts as string;
    const going = (post.args.blocks as any[])
      .find((b) => b.type === "actions")
      .elements.find((e: any) => e.text.text === "Going");
    slack.tiers.enabled = tiers;
    const editsBefore = slack.callsTo("chat.update").filter((c) => c.result?.ok).length;
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < PRESSES; i++) {
      const user = `UB${String(i).padStart(5, "0")}`;
      acks.push(
        slack.envelope("interactive", {
          type: "block_actions",
          team: { id: "T1" },
          user: { id: user, username: user, name: user },
          api_app_id: "A1",
          token: "t",
          channel: { id: "CSCORE" },
          container: { type: "message", channel_id: "CSCORE", message_ts: ts },
          message: { ts, text: "" },
          response_url: `http://127.0.0.1:${slack.port}/respond/b${i}`,
          trigger_id: `trig-b${i}`,
          actions: [{ type: "button", action_id: going.action_id, block_id: "b", value: going.value, action_ts: "1" }],
        }),
      );
      await new Promise((r) => setTimeout(r, BURST_MS / PRESSES));
    }
    await Promise.all(acks);
    const lastPress = performance.now();
    const key = `session:${(await app.deps.db.session.findFirstOrThrow({})).shortId}`;
    // The exact card: what the database renders now, once every answer is saved.
    await eventually(() => slack.responses.filter((r) => /^\/respond\/b\d+$/.test(r.path)).length >= PRESSES, 300_000);
    const want = JSON.stringify(
      toBlocks({
        to: { kind: "update", ref: key },
        ...(await renderSessionCard(app.deps.db, ws.id, key, app.deps.clock.now()))!,
      }).blocks,
    );
    await eventually(() => JSON.stringify(slack.messages.get(`CSCORE:${ts}`)?.blocks) === want, 300_000);
    return {
      lastPressToCardMs: performance.now() - lastPress,
      edits: slack.callsTo("chat.update").filter((c) => c.result?.ok).length - editsBefore,
      answered: new Set(slack.responses.filter((r) => /^\/respond\/b\d+$/.test(r.path)).map((r) => r.path)).size,
    };
  } finally {
    await adapter.stop();
    await app.stop();
    await slack.stop();
  }
}

export async function cardBurstBench(): Promise<Row[]> {
  const base = await run(false);
  const tiered = await run(true);
  const window = `${MINUTE_MS / 1000} s minute`;
  return [
    {
      benchmark: `card burst: ${PRESSES} presses in ${BURST_MS / 1000} s, last press → exact final card (chat.update Tier 3, ${window})`,
      figure: ms(tiered.lastPressToCardMs),
      baseline: `${ms(base.lastPressToCardMs)} (tiers off)`,
      ratio: ratio(tiered.lastPressToCardMs, base.lastPressToCardMs),
      target: "within Slack's minute",
      met: tiered.lastPressToCardMs <= MINUTE_MS,
    },
    {
      benchmark: "card burst: chat.update edits used / people answered privately",
      figure: `${tiered.edits} edits / ${tiered.answered} of ${PRESSES}`,
      baseline: `${base.edits} edits / ${base.answered} of ${PRESSES} (tiers off)`,
      ratio: ratio(tiered.edits, PRESSES),
      target: `every person answered, edits ≤ ${PRESSES / 2}`,
      met: tiered.answered === PRESSES && tiered.edits <= PRESSES / 2,
    },
  ];
}
