// District volume on one Discord card: 200 "Going" presses with Discord's documented limits
// enforced by the fake (5 message edits per 5 s per channel, 50 requests/s, interaction
// routes exempt). Every person is answered privately, the card ends exactly as the database
// says, and the card's REST edits are coalesced within the channel's budget.
import { afterEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../../src/platforms/discord/start.js";
import { renderSessionCard } from "../../../src/services/sessions/card.js";
import { counts, rsvps } from "../../../src/services/sessions/sessions.js";
import { eventually } from "../../fakes/slack/server.js";
import { FakeDiscord, type FakeUser, type SentInteraction } from "../../fakes/discord/server.js";
import { makeApp, PROVIDERS } from "../../support/app.js";

const MANAGE_GUILD = String(0x20);
const EPHEMERAL = 64;
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const answersOf = (embed: any) => embed.fields.find((f: { name: string }) => f.name === "Answers").value as string;

describe.each(PROVIDERS)("a 200-press burst on one Discord card (%s)", (provider) => {
  it(
    "answers every person privately, ends on the exact card and spends few channel edits",
    { timeout: 150_000 },
    async () => {
      const fake = await new FakeDiscord().start();
      cleanup.push(() => fake.stop());
      const app = await makeApp(provider, {
        env: {
          DISCORD_TOKEN: "fake-bot-token",
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.apiUrl,
        },
        app: { rateLimit: false },
      });
      cleanup.push(() => app.stop());
      await startDiscord(app, { deferAfterMs: 1000 });
      const alice: FakeUser = { id: "400000000000000001", username: "alice", global_name: "Alice" };
      const announced = fake.chatInput({ user: alice, permissions: MANAGE_GUILD }, "session", "announce", {
        title: "Scoring training",
        when: "Nov 10 9am",
        hours: "3",
        capacity: 150,
      });
      await fake.callback(announced);
      const card = await eventually(() =>
        [...fake.messages.values()].find(
          (m) => m.channel_id === fake.channelId && m.embeds?.[0]?.title?.includes("Scoring"),
        ),
      );
      const shortId = /Session ([A-Z0-9]{4})/.exec(card.embeds[0].footer.text)![1]!;
      const going = `session.rsvp|${shortId}:going`;

      const sent: SentInteraction[] = [];
      const over = provider === "postgresql" ? 30_000 : 1_500; // see slack-card-burst.test.ts
      for (let i = 0; i < 200; i++) {
        const user = { id: String(410000000000000000n + BigInt(i)), username: `t${i}`, global_name: `T ${i}` };
        sent.push(fake.press({ user }, card, going));
        await new Promise((r) => setTimeout(r, over / 200));
      }
      // Every press answered (the card through its own callback) and each person told privately.
      const tokens = new Set(sent.map((i) => i.token));
      const followUps = await eventually(() => {
        const f = fake.calls.filter((c) => {
          const m = /^\/webhooks\/\d+\/([^/]+)$/.exec(c.path);
          return c.method === "POST" && m && tokens.has(m[1]!) && c.status === 200;
        });
        return f.length >= 200 && f;
      }, 30_000);
      expect(followUps.every((f) => (f.json.flags & EPHEMERAL) === EPHEMERAL)).toBe(true);
      const said = followUps.map((f) => JSON.stringify(f.json));
      expect(said.filter((t) => t.includes("You're going")).length).toBe(150);
      expect(said.filter((t) => /waitlist/i.test(t)).length).toBe(50);

      // The card ends exactly as rendered from the database: 150 going, 50 waitlisted.
      const s = await app.deps.db.session.findFirstOrThrow({});
      expect(counts(await rsvps(app.deps.db, s.id))).toMatchObject({ going: 150, waitlist: 50 });
      const ws = await app.deps.db.workspace.findFirstOrThrow({});
      const want = (await renderSessionCard(app.deps.db, ws.id, `session:${shortId}`, app.deps.clock.now()))!;
      const wantAnswers = want.fields!.find((f) => f.label === "Answers")!.value;
      expect(wantAnswers).toContain("Going 150 of 150");
      expect(wantAnswers).toContain("Waitlist 50");
      await eventually(() => answersOf(fake.messages.get(card.id)!.embeds[0]) === wantAnswers, 20_000);

      // The channel's REST edits of the card stayed within Discord's budget, far fewer than presses.
      const edits = fake.calls.filter(
        (c) => c.method === "PATCH" && c.path === `/channels/${fake.channelId}/messages/${card.id}`,
      );
      expect(edits.filter((e) => e.status === 200).length).toBeLessThan(50);
    },
  );
});
