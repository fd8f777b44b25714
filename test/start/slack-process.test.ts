// The built bot (`npm start`) with Slack in Socket Mode against the fake Slack: unreachable at
// start-up it exits with one line; unreachable after start-up (connections refused for longer
// than Socket Mode's own reconnect waits) it keeps running, reconnects, and stops cleanly.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlack, eventually } from "../fakes/slack/server.js";
import { botProcess } from "../support/bot-process.js";

function env(apiUrl: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), "cadre-slack-process-"));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
  );
  return {
    ...clean,
    DATABASE_URL: `file:${join(dir, "data", "cadre.db")}`,
    SLACK_BOT_TOKEN: "xoxb-fake",
    SLACK_APP_TOKEN: "xapp-fake",
    SLACK_API_URL: apiUrl,
    CADRE_TIMEZONE: "America/Chicago",
  };
}

describe("npm start with Slack", () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = new FakeSlack();
    await slack.start();
    // Slack's minute replayed in 3 s: a reconnect soon after start meets apps.connections.open's
    // Tier 1 limit and must wait as told.
    slack.tiers.windowMs = 3_000;
  });
  afterEach(async () => {
    await slack.goDown().catch(() => {});
  });

  it("exits with one line naming the problem when Slack is unreachable at start-up", { timeout: 60_000 }, async () => {
    const url = slack.apiUrl;
    await slack.goDown();
    const bot = botProcess();
    const r = spawnSync(bot.file, bot.args, { env: env(url), encoding: "utf8", timeout: 50_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("{") && !l.startsWith("cadre: generated the key")); // a first start's key notice
    expect(lines).toEqual([
      expect.stringMatching(/^cadre: could not start: Slack could not be reached at .*ECONNREFUSED/),
    ]);
  });

  it(
    "keeps running while Slack refuses connections, reconnects when it answers, and stops cleanly",
    { timeout: 60_000 },
    async () => {
      const bot = botProcess();
      const child = spawn(bot.file, bot.args, { env: env(slack.apiUrl), stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let exitCode: number | null | undefined;
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const exited = new Promise<number | null>((r) => child.once("exit", (c) => r((exitCode = c))));
      try {
        await eventually(() => /"msg":"ready"/.test(out) && slack.connected, 30_000);
        await slack.goDown();
        // Longer than @slack/socket-mode's first reconnect wait (5 s) and its retries.
        await new Promise((r) => setTimeout(r, 8000));
        expect(exitCode).toBeUndefined();
        const opens = slack.callsTo("apps.connections.open").length;
        await slack.comeBack();
        await eventually(() => slack.connected && slack.callsTo("apps.connections.open").length > opens, 30_000);
        await slack.slash("/cadre", "help", "U7");
        await eventually(() => slack.responses.find((r) => JSON.stringify(r.body).includes("what you can do")));
        expect(out.match(/slack connection lost/g)).toHaveLength(1);
        expect(out).toContain('"msg":"slack reconnected"');
      } finally {
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    },
  );
});
