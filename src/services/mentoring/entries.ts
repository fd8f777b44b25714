// Mentoring entries. The mentee and the notes are AES-256-GCM ciphertext bound to their
// workspace and mentor (additional authenticated data), with the key id in each box; minutes,
// date, mode and topics stay plain so hours can be summed in SQL. Only the mentor's own
// commands ever decrypt.
import { pageFrom, pageWindow, type Page } from "../../core/paging.js";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { sql, type Db, type Tx } from "../../db/client.js";
import { queryRows } from "../../db/direct.js";
import type { Keyring } from "../../core/keyring.js";
import { UserError } from "../../core/errors.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { dateToDay, dayToDate } from "../school-year.js";
import { checkpointDeleted, checkpointSoon, zeroDeletedContent } from "./shred.js";
import { lockMentor, moveContribution, storedContribution } from "./rollup.js";
import { aadFor } from "./aad.js";
import { activeOn, activePairs, pairForEntry, pairView, pairWith, type Pair } from "./pairs.js";
import { askMentee, supersede } from "./confirm.js";

export { dateToDay, dayToDate, todayIn } from "../school-year.js";

export interface EntryInput {
  minutes: number;
  mentee: string;
  /** Local calendar date, YYYY-MM-DD. */
  day: string;
  topics: string[];
  mode: string;
  notes?: string;
}

export interface Entry extends EntryInput {
  id: string;
  shortId: string;
  /** Set on a save or edit that asked the paired mentee (a member) to confirm it. */
  askedMentee?: string;
}

/** The workspace's mentoring program, as a save needs it: whether paired member mentees are asked to confirm. */
export interface Program {
  askMentee: boolean;
  now: Date;
}

/**
 * Links an edited entry to the mentor's pair with its mentee on its day and, with the program's
 * confirmation on and a member mentee, asks them to confirm: inside the entry's transaction.
 * Returns the pair and who was asked.
 */
async function linkPair(
  tx: Tx,
  keys: Keyring,
  q: { workspaceId: string; mentorId: string; entryId: string; e: EntryInput; ask: boolean; program?: Program },
): Promise<{ pairId: string | null; asked?: string }> {
  const pair = await pairForEntry(tx, keys, {
    workspaceId: q.workspaceId,
    mentorId: q.mentorId,
    mentee: q.e.mentee,
    day: q.e.day,
  });
  if (!pair) return { pairId: null };
  if (!q.ask || !q.program?.askMentee || !pair.menteeUserId) return { pairId: pair.id };
  await askMentee(tx, {
    workspaceId: q.workspaceId,
    entryId: q.entryId,
    mentorId: q.mentorId,
    menteeUserId: pair.menteeUserId,
    shown: { day: q.e.day, minutes: q.e.minutes, topics: q.e.topics },
    now: q.program.now,
  });
  return { pairId: pair.id, asked: pair.menteeUserId };
}

export { aadFor };

const NOT_FOUND = (id: string) =>
  new UserError(
    `You have no mentoring entry ${id.toUpperCase()}. Your entries and their ids are in /mentor entries.`,
    "/mentor edit id:K7M2 duration:1h",
    "id",
  );

// Every entry has a topic: the report counts a period's mentors as its topic contributors, so
// an entry without one would let fewer than five mentors' topics be shown.
function needsTopic(e: { topics: string[] }): void {
  if (!e.topics.length) throw new Error("a mentoring entry needs at least one topic");
}

/** A new entry as writeEntry stores it; with `draftId`, the draft it is made from. */
interface NewEntry {
  workspaceId: string;
  mentorId: string;
  shortId: string;
  e: EntryInput;
  pairId: string | null;
  draftId?: string;
}

/**
 * Writes the entry, one topic row per topic and the day's totals in one statement: a row into
 * the view MentorEntrySave, whose trigger (migration 0016) stores them, on PostgreSQL under the
 * mentor's lock (lockMentor). With a draft, only while that draft is the mentor's and unsaved,
 * marking it saved as this entry and emptying its content. The entry's id, or undefined when the
 * draft was not there to save (nothing was written).
 */
