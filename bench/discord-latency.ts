// Interaction latency through discord.js: cadre (startDiscord on a fresh SQLite database)
// against a bare discord.js client that replies "ok" at once, each on its own loopback fake
// Discord (the fake dispatches to every connected client). Interactions are sent one after
// another (BENCH_INTERACTIONS, in rounds the two take in turn), /session list and /agenda add
// alternating. Per interaction: the time from the fake dispatching INTERACTION_CREATE until
// the first interaction callback reaches its REST (cadre's acknowledgement, an ephemeral
// placeholder; the bare client's whole reply), and until the final answer does (the edit of
// the placeholder, or the callback itself when answered directly).
import { Client, Events, GatewayIntentBits, Partials } from "discord.js";
import type { App } from "../src/app.js";
import { benchApp, freshSqliteUrl } from "./app.js";
import { startDiscord } from "../src/platforms/discord/start.js";
import { FakeDiscord, type FakeUser, type RecordedCall } from "../test/fakes/discord/server.js";
import { ms, ratio, summarize, type Row } from "./lib.js";

const N = Number(process.env.BENCH_INTERACTIONS ?? 2000);
const WARMUP = 100;
/** The measured interactions are sent in rounds, baseline and cadre taking turns. */
const ROUNDS = 6;
/** ILTs set up before the run, one per bench user, so no agenda grows past a realistic size. */
const TEAMS = 50;
const MANAGE_GUILD = String(0x20);

const clock = () => Number(process.hrtime.bigint()) / 1e6;

const admin: FakeUser = { id: "400000000000000001", username: "admin", global_name: "Ada Admin" };
const users: FakeUser[] = Array.from({ length: TEAMS }, (_, k) => ({
  id: String(410000000000000000n + BigInt(k)),
  username: `teacher${k}`,
  global_name: `Teacher ${k}`,
}));

interface Timing {
  first: number;
  final: number;
  /** The final answer's body, to check it is a success. */
  body: string;
}

