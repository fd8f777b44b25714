// Start-up migrations: idempotent, safe for two instances at once, and refusing a database
// that a newer cadre has migrated.
import { describe, expect, it } from "vitest";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { migrate, migrationsFor, MigrationError } from "../../src/db/migrate.js";
import { sqlitePath } from "../../src/db/client.js";
import { freshDatabaseUrl, PROVIDERS } from "../support/app.js";

async function appliedNames(url: string): Promise<string[]> {
  if (url.startsWith("file:")) {
    const db = new Sqlite(sqlitePath(url));
    const rows = db.prepare("SELECT name FROM _cadre_migrations ORDER BY name").all() as { name: string }[];
    db.close();
    return rows.map((r) => r.name);
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ name: string }>("SELECT name FROM _cadre_migrations ORDER BY name");
  await c.end();
  return r.rows.map((x) => x.name);
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Sqlite(sqlitePath(url));
    const rows = db.prepare(sql).all() as T[];
    db.close();
    return rows;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query(sql);
  await c.end();
  return r.rows as T[];
}

async function exec(url: string, sql: string): Promise<void> {
  if (url.startsWith("file:")) {
    const db = new Sqlite(sqlitePath(url));
    db.exec(sql);
    db.close();
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql);
  await c.end();
}

describe.each(PROVIDERS)("migrations [%s]", (provider) => {
  const known = migrationsFor(provider);

  it("has at least the initial migration", () => {
    expect(known[0]?.name).toBe("0001_init");
  });

  it("0002 fills the mentor report's daily totals from entries logged before it", async () => {
    const url = await freshDatabaseUrl(provider);
    await migrate(url, known.slice(0, 1));
    const day = (d: string) => (provider === "sqlite" ? `'${d}T00:00:00.000+00:00'` : `'${d}'`);
    const entry = (id: string, mentor: string, d: string, minutes: number) =>
      `INSERT INTO "MentorEntry" ("id", "workspaceId", "shortId", "mentorId", "occurredOn", "minutes", "mode", "menteeEnc", "keyId", "updatedAt") VALUES ('${id}', 'w', '${id}', '${mentor}', ${day(d)}, ${minutes}, 'in person', 'x', 'k', ${day(d)});`;
    const topic = (entryId: string, mentor: string, d: string, t: string, minutes: number) =>
      `INSERT INTO "MentorTopic" ("id", "entryId", "workspaceId", "mentorId", "occurredOn", "topic", "minutes") VALUES ('${entryId}:${t}', '${entryId}', 'w', '${mentor}', ${day(d)}, '${t}', ${minutes});`;
    await exec(
      url,
      [
        entry("a", "m1", "2026-10-01", 30),
        topic("a", "m1", "2026-10-01", "planning", 30),
        topic("a", "m1", "2026-10-01", "data", 30),
        entry("b", "m1", "2026-10-01", 45),
        topic("b", "m1", "2026-10-01", "planning", 45),
        entry("c", "m2", "2026-10-01", 60),
        topic("c", "m2", "2026-10-01", "planning", 60),
      ].join("\n"),
    );
    await migrate(url);
    expect(await query(url, `SELECT "mentorId", "minutes", "entries" FROM "MentorDay" ORDER BY "mentorId"`)).toEqual([
      { mentorId: "m1", minutes: 75, entries: 2 },
      { mentorId: "m2", minutes: 60, entries: 1 },
    ]);
    expect(await query(url, `SELECT "topic", "minutes" FROM "MentorTopicDay" ORDER BY "topic"`)).toEqual([
      { topic: "data", minutes: 30 },
      { topic: "planning", minutes: 135 },
    ]);
  });

  it("0014 keeps sessions announced before it, with no topics, no gate and no series", async () => {
    const url = await freshDatabaseUrl(provider);
    const upTo = known.findIndex((m) => m.name.startsWith("0014_"));
    await migrate(url, known.slice(0, upTo));
    const at = provider === "sqlite" ? "'2026-12-03T15:00:00.000+00:00'" : "'2026-12-03 15:00:00'";
    await exec(
      url,
      `INSERT INTO "Session" ("id", "workspaceId", "shortId", "title", "kind", "startsAt", "minutes", "timeZone", "channelId", "createdBy", "updatedAt") ` +
        `VALUES ('s1', 'w', '7K2Q', 'Scoring training', 'scoring-training', ${at}, 180, 'America/Chicago', 'C1', 'U1', ${at});`,
    );
    await migrate(url);
    const [row] = await query<Record<string, unknown>>(
      url,
      `SELECT "shortId", "title", "minutes", "topics", "requiresTrained", "seriesId", "seriesIndex", "seriesSize" FROM "Session"`,
    );
    expect({ ...row, requiresTrained: Boolean(row!.requiresTrained) }).toEqual({
      shortId: "7K2Q",
      title: "Scoring training",
      minutes: 180,
      topics: "[]",
      requiresTrained: false,
      seriesId: null,
      seriesIndex: null,
      seriesSize: null,
    });
  });

  it("applies everything once, then nothing", async () => {
    const url = await freshDatabaseUrl(provider);
    expect(await migrate(url)).toEqual(known.map((m) => m.name));
    expect(await migrate(url)).toEqual([]);
    expect(await appliedNames(url)).toEqual(known.map((m) => m.name));
  });

  it("is safe when several instances start at the same moment", async () => {
    const url = await freshDatabaseUrl(provider);
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    // Exactly one instance applied the migrations; the others found nothing to do.
    expect(results.map((r) => r.length).sort()).toEqual([0, 0, known.length]);
    expect(await appliedNames(url)).toEqual(known.map((m) => m.name));
  });

  it("refuses a database with a migration this code does not know", async () => {
    const url = await freshDatabaseUrl(provider);
    await migrate(url);
    const appliedAt = provider === "sqlite" ? "'2030-01-01'" : "now()";
    await exec(
      url,
      `INSERT INTO _cadre_migrations (name, checksum, applied_at) VALUES ('9999_from_the_future', 'x', ${appliedAt})`,
    );
    await expect(migrate(url)).rejects.toThrow(MigrationError);
    await expect(migrate(url)).rejects.toThrow(/9999_from_the_future/);
  });

  it("rolls back a failing migration and applies it once fixed", async () => {
    const url = await freshDatabaseUrl(provider);
    const bad = [
      ...known,
      { name: "0999_broken", sql: "CREATE TABLE ok_part (id INTEGER); THIS IS NOT SQL;", checksum: "b" },
    ];
    await expect(migrate(url, bad)).rejects.toThrow();
    const fixed = [...known, { name: "0999_broken", sql: "CREATE TABLE ok_part (id INTEGER);", checksum: "c" }];
    const applied = await migrate(url, fixed);
    expect(applied).toContain("0999_broken");
  });
});
