// Memory: the bot's own RSS (the node process `npm start` runs, not this runner) with Slack
// and Discord connected to the loopback fakes, right after ready and once 10,000 people on each
// platform are known to it. People become known the way a busy district makes them known: each
// runs /session list once (Slack over Socket Mode, Discord over the gateway), so the Slack
// adapter looks them up with users.info and caches them, discord.js caches their user and guild
// member, and the dispatcher writes a Member row for each. RSS is read from /proc, so src/ is
// untouched; heap figures come from a small preload (NODE_OPTIONS --require) answering SIGUSR2.
// BENCH_MEMBERS changes the 10,000; BENCH_HEAPSNAPSHOT_DIR writes a heap snapshot at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { FakeDiscord, type FakeUser } from "../test/fakes/discord/server.js";
import { FakeSlack } from "../test/fakes/slack/server.js";
import { botProcess, buildBot } from "../test/support/bot-process.js";
import type { Row } from "./lib.js";

const root = join(import.meta.dirname, "..");
const N = Number(process.env.BENCH_MEMBERS ?? 10_000);
const TARGET_MB = 150;
/** Commands in flight at once: enough to keep the bot busy, few enough that Discord interactions are answered before the 1.5 s defer. */
const SLACK_WIDTH = 32;
const DISCORD_WIDTH = 16;
/** After a burst V8 holds its garbage until its memory reducer runs, 30–60 s into idle here; wait at most this long for it. */
const IDLE_MAX_S = Number(process.env.BENCH_MEMORY_IDLE_S ?? 120);

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0) + " MB";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Preload for the child: on SIGUSR2 it prints its heap before and after a full GC (and from the second signal on, a heap snapshot if asked). */
const PROBE = `"use strict";
const v8 = require("node:v8");
const vm = require("node:vm");
let signals = 0;
process.on("SIGUSR2", () => {
  signals++;
  const before = process.memoryUsage();
  v8.setFlagsFromString("--expose-gc");
  vm.runInNewContext("gc")();
  const after = process.memoryUsage();
  const snapshot = process.env.BENCH_HEAPSNAPSHOT_DIR && signals > 1 ? v8.writeHeapSnapshot(require("node:path").join(process.env.BENCH_HEAPSNAPSHOT_DIR, "cadre-" + process.pid + ".heapsnapshot")) : undefined;
  process.stderr.write(JSON.stringify({ memoryProbe: process.pid, before, after, snapshot }) + "\\n");
});
`;