/** Dispatches one interaction and resolves when its final answer reaches the fake. */
function interact(fake: FakeDiscord, send: () => { id: string; token: string }): Promise<Timing> {
  return new Promise((resolve, reject) => {
    let first = NaN;
    let t0 = 0;
    let sent: { id: string; token: string } | undefined;
    const timer = setTimeout(() => done(new Error("no answer within 10 s")), 10_000);
    const done = (e?: Error, t?: Timing) => {
      clearTimeout(timer);
      fake.off("call", on);
      if (e) reject(e);
      else resolve(t!);
    };
    const on = (c: RecordedCall) => {
      if (!sent) return;
      const now = clock();
      if (c.path === `/interactions/${sent.id}/${sent.token}/callback`) {
        first = now - t0;
        // 4: a reply (the answer itself); 5: deferred, the answer comes as an edit of @original.
        if (c.json?.type === 4) done(undefined, { first, final: first, body: JSON.stringify(c.json) });
        else if (c.json?.type !== 5) done(new Error(`unexpected callback type ${c.json?.type}`));
      } else if (
        c.method === "PATCH" &&
        c.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`
      ) {
        done(undefined, { first, final: now - t0, body: JSON.stringify(c.json) });
      }
    };
    fake.on("call", on);
    t0 = clock();
    sent = send();
  });
}

/** The load: /session list and /agenda add alternating, each bench user on their own ILT. */
function nth(fake: FakeDiscord, i: number): { send: () => { id: string; token: string }; kind: "list" | "add" } {
  const user = users[Math.floor(i / 2) % TEAMS]!;
  return i % 2 === 0
    ? { kind: "list", send: () => fake.chatInput({ user }, "session", "list", {}) }
    : { kind: "add", send: () => fake.chatInput({ user }, "agenda", "add", { text: `Bench item ${i}`, minutes: 5 }) };
}

const OK = { list: /Upcoming sessions/, add: /Added \*\*[A-Z0-9]+\*\*/ };

interface Measured {
  first: number[];
  final: number[];
  /** Final-answer latencies by command. */
  byKind: Record<string, number[]>;
  deferred: number;
  wrong: number;
}

/** Interactions `from` .. `from + count - 1` of the load, one after another. */
async function run(fake: FakeDiscord, check: boolean, from: number, count: number, out: Measured): Promise<void> {
  const checked = new Set<string>();
  for (let i = from; i < from + count; i++) {
    const { send, kind } = nth(fake, i);
    const t = await interact(fake, send);
    if (check) {
      const ok = OK[kind].test(t.body);
      if (!checked.has(kind)) {
        checked.add(kind);
        if (!ok) throw new Error(`${kind} was not answered with a success: ${t.body.slice(0, 300)}`);
      }
      if (!ok) out.wrong++;
    }
    out.first.push(t.first);
    out.final.push(t.final);
    (out.byKind[kind === "list" ? "/session list" : "/agenda add"] ??= []).push(t.final);
    if (t.final !== t.first) out.deferred++;
  }
}

const measured = (): Measured => ({ first: [], final: [], byKind: {}, deferred: 0, wrong: 0 });

function appOn(fake: FakeDiscord): Promise<App> {
  return benchApp(
    freshSqliteUrl("discord"),
    {
      DISCORD_TOKEN: "fake-bot-token",
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guildId,
    },
    // One person runs the setup (50 teams): the per-person command limit is not what is measured.
    { rateLimit: false },
  );
}

const isoDay = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);

interface Bot {
  fake: FakeDiscord;
  stop: () => Promise<void>;
}

async function startCadre(): Promise<Bot> {
  const fake = await new FakeDiscord().start();
  const app = await appOn(fake);
  const stop = async () => {
    await app.stop();
    await fake.stop();
  };
  try {
    await startDiscord(app);
    // The workspace: three upcoming sessions in the channel and one ILT per bench user, set up
    // by a server manager through the same interactions.
    const setup = async (send: () => { id: string; token: string }, expect: RegExp) => {
      const t = await interact(fake, send);
      if (!expect.test(t.body)) throw new Error(`setup failed: ${t.body.slice(0, 300)}`);
    };
    const at = { user: admin, permissions: MANAGE_GUILD };
    for (let s = 1; s <= 3; s++)
      await setup(
        () =>
          fake.chatInput(at, "session", "announce", {
            title: `Scoring training ${s}`,
            when: `${isoDay(7 * s)} 9am`,
            hours: "3",
            where: `Central HS room ${s}`,
          }),
        /Announced/,
      );
    for (let k = 0; k < TEAMS; k++)
      await setup(
        () =>
          fake.chatInput(at, "agenda", "setup", {
            name: `Bench ILT ${k}`,
            channel: fake.channelId,
            members: `<@${admin.id}> <@${users[k]!.id}>`,
            day: "thursday",
            time: "3:30pm",
          }),
        /Set up/,
      );
  } catch (e) {
    await stop();
    throw e;
  }
  return { fake, stop };
}

async function startBaseline(): Promise<Bot> {
  const fake = await new FakeDiscord().start();
  // The same intents and partials as cadre's client (src/platforms/discord/client.ts).
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
  });
  client.on(Events.InteractionCreate, (i) => {
    if (i.isChatInputCommand()) void i.reply("ok");
  });
  const stop = async () => {
    await client.destroy();
    await fake.stop();
  };
  try {
    const ready = new Promise((r) => client.once(Events.ClientReady, r));
    await client.login("fake-bot-token");
    await ready;
  } catch (e) {
    await stop();
    throw e;
  }
  return { fake, stop };
}

export async function discordLatencyBench(): Promise<Row[]> {
  const bots: Bot[] = [];
  const cadre = measured();
  const base = measured();
  try {
    const bare = await startBaseline();
    bots.push(bare);
    const cadreBot = await startCadre();
    bots.push(cadreBot);
    await run(bare.fake, false, 0, WARMUP, measured());
    await run(cadreBot.fake, true, 0, WARMUP, measured());
    // In rounds, baseline and cadre taking turns, so that both meet the same machine.
    const per = Math.max(2, 2 * Math.round(N / ROUNDS / 2));
    for (let r = 0; r < ROUNDS; r++) {
      const from = WARMUP + r * per;
      const b = () => run(bare.fake, false, from, per, base);
      const c = () => run(cadreBot.fake, true, from, per, cadre);
      if (r % 2) await c().then(b);
      else await b().then(c);
    }
  } finally {
    for (const b of bots.reverse()) await b.stop();
  }
  const c = summarize(cadre.first);
  const f = summarize(cadre.final);
  const b = summarize(base.first);
  const load = `${c.n.toLocaleString("en-US")} one at a time in ${ROUNDS} rounds, /session list + /agenda add, after ${WARMUP} warm-up`;
  return [
    {
      benchmark: `Discord interaction, first response (acknowledgement) at the REST callback (${load})`,
      figure: `p50 ${ms(c.p50)}, p99 ${ms(c.p99)} (${cadre.deferred} acknowledged before the answer, ${cadre.wrong} not a success)`,
      baseline: `bare discord.js client replying "ok": p50 ${ms(b.p50)}, p99 ${ms(b.p99)}`,
      ratio: ratio(c.p50, b.p50),
      target: "p50 within 2x of baseline",
      met: cadre.wrong === 0 && c.p50 <= 2 * b.p50,
    },
    {
      benchmark: `Discord interaction, final answer at the fake's REST (${load})`,
      figure: `p50 ${ms(f.p50)}, p99 ${ms(f.p99)} (${Object.entries(cadre.byKind)
        .map(([k, v]) => `${k}: p50 ${ms(summarize(v).p50)}`)
        .join(", ")})`,
      baseline: `bare client's reply p50: ${ms(b.p50)}`,
      ratio: ratio(f.p50, b.p50),
      target: "p50 ≤ 4x the bare client's reply, p99 < 50 ms",
      met: cadre.wrong === 0 && f.p50 <= 4 * b.p50 && f.p99 < 50,
    },
  ];
}
