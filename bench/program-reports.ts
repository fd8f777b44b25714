// Program reports (stipend, annual pack) over a school year of 200 mentors on SQLite, beside the
// coordinator's /mentor report on the same database in the same run: the program reports read
// each entry (its confirmation is per entry), the mentor report the daily totals.
import Database from "better-sqlite3";
import { benchApp, freshSqliteUrl } from "./app.js";
import { sqlitePath } from "../src/db/client.js";
import { mentorReport } from "../src/services/mentoring/report.js";
import { rebuildRollups } from "../src/services/mentoring/rollup.js";
import { stipendReport } from "../src/services/mentoring/program/stipend.js";
import { annualReport } from "../src/services/mentoring/program/annual.js";
import { ensureWorkspace } from "../src/services/workspaces.js";
import { ms, ratio, summarize, type Row } from "./lib.js";

const ENTRIES = Number(process.env.BENCH_PROGRAM_ENTRIES ?? 100_000);
const MENTORS = 200;
const RUNS = 7;
const PERIOD = { from: "2025-08-01", to: "2026-07-31" };

function fill(file: string, workspaceId: string): void {
  const d = new Database(file);
  const ts = (iso: string) => iso.replace("Z", "+00:00");
  const now = ts(new Date().toISOString());
  const pair = d.prepare(
    `INSERT INTO "MentorPair" (id, "workspaceId", "shortId", "mentorId", "menteeUserId", "startsOn", "createdBy", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 'c', ?, ?)`,
  );
  const e = d.prepare(
    `INSERT INTO "MentorEntry" (id, "workspaceId", "shortId", "mentorId", "occurredOn", minutes, mode, "menteeEnc", "keyId", "pairId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, 'in person', 'x', 'k', ?, ?, ?)`,
  );
  const t = d.prepare(
    `INSERT INTO "MentorTopic" (id, "entryId", "workspaceId", "mentorId", "occurredOn", topic, minutes) VALUES (?, ?, ?, ?, ?, 'planning', ?)`,
  );
  const c = d.prepare(
    `INSERT INTO "MentorConfirmation" (id, "workspaceId", "entryId", "mentorId", "menteeUserId", status, "createdAt") VALUES (?, ?, ?, ?, ?, 'confirmed', ?)`,
  );
  d.transaction(() => {
    for (let m = 0; m < MENTORS; m++)
      pair.run(`p${m}`, workspaceId, `P${m}`, `U${m}`, `K${m}`, ts("2025-08-01T00:00:00Z"), now, now);
    for (let i = 0; i < ENTRIES; i++) {
      const m = i % MENTORS;
      const day = ts(new Date(Date.parse("2025-08-01T00:00:00Z") + (i % 334) * 86_400_000).toISOString());
      e.run(`e${i}`, workspaceId, `S${i}`, `U${m}`, day, 30 + (i % 4) * 15, `p${m}`, now, now);
      t.run(`t${i}`, `e${i}`, workspaceId, `U${m}`, day, 30 + (i % 4) * 15);
      if (i % 2) c.run(`c${i}`, workspaceId, `e${i}`, `U${m}`, `K${m}`, now);
    }
  })();
  d.exec("ANALYZE");
  d.close();
}

async function timed(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t = performance.now();
    await fn();
    if (i) out.push(performance.now() - t);
  }
  return out;
}

export async function programReportsBench(): Promise<Row[]> {
  const url = freshSqliteUrl("program");
  let app = await benchApp(url);
  const ws = await ensureWorkspace(app.deps.db, "slack", "T1", "UTC");
  await app.stop();
  fill(sqlitePath(url), ws.id);
  app = await benchApp(url);
  await rebuildRollups(app.deps.db, ws.id);
  const base = summarize(
    await timed(() =>
      mentorReport(app.deps.db, ws.id, new Date("2025-08-01T00:00:00Z"), new Date("2026-08-01T00:00:00Z")),
    ),
  );
  const stipend = summarize(
    await timed(() =>
      stipendReport(app.deps.db, { workspaceId: ws.id, period: PERIOD, thresholdHours: 30, mentorRole: [] }),
    ),
  );
  const annual = summarize(
    await timed(() =>
      annualReport(app.deps.db, {
        workspaceId: ws.id,
        period: PERIOD,
        goalHours: 50,
        mentorRole: [],
        now: new Date("2026-08-01T00:00:00Z"),
      }),
    ),
  );
  await app.stop();
  const n = `${ENTRIES.toLocaleString("en-US")} entries of ${MENTORS} mentors (half confirmed), SQLite (median of ${RUNS})`;
  const baseline = `/mentor report on the daily totals: ${ms(base.p50)}`;
  return [
    {
      benchmark: `stipend report, ${n}`,
      figure: ms(stipend.p50),
      baseline,
      ratio: ratio(stipend.p50, base.p50),
      target: "< 2 s",
      met: stipend.p50 < 2000,
    },
    {
      benchmark: `annual pack, ${n}`,
      figure: ms(annual.p50),
      baseline,
      ratio: ratio(annual.p50, base.p50),
      target: "< 4 s",
      met: annual.p50 < 4000,
    },
  ];
}
