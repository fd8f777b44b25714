// Must-show 4: a cadre process killed with SIGKILL in the middle of a batch, then started
// again: nothing is lost. The duplicates it can cause are measured: exactly the deliveries
// the platform had accepted whose rows were not yet marked sent when the process died (the
// at-least-once window between "send" and "mark sent"), at most `concurrency` (8) of them.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureWorkspace } from "../../src/services/workspaces.js";
import { freshDatabaseUrl, makeApp, PROVIDERS, testKey } from "../support/app.js";

const root = join(import.meta.dirname, "..", "..");
const N = 300;
const CONCURRENCY = 8; // the Scheduler's default
const NOW = "2026-11-02T15:00:00Z";
const LEASE_MS = 60_000;

const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

/**
 * The script under node with tsx's loader (one process, no npx or tsx wrapper to start), in
 * its own process group: a SIGKILL goes to the whole group, so no helper outlives it.
 */
function child(env: Record<string, string>) {
  const p = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(root, "test", "support", "scheduler-child.ts")],
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let stderr = "";
  p.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    p.once("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  const killGroup = () => {
    try {
      process.kill(-p.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  return { p, exited, killGroup };
}

describe.each(PROVIDERS)("SIGKILL in the middle of a batch [%s]", (provider) => {
  it("loses nothing; re-sends only what was in flight", async () => {
    const url = await freshDatabaseUrl(provider);
    const seed = await makeApp(provider, { url, now: NOW });
    const ws = await ensureWorkspace(seed.deps.db, "console", "crash", "America/New_York");
    await seed.deps.db.delivery.createMany({
      data: Array.from({ length: N }, (_, i) => ({
        workspaceId: ws.id,
        dedupeKey: `crash:${i}`,
        dueAt: new Date(Date.parse(NOW) - (N - i) * 1000),
        targetKind: "channel",
        targetId: "general",
        payload: JSON.stringify({ text: `#${i}` }),
      })),
    });
    const out = join(mkdtempSync(join(tmpdir(), "cadre-crash-")), "received.txt");
    const env = {
      CHILD_DB: url,
      CHILD_OUT: out,
      CHILD_KEY: testKey.toString("base64"),
      CHILD_DELAY_MS: "40",
      CHILD_BATCH: "100",
      CHILD_LEASE_MS: String(LEASE_MS),
    };

    // First run: killed once 130 messages are out, i.e. inside its second batch of 100.
    const first = child({ ...env, CHILD_NOW: NOW });
    try {
      for (let i = 0; lines(out).length < 130; i++) {
        if (first.p.exitCode !== null || i > 3000)
          throw new Error(
            `the child stopped or never got going: ${first.p.exitCode !== null ? (await first.exited).stderr.slice(-2000) : "timeout"}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      first.killGroup();
    }
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    const receivedBeforeKill = lines(out).length;
    const markedBeforeKill = await seed.deps.db.delivery.count({ where: { status: "sent" } });
    const claimedUnsent = await seed.deps.db.delivery.count({ where: { status: "pending", NOT: { claimedBy: null } } });
    const inFlight = receivedBeforeKill - markedBeforeKill; // the platform has them; their rows say "not sent"

    expect(receivedBeforeKill).toBeLessThan(N);

    // Second run, after the dead process's leases have expired.
    const second = child({ ...env, CHILD_NOW: new Date(Date.parse(NOW) + LEASE_MS + 1000).toISOString() });
    const done = await Promise.race([
      second.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => (second.killGroup(), reject(new Error("restarted child did not finish"))), 40_000),
      ),
    ]);
    expect(done.code, done.stderr).toBe(0);

    const all = lines(out);

    const counts = new Map<string, number>();
    for (const l of all) counts.set(l, (counts.get(l) ?? 0) + 1);
    const losses = Array.from({ length: N }, (_, i) => `#${i}`).filter((m) => !counts.has(m)).length;
    const duplicates = all.length - counts.size;
    console.log(
      `[${provider}] killed after ${receivedBeforeKill} of ${N} received, ${markedBeforeKill} marked sent, ${claimedUnsent} claimed but not marked; ` +
        `after restart: losses ${losses}, duplicates ${duplicates} (in flight at the kill: ${inFlight})`,
    );
    expect(losses).toBe(0);
    expect(duplicates).toBe(inFlight);
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    expect(await seed.deps.db.delivery.count({ where: { status: "sent" } })).toBe(N);
    await seed.stop();
  }, 60_000);
});
