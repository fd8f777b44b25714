// Suggestions while someone types an id (sessions, agenda items, reminders). Small reads,
// each tolerant of a feature whose tables are missing or empty: a failed suggestion list is
// an empty one, never an error. Only things the person may act on are offered.
import { formatInZone } from "../../core/rich.js";
import type { Choice } from "../../core/options.js";
import type { Tx } from "../../db/client.js";
import { clip, LIMITS } from "./limits.js";

export interface Suggestion {
  name: string;
  value: string;
}

export interface AutocompleteQuery {
  db: Tx;
  /** cadre's workspace row id (undefined when the server has never used cadre). */
  workspaceId?: string;
  timeZone: string;
  userId: string;
  /** What has been typed so far. */
  typed: string;
  now: Date;
}

type Source = (q: AutocompleteQuery) => Promise<Suggestion[]>;

const matches = (typed: string, ...texts: (string | null | undefined)[]) => {
  const t = typed.trim().toLowerCase().replace(/^r-/, "");
  return !t || texts.some((x) => x?.toLowerCase().includes(t));
};

const one = (name: string, value: string): Suggestion => ({
  name: clip(name.replace(/\s+/g, " "), LIMITS.choiceName),
  value: value.slice(0, LIMITS.choiceValue),
});

/** Upcoming (and just-started) sessions, soonest first. */
export const sessions: Source = async (q) => {
  if (!q.workspaceId) return [];
  const rows = await q.db.session.findMany({
    where: {
      workspaceId: q.workspaceId,
      status: "scheduled",
      startsAt: { gte: new Date(q.now.getTime() - 12 * 3_600_000) },
    },
    orderBy: { startsAt: "asc" },
    take: 100,
    select: { shortId: true, title: true, startsAt: true },
  });
  return rows
    .filter((s) => matches(q.typed, s.shortId, s.title))
    .map((s) => one(`${s.shortId} · ${s.title} · ${formatInZone(s.startsAt, q.timeZone, "short")}`, s.shortId));
};

/** Open items on the agendas of teams this person is on. */
export const agendaItems: Source = async (q) => {
  if (!q.workspaceId) return [];
  const teams = await q.db.teamMember.findMany({
    where: { userId: q.userId, team: { workspaceId: q.workspaceId } },
    select: { teamId: true },
  });
  if (!teams.length) return [];
  const rows = await q.db.agendaItem.findMany({
    where: {
      workspaceId: q.workspaceId,
      status: "open",
      meeting: { teamId: { in: teams.map((t) => t.teamId) }, status: { not: "closed" } },
    },
    orderBy: [{ meeting: { startsAt: "asc" } }, { position: "asc" }],
    take: 100,
    select: { shortId: true, text: true },
  });
  return rows.filter((r) => matches(q.typed, r.shortId, r.text)).map((r) => one(`${r.shortId} · ${r.text}`, r.shortId));
};

/** This person's own active reminders. */
export const reminders: Source = async (q) => {
  if (!q.workspaceId) return [];
  const rows = await q.db.reminder.findMany({
    where: { workspaceId: q.workspaceId, creatorId: q.userId, status: "active" },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { shortId: true, text: true, phrase: true },
  });
  return rows
    .filter((r) => matches(q.typed, r.shortId, r.text))
    .map((r) => one(`R-${r.shortId} · ${r.text} · ${r.phrase}`, `R-${r.shortId}`));
};

export const SOURCES: Record<string, Source> = { session: sessions, "agenda-item": agendaItems, reminder: reminders };

/** A choice list too long for Discord's 25 fixed choices, filtered by what was typed. */
export function choiceSuggestions(choices: readonly Choice[], typed: string): Suggestion[] {
  return choices.filter((c) => matches(typed, c.value, c.label)).map((c) => one(c.label, c.value));
}

/** Suggestions for a named source; unknown sources and read failures give none. */
export async function suggest(
  source: string,
  q: AutocompleteQuery,
  onError?: (e: unknown) => void,
): Promise<Suggestion[]> {
  const fn = Object.hasOwn(SOURCES, source) ? SOURCES[source] : undefined;
  if (!fn) return [];
  try {
    return (await fn(q)).slice(0, LIMITS.autocompleteChoices);
  } catch (e) {
    onError?.(e);
    return [];
  }
}
