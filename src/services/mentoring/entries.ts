// Mentoring entries. The mentee and the notes are AES-256-GCM ciphertext bound to their
// workspace and mentor (additional authenticated data), with the key id in each box; minutes,
// date, mode and topics stay plain so hours can be summed in SQL. Only the mentor's own
// commands ever decrypt.
import { pageFrom, pageWindow, type Page } from "../../core/paging.js";
import { z } from "zod";
import type { Db, Tx } from "../../db/client.js";
import type { Keyring } from "../../core/keyring.js";
import { UserError } from "../../core/errors.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { dateToDay, dayToDate } from "../school-year.js";
import { checkpointDeleted, zeroDeletedContent } from "./shred.js";
import { lockMentor, moveContribution, storedContribution } from "./rollup.js";
import { aadFor } from "./aad.js";
import { pairForEntry } from "./pairs.js";
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
 * Links an entry to the mentor's pair with its mentee on its day and, with the program's
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

/** The entry row, one topic row per topic and the day's totals, inside the caller's transaction (which holds lockMentor). */
async function insertEntry(
  tx: Tx,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  shortId: string,
  e: EntryInput,
  program?: Program,
) {
  needsTopic(e);
  const aad = aadFor(workspaceId, mentorId);
  const occurredOn = dayToDate(e.day);
  const r = await tx.mentorEntry.create({
    data: {
      workspaceId,
      shortId,
      mentorId,
      occurredOn,
      minutes: e.minutes,
      mode: e.mode,
      menteeEnc: keys.encrypt(e.mentee, aad),
      notesEnc: e.notes ? keys.encrypt(e.notes, aad) : null,
      keyId: keys.currentId,
    },
  });
  await tx.mentorTopic.createMany({
    data: e.topics.map((topic) => ({ entryId: r.id, workspaceId, mentorId, occurredOn, topic, minutes: e.minutes })),
  });
  await moveContribution(tx, workspaceId, mentorId, undefined, {
    day: occurredOn,
    minutes: e.minutes,
    topics: e.topics,
  });
  const link = await linkPair(tx, keys, { workspaceId, mentorId, entryId: r.id, e, ask: true, program });
  if (link.pairId) await tx.mentorEntry.update({ where: { id: r.id }, data: { pairId: link.pairId } });
  return { ...r, askedMentee: link.asked };
}

export async function createEntry(
  db: Db,
  keys: Keyring,
  workspaceId: string,
  mentorId: string,
  e: EntryInput,
  program?: Program,
): Promise<Entry> {
  const row = await withShortId((shortId) =>
    db.$transaction(async (tx) => {
      await lockMentor(db, tx, workspaceId, mentorId);
      return insertEntry(tx, keys, workspaceId, mentorId, shortId, e, program);
    }),
  );
  return { ...e, id: row.id, shortId: row.shortId, askedMentee: row.askedMentee };
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

/** Marks a draft as having become entry `shortId`, emptying its content; false when it already had. */
async function markSaved(
  tx: Tx,
  keys: Keyring,
  d: { id: string; workspaceId: string; mentorId: string },
  shortId: string,
) {
  const n = await tx.mentorDraft.updateMany({
    where: { id: d.id, savedAs: null },
    data: { savedAs: shortId, payloadEnc: keys.encrypt("", aadFor(d.workspaceId, d.mentorId)), keyId: keys.currentId },
  });
  return n.count > 0;
}

/**
 * Turns a draft into an entry in one transaction: the draft is marked saved and the entry
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
 * as having become it, in one transaction, so the old card's Save cannot count it again. A
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

/**
 * Marks a draft as having become an entry and writes the entry (the draft's own content, or
 * `content` from the /mentor log its Edit led to) in one transaction; the first to mark it
 * wins, and everyone else is answered with the entry it became.
 */
async function entryFromDraft(
  db: Db,
  keys: Keyring,
  { workspaceId, mentorId, draftId }: { workspaceId: string; mentorId: string; draftId: string },
  content?: EntryInput,
  program?: Program,
): Promise<{ saved: Entry } | { savedAs: string } | undefined> {
  await zeroDeletedContent(db);
  const saved = await withShortId((shortId) =>
    db.$transaction(async (tx) => {
      await lockMentor(db, tx, workspaceId, mentorId);
      const d = await tx.mentorDraft.findFirst({ where: { id: draftId, workspaceId, mentorId } });
      if (!d) return undefined;
      if (d.savedAs) return { savedAs: d.savedAs };
      const e = content ?? DraftPayload.parse(JSON.parse(keys.decrypt(d.payloadEnc, aadFor(workspaceId, mentorId))));
      if (!(await markSaved(tx, keys, d, shortId))) {
        const now = await tx.mentorDraft.findFirst({ where: { id: d.id } });
        return now?.savedAs ? { savedAs: now.savedAs } : undefined;
      }
      const r = await insertEntry(tx, keys, workspaceId, mentorId, shortId, e, program);
      return { saved: { ...e, id: r.id, shortId: r.shortId, askedMentee: r.askedMentee } };
    }),
  );
  await checkpointDeleted(db); // the draft's ciphertext
  return saved;
}
