// The weekly pace nudges (src/services/mentoring/program/pace-nudge.ts). Every instance checks
// hourly; the one that takes the "pace-nudges" lease for the hour queues what is due, and the
// outbox's dedupe keys keep each mentor to one nudge a week whoever runs it. Its times are the
// app's clock, so tests move them. It logs how many were queued, never who.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { acquireLease } from "../services/leases.js";
import { runPaceNudges } from "../services/mentoring/program/pace-nudge.js";

export const PACE_NUDGE_LEASE = "pace-nudges";
const HOUR_MS = 50 * 60_000;

/** Queues the week's due pace nudges unless another run did this hour; how many were queued, or undefined when not this instance's turn. */
export async function runPaceNudgesIfDue(app: App): Promise<number | undefined> {
  const { db, clock, log } = app.deps;
  const now = clock.now();
  if (!(await acquireLease(db, PACE_NUDGE_LEASE, randomUUID(), HOUR_MS, now))) return undefined;
  const queued = await runPaceNudges(db, now);
  if (queued) log.info({ queued }, "pace nudges queued");
  return queued;
}

/** Checks at minute 7 of every hour; the returned function stops it (waiting for a run in hand). */
export function startPaceNudgeJob(app: App): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    "7 * * * *",
    () => {
      if (running) return;
      running = runPaceNudgesIfDue(app)
        .catch((e) => app.deps.log.warn({ err: (e as Error).message }, "pace nudges failed; will retry next hour"))
        .finally(() => (running = undefined));
    },
    { name: `cadre-pace-nudges-${randomUUID()}`, noOverlap: true },
  );
  return async () => {
    await task.stop();
    await task.destroy();
    await running;
  };
}
