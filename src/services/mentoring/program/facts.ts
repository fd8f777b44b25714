// What the program's reports read: pairs (who with whom, when) and each entry's day, minutes,
// topics, pair and confirmation state. Never content: this module does not select the
// encrypted columns (a typed mentee name, notes), so nothing it returns can carry them.
import type { Tx } from "../../../db/client.js";
import { dateToDay, dayToDate } from "../../school-year.js";

/** A period of calendar days, both included (YYYY-MM-DD). */
export interface Days {
  from: string;
  to: string;
}

/** The next calendar day: the exclusive end of a period in queries. */
export const nextDay = (day: string): string => dateToDay(new Date(dayToDate(day).getTime() + 86_400_000));

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export const daysBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((dayToDate(to).getTime() - dayToDate(from).getTime()) / 86_400_000) + 1);

export interface ProgramPair {
  id: string;
  shortId: string;
  mentorId: string;
  /** A member mentee; undefined for a name typed by the mentor (never read here). */
  menteeUserId?: string;
  from: string;
  /** Last day, included; undefined while open-ended. */
  to?: string;
}

/** Pairs that run on at least one day of the period (all of them without one), oldest first. */
export async function programPairs(db: Tx, workspaceId: string, period?: Days): Promise<ProgramPair[]> {
  const rows = await db.mentorPair.findMany({
    where: {
      workspaceId,
      ...(period
        ? {
            startsOn: { lte: dayToDate(period.to) },
            OR: [{ endsOn: null }, { endsOn: { gte: dayToDate(period.from) } }],
          }
        : {}),
    },
    select: { id: true, shortId: true, mentorId: true, menteeUserId: true, startsOn: true, endsOn: true },
    orderBy: [{ mentorId: "asc" }, { startsOn: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    shortId: r.shortId,
    mentorId: r.mentorId,
    menteeUserId: r.menteeUserId ?? undefined,
    from: dateToDay(r.startsOn),
    to: r.endsOn ? dateToDay(r.endsOn) : undefined,
  }));
}

/** Where an entry's mentee stands on it: they confirmed it, said it was not right, were asked, or never asked. */
export type Confirmation = "confirmed" | "disputed" | "asked" | "none";

/**
 * The state of each entry's current confirmation request (the one not superseded by an edit),
 * read straight from MentorConfirmation: one query for the workspace (or its mentors), not one
 * per entry.
 */
export async function confirmationOf(
  db: Tx,
  workspaceId: string,
  mentorIds?: readonly string[],
): Promise<Map<string, Confirmation>> {
  const rows = await db.mentorConfirmation.findMany({
    where: {
      workspaceId,
      status: { in: ["confirmed", "disputed", "asked"] },
      ...(mentorIds ? { mentorId: { in: [...mentorIds] } } : {}),
    },
    select: { entryId: true, status: true },
  });
  return new Map(rows.map((r) => [r.entryId, r.status as Confirmation]));
}

export interface EntryFact {
  id: string;
  mentorId: string;
  pairId?: string;
  day: string;
  minutes: number;
  topics: string[];
  confirmation: Confirmation;
}

/** The entries of a period (and of some pairs or mentors), oldest first, with their confirmation state. */
export async function entryFacts(
  db: Tx,
  q: {
    workspaceId: string;
    period?: Days;
    pairIds?: readonly string[];
    mentorIds?: readonly string[];
    /** Read each entry's topics too (a mentee's log shows them; sums do not need them). */
    topics?: boolean;
  },
): Promise<EntryFact[]> {
  if (q.pairIds && !q.pairIds.length) return [];
  const rows = await db.mentorEntry.findMany({
    where: {
      workspaceId: q.workspaceId,
      ...(q.period ? { occurredOn: { gte: dayToDate(q.period.from), lt: dayToDate(nextDay(q.period.to)) } } : {}),
      ...(q.pairIds ? { pairId: { in: [...q.pairIds] } } : {}),
      ...(q.mentorIds ? { mentorId: { in: [...q.mentorIds] } } : {}),
    },
    select: {
      id: true,
      mentorId: true,
      pairId: true,
      occurredOn: true,
      minutes: true,
    },
    orderBy: [{ occurredOn: "asc" }, { createdAt: "asc" }],
  });
  const states = await confirmationOf(
    db,
    q.workspaceId,
    q.pairIds ? [...new Set(rows.map((r) => r.mentorId))] : q.mentorIds,
  );
  const topics = new Map<string, string[]>();
  if (q.topics)
    for (let i = 0; i < rows.length; i += 500) {
      const part = await db.mentorTopic.findMany({
        where: { entryId: { in: rows.slice(i, i + 500).map((r) => r.id) } },
        select: { entryId: true, topic: true },
        orderBy: { id: "asc" },
      });
      for (const t of part) topics.set(t.entryId, [...(topics.get(t.entryId) ?? []), t.topic]);
    }
  return rows.map((r) => ({
    id: r.id,
    mentorId: r.mentorId,
    pairId: r.pairId ?? undefined,
    day: dateToDay(r.occurredOn),
    minutes: r.minutes,
    topics: topics.get(r.id) ?? [],
    confirmation: states.get(r.id) ?? "none",
  }));
}

/** Minutes logged and how many of them the mentee confirmed (everything else is unconfirmed). */
export interface Tally {
  minutes: number;
  confirmed: number;
  entries: number;
}

export const emptyTally = (): Tally => ({ minutes: 0, confirmed: 0, entries: 0 });

export function addTo(t: Tally, e: EntryFact): Tally {
  t.minutes += e.minutes;
  t.entries += 1;
  if (e.confirmation === "confirmed") t.confirmed += e.minutes;
  return t;
}

/** Tallies by a key of each entry (mentor, pair), entries without a key left out. */
export function tallyBy(entries: readonly EntryFact[], key: (e: EntryFact) => string | undefined): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const e of entries) {
    const k = key(e);
    if (k === undefined) continue;
    out.set(k, addTo(out.get(k) ?? emptyTally(), e));
  }
  return out;
}
