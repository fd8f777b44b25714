// Sessions: scoring trainings, PD, ILT meetings and study groups, announced to a channel.
import { emptySql, sql, sqlTimestamp, type Db, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
import { UserError } from "../../core/errors.js";
import { wordsKey } from "../../core/words-key.js";
import { formatInZone } from "../../core/rich.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { pageOf, type Page } from "../../core/paging.js";
import { matchesTyped, type Suggestion, type SuggestionQuery } from "../suggestions.js";

export type SessionRow = NonNullable<Awaited<ReturnType<Db["session"]["findFirst"]>>>;
export type RsvpRow = NonNullable<Awaited<ReturnType<Db["rsvp"]["findFirst"]>>>;

export const KINDS = ["scoring-training", "scoring-day", "pd", "ilt", "study-group", "other"] as const;
export type Kind = (typeof KINDS)[number];
export const KIND_LABEL: Record<string, string> = {
  "scoring-training": "Scoring training",
  "scoring-day": "Scoring day",
  pd: "Professional development",
  ilt: "ILT meeting",
  "study-group": "Study group",
  other: "Session",
};
/** Minutes when no length is given. */
export const DEFAULT_MINUTES: Record<string, number> = {
  "scoring-training": 180,
  "scoring-day": 360,
  pd: 180,
  ilt: 90,
  "study-group": 60,
  other: 60,
};

export interface NewSession {
  title: string;
  kind: Kind;
  startsAt: Date;
  minutes: number;
  timeZone: string;
  location?: string;
  link?: string;
  channelId: string;
  capacity?: number;
  notes?: string;
  reminderOffsets: number[];
  /** From the workspace's PD topic list (topics.ts). */
  topics?: string[];
  /** Going only for people trained to score this school year (scorer-gate.ts). */
  requiresTrained?: boolean;
  createdBy: string;
}

/** The columns of a new session row. */
export const sessionData = (workspaceId: string, shortId: string, s: NewSession) => ({
  workspaceId,
  shortId,
  ...s,
  reminderOffsets: s.reminderOffsets.join(","),
  topics: JSON.stringify(s.topics ?? []),
});

export async function createSession(db: Tx, workspaceId: string, s: NewSession): Promise<SessionRow> {
  return withShortId((shortId) => db.session.create({ data: sessionData(workspaceId, shortId, s) }));
}

/**
 * A scheduled session with this title (compared as wordsKey reads it), start and channel:
 * announcing it again is a repeat of the first announcement (answered with it), not a second
 * session. The title is compared here, not in the query: SQLite has no case-insensitive match
 * for every letter, and the sessions at one start in one channel are few.
 */
export async function sameSession(
  db: Tx,
  workspaceId: string,
  s: Pick<NewSession, "title" | "startsAt" | "channelId">,
): Promise<SessionRow | undefined> {
  const rows = await db.session.findMany({
    where: { workspaceId, startsAt: s.startsAt, channelId: s.channelId, status: "scheduled" },
    orderBy: { createdAt: "asc" },
  });
  const key = wordsKey(s.title);
  return rows.find((r) => wordsKey(r.title) === key);
}

export async function findSession(db: Tx, workspaceId: string, id: string, example: string): Promise<SessionRow> {
  const s = await db.session.findFirst({ where: { workspaceId, shortId: normalizeShortId(id) } });
  if (!s) throw noSuchSession(id, example);
  return s;
}

export const noSuchSession = (id: string, example: string): UserError =>
  new UserError(
    `There is no session ${id.toUpperCase()} here. Ids are shown on each announcement and in /session list.`,
    example,
    "id",
  );

/** The longest session is 12 h: one that started less than that ago may still be running. */
const LONGEST_MS = 12 * 3_600_000;

/** Scheduled sessions that started less than 12 h ago or are still ahead, soonest first (ended ones are the caller's to drop). */
export async function upcomingSessions(
  db: Tx,
  q: {
    workspaceId: string;
    now: Date;
    /** Only this channel's. */
    channelId?: string;
    /**
     * Only what this person may know of (see sessionsVisibleTo): sessions of the channel they are
     * in (`here`), and those they announced or answered.
     */
    visibleTo?: { userId: string; here?: string };
    /** At most this many; all when left out. */
    take?: number;
  },
): Promise<SessionRow[]> {
  // Hand-written: the hottest read of all (/session list, suggestions), and Prisma's building
  // of this query cost more than running it.
  const v = q.visibleTo;
  const channel = q.channelId === undefined ? emptySql : sql`AND s."channelId" = ${q.channelId}`;
  const visible = v
    ? sql`AND (${v.here ? sql`s."channelId" = ${v.here} OR ` : emptySql}s."createdBy" = ${v.userId}
        OR EXISTS (SELECT 1 FROM "Rsvp" r WHERE r."sessionId" = s."id" AND r."userId" = ${v.userId}))`
    : emptySql;
  const limit = q.take === undefined ? emptySql : sql`LIMIT ${q.take}`;
  return queryRows<SessionRow[]>(
    db,
    sql`SELECT s.* FROM "Session" s
    WHERE s."workspaceId" = ${q.workspaceId} AND s."status" = 'scheduled'
      AND s."startsAt" >= ${sqlTimestamp(db, new Date(q.now.getTime() - LONGEST_MS))} ${channel} ${visible}
    ORDER BY s."startsAt" ASC ${limit}`,
  );
}

/**
 * Upcoming (and just-started) sessions by id or title, soonest first; only those /session list
 * all:yes shows the person (this channel's, and those they announced or answered).
 */
export async function sessionSuggestions(db: Tx, q: SuggestionQuery): Promise<Suggestion[]> {
  if (!q.workspaceId) return [];
  const rows = await upcomingSessions(db, {
    workspaceId: q.workspaceId,
    now: q.now,
    visibleTo: { userId: q.userId, here: q.channelId },
    take: 100,
  });
  return rows
    .filter((s) => matchesTyped(q.typed, s.shortId, s.title))
    .map((s) => ({
      name: `${s.shortId} · ${s.title} · ${formatInZone(s.startsAt, q.timeZone, "short")}`,
      value: s.shortId,
    }));
}

export const endOf = (s: Pick<SessionRow, "startsAt" | "minutes">): Date =>
  new Date(s.startsAt.getTime() + s.minutes * 60_000);
/**
 * One page of the sessions not yet over, soonest first. Ended ones are dropped before paging
 * (a session's end is its start plus its minutes, which the query cannot compare), so the
 * count and the pages agree.
 */
export async function upcomingSessionsPage(
  db: Tx,
  q: Omit<Parameters<typeof upcomingSessions>[1], "take">,
  page: number,
): Promise<Page<SessionRow>> {
  const rows = await upcomingSessions(db, q);
  return pageOf(
    rows.filter((s) => endOf(s) > q.now),
    page,
  );
}

export const offsetsOf = (s: Pick<SessionRow, "reminderOffsets">): number[] =>
  s.reminderOffsets
    .split(",")
    .filter(Boolean)
    .map(Number)
    .filter((n) => n > 0);

export async function rsvps(db: Tx, sessionId: string): Promise<RsvpRow[]> {
  return db.rsvp.findMany({ where: { sessionId }, orderBy: [{ seq: "asc" }, { answeredAt: "asc" }] });
}

/** Answers by kind; someone on the waitlist who checked in came, so is no longer waiting. */
export function counts(rows: RsvpRow[]): {
  going: number;
  maybe: number;
  no: number;
  waitlist: number;
  cameFromWaitlist: number;
} {
  const c = { going: 0, maybe: 0, no: 0, waitlist: 0, cameFromWaitlist: 0 };
  for (const r of rows)
    if (r.answer === "waitlist" && r.checkedInAt) c.cameFromWaitlist++;
    else if (r.answer in c) c[r.answer as "going" | "maybe" | "no" | "waitlist"]++;
  return c;
}
