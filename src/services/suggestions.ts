// Suggestions while someone types an id (sessions, agenda items, reminders): what the person
// may act on, matched against what was typed. Each feature's own read lives with its service;
// the adapter that offers them (Discord autocomplete) only fits them to its limits.
import type { Tx } from "../db/client.js";

export interface Suggestion {
  /** What the person sees, e.g. "7K2Q · Scoring training · Dec 3, 9:00 AM". */
  name: string;
  /** What is filled in, e.g. "7K2Q". */
  value: string;
}

export interface SuggestionQuery {
  /** cadre's workspace row id (undefined when the workspace has never used cadre: nothing to suggest). */
  workspaceId?: string;
  timeZone: string;
  userId: string;
  /** The channel they are typing in; undefined in a DM. */
  channelId?: string;
  /** What has been typed so far. */
  typed: string;
  now: Date;
}

/** Does any of the texts contain what was typed (case-insensitive; a reminder's "R-" prefix is ignored)? Nothing typed matches all. */
export function matchesTyped(typed: string, ...texts: (string | null | undefined)[]): boolean {
  const t = typed.trim().toLowerCase().replace(/^r-/, "");
  return !t || texts.some((x) => x?.toLowerCase().includes(t));
}

/** Open items on the agendas of teams this person is on, earliest meeting first. */
export async function agendaItemSuggestions(db: Tx, q: SuggestionQuery): Promise<Suggestion[]> {
  if (!q.workspaceId) return [];
  const teams = await db.teamMember.findMany({
    where: { userId: q.userId, team: { workspaceId: q.workspaceId } },
    select: { teamId: true },
  });
  if (!teams.length) return [];
  const rows = await db.agendaItem.findMany({
    where: {
      workspaceId: q.workspaceId,
      status: "open",
      meeting: { teamId: { in: teams.map((t) => t.teamId) }, status: { not: "closed" } },
    },
    orderBy: [{ meeting: { startsAt: "asc" } }, { position: "asc" }],
    take: 100,
    select: { shortId: true, text: true },
  });
  return rows
    .filter((r) => matchesTyped(q.typed, r.shortId, r.text))
    .map((r) => ({ name: `${r.shortId} · ${r.text}`, value: r.shortId }));
}
