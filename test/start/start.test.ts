// `npm start` as a user runs it: the console with piped input, and a bad configuration.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { botProcess, START_SCRIPTS } from "../support/bot-process.js";

const root = join(import.meta.dirname, "..", "..");

function start(input: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cadre-start-"));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
  );
  const bot = botProcess();
  return spawnSync(bot.file, bot.args, {
    cwd: dir,
    input,
    encoding: "utf8",
    env: { ...clean, DATABASE_URL: `file:${join(dir, "data", "cadre.db")}`, ...env },
    timeout: 60_000,
  });
}

describe("npm start", () => {
  it("builds the bot and runs the built file with plain node, as these tests do", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect({ prestart: pkg.scripts.prestart, start: pkg.scripts.start }).toEqual(START_SCRIPTS);
  });

  it("runs the console on piped input, answers, and exits 0 at end of input", () => {
    const r = start("/cadre help\n/cadre role add\n");
    expect(r.status).toBe(0);
    for (const c of ["/session", "/mentor", "/agenda", "/reminder", "/cadre"]) expect(r.stdout).toContain(c);
    expect(r.stdout).toContain("(private to you)");
    expect(r.stdout).toContain("Example: `/cadre role add user:@alex role:leader`");
  });

  it("exits non-zero with one line naming DATABASE_URL when it is not SQLite or PostgreSQL", () => {
    const r = start("", { DATABASE_URL: "mysql://x" });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DATABASE_URL=mysql:\/\/x/);
  });
});