async function writeEntry(tx: Tx, keys: Keyring, w: NewEntry): Promise<string | undefined> {
  needsTopic(w.e);
  const aad = aadFor(w.workspaceId, w.mentorId);
  const [row] = await queryRows<{ id: string }[]>(
    tx,
    sql`INSERT INTO "MentorEntrySave" ("id", "workspaceId", "shortId",
      "mentorId", "occurredOn", "minutes", "mode", "menteeEnc", "notesEnc", "keyId", "pairId", "at", "topics",
      "draftId", "draftPayloadEnc")
    VALUES (${randomUUID().replaceAll("-", "")}, ${w.workspaceId}, ${w.shortId}, ${w.mentorId}, ${dayToDate(w.e.day)},
      ${w.e.minutes}, ${w.e.mode}, ${keys.encrypt(w.e.mentee, aad)}, ${w.e.notes ? keys.encrypt(w.e.notes, aad) : null},
      ${keys.currentId}, ${w.pairId}, ${new Date()}, ${JSON.stringify(w.e.topics)}, ${w.draftId ?? null},
      ${w.draftId ? keys.encrypt("", aad) : null})
    RETURNING "id"`,
  ).catch((e: unknown) => {
    // The only unique key the trigger can hit is the short id (the rest are fresh ids or
    // upserts): answered as Prisma answers its own inserts, so withShortId tries another.
    if (uniqueViolation(e)) throw Object.assign(new Error("short id taken"), { code: "P2002" });
    throw e;
  });
  return row?.id;
}

/** A raw statement's unique-key violation, as the driver adapters report it. */
const uniqueViolation = (e: unknown): boolean =>
  (e as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta?.driverAdapterError?.cause?.kind ===
  "UniqueConstraintViolation";

/**
 * Saves a new entry linked to the mentor's pair with its mentee on its day (of `pairs`, theirs
 * as they read them). With the program's confirmation on and a member mentee, the mentee is
 * asked to confirm in the entry's transaction; otherwise the entry's one statement is all.
 * Undefined when the draft it was to be made from was not there to save.
 */
async function saveEntry(
  db: Db,
  keys: Keyring,
  q: { workspaceId: string; mentorId: string; e: EntryInput; draftId?: string },
  pairs: Pair[],
  program?: Program,
): Promise<Entry | undefined> {
  const pair = pairWith(
    pairs.filter((p) => activeOn(p, q.e.day)),
    q.e.mentee,
  );
  const asked = program?.askMentee ? pair?.menteeUserId : undefined;
  return withShortId(async (shortId) => {
    const w = { ...q, shortId, pairId: pair?.id ?? null };
    if (!asked || !program) {
      const id = await writeEntry(db, keys, w);
      return id ? { ...q.e, id, shortId } : undefined;
    }
    return db.$transaction(async (tx) => {
      const id = await writeEntry(tx, keys, w);
      if (!id) return undefined;
      await askMentee(tx, {
        workspaceId: q.workspaceId,
        entryId: id,
        mentorId: q.mentorId,
        menteeUserId: asked,
        shown: { day: q.e.day, minutes: q.e.minutes, topics: q.e.topics },
        now: program.now,
      });
      return { ...q.e, id, shortId, askedMentee: asked };
    });
  });
}

export async function createEntry(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  e: EntryInput,
  program?: Program,
): Promise<Entry> {
  const pairs = await activePairs(db, keys, workspaceId, mentorId, e.day);
  return (await saveEntry(db, keys, { workspaceId, mentorId, e }, pairs, program))!;
}

type Row = NonNullable<Awaited<ReturnType<Db["mentorEntry"]["findFirst"]>>> & { topics: { topic: string }[] };

export function decryptEntry(keys: Keyring, r: Row): Entry {
  const aad = aadFor(r.workspaceId, r.mentorId);
  return {
    id: r.id,
    shortId: r.shortId,
    minutes: r.minutes,
    day: dateToDay(r.occurredOn),
    mode: r.mode,
    topics: r.topics.map((t) => t.topic),
    mentee: keys.decrypt(r.menteeEnc, aad),
    notes: r.notesEnc ? keys.decrypt(r.notesEnc, aad) : undefined,
  };
}

export async function listEntries(
  db: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  take?: number,
): Promise<Entry[]> {
  const rows = await db.mentorEntry.findMany({
    where: { workspaceId, mentorId },
    orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }],
    include: { topics: true },
    take,
  });
  return rows.map((r) => decryptEntry(keys, r));
}

