import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { memoryHelper, releaseAfterFullGc } from "../../src/runtime/memory.js";

setFlagsFromString("--expose-gc");
const fullGc = runInNewContext("gc") as () => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  for (let waited = 0; !check() && waited < ms; waited += 20) await sleep(20);
}

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

describe("memory release", () => {
  it("npm install builds the helper, and on glibc it gives freed memory back", async () => {
    const helper = memoryHelper();
    // CI installs from scratch with npm ci, which runs scripts/build-native.mjs.
    expect(helper, "native/memory/build/Release/memory.node is missing: run npm install").toBeDefined();
    // Freed between live allocations: glibc keeps these pages until it is asked.
    const kept: Buffer[] = [];
    for (let i = 0; i < 2_000; i++) {
      const b = Buffer.allocUnsafeSlow(16 * 1024);
      if (i % 50 === 0) kept.push(b);
    }
    fullGc();
    await sleep(100); // V8 frees buffers' memory on a background thread after the GC
    const glibc = Boolean(
      (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime,
    );
    expect(helper!.release()).toBe(glibc);
    expect(kept).toHaveLength(40);
  });

  it("refuses an arena limit below one", () => {
    const helper = memoryHelper()!;
    expect(helper.limitArenas(0)).toBe(false);
    expect(helper.limitArenas(-3)).toBe(false);
    expect(helper.limitArenas(8)).toBe(true);
  });

  it("releases once at start, then after each full GC, no sooner than asked and at most once per interval", async () => {
    const times: number[] = [];
    // Timers run on the event loop's clock, read once per turn: start on a fresh turn, and
    // allow 10 ms for that clock's lag behind performance.now().
    await sleep(1);
    const t0 = performance.now();
    stops.push(releaseAfterFullGc(() => times.push(performance.now() - t0), { afterMs: 100, everyMs: 400 }));
    await until(() => times.length > 0);
    expect(times[0]).toBeGreaterThanOrEqual(90);

    // A full GC right after the first release waits for the interval.
    fullGc();
    await until(() => times.length > 1);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(390);
  });

  it("does nothing once stopped", async () => {
    let calls = 0;
    const stop = releaseAfterFullGc(() => calls++, { afterMs: 10, everyMs: 10 });
    stop();
    fullGc();
    await sleep(200);
    expect(calls).toBe(0);
  });
});
