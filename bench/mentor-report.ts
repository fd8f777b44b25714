// Mentor report over 1,000,000 entries of 200 mentors (one school year, 1–3 topics each), on
// SQLite and on PostgreSQL, against one hand-written SQL aggregate over the same table run
// through the plain driver on the same database.
import Database from "better-sqlite3";
import pg from "pg";
import type { App } from "../src/app.js";
import { benchApp as appOn, freshSqliteUrl, newPgDatabase } from "./app.js";
import { sqlitePath } from "../src/db/client.js";
import { mentorReport } from "../src/services/mentoring/report.js";
import { rebuildRollups } from "../src/services/mentoring/rollup.js";
import { ensureWorkspace } from "../src/services/workspaces.js";
import { startPgServer } from "../test/support/pg-server.js";
import { ms, ratio, summarize, type Row } from "./lib.js";

const ENTRIES = Number(process.env.BENCH_MENTOR_ENTRIES ?? 1_000_000);
const MENTORS = 200;
const TOPICS = [
  "planning",
  "observation",
  "feedback",
  "data",
  "classroom management",
  "co-teaching",
  "assessment",
  "family contact",
  "curriculum",
  "wellbeing",
  "scoring",
  "goal setting",
];
const FROM = new Date("2025-08-01T00:00:00Z");
const TO = new Date("2026-08-01T00:00:00Z");
const DAYS = 334;
const RUNS = 15;

// Deterministic pseudo-random numbers, so both databases hold the same shape of data.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function* entries(workspaceId: string) {
  const r = rng(42);
  for (let i = 0; i < ENTRIES; i++) {
    const day = new Date(FROM.getTime() + Math.floor(r() * DAYS) * 86_400_000).toISOString();
    const topics = TOPICS.filter(() => r() < 0.15).slice(0, 3);
    yield {
      id: `e${i}`,
      workspaceId,
      shortId: `S${i}`,
      mentorId: `U${i % MENTORS}`,
      day,
      minutes: 15 + Math.floor(r() * 8) * 15,
      topics: topics.length ? topics : [TOPICS[i % TOPICS.length]!],
    };
  }
}

