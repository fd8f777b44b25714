// Mentoring pairs: a coordinator matches a mentor with a mentee for a period (from, and an
// optional last day). The mentee is a member, or a name typed for someone not on the platform;
// a typed name is encrypted under the mentor's associated data like an entry's mentee, so only
// the mentor ever reads it (coordinators see "a mentee not on <platform>").
import { DateTime } from "luxon";
import type { Db, Tx } from "../../db/client.js";
import type { Keyring } from "../../core/keyring.js";
import { UserError } from "../../core/errors.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { parseWhen } from "../../core/when.js";
import { userMention } from "../../core/text-options.js";
import { dateToDay, dayToDate, schoolYearStart, todayIn } from "../school-year.js";
import { matchesTyped, type Suggestion, type SuggestionQuery } from "../suggestions.js";
import { aadFor } from "./aad.js";
import { impossibleDay, readLogDay } from "./log-date.js";
import { lockMentor } from "./rollup.js";

/** Who the mentee is: a member's user id, or a name the platform does not know. */
export type MenteeRef = { userId: string } | { name: string };

export interface Pair {
  id: string;
  shortId: string;
  mentorId: string;
  /** Set for a member mentee. */
  menteeUserId?: string;
  /** A typed name, decrypted only when the mentor is the one reading; otherwise undefined. */
  menteeName?: string;
  /** YYYY-MM-DD. */
  from: string;
  /** Last day, included; undefined while open-ended. */
  to?: string;
}

type Row = NonNullable<Awaited<ReturnType<Db["mentorPair"]["findFirst"]>>>;
/** What a pair's view is made of (a hand-written statement may read just these). */
export type PairFields = Pick<
  Row,
  "id" | "shortId" | "workspaceId" | "mentorId" | "menteeUserId" | "menteeEnc" | "startsOn" | "endsOn"
>;

/** The mentee as the entry log stores it: a mention for a member, the typed name otherwise. */
export const menteeText = (p: Pair): string | undefined => (p.menteeUserId ? `<@${p.menteeUserId}>` : p.menteeName);

/** A stored pair as `reader` may see it: a typed name is decrypted for its mentor alone. */
export function pairView(keys: Keyring, r: PairFields, reader: string): Pair {
  return {
    id: r.id,
    shortId: r.shortId,
    mentorId: r.mentorId,
    menteeUserId: r.menteeUserId ?? undefined,
    menteeName:
      r.menteeEnc && reader === r.mentorId ? keys.decrypt(r.menteeEnc, aadFor(r.workspaceId, r.mentorId)) : undefined,
    from: dateToDay(r.startsOn),
    to: r.endsOn ? dateToDay(r.endsOn) : undefined,
  };
}

/** Whether the pair runs on `day` (YYYY-MM-DD). */
export const activeOn = (p: Pair, day: string): boolean => p.from <= day && (!p.to || p.to >= day);

/** Two periods share a day. */
const overlaps = (a: { from: string; to?: string }, b: { from: string; to?: string }): boolean =>
  a.from <= (b.to ?? "9999-12-31") && b.from <= (a.to ?? "9999-12-31");

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A pair's day as a coordinator writes it: "2026-08-15", "today", "tomorrow", "next Monday", or a
 * month and day without a year ("Aug 15", "Jun 12"), read inside the current school year, as a
 * program's dates are. Undefined when it cannot be read.
 */
export function readPairDay(text: string, zone: string, now: Date, schoolYearStartMonth: number): string | undefined {
  const t = text.trim().replace(/^on\s+/i, "");
  if (impossibleDay(t)) return undefined;
  const m = t.match(/^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?$|^(\d{1,2})\/(\d{1,2})$/i);
  if (m) {
    const start = DateTime.fromISO(schoolYearStart(now, zone, schoolYearStartMonth), { zone });
    const w = parseWhen(`${t} ${start.year}`, zone, now);
    if (!w) return undefined;
    let day = DateTime.fromJSDate(w.at, { zone }).startOf("day");
    if (day < start) day = day.plus({ years: 1 });
    return day.toISODate() ?? undefined;
  }
  if (/^(today|yesterday|\d+\s+days?\s+ago|last\s+\w+)$/i.test(t) || /^\d{4}-\d{2}-\d{2}$/.test(t))
    return readLogDay(t, zone, now);
  const w = parseWhen(t, zone, now);
  return w ? (DateTime.fromJSDate(w.at, { zone }).toISODate() ?? undefined) : undefined;
}

