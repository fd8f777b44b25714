// Copies and series. A copy is a new session with another's title, kind, topics, place, link,
// seats, notes, reminders and gate (never its answers). A series is one announcement repeated
// on the dates of series-dates.ts: each occurrence is its own session with its own card and
// answers, all created with their card posts queued in one transaction; the cards go through
// the outbox, so a channel's posting rate limit only spaces them out.
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../../db/client.js";
import type { Reply } from "../../core/reply.js";
import { shortId } from "../../core/short-id.js";
import { enqueueAll, type Enqueue } from "../outbox.js";
import { cancelIn } from "./lifecycle.js";
import { sessionCard } from "./card.js";
import { CARD_SOURCE, cardKey, cardPostKey, cardRedrawKey } from "./keys.js";
import { wordsKey } from "../../core/words-key.js";
import { offsetsOf, rsvps, sessionData, type Kind, type NewSession, type SessionRow } from "./sessions.js";
import { sessionTopics } from "./topics.js";

/** What a copy takes from its original: everything but when, where it is posted, who made it and its answers. */
export function copyOf(s: SessionRow): Omit<NewSession, "startsAt" | "channelId" | "createdBy" | "timeZone"> {
  return {
    title: s.title,
    kind: s.kind as Kind,
    minutes: s.minutes,
    location: s.location ?? undefined,
    link: s.link ?? undefined,
    capacity: s.capacity ?? undefined,
    notes: s.notes ?? undefined,
    reminderOffsets: offsetsOf(s),
    topics: sessionTopics(s),
    requiresTrained: s.requiresTrained,
  };
}

/** `n` short ids no session of the workspace has (looked up first: a collision would abort the transaction on PostgreSQL). */
async function freshShortIds(db: Tx, workspaceId: string, n: number): Promise<string[]> {
  const ids = new Set<string>();
  for (let round = 0; ids.size < n; round++) {
    const want = new Set<string>();
    while (want.size < n - ids.size) {
      const id = shortId(round < 5 ? 4 : 6);
      if (!ids.has(id)) want.add(id);
    }
    const taken = await db.session.findMany({
      where: { workspaceId, shortId: { in: [...want] } },
      select: { shortId: true },
    });
    for (const id of want) if (!taken.some((t) => t.shortId === id)) ids.add(id);
  }
  return [...ids];
}

/**
 * Creates one session per date (numbered 1 of N), and queues each card's post in the session's
 * channel, in one transaction: all of the series or none of it. `card` renders an occurrence's
 * card as the command posts it (with its repost hints).
 */
export async function createSeries(
  db: Db,
  workspaceId: string,
  base: Omit<NewSession, "startsAt">,
  dates: readonly Date[],
  card: (s: SessionRow) => Omit<Reply, "to">,
  now: Date,
): Promise<SessionRow[]> {
  return db.$transaction(async (tx) => {
    const seriesId = randomUUID();
    const ids = await freshShortIds(tx, workspaceId, dates.length);
    // One statement for every row (a school year of weekly sessions is 52).
    const rows = (
      await tx.session.createManyAndReturn({
        data: dates.map((startsAt, i) => ({
          ...sessionData(workspaceId, ids[i]!, { ...base, startsAt }),
          seriesId,
          seriesIndex: i + 1,
          seriesSize: dates.length,
        })),
      })
    ).sort((a, b) => a.seriesIndex! - b.seriesIndex!);
    await enqueueAll(
      tx,
      rows.map((s, i): Enqueue => ({
        workspaceId,
        dedupeKey: cardPostKey(s),
        // A millisecond apart (the last due now): a channel's rows are sent in due order, so the
        // cards land in series order.
        dueAt: new Date(+now - (rows.length - 1 - i)),
        target: { kind: "channel", id: s.channelId },
        reply: { ...card(s), track: cardKey(s) },
        createdBy: base.createdBy,
        sourceKind: CARD_SOURCE,
        sourceId: s.id,
      })),
    );
    return rows;
  });
}

/**
 * The series already announced with this title and channel whose first occurrence is on
 * `dates[0]` and whose dates agree with `dates` as far as both go (the same repeat), its first
 * not cancelled; undefined when there is none. Announcing it again answers with it.
 */
export async function sameSeries(
  db: Tx,
  workspaceId: string,
  base: Pick<NewSession, "title" | "channelId">,
  dates: readonly Date[],
): Promise<SessionRow[] | undefined> {
  // The title compared as people read it (wordsKey), not in the query: SQLite cannot for every letter.
  const key = wordsKey(base.title);
  const candidates = await db.session.findMany({
    where: {
      workspaceId,
      channelId: base.channelId,
      startsAt: dates[0],
      status: "scheduled",
      seriesIndex: 1,
      seriesId: { not: null },
    },
    orderBy: { createdAt: "asc" },
  });
  const firsts = candidates.filter((f) => wordsKey(f.title) === key);
  for (const f of firsts) {
    const rows = await db.session.findMany({
      where: { workspaceId, seriesId: f.seriesId },
      orderBy: { seriesIndex: "asc" },
    });
    const n = Math.min(rows.length, dates.length);
    if (rows.slice(0, n).every((r, i) => +r.startsAt === +dates[i]!)) return rows;
  }
  return undefined;
}

/**
 * After a series card is posted: if its session changed before the post landed (an answer, an
 * edit, a cancellation made while the card waited in the outbox), the card is redrawn from
 * the database, since those changes found no card to edit.
 */
export async function seriesCardPosted(tx: Tx, sessionId: string, now: Date): Promise<Enqueue | undefined> {
  const s = await tx.session.findUnique({ where: { id: sessionId } });
  if (!s || (s.answerSeq === 0 && s.revision === 0 && s.status === "scheduled")) return undefined;
  return {
    workspaceId: s.workspaceId,
    dedupeKey: cardRedrawKey(s, s.updatedAt),
    dueAt: now,
    target: { kind: "update", id: cardKey(s) },
    reply: sessionCard(s, await rsvps(tx, s.id), now),
  };
}

/** The occurrences of a session's series from it on (itself first); just itself when it is in none. */
export async function restOfSeries(db: Tx, s: SessionRow): Promise<SessionRow[]> {
  if (!s.seriesId || s.seriesIndex === null) return [s];
  return db.session.findMany({
    where: { workspaceId: s.workspaceId, seriesId: s.seriesId, seriesIndex: { gte: s.seriesIndex } },
    orderBy: { seriesIndex: "asc" },
  });
}

export interface SeriesCancel {
  /** Cancelled now, in series order. */
  cancelled: SessionRow[];
  /** Cancelled before (nothing changed, nobody told again). */
  already: SessionRow[];
  /** People told by DM, over all of them. */
  told: number;
}

/** Cancels `s` and the later occurrences of its series (earlier ones stay), in one transaction; safe to repeat. */
export async function cancelSeriesFrom(
  db: Db,
  s: SessionRow,
  reason: string | undefined,
  by: string,
  now: Date,
): Promise<SeriesCancel> {
  return db.$transaction(async (tx) => {
    const out: SeriesCancel = { cancelled: [], already: [], told: 0 };
    for (const o of await restOfSeries(tx, s)) {
      const r = await cancelIn(tx, o, reason, by, now);
      (r.already ? out.already : out.cancelled).push(r.session);
      out.told += r.told;
    }
    return out;
  });
}
