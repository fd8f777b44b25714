// `npm start` refuses a key that cannot read what is stored: a different CADRE_ENCRYPTION_KEY,
// the generated key file removed while encrypted rows exist, or a corrupt key file. Each is
// one line on stderr naming what to fix; nothing is generated over existing data.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Keyring } from "../../src/core/keyring.js";
import { botProcess } from "../support/bot-process.js";

const clean = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|CADRE_|DATABASE_URL|LOG_LEVEL)/.test(k)),
);

/** Runs the built bot's console in `dir` with piped input. */
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

/** A mentor's DM: saved as an encrypted draft, then an encrypted entry. */
const LOG = ":dm\n45 min with J.R. today - classroom management\n:press 1\n";
const b64 = (k: Buffer) => k.toString("base64");

describe("npm start with encrypted rows stored", () => {
  it("refuses a different CADRE_ENCRYPTION_KEY in one line naming it and the missing key id, and starts with the right one", () => {
    const dir = mkdtempSync(join(tmpdir(), "cadre-keys-"));
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const first = start(dir, LOG, { CADRE_ENCRYPTION_KEY: b64(a) });
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("Saved");
    const wrong = start(dir, "", { CADRE_ENCRYPTION_KEY: b64(b) });
    expect(wrong.status).not.toBe(0);
    const lines = wrong.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("CADRE_ENCRYPTION_KEY");
    expect(lines[0]).toContain(`encrypted with key ${Keyring.idOf(a)}`);
    // The old key kept as a previous key: starts, and reads the entry back.
    const rotated = start(dir, ":dm\n/mentor entries\n", {
      CADRE_ENCRYPTION_KEY: b64(b),
      CADRE_PREVIOUS_ENCRYPTION_KEYS: b64(a),
    });
    // Nothing but the start-up line about the zone new workspaces get.
    expect(rotated.stderr).toMatch(/^cadre: new workspaces get the time zone [^\n]+\n$/);
    expect(rotated.status).toBe(0);
    expect(rotated.stdout).toContain("J.R.");
  });

  it("refuses to start when the generated key file is gone, naming CADRE_ENCRYPTION_KEY and the key id, and generates no new key", () => {
    const dir = mkdtempSync(join(tmpdir(), "cadre-keys-"));
    const first = start(dir, LOG);
    expect(first.status).toBe(0);
    const file = join(dir, "data", "cadre.key");
    const id = Keyring.idOf(Buffer.from(readFileSync(file, "utf8").trim(), "base64"));
    rmSync(file);
    const r = start(dir, "");
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("CADRE_ENCRYPTION_KEY");
    expect(lines[0]).toContain(`encrypted with key ${id}`);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a corrupt key file in one line naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "cadre-keys-"));
    expect(start(dir, LOG).status).toBe(0);
    writeFileSync(join(dir, "data", "cadre.key"), "not a key at all\n");
    const r = start(dir, "");
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/key file data\/cadre\.key is corrupt/);
  });
});
