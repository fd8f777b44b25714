// Database round trips per command: the ten commands people use most, each run as a returning
// person (test/support/round-trips.ts, the same scenario the tests pin), on SQLite and on an
// embedded PostgreSQL. Counts are exact, so the baseline is the figure before the work on
// issue 19 (commit 6e654ba), written down rather than measured again.
import { startPgServer } from "../test/support/pg-server.js";
import { HOT_COMMANDS, hotPaths, type HotCommand } from "../test/support/round-trips.js";
import { benchApp, freshSqliteUrl, newPgDatabase } from "./app.js";
import type { Row } from "./lib.js";
import { ManualClock } from "../src/core/clock.js";

/** Before: SQLite / PostgreSQL (the RSVP press changes the answer: Going and Maybe in turn). */
const BEFORE: Record<HotCommand, [number, number]> = {
  "session list": [2, 2],
  "session rsvp button": [10, 10],
  "session announce": [3, 3],
  "agenda add": [12, 12],
  "agenda list": [7, 7],
  "mentor DM draft": [5, 5],
  "mentor save button": [11, 11],
  "mentor hours": [7, 7],
  "reminder add": [7, 7],
  "reminder list": [3, 3],
};
const TARGET = 4;

async function countsOn(url: string) {
  // The tests' clock: what a command reads can depend on the day (a meeting's state).
  const app = await benchApp(
    url,
    { CADRE_TIMEZONE: "America/New_York" },
    { rateLimit: false, clock: new ManualClock("2026-11-02T15:00:00Z") },
  );
  try {
    const run = await hotPaths(app);
    await run(1);
    return (await run(2)).counts;
  } finally {
    await app.stop();
  }
}

export async function queriesBench(): Promise<Row[]> {
  const sqlite = await countsOn(freshSqliteUrl("queries"));
  const server = await startPgServer();
  let pg: Record<HotCommand, number>;
  try {
    pg = await countsOn(await newPgDatabase(server.url, `bench_queries_${Date.now().toString(36)}`));
  } finally {
    await server.stop();
  }
  return HOT_COMMANDS.map((c) => {
    const [bs, bp] = BEFORE[c];
    return {
      benchmark: `queries per command: ${c} (round trips, returning person; SQLite / PostgreSQL)`,
      figure: `${sqlite[c]} / ${pg[c]}`,
      baseline: `before: ${bs} / ${bp}`,
      ratio: `${(sqlite[c] / bs).toFixed(2)}x`,
      target: `≤ ${TARGET}`,
      met: sqlite[c] <= TARGET && pg[c] <= TARGET,
    };
  });
}
