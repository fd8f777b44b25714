// Fair scheduling per target: one person's 60 reminders for the same minute do not hold up a
// leader's channel post due then. The recording platform sends to one channel or DM one at
// a time, as Discord and Slack do (per-channel rate limits), each send taking 10 ms.
import { afterAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { RecordingTransport } from "../support/recording-transport.js";

describe.each(PROVIDERS)("scheduler fairness [%s]", (provider) => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.stop();
  });

  it("sends a channel post due with one person's 60 reminders at once, and never two sends to one target at a time", async () => {
    const now = "2026-11-02T15:00:00Z";
    const app = await makeApp(provider, { now });
    apps.push(app);
    const ws = await ensureWorkspace(app.deps.db, "console", "fair", "America/New_York");
    const due = new Date(now);
    await app.deps.db.delivery.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        workspaceId: ws.id,
        dedupeKey: `flood:${i}`,
        dueAt: due,
        targetKind: "dm",
        targetId: "ben",
        payload: JSON.stringify({ text: `ben ${i}` }),
        createdBy: "ben",
      })),
    });
    // Queued last, due the same minute.
    await app.deps.db.delivery.create({
      data: {
        workspaceId: ws.id,
        dedupeKey: "leader:post",
        dueAt: due,
        targetKind: "channel",
        targetId: "ilt",
        payload: JSON.stringify({ text: "ILT agenda is posted" }),
        createdBy: "lea",
      },
    });
    const rec = new RecordingTransport(app.clock);
    const inFlight = new Map<string, number>();
    let overlap = 0;
    rec.before = async (_kind, to) => {
      inFlight.set(to, (inFlight.get(to) ?? 0) + 1);
      if (inFlight.get(to)! > 1) overlap++;
      await new Promise((r) => setTimeout(r, 10));
      inFlight.set(to, inFlight.get(to)! - 1);
    };
    app.transports.set("console", rec);
    await new Scheduler(app).drain();
    expect(rec.sent).toHaveLength(61);
    const at = rec.sent.findIndex((s) => s.to === "ilt");
    expect(at).toBeLessThanOrEqual(1);
    expect(overlap).toBe(0);
    // ben's still arrive in the order they were due (here: queued).
    expect(rec.sent.filter((s) => s.to === "ben")).toHaveLength(60);
  });
});
