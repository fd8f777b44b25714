// "Did you mean …?" for mistyped option and subcommand names.
import { distance } from "fastest-levenshtein";

/**
 * The candidate a typo most likely meant: within two edits (a dropped, doubled, swapped or
 * wrong letter or two), or the only candidate it starts with. Undefined when none is close.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  const prefixed = candidates.filter((c) => t.length >= 3 && c.startsWith(t));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = distance(t, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}