interface Probe {
  memoryProbe: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  snapshot?: string;
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function rss(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Keeps the child's recent output for error messages and resolves when a line matches. */
class Output {
  text = "";
  /** Lines the probe printed, in order. */
  readonly probes: Probe[] = [];
  private waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];

  constructor(child: ChildProcess) {
    const on = (d: Buffer) => {
      this.text = (this.text + d).slice(-200_000);
      for (const w of [...this.waiters]) {
        const m = w.re.exec(this.text);
        if (m) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    };
    child.stdout!.on("data", on);
    child.stderr!.on("data", on);
    // The probe writes one line to stderr; a line may arrive split across chunks.
    let partial = "";
    child.stderr!.on("data", (d: Buffer) => {
      const lines = (partial + d).split("\n");
      partial = lines.pop()!;
      for (const l of lines) if (l.startsWith('{"memoryProbe":')) this.probes.push(JSON.parse(l) as Probe);
    });
  }

  wait(re: RegExp, ms: number, what: string): Promise<RegExpExecArray> {
    const m = re.exec(this.text);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${what}: timed out; last output: ${this.text.slice(-600)}`)), ms);
      this.waiters.push({ re, resolve: (x) => (clearTimeout(t), resolve(x)) });
    });
  }
}

/** Runs `fn` over `items` with at most `width` running at once. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function probe(pid: number, out: Output): Promise<Probe> {
  const seen = out.probes.length;
  process.kill(pid, "SIGUSR2");
  for (let i = 0; i < 600; i++) {
    const p = out.probes.slice(seen).find((x) => x.memoryProbe === pid);
    if (p) return p;
    await sleep(50);
  }
  throw new Error("no heap figures from the probe");
}

export async function memoryBench(): Promise<Row[]> {
  buildBot();
  const slack = new FakeSlack();
  await slack.start();
  const discord = await new FakeDiscord().start();
  const slackUsers = slack.seedUsers(N);
  const discordMembers = discord.seedMembers(N);

  const dir = mkdtempSync(join(tmpdir(), "cadre-bench-memory-"));
  const probePath = join(dir, "probe.cjs");
  writeFileSync(probePath, PROBE);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL|NODE_OPTIONS)/.test(k),
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...clean,
    NODE_OPTIONS: `--require ${probePath}`,
    DATABASE_URL: `file:${join(dir, "cadre.db")}`,
    CADRE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    CADRE_TIMEZONE: "UTC",
    LOG_LEVEL: "info",
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_APP_TOKEN: "xapp-bench",
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: "bench-token",
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_GUILD_ID: discord.guildId,
    DISCORD_API_URL: discord.apiUrl,
  };
  const bot = botProcess();
  const child = spawn(bot.file, bot.args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const out = new Output(child);
  try {
    await Promise.race([
      out.wait(/"msg":"ready"/, 60_000, "start-up"),
      exited.then((code) => Promise.reject(new Error(`exited (${code}) before ready: ${out.text.slice(-600)}`))),
    ]);
    if (!/slack connected/.test(out.text) || !/discord connected/.test(out.text))
      throw new Error("ready without both platforms: " + out.text.slice(-600));
    // As `npm start` runs it: one node process running the built dist/main.mjs.
    const pid = child.pid!;
    await sleep(2000);
    const atReady = rss(pid);
    const heapAtReady = await probe(pid, out);

    // Slack: one /session list per person over Socket Mode; at most SLACK_WIDTH answered-but-not-yet-responded at a time.
    const slackBase = slack.responses.length;
    let slackSent = 0;
    const slackRun = pool(slackUsers, SLACK_WIDTH, async (u) => {
      while (slackSent - (slack.responses.length - slackBase) >= SLACK_WIDTH) await sleep(5);
      slackSent++;
      await slack.slash("/session", "list", u.id, "C1");
    });

    // Discord: one /session list interaction per member over the gateway, each awaited until
    // its answer arrives (the edit of the acknowledged placeholder, or a direct reply).
    const waiting = new Map<string, () => void>();
    const onCall = (c: { method: string; path: string; json?: { type?: number } }) => {
      const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(c.path);
      const reply = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(c.path);
      const token = c.method === "PATCH" && edit ? edit[1] : reply && c.json?.type === 4 ? reply[1] : undefined;
      if (token) waiting.get(token)?.();
    };
    discord.on("call", onCall);
    const discordRun = pool(discordMembers, DISCORD_WIDTH, async (user: FakeUser) => {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no Discord answer for ${user.id}`)), 30_000);
        const i = discord.chatInput({ user }, "session", "list", {});
        waiting.set(i.token, () => (clearTimeout(t), waiting.delete(i.token), resolve()));
      });
    });
    const t0 = performance.now();
    await Promise.all([slackRun, discordRun]);
    for (let i = 0; i < 600 && slack.responses.length - slackBase < N; i++) await sleep(50);
    discord.off("call", onCall);
    const seconds = (performance.now() - t0) / 1000;
    const slackAnswered = slack.responses.length - slackBase;
    const deferred = discord.calls.filter((c) => c.path.endsWith("/callback") && c.json?.type === 5).length;
    if (slackAnswered < N) {
      // What the bot logged as going wrong tells a lost answer from a slow one.
      const problems = out.text.split("\n").filter((l) => /"level":(40|50|60)/.test(l));
      process.stderr.write(`memory: the bot's warnings and errors:\n${problems.slice(-20).join("\n")}\n`);
      throw new Error(`Slack answered ${slackAnswered} of ${N}`);
    }

    await sleep(1000);
    const burst = rss(pid);
    // Idle until the burst's garbage is returned: three steady samples at least 20% under the
    // burst figure (or IDLE_MAX_S, so a real leak still shows up as a high figure).
    const samples: number[] = [];
    let idle = 0;
    while (idle < IDLE_MAX_S) {
      await sleep(5000);
      idle += 5;
      samples.push(rss(pid).rss);
      const last = samples.slice(-3);
      if (
        idle >= 30 &&
        last.length === 3 &&
        last.every((v) => v <= burst.rss * 0.8) &&
        Math.max(...last) - Math.min(...last) < 2 * 2 ** 20
      )
        break;
    }
    const after = rss(pid);
    const heapAfter = await probe(pid, out);

    const stopped = exited;
    child.kill("SIGTERM");
    await Promise.race([stopped, sleep(15_000)]);

    const db = new Database(join(dir, "cadre.db"), { readonly: true });
    const rows = db
      .prepare(
        "SELECT w.platform AS platform, COUNT(*) AS n FROM Member m JOIN Workspace w ON w.id = m.workspaceId GROUP BY w.platform",
      )
      .all() as { platform: string; n: number }[];
    db.close();
    const members = Object.fromEntries(rows.map((r) => [r.platform, r.n]));
    const usersInfo = new Set(slack.callsTo("users.info").map((c) => c.args.user)).size;
    process.stderr.write(
      `memory: ${N} + ${N} commands in ${seconds.toFixed(0)} s; users.info for ${usersInfo} distinct Slack users; Discord acknowledged before answering ${deferred}; ` +
        `Member rows ${JSON.stringify(members)}; heap after GC ${mb(heapAtReady.after.heapUsed)} -> ${mb(heapAfter.after.heapUsed)}; ` +
        `RSS while idle (5 s apart) ${samples.map((v) => (v / 2 ** 20).toFixed(0)).join(" ")} MB` +
        `${heapAfter.snapshot ? `; heap snapshot ${heapAfter.snapshot}` : ""}\n`,
    );
    if ((members.slack ?? 0) < N || (members.discord ?? 0) < N)
      throw new Error(`Member rows ${JSON.stringify(members)}, expected ${N} per platform`);

    const n = N.toLocaleString("en-US");
    return [
      {
        benchmark: "memory: RSS right after ready, Slack + Discord connected to the fakes",
        figure: `${mb(atReady.rss)} (heap ${mb(heapAtReady.before.heapUsed)} used, ${mb(heapAtReady.after.heapUsed)} live; start-up garbage not yet collected)`,
        baseline: "—",
        ratio: "—",
        target: "—",
        met: undefined,
      },
      {
        benchmark: `memory: RSS with Slack + Discord connected and ${n} members known on each (after ${idle} s idle)`,
        figure: `${mb(after.rss)} (right after the ${n} + ${n} commands ${mb(burst.rss)}, peak ${mb(after.peak)}; heap ${mb(heapAfter.before.heapUsed)} used, ${mb(heapAfter.after.heapUsed)} live; the whole process as npm start runs it)`,
        baseline: "—",
        ratio: "—",
        target: `< ${TARGET_MB} MB`,
        met: after.rss < TARGET_MB * 2 ** 20,
      },
    ];
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    await slack.stop();
    await discord.stop();
  }
}
