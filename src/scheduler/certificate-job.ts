// Certificates at session end, in workspaces with certificate-after-feedback:no: every minute,
// each instance queues the certificates of sessions that just ended (src/services/sessions/certificate.ts claims each session once, so instances
// may all run it). Sessions that ended longer ago than the catch-up window are left alone, as
// the scheduler skips deliveries that late.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { queueEndedSessionCertificates } from "../services/sessions/certificate.js";

export async function runCertificatesDue(app: App): Promise<number> {
  const { db, clock } = app.deps;
  return queueEndedSessionCertificates(db, clock.now(), app.env.CADRE_CATCHUP_HOURS * 3_600_000);
}

/** Checks every minute; the returned function stops it (waiting for a run in hand). */
export function startCertificateJob(app: App): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    "* * * * *",
    () => {
      if (running) return;
      running = runCertificatesDue(app)
        .then((n) => n && app.deps.log.info({ certificates: n }, "certificates queued for ended sessions"))
        .catch((e) => app.deps.log.warn({ err: (e as Error).message }, "certificates run failed; will retry"))
        .finally(() => (running = undefined));
    },
    { name: `cadre-certificates-${randomUUID()}`, noOverlap: true },
  );
  return async () => {
    await task.stop();
    await task.destroy();
    await running;
  };
}
