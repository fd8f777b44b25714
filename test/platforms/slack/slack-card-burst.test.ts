// District volume on one Slack card: 200 "Going" presses in Slack's half-minute (replayed
// faster with tiers.windowMs) with chat.update at its documented tier (50 a minute per
// workspace). Every person gets their private answer, the card ends exactly as the database
// says, and the edits are coalesced; the same for 150 mentors saving drafts at once, and for
// two cadre instances on one PostgreSQL database sharing the presses.
import { afterEach, describe, expect, it } from "vitest";
import { SlackAdapter } from "../../../src/platforms/slack/app.js";
import { toBlocks } from "../../../src/platforms/slack/blocks.js";
import { renderSessionCard } from "../../../src/services/sessions/card.js";
import { counts, rsvps } from "../../../src/services/sessions/sessions.js";
import { ensureWorkspace, setRoles } from "../../../src/services/workspaces.js";
import { FakeSlack, eventually } from "../../fakes/slack/server.js";
import { makeApp, PROVIDERS, type ProviderName, type TestApp } from "../../support/app.js";

/** Slack's minute, replayed in this many ms (the 30 s burst takes half of it). */
const MINUTE_MS = 3_000;
/**
 * Real time a burst is spread over. Slack's clock stands still during it (see burst), so it
 * is one rate window either way. On PostgreSQL the presses come over the real 30 s: answers
 * to one session are serialized on its row, and 200 at the same instant on a busy test
 * machine outwait the connection pool.
 */
const spread = (p: ProviderName) => (p === "postgresql" ? 30_000 : MINUTE_MS / 2);

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function startSlack(): Promise<FakeSlack> {
  const slack = new FakeSlack();
  await slack.start();
  slack.tiers.windowMs = MINUTE_MS;
  cleanup.push(() => slack.stop());
  return slack;
}

async function startCadre(slack: FakeSlack, provider: ProviderName, url?: string): Promise<TestApp> {
  const app = await makeApp(provider, { url, app: { rateLimit: false } });
  const adapter = new SlackAdapter(app, { botToken: "xoxb-test", appToken: "xapp-test", apiUrl: slack.apiUrl });
  await adapter.start();
  cleanup.push(async () => {
    await adapter.stop();
    await app.stop();
  });
  return app;
}

async function announce(slack: FakeSlack, app: TestApp, capacity: number) {
  const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/New_York");
  await setRoles(app.deps.db, ws.id, "ULEAD", ["leader"]);
  const before = slack.callsTo("chat.postMessage").length;
  await slack.slash(
    "/session",
    `announce "Scoring training" when:"Nov 10 9am" hours:3 channel:<#CSCORE|scoring> capacity:${capacity}`,
    "ULEAD",
  );
  const post = await eventually(() =>
    slack
      .callsTo("chat.postMessage")
      .slice(before)
      .find((c) => c.args.channel === "CSCORE" && c.result?.ok),
  );
  const going = (post.args.blocks as any[])
    .find((b) => b.type === "actions")
    .elements.find((e: any) => e.text.text === "Going");
  return { ws, ts: post.result!.ts as string, going };
}

function press(slack: FakeSlack, user: string, channel: string, ts: string, button: any, path: string) {
  return slack.envelope("interactive", {
    type: "block_actions",
    team: { id: "T1" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase() },
    api_app_id: "A1",
    token: "t",
    channel: { id: channel },
    container: { type: "message", channel_id: channel, message_ts: ts },
    message: { ts, text: "" },
    response_url: `http://127.0.0.1:${slack.port}/respond/${path}`,
    trigger_id: `trig-${path}`,
    actions: [{ type: "button", action_id: button.action_id, block_id: "b", value: button.value, action_ts: "1" }],
  });
}

const people = (n: number) => Array.from({ length: n }, (_, i) => `UP${String(i + 1).padStart(4, "0")}`);

/**
 * `n` presses spread evenly over `overMs`, each awaited for its ack. Slack's clock stands
 * still meanwhile, so however slow this machine is, they all fall in Slack's half-minute
 * (one rate window); it runs again, at the replayed speed, once the burst is in.
 */
