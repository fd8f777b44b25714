// Completion per pair: every hour logged under the pair (its whole length, not only the period)
// against the mentee goal. Complete, in progress or not started; the program sees completion,
// never content. The confirmed part is counted apart.
import type { Tx } from "../../../db/client.js";
import { emptyTally, entryFacts, programPairs, tallyBy, type Days, type ProgramPair, type Tally } from "./facts.js";

export type CompletionState = "complete" | "in-progress" | "not-started";

export interface CompletionRow {
  pair: ProgramPair;
  tally: Tally;
  state: CompletionState;
}

export const completionState = (minutes: number, goalMinutes: number): CompletionState =>
  minutes <= 0 ? "not-started" : minutes >= goalMinutes ? "complete" : "in-progress";

/** The pairs that run in the period, complete first, then in progress (most hours first), then not started. */
export async function completionReport(
  db: Tx,
  q: { workspaceId: string; period: Days; goalHours: number },
): Promise<CompletionRow[]> {
  const pairs = await programPairs(db, q.workspaceId, q.period);
  const byPair = tallyBy(
    await entryFacts(db, { workspaceId: q.workspaceId, pairIds: pairs.map((p) => p.id) }),
    (e) => e.pairId,
  );
  const goal = Math.round(q.goalHours * 60);
  const order: Record<CompletionState, number> = { complete: 0, "in-progress": 1, "not-started": 2 };
  return pairs
    .map((pair) => {
      const tally = byPair.get(pair.id) ?? emptyTally();
      return { pair, tally, state: completionState(tally.minutes, goal) };
    })
    .sort(
      (a, b) =>
        order[a.state] - order[b.state] ||
        b.tally.minutes - a.tally.minutes ||
        a.pair.shortId.localeCompare(b.pair.shortId),
    );
}
