// Must-show 3: two scheduler instances (two Apps, as two processes would be) on the same
// database, 1,000 due deliveries, one loopback recording target: every delivery arrives
// exactly once. Duplicates and losses are counted, and both are 0.
import { afterAll, describe, expect, it } from "vitest";
import { Scheduler } from "../../src/scheduler/scheduler.js";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { freshDatabaseUrl, makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { RecordingTransport } from "../support/recording-transport.js";

const N = 1000;

describe.each(PROVIDERS)("two schedulers on one database [%s]", (provider) => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.stop();
  });

  it(`delivers ${N} due rows exactly once between them`, async () => {
    const url = await freshDatabaseUrl(provider);
    const now = "2026-11-02T15:00:00Z";
    const a = await makeApp(provider, { url, now });
    const b = await makeApp(provider, { url, now });
    apps.push(a, b);
    const ws = await ensureWorkspace(a.deps.db, "console", "load", "America/New_York");
    await a.deps.db.delivery.createMany({
      data: Array.from({ length: N }, (_, i) => ({
        workspaceId: ws.id,
        dedupeKey: `load:${i}`,
        dueAt: new Date(Date.parse(now) - (N - i) * 1000),
        targetKind: "channel",
        targetId: "general",
        payload: JSON.stringify({ text: `#${i}` }),
      })),
    });

    // One recording target, like one chat platform both instances post to; each send yields
    // to the event loop so the two instances interleave.
    const received: { n: number; by: string }[] = [];
    for (const [app, name] of [
      [a, "A"],
      [b, "B"],
    ] as const) {
      const rec = new RecordingTransport(app.clock);
      rec.before = async (_k, _to, reply) => {
        await new Promise((r) => setImmediate(r));
        received.push({ n: Number(reply.text!.slice(1)), by: name });
      };
      app.transports.set("console", rec);
    }
    const sa = new Scheduler(a, { batchSize: 50 });
    const sb = new Scheduler(b, { batchSize: 50 });
    await Promise.all([sa.drain(), sb.drain(), sa.drain(), sb.drain()]);

    const counts = new Map<number, number>();
    for (const r of received) counts.set(r.n, (counts.get(r.n) ?? 0) + 1);
    const duplicates = [...counts.values()].reduce((s, c) => s + (c - 1), 0);
    const losses = Array.from({ length: N }, (_, i) => i).filter((i) => !counts.has(i)).length;
    const byA = received.filter((r) => r.by === "A").length;
    console.log(
      `[${provider}] ${N} rows: A sent ${byA}, B sent ${received.length - byA}; duplicates ${duplicates}, losses ${losses}`,
    );
    expect({ duplicates, losses }).toEqual({ duplicates: 0, losses: 0 });
    expect(received).toHaveLength(N);
    // Both instances really took part.
    expect(byA).toBeGreaterThan(0);
    expect(received.length - byA).toBeGreaterThan(0);
    expect(await a.deps.db.delivery.count({ where: { status: "sent" } })).toBe(N);
    expect(await a.deps.db.delivery.count({ where: { NOT: { attempts: 1 } } })).toBe(0);
  });
});