/** One page of the mentor's entries, newest first, `size` a page. */
export async function entriesPage(
  db: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  page: number,
  size: number,
): Promise<Page<Entry>> {
  const where = { workspaceId, mentorId };
  const [total, rows] = await Promise.all([
    db.mentorEntry.count({ where }),
    db.mentorEntry.findMany({
      where,
      // id last: a stable order, so pages neither repeat nor skip entries of the same day.
      orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }, { id: "asc" }],
      include: { topics: true },
      ...pageWindow(page, size),
    }),
  ]);
  return pageFrom(
    rows.map((r) => decryptEntry(keys, r)),
    total,
    page,
    size,
  );
}

/** The caller's own entry; anyone else's is answered exactly like one that does not exist. */
export async function ownEntry(
  db: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  id: string,
): Promise<Entry> {
  const r = await db.mentorEntry.findFirst({
    where: { workspaceId, mentorId, shortId: normalizeShortId(id) },
    include: { topics: true },
  });
  if (!r) throw NOT_FOUND(id);
  return decryptEntry(keys, r);
}

export async function updateEntry(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  current: Entry,
  patch: Partial<EntryInput>,
  program?: Program,
): Promise<Entry> {
  const next: Entry = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  needsTopic(next);
  const aad = aadFor(workspaceId, mentorId);
  const occurredOn = dayToDate(next.day);
  // What the mentee was shown (date, minutes, topics) or who the mentee is changed: ask again.
  const shownChanged =
    next.day !== current.day ||
    next.minutes !== current.minutes ||
    next.mentee !== current.mentee ||
    [...next.topics].sort().join("\n") !== [...current.topics].sort().join("\n");
  await zeroDeletedContent(db);
  const asked = await db.$transaction(async (tx) => {
    await lockMentor(db, tx, workspaceId, mentorId);
    // What is stored, not the caller's copy, is what leaves the totals.
    const before = await storedContribution(tx, { id: current.id });
    const n = await tx.mentorEntry.updateMany({
      where: { id: current.id, workspaceId, mentorId },
      data: {
        minutes: next.minutes,
        mode: next.mode,
        occurredOn,
        menteeEnc: keys.encrypt(next.mentee, aad),
        notesEnc: next.notes ? keys.encrypt(next.notes, aad) : null,
        keyId: keys.currentId,
      },
    });
    if (!n.count) throw NOT_FOUND(current.shortId);
    await tx.mentorTopic.deleteMany({ where: { entryId: current.id } });
    await tx.mentorTopic.createMany({
      data: next.topics.map((topic) => ({
        entryId: current.id,
        workspaceId,
        mentorId,
        occurredOn,
        topic,
        minutes: next.minutes,
      })),
    });
    await moveContribution(tx, workspaceId, mentorId, before, {
      day: occurredOn,
      minutes: next.minutes,
      topics: next.topics,
    });
    if (shownChanged) await supersede(tx, current.id);
    const link = await linkPair(tx, keys, {
      workspaceId,
      mentorId,
      entryId: current.id,
      e: next,
      ask: shownChanged,
      program,
    });
    await tx.mentorEntry.update({ where: { id: current.id }, data: { pairId: link.pairId } });
    return link.asked;
  });
  await checkpointDeleted(db);
  return { ...next, askedMentee: asked };
}

/** Deletes the row and its topics: the ciphertext is gone, not flagged. */
export async function deleteEntry(db: Db, workspaceId: string, mentorId: string, id: string): Promise<void> {
  await zeroDeletedContent(db);
  await db.$transaction(async (tx) => {
    await lockMentor(db, tx, workspaceId, mentorId);
    const where = { workspaceId, mentorId, shortId: normalizeShortId(id) };
    const before = await storedContribution(tx, where);
    const row = await tx.mentorEntry.findFirst({ where, select: { id: true } });
    if (!before || !row || !(await tx.mentorEntry.deleteMany({ where })).count) throw NOT_FOUND(id);
    // Its confirmation requests go too; a request not yet delivered is not sent.
    await supersede(tx, row.id);
    await tx.mentorConfirmation.deleteMany({ where: { entryId: row.id } });
    await moveContribution(tx, workspaceId, mentorId, before, undefined);
  });
  await checkpointDeleted(db);
}

