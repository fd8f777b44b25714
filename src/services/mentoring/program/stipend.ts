// Stipend eligibility: hours per mentor in a period against the contract's threshold, the
// mentee-confirmed part apart, and a CSV payroll can use. Everyone who logged in the period and
// every holder of the mentor role is listed (at 0 h when they logged nothing). Hours only.
import { hoursNumber } from "../../../core/duration.js";
import type { Tx } from "../../../db/client.js";
import { toCsv } from "../../csv.js";
import { entryFacts, tallyBy, type Days } from "./facts.js";

export interface StipendRow {
  mentorId: string;
  minutes: number;
  confirmed: number;
  /** Logged in the period and not confirmed by a mentee (not asked, waiting, or said not right). */
  unconfirmed: number;
  /** Logged hours reached the threshold. */
  eligible: boolean;
  mentorRole: boolean;
}

export interface Stipend {
  rows: StipendRow[];
  thresholdMinutes: number;
  eligible: number;
}

/** Most hours first; eligibility counts every hour logged in the period, confirmed or not. */
export async function stipendReport(
  db: Tx,
  q: { workspaceId: string; period: Days; thresholdHours: number; mentorRole: readonly string[] },
): Promise<Stipend> {
  const facts = await entryFacts(db, { workspaceId: q.workspaceId, period: q.period });
  const byMentor = tallyBy(facts, (e) => e.mentorId);
  for (const id of q.mentorRole) if (!byMentor.has(id)) byMentor.set(id, { minutes: 0, confirmed: 0, entries: 0 });
  const thresholdMinutes = Math.round(q.thresholdHours * 60);
  const rows = [...byMentor]
    .map(([mentorId, t]) => ({
      mentorId,
      minutes: t.minutes,
      confirmed: t.confirmed,
      unconfirmed: t.minutes - t.confirmed,
      eligible: t.minutes >= thresholdMinutes,
      mentorRole: q.mentorRole.includes(mentorId),
    }))
    .sort((a, b) => b.minutes - a.minutes || a.mentorId.localeCompare(b.mentorId));
  return { rows, thresholdMinutes, eligible: rows.filter((r) => r.eligible).length };
}

export function stipendCsv(rows: readonly StipendRow[], names: Map<string, string>): string {
  return toCsv(
    ["mentor", "platform user id", "hours confirmed", "hours unconfirmed", "hours", "eligible"],
    rows.map((r) => [
      names.get(r.mentorId) ?? r.mentorId,
      r.mentorId,
      hoursNumber(r.confirmed),
      hoursNumber(r.unconfirmed),
      hoursNumber(r.minutes),
      r.eligible ? "yes" : "no",
    ]),
  );
}
