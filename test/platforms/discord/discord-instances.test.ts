// Two cadre processes (the built bot, as `npm start` runs it) on one PostgreSQL against the
// fake Discord: one holds the gateway lease and connects, so each DM and each interaction is
// handled once; killed with SIGKILL, the other takes the gateway over within seconds.
// A story in steps: the processes started in the first step are used by the next.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord, type FakeUser } from "../../fakes/discord/server.js";
import { botProcess } from "../../support/bot-process.js";
import { freshDatabaseUrl } from "../../support/app.js";
import { skipAfterFirstFailure } from "../../support/steps.js";
import { eventually } from "../../fakes/slack/server.js";

const mia: FakeUser = { id: "400000000000000011", username: "mia", global_name: "Mia Moss" };

interface Bot {
  child: ChildProcess;
  out: string;
  /** Its CADRE_HTTP_PORT: /healthz says whether this instance holds the gateway. */
  port: number;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });

describe.sequential("two instances on one PostgreSQL, on Discord", () => {
  skipAfterFirstFailure();
  let fake: FakeDiscord;
  const bots: Bot[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
    );
    env = {
      ...clean,
      DATABASE_URL: await freshDatabaseUrl("postgresql"),
      CADRE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      DISCORD_TOKEN: "fake-bot-token",
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_URL: fake.apiUrl,
      CADRE_TIMEZONE: "America/Chicago",
      LOG_LEVEL: "info",
    };
  });
  afterAll(async () => {
    for (const b of bots) if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill("SIGKILL");
    await fake.stop();
  });

  async function startBot(): Promise<Bot> {
    const bot = botProcess();
    const port = await freePort();
    const child = spawn(bot.file, bot.args, {
      cwd: mkdtempSync(join(tmpdir(), "cadre-inst-")),
      env: { ...env, CADRE_HTTP_PORT: String(port) },
    });
    const b: Bot = { child, out: "", port };
    child.stdout!.on("data", (d) => (b.out += d));
    child.stderr!.on("data", (d) => (b.out += d));
    bots.push(b);
    let exited = false;
    child.on("exit", () => (exited = true));
    return eventually(() => exited || /"msg":"ready"/.test(b.out), 45_000).then(() => {
      if (exited) throw new Error(`exited:\n${b.out}`);
      return b;
    });
  }

  const drafts = () =>
    fake.calls.filter((c) => c.method === "POST" && c.path === `/channels/${fake.dmChannelOf(mia.id)}/messages`);

  it("connects one gateway between the two; the other stands by", { timeout: 90_000 }, async () => {
    await startBot();
    await startBot();
    const connected = bots.filter((b) => b.out.includes('"msg":"discord connected"'));
    expect(connected).toHaveLength(1);
    expect(fake.identifies).toHaveLength(1);
    expect(bots.filter((b) => b.out.includes("another instance holds the Discord gateway"))).toHaveLength(1);
    const states = await Promise.all(
      bots.map(async (b) => ((await (await fetch(`http://127.0.0.1:${b.port}/healthz`)).json()) as any).platforms),
    );
    expect(states.map((p) => p.discord).sort()).toEqual(["connected", "standby"]);
  });

  it("answers a DM and a slash command once", { timeout: 30_000 }, async () => {
    fake.dm(mia, "45 min with J.R. today - classroom management");
    await eventually(() => drafts().length >= 1, 10_000);
    const i = fake.chatInput({ user: mia }, "cadre", "help", {});
    await fake.callback(i, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 1500)); // time for a second instance to answer too
    expect(fake.callsFor(i).filter((c) => c.path.endsWith("/callback"))).toHaveLength(1);
    expect(drafts()).toHaveLength(1);
  });

  it(
    "hands the gateway to the other instance within seconds when the holder is killed",
    { timeout: 60_000 },
    async () => {
      const holder = bots.find((b) => b.out.includes('"msg":"discord connected"'))!;
      const other = bots.find((b) => b !== holder)!;
      const killed = new Promise((r) => holder.child.once("exit", r));
      holder.child.kill("SIGKILL");
      await killed;
      const t0 = Date.now();
      await eventually(() => other.out.includes('"msg":"discord connected"'), 30_000);
      const took = Date.now() - t0;
      console.log(`gateway taken over ${took} ms after the holder was killed`);
      expect(took).toBeLessThan(20_000);
      expect(other.out).toContain("took over the Discord gateway");
      fake.dm(mia, "30 min with J.R. today - planning");
      await eventually(() => drafts().length >= 2, 10_000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(drafts()).toHaveLength(2);
    },
  );
});
