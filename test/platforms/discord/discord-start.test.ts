// `npm start` with Discord credentials and `npm run discord:register`, as an admin runs them,
// against the loopback fake Discord.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.js";
import { commandPayload } from "../../../src/platforms/discord/registration.js";
import { FakeDiscord } from "../../fakes/discord/server.js";
import { FakeSlack } from "../../fakes/slack/server.js";
import { botProcess } from "../../support/bot-process.js";

const root = join(import.meta.dirname, "..", "..", "..");
const tsx = join(root, "node_modules", ".bin", "tsx");

describe("Discord from the command line", () => {
  let fake: FakeDiscord;
  let slack: FakeSlack;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fake = await new FakeDiscord().start();
    slack = new FakeSlack();
    await slack.start();
    dir = mkdtempSync(join(tmpdir(), "cadre-discord-start-"));
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
    );
    env = {
      ...clean,
      DATABASE_URL: `file:${join(dir, "data", "cadre.db")}`,
      DISCORD_TOKEN: "fake-bot-token",
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_API_URL: fake.apiUrl,
      CADRE_TIMEZONE: "America/Chicago",
    };
  });
  afterAll(async () => {
    await fake.stop();
    await slack.stop();
  });

  /** Runs a script without blocking this process: the fake Discord answers from here. */
  function run(script: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn(tsx, [script], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    return new Promise((resolve) => child.on("exit", (status) => resolve({ status, stdout, stderr })));
  }

  it("npm run discord:register registers the command files to the server", { timeout: 60_000 }, async () => {
    const r = await run(join(root, "src", "platforms", "discord", "register-cli.ts"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Registered 5 commands \(\d+ subcommands\) to server \d+; they appear at once\.\n$/);
    expect(fake.commands.get(fake.guildId)).toEqual(JSON.parse(JSON.stringify(commandPayload(commands))));
  });

  // Slack is configured too, as in a district on both platforms: one process connects to both,
  // and Discord's answers with files go out beside Slack's HTTP clients.
  it(
    "npm start connects to Discord beside Slack, answers a slash command and one with a file, and stops cleanly on SIGTERM",
    { timeout: 60_000 },
    async () => {
      const both = { ...env, SLACK_BOT_TOKEN: "xoxb-fake", SLACK_APP_TOKEN: "xapp-fake", SLACK_API_URL: slack.apiUrl };
      const bot = botProcess();
      const child = spawn(bot.file, bot.args, { cwd: dir, env: both, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      try {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(
            () =>
              reject(
                new Error(
                  `not ready:\n${out}\n${fake.calls.map((c) => c.method + " " + c.path + " " + c.status).join("\n")}`,
                ),
              ),
            45_000,
          );
          const check = () => /"msg":"ready"/.test(out) && (clearTimeout(t), resolve());
          child.stdout.on("data", check);
          child.stderr.on("data", check);
          child.on("exit", () => reject(new Error(`exited:\n${out}`)));
        });
        expect(out).toContain("discord connected");
        // Registered by the CLI already and unchanged: start-up did not register again.
        expect(fake.calls.filter((c) => c.method === "PUT")).toHaveLength(1);
        const i = fake.chatInput({ user: { id: "400000000000000001", username: "alice" } }, "cadre", "help", {});
        const cb = await fake.callback(i, { timeoutMs: 10_000 });
        const first =
          cb.json.type === 5
            ? (await fake.waitForCall((c) => c.path.endsWith(`${i.token}/messages/@original`))).json
            : cb.json.data;
        expect(first.embeds[0].title).toBe("cadre — what you can do");
        expect(slack.connected).toBe(true);

        const from = fake.calls.length;
        fake.chatInput({ user: { id: "400000000000000001", username: "alice" }, dm: true }, "mentor", "export", {});
        const withFile = await fake.waitForCall((c) => c.files.length > 0, { from, timeoutMs: 10_000 });
        expect(withFile.status).toBeLessThan(300);
        expect(withFile.files[0]!.filename).toMatch(/^mentoring-log-\d{4}-\d{2}-\d{2}\.csv$/);
        expect(withFile.files[0]!.text).toContain("date,minutes,mentee");
      } finally {
        const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      }
    },
  );
});
