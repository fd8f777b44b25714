// Pace: each pair's weekly average over the days it has run in a period, against the program's
// hours a week. A pair younger than a week is "new" (too soon to say); one below the pace is
// "behind". Hours only, from the entries logged under the pair.
import type { Tx } from "../../../db/client.js";
import { daysBetween, entryFacts, programPairs, type Days, type ProgramPair } from "./facts.js";

export type PaceState = "behind" | "on-pace" | "new";

export interface PaceRow {
  pair: ProgramPair;
  /** The days of the period the pair ran, up to today. */
  window: Days;
  weeks: number;
  minutes: number;
  /** Hours a week. */
  perWeek: number;
  state: PaceState;
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/** Behind first (slowest first), then on pace, then new; pairs not yet started are left out. */
export async function paceReport(
  db: Tx,
  q: { workspaceId: string; period: Days; today: string; paceHours: number; mentorId?: string },
): Promise<PaceRow[]> {
  const upTo = earlier(q.period.to, q.today);
  const pairs = (await programPairs(db, q.workspaceId, { from: q.period.from, to: upTo })).filter(
    (p) => !q.mentorId || p.mentorId === q.mentorId,
  );
  const facts = await entryFacts(db, {
    workspaceId: q.workspaceId,
    period: { from: q.period.from, to: upTo },
    pairIds: pairs.map((p) => p.id),
  });
  const order: Record<PaceState, number> = { behind: 0, "on-pace": 1, new: 2 };
  return pairs
    .map((pair) => {
      const window = { from: later(pair.from, q.period.from), to: earlier(pair.to ?? upTo, upTo) };
      const days = daysBetween(window.from, window.to);
      const minutes = facts
        .filter((e) => e.pairId === pair.id && e.day >= window.from && e.day <= window.to)
        .reduce((n, e) => n + e.minutes, 0);
      const weeks = days / 7;
      const perWeek = weeks ? minutes / 60 / weeks : 0;
      const state: PaceState = days < 7 ? "new" : perWeek + 1e-9 < q.paceHours ? "behind" : "on-pace";
      return { pair, window, weeks, minutes, perWeek, state };
    })
    .filter((r) => r.window.from <= r.window.to)
    .sort(
      (a, b) =>
        order[a.state] - order[b.state] || a.perWeek - b.perWeek || a.pair.shortId.localeCompare(b.pair.shortId),
    );
}
