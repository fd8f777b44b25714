// Memory the C allocator keeps after a burst, given back to the system. After a busy period
// (10,000 + 10,000 commands in the memory bench) V8 shrinks its heap within a minute of idle,
// but glibc keeps 10-30 MB more: it returns freed memory on its own only from the top of each
// of its heaps, and threads get heaps (arenas) of their own. native/memory (built by
// `npm install`) makes the two calls Node does not expose; without it nothing here happens.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PerformanceObserver, constants, type PerformanceEntry } from "node:perf_hooks";
import { projectRoot } from "../config/project-root.js";

export interface MemoryHelper {
  /** malloc_trim(0): gives free pages back; true if any were. */
  release(): boolean;
  /** At most `n` allocator arenas for threads that have none yet. */
  limitArenas(n: number): boolean;
}

let helper: MemoryHelper | null | undefined;

/** The built helper in the project folder, or undefined when it was not built. */
export function memoryHelper(): MemoryHelper | undefined {
  if (helper === undefined) {
    helper = null;
    const file = join(projectRoot(), "native", "memory", "build", "Release", "memory.node");
    try {
      if (existsSync(file)) helper = createRequire(import.meta.url)(file) as MemoryHelper;
    } catch {
      // built for another Node or machine: run without it
    }
  }
  return helper ?? undefined;
}

export interface ReleaseTiming {
  /** How long after a full GC to release: V8 frees what the GC found over the next moments. */
  afterMs: number;
  /** At most one release this often (each walks the allocator's free lists: ~4 ms here). */
  everyMs: number;
}

export const RELEASE_TIMING: ReleaseTiming = { afterMs: 1_000, everyMs: 10_000 };

const isFullGc = (e: PerformanceEntry) =>
  (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;

/**
 * Calls `release` once soon after it is called (start-up's own garbage: cadre calls it at
 * ready), then after each full GC, paced by `timing`. V8's own idle shrinking is a full GC, so
 * a burst's memory goes back soon after V8 gives back its heap. Returns a stop function.
 */
export function releaseAfterFullGc(release: () => unknown, timing: ReleaseTiming = RELEASE_TIMING): () => void {
  let last = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (timer) return;
    const wait = Math.max(timing.afterMs, last + timing.everyMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      last = performance.now();
      release();
    }, wait);
    timer.unref();
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some(isFullGc)) schedule();
  });
  observer.observe({ entryTypes: ["gc"] });
  schedule();
  return () => {
    observer.disconnect();
    clearTimeout(timer);
    timer = undefined;
  };
}