export interface NewPair {
  workspaceId: string;
  mentorId: string;
  mentee: MenteeRef;
  from: string;
  to?: string;
  createdBy: string;
}

/**
 * Pairs a mentor with a mentee. A pair of the same two people whose period shares a day with
 * this one is not made again: the answer is that pair (so pressing twice changes nothing).
 */
export async function createPair(db: Db, keys: Keyring, p: NewPair): Promise<{ created: Pair } | { existing: Pair }> {
  if (p.to && p.to < p.from) throw new Error("a pair cannot end before it starts");
  const aad = aadFor(p.workspaceId, p.mentorId);
  return withShortId((shortId) =>
    db.$transaction(async (tx) => {
      // The mentor's lock: two presses cannot both find no pair and both insert.
      await lockMentor(db, tx, p.workspaceId, p.mentorId);
      const same = (await mentorPairs(tx, keys, p.workspaceId, p.mentorId)).find(
        (x) =>
          ("userId" in p.mentee
            ? x.menteeUserId === p.mentee.userId
            : x.menteeName !== undefined && sameName(x.menteeName, p.mentee.name)) && overlaps(x, p),
      );
      if (same) return { existing: same };
      const r = await tx.mentorPair.create({
        data: {
          workspaceId: p.workspaceId,
          shortId,
          mentorId: p.mentorId,
          menteeUserId: "userId" in p.mentee ? p.mentee.userId : null,
          menteeEnc: "name" in p.mentee ? keys.encrypt(p.mentee.name, aad) : null,
          keyId: "name" in p.mentee ? keys.currentId : null,
          startsOn: dayToDate(p.from),
          endsOn: p.to ? dayToDate(p.to) : null,
          createdBy: p.createdBy,
        },
      });
      return { created: pairView(keys, r, p.mentorId) };
    }),
  );
}

/** Every pair of a mentor, as they read them (typed names decrypted), oldest first. */
async function mentorPairs(tx: Tx, keys: Keyring, workspaceId: string, mentorId: string): Promise<Pair[]> {
  const rows = await tx.mentorPair.findMany({ where: { workspaceId, mentorId }, orderBy: { startsOn: "asc" } });
  return rows.map((r) => pairView(keys, r, mentorId));
}

const NO_PAIR = (id: string) =>
  new UserError(
    `There is no pair ${id.toUpperCase()}. The pairs and their ids are in /mentor pairs.`,
    "/mentor unpair id:P7K2",
    "id",
  );

/**
 * Ends a pair on `on` (its last day, included). A pair already ended on or before that day is
 * left as it is and returned as `already`, so ending twice is safe.
 */
export async function endPair(
  db: Db,
  keys: Keyring,
  q: { workspaceId: string; shortId: string; on: string; endedBy: string },
): Promise<{ ended: Pair } | { already: Pair }> {
  return db.$transaction(async (tx) => {
    const r = await tx.mentorPair.findFirst({
      where: { workspaceId: q.workspaceId, shortId: normalizeShortId(q.shortId) },
    });
    if (!r) throw NO_PAIR(q.shortId);
    const p = pairView(keys, r, q.endedBy);
    if (p.to && p.to <= q.on) return { already: p };
    if (q.on < p.from)
      throw new UserError(
        `Pair ${p.shortId} starts on ${p.from}, so it cannot end on ${q.on}. Give a day on or after its start.`,
        `/mentor unpair id:${p.shortId} on:${p.from}`,
        "on",
      );
    const u = await tx.mentorPair.update({
      where: { id: r.id },
      data: { endsOn: dayToDate(q.on), endedBy: q.endedBy },
    });
    return { ended: pairView(keys, u, q.endedBy) };
  });
}