async function burst(slack: FakeSlack, n: number, overMs: number, one: (i: number) => Promise<unknown>): Promise<void> {
  const frozen = Date.now();
  slack.tiers.now = () => frozen;
  const acks: Promise<unknown>[] = [];
  try {
    for (let i = 0; i < n; i++) {
      acks.push(one(i));
      await new Promise((r) => setTimeout(r, overMs / n));
    }
    await Promise.all(acks);
  } finally {
    slack.tiers.now = () => Date.now();
  }
}

/** The card as Slack now shows it must be the card rendered from the database, block for block. */
async function expectExactCard(slack: FakeSlack, app: TestApp, wsId: string, ts: string, timeoutMs = 30_000) {
  const key = `session:${(await app.deps.db.session.findFirstOrThrow({})).shortId}`;
  const want = JSON.stringify(
    toBlocks({
      to: { kind: "update", ref: key },
      ...(await renderSessionCard(app.deps.db, wsId, key, app.deps.clock.now()))!,
    }).blocks,
  );
  await eventually(() => JSON.stringify(slack.messages.get(`CSCORE:${ts}`)?.blocks) === want, timeoutMs);
}

describe.each(PROVIDERS)("a 200-press burst on one Slack card (%s)", (provider) => {
  it(
    "answers every person privately, ends on the exact card and coalesces the edits",
    { timeout: 150_000 },
    async () => {
      const slack = await startSlack();
      const app = await startCadre(slack, provider);
      const { ws, ts, going } = await announce(slack, app, 150);
      const who = people(200);
      await burst(slack, 200, spread(provider), (i) => press(slack, who[i]!, "CSCORE", ts, going, `p${i}`));

      // Every person answered privately, once: 150 going, 50 on the waitlist.
      const answers = await eventually(() => {
        const a = slack.responses.filter((r) => /^\/respond\/p\d+$/.test(r.path));
        return a.length >= 200 && a;
      }, 20_000);
      expect(new Set(answers.map((a) => a.path)).size).toBe(200);
      const said = answers.map((a) => JSON.stringify(a.body));
      const s = await app.deps.db.session.findFirstOrThrow({});
      const c = counts(await rsvps(app.deps.db, s.id));
      // Each answer agrees with what was saved. On a loaded machine PostgreSQL can time out a
      // few RSVP transactions (P2028): those people are told privately to try again and
      // nothing of theirs is saved; the card must still show exactly what was.
      expect(said.filter((t) => t.includes("You're going")).length).toBe(c.going);
      expect(said.filter((t) => /waitlist/i.test(t)).length).toBe(c.waitlist);
      expect(c.going + c.waitlist + said.filter((t) => t.includes("Please try again")).length).toBe(200);
      if (provider === "sqlite") expect(c).toMatchObject({ going: 150, waitlist: 50 });
      await expectExactCard(slack, app, ws.id, ts);
      expect(JSON.stringify(slack.messages.get(`CSCORE:${ts}`)!.blocks)).toContain(`Going ${c.going} of 150`);

      const edits = slack.callsTo("chat.update").filter((c) => c.result?.ok);
      expect(edits.length).toBeGreaterThan(0);
      // 200 presses: one window's 50 edits and the final state, not one edit per press.
      expect(edits.length).toBeLessThanOrEqual(60);
      // Nothing is left marked changed.
      const settled = async () => {
        const r = await app.deps.db.messageRef.findFirstOrThrow({ where: { key: `session:${s.shortId}` } });
        return r.editedSeq === r.editSeq;
      };
      for (let i = 0; i < 100 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await settled()).toBe(true);
    },
  );

  it(
    "confirms each of 150 mentors' draft Saves in a burst, and every draft card ends saved",
    { timeout: 150_000 },
    async () => {
      const slack = await startSlack();
      const app = await startCadre(slack, provider);
      const mentors = people(150);
      let n = 0;
      await burst(slack, 150, spread(provider), (i) =>
        slack.envelope("events_api", {
          token: "t",
          team_id: "T1",
          api_app_id: "A1",
          type: "event_callback",
          event_id: `Ev${++n}`,
          event_time: 1,
          authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
          event: {
            type: "message",
            channel_type: "im",
            channel: `D${mentors[i]}`,
            user: mentors[i],
            text: "45 min with J.R. today - classroom management",
            ts: `1.${i}`,
            event_ts: `1.${i}`,
          },
        }),
      );
      const cards = await eventually(() => {
        const c = slack
          .callsTo("chat.postMessage")
          .filter((x) => x.result?.ok && JSON.stringify(x.args.blocks).includes("check and save"));
        return c.length >= 150 && c;
      }, 20_000);
      const save = (c: (typeof cards)[number]) =>
        (c.args.blocks as any[]).find((b) => b.type === "actions").elements.find((e: any) => e.text.text === "Save");
      await burst(slack, 150, spread(provider), (i) =>
        press(
          slack,
          cards[i]!.args.channel.slice(1),
          cards[i]!.args.channel,
          cards[i]!.result!.ts,
          save(cards[i]!),
          `s${i}`,
        ),
      );

      // Each mentor is told their entry is saved: on their card, or privately while the card
      // waits out Slack's limit.
      const latest = (c: (typeof cards)[number]) =>
        JSON.stringify(slack.messages.get(`${c.args.channel}:${c.result!.ts}`)?.blocks);
      const told = (i: number) =>
        latest(cards[i]!).includes("Mentoring log — saved") ||
        slack.responses.some((r) => r.path === `/respond/s${i}` && JSON.stringify(r.body).includes("Saved `"));
      await eventually(() => cards.every((_, i) => told(i)), 20_000);
      expect(slack.responses.filter((r) => /^\/respond\/s\d+$/.test(r.path)).length).toBeGreaterThan(0);
      expect(await app.deps.db.mentorEntry.count()).toBe(150);
      // And every card ends saved, the limited edits retried after Slack's Retry-After.
      await eventually(
        () =>
          cards.every((c) =>
            JSON.stringify(slack.messages.get(`${c.args.channel}:${c.result!.ts}`)?.blocks).includes(
              "Mentoring log — saved",
            ),
          ),
        15_000,
      );
      expect(slack.callsTo("chat.update").some((c) => c.limited)).toBe(true); // the tier was really hit
      // Pressing Save again says it is already saved, not that the draft is gone.
      await press(
        slack,
        cards[0]!.args.channel.slice(1),
        cards[0]!.args.channel,
        cards[0]!.result!.ts,
        save(cards[0]!),
        "again",
      );
      const again = await eventually(() => slack.responses.find((r) => r.path === "/respond/again"));
      expect(JSON.stringify(again.body)).toContain("already saved");
    },
  );
});

