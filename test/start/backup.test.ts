// npm run backup: a consistent copy of the SQLite database under data/backups/, mode 0600,
// whose path it prints; opened as a fresh cadre with the same key, the copy reads a mentor's
// note back. With PostgreSQL it prints the pg_dump to run instead.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { makeApp, testKey, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { sqlitePath } from "../../src/db/client.js";
import { listEntries } from "../../src/services/mentoring/entries.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tsx = join(root, "node_modules", "tsx", "dist", "cli.mjs");
/** Runs `npm run backup`'s program with this database and key; returns what it printed. */
const backup = (url: string) =>
  execFileSync(process.execPath, [tsx, join(root, "src", "tools", "backup.ts")], {
    env: { ...process.env, DATABASE_URL: url, CADRE_ENCRYPTION_KEY: testKey.toString("base64"), LOG_LEVEL: "warn" },
    encoding: "utf8",
  }).trim();

describe("npm run backup", () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.stop();
  });

  it("writes a private, timestamped SQLite copy that a fresh cadre with the same key reads a note from", async () => {
    const app = await makeApp("sqlite");
    apps.push(app);
    await new ConsoleDriver(app).as(
      "mia",
      "dm",
      '/mentor log duration:1h mentee:"Jordan Lee" topics:planning notes:"Zoë needs a co-planning slot"',
    );
    const path = backup(app.url); // while the bot is running
    expect(path).toMatch(/\/backups\/cadre-\d{8}T\d{6}Z\.db$/);
    expect(dirname(dirname(path))).toBe(dirname(sqlitePath(app.url)));
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);

    const restored = await makeApp("sqlite", { url: `file:${path}` });
    apps.push(restored);
    const ws = await restored.deps.db.workspace.findFirstOrThrow();
    const [entry] = await listEntries(restored.deps.db, restored.deps.keys, ws.id, "mia");
    expect(entry).toMatchObject({ mentee: "Jordan Lee", notes: "Zoë needs a co-planning slot", minutes: 60 });
  });

  it("prints the pg_dump to run for PostgreSQL", () => {
    const out = backup("postgresql://cadre:pw@db.invalid:5432/cadre");
    expect(out.split("\n")).toHaveLength(1);
    expect(out).toContain("pg_dump");
  });
});