function fillSqlite(file: string, workspaceId: string): void {
  const d = new Database(file);
  const ts = (iso: string) => iso.replace("Z", "+00:00");
  const e = d.prepare(
    `INSERT INTO "MentorEntry" (id, "workspaceId", "shortId", "mentorId", "occurredOn", minutes, mode, "menteeEnc", "keyId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 'in person', 'x', 'k', ?, ?)`,
  );
  const t = d.prepare(
    `INSERT INTO "MentorTopic" (id, "entryId", "workspaceId", "mentorId", "occurredOn", topic, minutes) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = ts(new Date().toISOString());
  d.transaction(() => {
    for (const x of entries(workspaceId)) {
      e.run(x.id, x.workspaceId, x.shortId, x.mentorId, ts(x.day), x.minutes, now, now);
      for (const topic of x.topics)
        t.run(`${x.id}:${topic}`, x.id, x.workspaceId, x.mentorId, ts(x.day), topic, x.minutes);
    }
  })();
  d.exec("ANALYZE");
  d.close();
}

async function fillPg(c: pg.Client, workspaceId: string): Promise<void> {
  const batch: ReturnType<typeof entries> extends Generator<infer T> ? T[] : never = [];
  const flush = async () => {
    if (!batch.length) return;
    await c.query(
      `INSERT INTO "MentorEntry" (id, "workspaceId", "shortId", "mentorId", "occurredOn", minutes, mode, "menteeEnc", "keyId", "updatedAt")
       SELECT * , 'in person', 'x', 'k', now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[], $6::int[])`,
      [
        batch.map((x) => x.id),
        batch.map((x) => x.workspaceId),
        batch.map((x) => x.shortId),
        batch.map((x) => x.mentorId),
        batch.map((x) => x.day),
        batch.map((x) => x.minutes),
      ],
    );
    const topics = batch.flatMap((x) => x.topics.map((topic) => ({ ...x, topic })));
    await c.query(
      `INSERT INTO "MentorTopic" (id, "entryId", "workspaceId", "mentorId", "occurredOn", topic, minutes)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[], $6::text[], $7::int[])`,
      [
        topics.map((x) => `${x.id}:${x.topic}`),
        topics.map((x) => x.id),
        topics.map((x) => x.workspaceId),
        topics.map((x) => x.mentorId),
        topics.map((x) => x.day),
        topics.map((x) => x.topic),
        topics.map((x) => x.minutes),
      ],
    );
    batch.length = 0;
  };
  for (const x of entries(workspaceId)) {
    batch.push(x);
    if (batch.length === 20_000) await flush();
  }
  await flush();
  await c.query("VACUUM ANALYZE");
}

const BASELINE_SQL = `SELECT "mentorId", SUM(minutes) AS minutes, COUNT(*) AS entries, MAX("occurredOn") AS last FROM "MentorEntry" WHERE "workspaceId" = $1 AND "occurredOn" >= $2 AND "occurredOn" < $3 GROUP BY "mentorId"`;

async function measure(
  app: App,
  workspaceId: string,
  baseline: () => Promise<number>,
): Promise<{ report: number[]; base: number[] }> {
  const report: number[] = [];
  const base: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 2; i++) {
    let t = performance.now();
    const r = await mentorReport(app.deps.db, workspaceId, FROM, TO);
    const a = performance.now() - t;
    t = performance.now();
    const n = await baseline();
    const b = performance.now() - t;
    if (i >= 2) (report.push(a), base.push(b));
    rows = r.rows.length;
    if (rows !== n || rows !== MENTORS)
      throw new Error(`report has ${rows} mentors, the baseline ${n}, expected ${MENTORS}`);
  }
  return { report, base };
}

function row(db: string, m: { report: number[]; base: number[] }): Row {
  const r = summarize(m.report);
  const b = summarize(m.base);
  return {
    benchmark: `mentor report, ${ENTRIES.toLocaleString("en-US")} entries of ${MENTORS} mentors, ${db} (median of ${RUNS})`,
    figure: ms(r.p50),
    baseline: `hand-written SQL aggregate: ${ms(b.p50)}`,
    ratio: ratio(r.p50, b.p50),
    target: "< 250 ms and ≤ 1.5x",
    met: r.p50 < 250 && r.p50 <= b.p50 * 1.5,
  };
}

export async function mentorReportBench(): Promise<Row[]> {
  const rows: Row[] = [];

  const url = freshSqliteUrl("mentor");
  let app = await appOn(url);
  let ws = await ensureWorkspace(app.deps.db, "slack", "T1", "UTC");
  await app.stop();
  fillSqlite(sqlitePath(url), ws.id);
  process.stderr.write("  SQLite filled\n");
  app = await appOn(url);
  // The entries were loaded with plain SQL, outside the services that keep the daily totals.
  await rebuildRollups(app.deps.db, ws.id);
  const lite = new Database(sqlitePath(url), { readonly: true });
  const q = lite.prepare(BASELINE_SQL.replace(/\$\d/g, "?"));
  const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
  rows.push(row("SQLite", await measure(app, ws.id, async () => q.all(ws.id, iso(FROM), iso(TO)).length)));
  lite.close();
  await app.stop();

  const server = await startPgServer();
  try {
    const pgUrl = await newPgDatabase(server.url, "bench_mentor");
    app = await appOn(pgUrl);
    ws = await ensureWorkspace(app.deps.db, "slack", "T1", "UTC");
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    c.on("error", (e) => process.stderr.write(`bench client: ${e.message}\n`));
    await fillPg(c, ws.id);
    process.stderr.write("  PostgreSQL filled\n");
    await rebuildRollups(app.deps.db, ws.id);
    await c.query("VACUUM ANALYZE");
    rows.push(
      row(
        "PostgreSQL",
        await measure(app, ws.id, async () => (await c.query(BASELINE_SQL, [ws.id, FROM, TO])).rowCount ?? 0),
      ),
    );
    await c.end();
    await app.stop();
  } catch (e) {
    rows.push({
      benchmark: "mentor report, PostgreSQL",
      figure: "failed: " + String((e as Error).message).slice(0, 160),
      baseline: "",
      ratio: "",
      target: "",
      met: false,
    });
  } finally {
    await server.stop();
  }
  return rows;
}
