// Test apps on real databases: a fresh SQLite file or a fresh PostgreSQL database per app,
// a fixed encryption key, a controllable clock and captured logs.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { inject } from "vitest";
import pg from "pg";
import { createApp, type App, type AppOptions } from "../../src/app.js";
import { loadEnv } from "../../src/config/env.js";
import { ManualClock } from "../../src/core/clock.js";
import { Keyring } from "../../src/core/keyring.js";
import { randomBytes } from "node:crypto";

export type ProviderName = "sqlite" | "postgresql";
export const PROVIDERS: ProviderName[] = ["sqlite", "postgresql"];

let dbSeq = 0;

/** A URL for a brand-new, empty database of the given provider. */
export async function freshDatabaseUrl(provider: ProviderName): Promise<string> {
  if (provider === "sqlite") return `file:${join(mkdtempSync(join(tmpdir(), "cadre-test-")), "cadre.db")}`;
  const admin = inject("pgAdminUrl");
  const name = `t_${process.pid}_${++dbSeq}_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

export interface TestApp extends App {
  clock: ManualClock;
  /** Every log line the app wrote, raw JSON. */
  logs: string[];
  url: string;
}

export const testKey = randomBytes(32);

export async function makeApp(
  provider: ProviderName,
  opts: { url?: string; now?: string | Date; env?: Record<string, string>; app?: AppOptions } = {},
): Promise<TestApp> {
  const url = opts.url ?? (await freshDatabaseUrl(provider));
  const clock = new ManualClock(opts.now ?? "2026-11-02T15:00:00Z");
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const env = loadEnv({
    DATABASE_URL: url,
    CADRE_TIMEZONE: "America/New_York",
    CADRE_ENCRYPTION_KEY: testKey.toString("base64"),
    LOG_LEVEL: "debug",
    ...opts.env,
  });
  const app = await createApp(env, { clock, logDestination: sink, keyring: new Keyring(testKey), ...opts.app });
  return Object.assign(app, { clock, logs, url });
}
