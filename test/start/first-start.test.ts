// The first `npm start` as a person sees it: one readable line about the generated key (where
// it is, that it must be backed up), one about the zone new workspaces get when CADRE_TIMEZONE
// is unset, and `.env` read from the folder cadre starts in, the real environment winning.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { botProcess } from "../support/bot-process.js";

const clean = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
);

function start(dir: string, input: string, env: Record<string, string> = {}) {
  const bot = botProcess();
  return spawnSync(bot.file, bot.args, {
    cwd: dir,
    input,
    encoding: "utf8",
    env: { ...clean, DATABASE_URL: `file:${join(dir, "data", "cadre.db")}`, ...env },
    timeout: 60_000,
  });
}

describe("the first start", () => {
  it("says in plain lines where the generated key is, that it must be backed up, and which zone new workspaces get", () => {
    const dir = mkdtempSync(join(tmpdir(), "cadre-first-"));
    const r = start(dir, "/cadre settings\n");
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, "data", "cadre.key"))).toBe(true);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "cadre: generated the key that encrypts mentor notes and mentees: data/cadre.key. " +
        "Back this file up now (without it the notes cannot be read), or set CADRE_ENCRYPTION_KEY instead.",
    );
    expect(lines[1]).toMatch(
      /^cadre: new workspaces get the time zone [\w/+-]+ \(this computer's\); set CADRE_TIMEZONE to choose another/,
    );
    // No JSON log line reaches the person's terminal.
    expect(r.stdout + r.stderr).not.toMatch(/^\{/m);
    // A second start generates nothing and says nothing about the key.
    expect(start(dir, "").stderr).not.toContain("generated");
  });

  it("reads .env from the folder it starts in; a variable set in the real environment wins", () => {
    const dir = mkdtempSync(join(tmpdir(), "cadre-first-"));
    writeFileSync(join(dir, ".env"), "CADRE_TIMEZONE=America/Denver\nLOG_LEVEL=warn\n");
    const fromFile = start(dir, "/cadre settings\n");
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain("timezone: America/Denver");
    expect(fromFile.stderr).not.toContain("new workspaces get the time zone");

    const other = mkdtempSync(join(tmpdir(), "cadre-first-"));
    writeFileSync(join(other, ".env"), "CADRE_TIMEZONE=America/Denver\n");
    const real = start(other, "/cadre settings\n", { CADRE_TIMEZONE: "America/Chicago" });
    expect(real.stdout).toContain("timezone: America/Chicago");
  });

  it("stops with one line when .env names a bad value, as the environment would", () => {
    const dir = mkdtempSync(join(tmpdir(), "cadre-first-"));
    writeFileSync(join(dir, ".env"), "CADRE_TIMEZONE=Mars/Base\n");
    const r = start(dir, "");
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([
      "cadre: configuration error: CADRE_TIMEZONE=Mars/Base: expected an IANA time zone such as America/Chicago",
    ]);
  });
});
