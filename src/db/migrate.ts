// Applies prisma/<provider>/migrations at start-up with the plain drivers (the Prisma CLI
// cannot migrate PostgreSQL offline here). Idempotent; serialized across instances
// (an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite); refuses a database that has
// migrations this code does not know, which means a newer cadre is using it.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { projectRoot } from "../config/project-root.js";
import { prepareSqliteFile, providerOf, sqlitePath, type Provider } from "./client.js";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const root = projectRoot();

export function migrationsFor(provider: Provider, dir = join(root, "prisma", provider, "migrations")): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => /^\d{4}_/.test(d))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

const TABLE = "_cadre_migrations";
const LOCK_ID = 0x6361647265; // "cadre"

function unknownCheck(applied: string[], known: Migration[]): void {
  const names = new Set(known.map((m) => m.name));
  const unknown = applied.filter((a) => !names.has(a));
  if (unknown.length)
    throw new MigrationError(
      `the database has migrations this version of cadre does not know (${unknown.join(", ")}); ` +
        `a newer cadre has used it — upgrade instead of starting this version`,
    );
}

/** Returns the names of the migrations it applied (empty when up to date). */
export async function migrate(url: string, migrations = migrationsFor(providerOf(url))): Promise<string[]> {
  return providerOf(url) === "postgresql" ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = sqlitePath(url);
  prepareSqliteFile(file);
  const db = new Sqlite(file, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
      const applied = (db.prepare(`SELECT name FROM ${TABLE} ORDER BY name`).all() as { name: string }[]).map(
        (r) => r.name,
      );
      unknownCheck(applied, migrations);
      const done: string[] = [];
      const insert = db.prepare(`INSERT INTO ${TABLE} (name, checksum, applied_at) VALUES (?, ?, ?)`);
      for (const m of migrations) {
        if (applied.includes(m.name)) continue;
        db.exec(m.sql);
        insert.run(m.name, m.checksum, new Date().toISOString());
        done.push(m.name);
      }
      db.exec("COMMIT");
      return done;
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw e;
    }
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  // Loaded only for PostgreSQL: a SQLite install never pays for the driver.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // Held for the session: a second instance starting at the same moment waits here, then finds nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const applied = (await client.query<{ name: string }>(`SELECT name FROM ${TABLE} ORDER BY name`)).rows.map(
      (r) => r.name,
    );
    unknownCheck(applied, migrations);
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.includes(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO ${TABLE} (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
}
