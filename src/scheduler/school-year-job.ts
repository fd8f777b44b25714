// At a school year's start, leaders get by DM the scorers whose status lapsed
// (src/services/sessions/scorer-gate.ts). Every instance checks hourly; each DM's dedupe key
// names the school year and the leader, so it is queued once a year whoever checks. Its time
// is the app's clock, so tests move it.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { queueLapsedScorerLists } from "../services/sessions/scorer-gate.js";

/** Queues the lapsed-scorer DMs that are due; returns how many were queued now. */
export async function runSchoolYearStart(app: App): Promise<number> {
  const n = await queueLapsedScorerLists(app.deps.db, app.deps.clock.now());
  if (n) app.deps.log.info({ queued: n }, "lapsed-scorer lists queued for the new school year");
  return n;
}

/** Checks at minute 23 of every hour; the returned function stops it (waiting for a run in hand). */
export function startSchoolYearJob(app: App): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    "23 * * * *",
    () => {
      if (running) return;
      running = runSchoolYearStart(app)
        .catch((e) =>
          app.deps.log.warn({ err: (e as Error).message }, "school-year check failed; will retry next hour"),
        )
        .finally(() => (running = undefined));
    },
    { name: `cadre-school-year-${randomUUID()}`, noOverlap: true },
  );
  return async () => {
    await task.stop();
    await task.destroy();
    await running;
  };
}
