// Starts the one Scheduler of a process once its transports are registered, and stops it
// (waiting for the batch in hand) before the database closes; the daily retention run, the
// school-year check, the session-end certificates and the weekly pace nudges with it.
import type { App } from "../app.js";
import { startCertificateJob } from "./certificate-job.js";
import { startRetentionJob } from "./retention-job.js";
import { startSchoolYearJob } from "./school-year-job.js";
import { startPaceNudgeJob } from "./pace-nudge-job.js";
import { Scheduler, type SchedulerOptions } from "./scheduler.js";

const running = new WeakMap<App, Scheduler>();

export async function startScheduler(app: App, opts: SchedulerOptions = {}): Promise<Scheduler> {
  const existing = running.get(app);
  if (existing) return existing;
  const scheduler = new Scheduler(app, opts);
  running.set(app, scheduler);
  app.onStop(() => scheduler.stop());
  await scheduler.start();
  app.onStop(startRetentionJob(app));
  app.onStop(startSchoolYearJob(app));
  app.onStop(startCertificateJob(app));
  app.onStop(startPaceNudgeJob(app));
  return scheduler;
}