/** A mentor's or a mentee's pair with the other one, as `reader` may see it (for unpair by people). */
export async function findPairsBetween(
  db: Tx,
  keys: Keyring,
  q: { workspaceId: string; mentorId: string; menteeUserId: string; reader: string },
): Promise<Pair[]> {
  const rows = await db.mentorPair.findMany({
    where: { workspaceId: q.workspaceId, mentorId: q.mentorId, menteeUserId: q.menteeUserId },
    orderBy: { startsOn: "asc" },
  });
  return rows.map((r) => pairView(keys, r, q.reader));
}

export type PairScope = "all" | "mine";

/**
 * The pairs `reader` may see: every pair for a coordinator (scope all), otherwise those where
 * they are the mentor or the mentee. Typed names are decrypted for their mentor alone. Ended
 * pairs are left out unless `ended`.
 */
export async function listPairs(
  db: Tx,
  keys: Keyring,
  q: { workspaceId: string; reader: string; scope: PairScope; today: string; ended?: boolean },
): Promise<Pair[]> {
  const rows = await db.mentorPair.findMany({
    where: {
      workspaceId: q.workspaceId,
      AND: [
        q.scope === "all" ? {} : { OR: [{ mentorId: q.reader }, { menteeUserId: q.reader }] },
        q.ended ? {} : { OR: [{ endsOn: null }, { endsOn: { gte: dayToDate(q.today) } }] },
      ],
    },
    orderBy: [{ mentorId: "asc" }, { startsOn: "asc" }],
    take: 1000,
  });
  return rows.map((r) => pairView(keys, r, q.reader));
}

/** The mentor's pairs that run on `day`: what logging offers to pick from. */
export async function activePairs(
  db: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  day: string,
): Promise<Pair[]> {
  return (await mentorPairs(db, keys, workspaceId, mentorId)).filter((p) => activeOn(p, day));
}

/** One of the mentor's own pairs by its short id (anyone else's is treated as missing). */
export async function ownPair(
  db: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  shortId: string,
): Promise<Pair | undefined> {
  const r = await db.mentorPair.findFirst({ where: { workspaceId, mentorId, shortId: normalizeShortId(shortId) } });
  return r ? pairView(keys, r, mentorId) : undefined;
}

/**
 * The pair an entry belongs to: the mentor's pair running on the entry's day whose mentee is the
 * entry's (the member's mention, or the typed name in any case).
 */
export async function pairForEntry(
  db: Tx,
  keys: Keyring,
  q: { workspaceId: string; mentorId: string; mentee: string; day: string },
): Promise<Pair | undefined> {
  return pairWith(await activePairs(db, keys, q.workspaceId, q.mentorId, q.day), q.mentee);
}

/** Of a mentor's pairs (as they read them), the one with this mentee: a member's mention, or the typed name in any case. */
export function pairWith(pairs: Pair[], mentee: string): Pair | undefined {
  const member = userMention(mentee);
  return pairs.find((p) =>
    member ? p.menteeUserId === member : p.menteeName !== undefined && sameName(p.menteeName, mentee),
  );
}

/** The autocomplete source that suggests a mentor's paired mentees. */
export const MENTEE_SUGGESTIONS = "mentee";

/**
 * Discord autocomplete on /mentor log's mentee: the person's pairs running today, typed names
 * included (only the mentor sees these suggestions). Members show by display name.
 */
export async function menteeSuggestions(db: Tx, keys: Keyring, q: SuggestionQuery): Promise<Suggestion[]> {
  if (!q.workspaceId) return [];
  const pairs = await activePairs(db, keys, q.workspaceId, q.userId, todayIn(q.timeZone, q.now));
  const members = await db.member.findMany({
    where: { workspaceId: q.workspaceId, userId: { in: pairs.flatMap((p) => p.menteeUserId ?? []) } },
    select: { userId: true, displayName: true },
  });
  const names = new Map(members.map((m) => [m.userId, m.displayName]));
  return pairs
    .map((p) => {
      const name = p.menteeUserId ? (names.get(p.menteeUserId) ?? p.menteeUserId) : p.menteeName!;
      return { name: `${name} (your mentee)`, value: menteeText(p)! };
    })
    .filter((s) => matchesTyped(q.typed, s.name));
}
