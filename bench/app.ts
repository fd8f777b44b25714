// The cadre a benchmark runs: a fresh database (a SQLite file, or a new database on an
// embedded PostgreSQL), a fixed encryption key, UTC, logs silent unless BENCH_LOG names a level.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createApp, type App, type AppOptions } from "../src/app.js";
import { loadEnv } from "../src/config/env.js";
import { Keyring } from "../src/core/keyring.js";

const key = Buffer.alloc(32, 3);

export function benchApp(url: string, env: Record<string, string> = {}, opts: AppOptions = {}): Promise<App> {
  return createApp(
    loadEnv({
      DATABASE_URL: url,
      CADRE_ENCRYPTION_KEY: key.toString("base64"),
      LOG_LEVEL: process.env.BENCH_LOG ?? "silent",
      CADRE_TIMEZONE: "UTC",
      ...env,
    }),
    { keyring: new Keyring(key), ...opts },
  );
}

/** A URL for a new SQLite file in its own temporary folder. */
export const freshSqliteUrl = (name: string): string =>
  `file:${join(mkdtempSync(join(tmpdir(), `cadre-bench-${name}-`)), "cadre.db")}`;

/** Creates database `name` on the server at `adminUrl` and returns its URL. */
export async function newPgDatabase(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}