// ---- Drafts: a parsed DM waiting for Save, encrypted like an entry.

// What a decrypted draft must hold (it crossed a boundary: the database).
const DraftPayload = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  mentee: z.string().min(1).max(200),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  topics: z.array(z.string().min(1)).min(1),
  mode: z.string().min(1),
  notes: z.string().optional(),
});

export async function saveDraft(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  e: EntryInput,
  now: Date,
): Promise<string> {
  await zeroDeletedContent(db);
  // Old drafts are deleted by the daily retention run (the workspace's keep-drafts).
  const d = await db.mentorDraft.create({
    data: {
      workspaceId,
      mentorId,
      payloadEnc: keys.encrypt(JSON.stringify(e), aadFor(workspaceId, mentorId)),
      keyId: keys.currentId,
      createdAt: now,
    },
    select: { id: true },
  });
  return d.id;
}

/**
 * Replaces an unsaved draft's content (the card's "With <mentee>" pick): what it is instead
 * when already saved, or undefined when gone.
 */
export async function updateDraft(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  id: string,
  e: EntryInput,
): Promise<{ updated: true } | { savedAs: string } | undefined> {
  await zeroDeletedContent(db);
  const n = await db.mentorDraft.updateMany({
    where: { id, workspaceId, mentorId, savedAs: null },
    data: { payloadEnc: keys.encrypt(JSON.stringify(e), aadFor(workspaceId, mentorId)), keyId: keys.currentId },
  });
  if (n.count) {
    await checkpointDeleted(db);
    return { updated: true };
  }
  const d = await db.mentorDraft.findFirst({ where: { id, workspaceId, mentorId } });
  return d?.savedAs ? { savedAs: d.savedAs } : undefined;
}

/** What a draft card's buttons find: the draft, the entry it already became, or nothing. */
export type DraftState = { draft: EntryInput } | { savedAs: string } | undefined;

/** A draft of the caller's; anyone else's answers exactly like one that is gone. */
export async function readDraft(
  db: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  id: string,
): Promise<DraftState> {
  const d = await db.mentorDraft.findFirst({ where: { id, workspaceId, mentorId } });
  if (!d) return undefined;
  if (d.savedAs) return { savedAs: d.savedAs };
  return { draft: DraftPayload.parse(JSON.parse(keys.decrypt(d.payloadEnc, aadFor(workspaceId, mentorId)))) };
}

/**
 * Deletes an unsaved draft of the caller's: "discarded", or what it is instead (already saved
 * as an entry, or gone). A saved draft is not deleted: its entry stays, and so does the answer.
 */
export async function discardDraft(
  db: Tx,
  workspaceId: string,
  mentorId: string,
  id: string,
): Promise<{ discarded: true } | { savedAs: string } | undefined> {
  await zeroDeletedContent(db);
  if ((await db.mentorDraft.deleteMany({ where: { id, workspaceId, mentorId, savedAs: null } })).count > 0) {
    await checkpointDeleted(db);
    return { discarded: true };
  }
  const d = await db.mentorDraft.findFirst({ where: { id, workspaceId, mentorId } });
  return d?.savedAs ? { savedAs: d.savedAs } : undefined;
}

/**
 * Turns a draft into an entry in one statement: the draft is marked saved and the entry
 * written, or neither. Two presses of Save race for the mark; only the winner writes an entry,
 * and every later press (or one after the draft's /mentor log) answers with that entry.
 */
export async function saveDraftAsEntry(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  id: string,
  program?: Program,
): Promise<{ saved: Entry } | { savedAs: string } | undefined> {
  return entryFromDraft(db, keys, { workspaceId, mentorId, draftId: id }, undefined, program);
}

