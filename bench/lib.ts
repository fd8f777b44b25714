// Small helpers for benchmarks: percentiles, timing, and the Markdown table they print.

export interface Row {
  benchmark: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
    n: s.length,
  };
}

export const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + " ms";
export const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) + "x" : "n/a");

export function table(rows: Row[]): string {
  const head =
    "| benchmark | figure | baseline (same run) | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |";
  return [
    head,
    ...rows.map(
      (r) =>
        `| ${r.benchmark} | ${r.figure} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === undefined ? "—" : r.met ? "yes" : "**no**"} |`,
    ),
  ].join("\n");
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}