describe("two cadre instances on one PostgreSQL database", () => {
  it("share a burst of presses and leave one exact final card", { timeout: 150_000 }, async () => {
    const slack = await startSlack();
    // Each instance opens its own Socket Mode connection (apps.connections.open is Tier 1).
    slack.tiers.enabled = false;
    const a = await startCadre(slack, "postgresql");
    const b = await startCadre(slack, "postgresql", a.url);
    await eventually(() => (slack as unknown as { sockets: Set<unknown> }).sockets.size >= 2);
    slack.tiers.enabled = true;
    const { ws, ts, going } = await announce(slack, a, 150);
    // Fewer presses than above: what this shows is the two instances' turns on one card.
    const who = people(80);
    await burst(slack, 80, 10_000, (i) => press(slack, who[i]!, "CSCORE", ts, going, `p${i}`));
    await eventually(() => slack.responses.filter((r) => /^\/respond\/p\d+$/.test(r.path)).length >= 80, 60_000);
    await expectExactCard(slack, a, ws.id, ts);
    const s = await a.deps.db.session.findFirstOrThrow({});
    const c = counts(await rsvps(a.deps.db, s.id));
    // Quiet afterwards: no instance edits the card again with an older state.
    await a.cardEditor.idle();
    await b.cardEditor.idle();
    const final = JSON.stringify(slack.messages.get(`CSCORE:${ts}`)!.blocks);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(JSON.stringify(slack.messages.get(`CSCORE:${ts}`)!.blocks)).toBe(final);
    expect(final).toContain(`Going ${c.going} of 150`);
    expect(c.going).toBeGreaterThan(0);
  });
});
