// A series of 52 (a school year of weekly sessions) announced in one transaction, with its 52
// card posts queued in the outbox, against 52 single announcements' database work (one
// session row each, no outbox), on SQLite and on PostgreSQL. Median of 9 runs each, the two
// taking turns.
import { benchApp, freshSqliteUrl, newPgDatabase } from "./app.js";
import type { App } from "../src/app.js";
import { createSeries } from "../src/services/sessions/series.js";
import { createSession, type NewSession } from "../src/services/sessions/sessions.js";
import { ensureWorkspace } from "../src/services/workspaces.js";
import { startPgServer } from "../test/support/pg-server.js";
import { ms, ratio, summarize, timeIt, type Row } from "./lib.js";

const N = 52;
const RUNS = 9;
const T0 = Date.parse("2026-12-08T15:00:00Z");
const dates = Array.from({ length: N }, (_, i) => new Date(T0 + i * 7 * 86_400_000));
const base: Omit<NewSession, "startsAt"> = {
  title: "Scoring practice",
  kind: "pd",
  minutes: 180,
  timeZone: "America/Chicago",
  channelId: "CSCORE",
  reminderOffsets: [1440, 60],
  topics: ["scoring and assessment"],
  createdBy: "ULEAD",
};

async function measure(app: App, label: string): Promise<Row> {
  const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "America/Chicago");
  const series: number[] = [];
  const singles: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    series.push(
      (await timeIt(() => createSeries(app.deps.db, ws.id, base, dates, (s) => ({ text: s.title }), new Date(T0)))).ms,
    );
    singles.push(
      (
        await timeIt(async () => {
          for (const startsAt of dates) await createSession(app.deps.db, ws.id, { ...base, startsAt });
        })
      ).ms,
    );
  }
  const a = summarize(series).p50;
  const b = summarize(singles).p50;
  return {
    benchmark: `series of ${N} with its card posts queued, ${label} (median of ${RUNS})`,
    figure: ms(a),
    baseline: `${N} single session rows: ${ms(b)}`,
    ratio: ratio(a, b),
    target: "≤ 2x and < 1 s",
    met: a <= 2 * b && a < 1000,
  };
}

export async function seriesBench(): Promise<Row[]> {
  const rows: Row[] = [];
  let app = await benchApp(freshSqliteUrl("series"));
  rows.push(await measure(app, "SQLite"));
  await app.stop();
  const server = await startPgServer();
  try {
    app = await benchApp(await newPgDatabase(server.url, "bench_series"));
    rows.push(await measure(app, "PostgreSQL"));
    await app.stop();
  } finally {
    await server.stop();
  }
  return rows;
}