/**
 * /mentor log sent from a draft's Edit (draft:<id>): the entry is written and the draft marked
 * as having become it, in one statement, so the old card's Save cannot count it again. A
 * draft already saved writes nothing and answers with its entry.
 */
export async function createEntryFromDraft(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  draftId: string,
  e: EntryInput,
  program?: Program,
): Promise<{ saved: Entry } | { savedAs: string } | undefined> {
  return entryFromDraft(db, keys, { workspaceId, mentorId, draftId }, e, program);
}

/** A draft of the caller's with the mentor's pairs (none once saved), in one statement. */
async function draftToSave(
  db: Tx,
  keys: Keyring,
  { workspaceId, mentorId, draftId }: { workspaceId: string; mentorId: string; draftId: string },
): Promise<{ payloadEnc: string; savedAs: string | null; pairs: Pair[] } | undefined> {
  const rows = await queryRows<DraftPairRow[]>(
    db,
    sql`SELECT d."payloadEnc", d."savedAs", p."id" AS "p_id",
      p."shortId" AS "p_shortId", p."menteeUserId" AS "p_menteeUserId", p."menteeEnc" AS "p_menteeEnc",
      p."startsOn" AS "p_startsOn", p."endsOn" AS "p_endsOn"
    FROM "MentorDraft" d LEFT JOIN "MentorPair" p
      ON d."savedAs" IS NULL AND p."workspaceId" = d."workspaceId" AND p."mentorId" = d."mentorId"
    WHERE d."id" = ${draftId} AND d."workspaceId" = ${workspaceId} AND d."mentorId" = ${mentorId}
    ORDER BY p."startsOn"`,
  );
  const [d] = rows;
  if (!d) return undefined;
  const pairs = rows.flatMap((r) =>
    r.p_id
      ? [
          pairView(
            keys,
            {
              id: r.p_id,
              shortId: r.p_shortId!,
              workspaceId,
              mentorId,
              menteeUserId: r.p_menteeUserId,
              menteeEnc: r.p_menteeEnc,
              startsOn: new Date(r.p_startsOn!),
              endsOn: r.p_endsOn === null ? null : new Date(r.p_endsOn),
            },
            mentorId,
          ),
        ]
      : [],
  );
  return { payloadEnc: d.payloadEnc, savedAs: d.savedAs, pairs };
}

interface DraftPairRow {
  payloadEnc: string;
  savedAs: string | null;
  p_id: string | null;
  p_shortId: string | null;
  p_menteeUserId: string | null;
  p_menteeEnc: string | null;
  p_startsOn: Date | string | null;
  p_endsOn: Date | string | null;
}

/**
 * Marks a draft as having become an entry and writes the entry (the draft's own content, or
 * `content` from the /mentor log its Edit led to) in one statement; the first to mark it wins,
 * and everyone else is answered with the entry it became. The draft's old ciphertext leaves the
 * SQLite write-ahead log in a checkpoint just after (checkpointSoon), not on the mentor's wait.
 */
async function entryFromDraft(
  db: Db,
  keys: Keyring,
  where: { workspaceId: string; mentorId: string; draftId: string },
  content?: EntryInput,
  program?: Program,
): Promise<{ saved: Entry } | { savedAs: string } | undefined> {
  await zeroDeletedContent(db);
  const { workspaceId, mentorId, draftId } = where;
  const d = await draftToSave(db, keys, where);
  if (!d) return undefined;
  if (d.savedAs) return { savedAs: d.savedAs };
  const e = content ?? DraftPayload.parse(JSON.parse(keys.decrypt(d.payloadEnc, aadFor(workspaceId, mentorId))));
  const saved = await saveEntry(db, keys, { workspaceId, mentorId, e, draftId }, d.pairs, program);
  if (!saved) {
    // Saved (or discarded) since it was read: the answer is what it is now.
    const now = await db.mentorDraft.findFirst({ where: { id: draftId, workspaceId, mentorId } });
    return now?.savedAs ? { savedAs: now.savedAs } : undefined;
  }
  checkpointSoon(db); // the draft's ciphertext
  return { saved };
}
