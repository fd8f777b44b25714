// The daily retention run (src/services/retention.ts). Every instance checks hourly; the one
// that takes the "retention" lease runs it, and the lease, held for 20 hours, keeps every
// instance (itself included) from running it again before the next day. Its times are the
// app's clock, so tests move them.
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { App } from "../app.js";
import { acquireLease, releaseLease } from "../services/leases.js";
import { runRetention, type RetentionCounts } from "../services/retention.js";

export const RETENTION_LEASE = "retention";
export const RETENTION_EVERY_MS = 20 * 3_600_000;

/** Runs retention if no instance has in the last 20 hours; the counts per workspace, or undefined when not due. */
export async function runRetentionIfDue(
  app: App,
): Promise<{ workspaceId: string; removed: RetentionCounts }[] | undefined> {
  const { db, keys, clock, log } = app.deps;
  const now = clock.now();
  // A fresh holder each time: acquireLease renews a lease its holder already has, and this
  // one must only be taken once it has run out.
  const holder = randomUUID();
  if (!(await acquireLease(db, RETENTION_LEASE, holder, RETENTION_EVERY_MS, now))) return undefined;
  let done: Awaited<ReturnType<typeof runRetention>>;
  try {
    done = await runRetention(db, keys, now);
  } catch (e) {
    await releaseLease(db, RETENTION_LEASE, holder).catch(() => undefined); // so the next hour tries again
    throw e;
  }
  const removed = done.reduce((n, d) => n + Object.values(d.removed).reduce((a, b) => a + b, 0), 0);
  log.info({ workspaces: done.length, removed }, "retention run done");
  return done.map((d) => ({ workspaceId: d.workspace.id, removed: d.removed }));
}

/** Checks at minute 17 of every hour; the returned function stops it (waiting for a run in hand). */
export function startRetentionJob(app: App): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const task: ScheduledTask = cron.schedule(
    "17 * * * *",
    () => {
      if (running) return;
      running = runRetentionIfDue(app)
        .catch((e) => app.deps.log.warn({ err: (e as Error).message }, "retention run failed; will retry next hour"))
        .finally(() => (running = undefined));
    },
    { name: `cadre-retention-${randomUUID()}`, noOverlap: true },
  );
  return async () => {
    await task.stop();
    await task.destroy();
    await running;
  };
}
