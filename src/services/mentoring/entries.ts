// Mentoring entries. The mentee and the notes are AES-256-GCM ciphertext bound to their
// workspace and mentor (additional authenticated data), with the key id in each box; minutes,
// date, mode and topics stay plain so hours can be summed in SQL. Only the mentor's own
// commands ever decrypt.
import type { Db } from "../../db/client.js";
import type { Keyring } from "../../core/keyring.js";
import { UserError } from "../../core/errors.js";
import { normalizeShortId, withShortId } from "../../core/short-id.js";
import { dateToDay, dayToDate } from "../school-year.js";

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
}

export const aadFor = (workspaceId: string, mentorId: string): string => `mentor:${workspaceId}:${mentorId}`;

const NOT_FOUND = (id: string) =>
  new UserError(`You have no mentoring entry ${id.toUpperCase()}. Your entries and their ids are in /mentor entries.`, "/mentor edit id:K7M2 duration:1h", "id");

export async function createEntry(db: Db, keys: Keyring, workspaceId: string, mentorId: string, e: EntryInput): Promise<Entry> {
  const aad = aadFor(workspaceId, mentorId);
  const occurredOn = dayToDate(e.day);
  const row = await withShortId((shortId) =>
    db.$transaction(async (tx) => {
      const r = await tx.mentorEntry.create({
        data: {
          workspaceId, shortId, mentorId, occurredOn, minutes: e.minutes, mode: e.mode,
          menteeEnc: keys.encrypt(e.mentee, aad), notesEnc: e.notes ? keys.encrypt(e.notes, aad) : null, keyId: keys.currentId,
        },
      });
      await tx.mentorTopic.createMany({ data: e.topics.map((topic) => ({ entryId: r.id, workspaceId, mentorId, occurredOn, topic, minutes: e.minutes })) });
      return r;
    }),
  );
  return { ...e, id: row.id, shortId: row.shortId };
}

type Row = NonNullable<Awaited<ReturnType<Db["mentorEntry"]["findFirst"]>>> & { topics: { topic: string }[] };

export function decryptEntry(keys: Keyring, r: Row): Entry {
  const aad = aadFor(r.workspaceId, r.mentorId);
  return {
    id: r.id, shortId: r.shortId, minutes: r.minutes, day: dateToDay(r.occurredOn), mode: r.mode, topics: r.topics.map((t) => t.topic),
    mentee: keys.decrypt(r.menteeEnc, aad), notes: r.notesEnc ? keys.decrypt(r.notesEnc, aad) : undefined,
  };
}

export async function listEntries(db: Db, keys: Keyring, workspaceId: string, mentorId: string, take?: number): Promise<Entry[]> {
  const rows = await db.mentorEntry.findMany({ where: { workspaceId, mentorId }, orderBy: [{ occurredOn: "desc" }, { createdAt: "desc" }], include: { topics: true }, take });
  return rows.map((r) => decryptEntry(keys, r));
}

/** The caller's own entry; anyone else's is answered exactly like one that does not exist. */
export async function ownEntry(db: Db, keys: Keyring, workspaceId: string, mentorId: string, id: string): Promise<Entry> {
  const r = await db.mentorEntry.findFirst({ where: { workspaceId, mentorId, shortId: normalizeShortId(id) }, include: { topics: true } });
  if (!r) throw NOT_FOUND(id);
  return decryptEntry(keys, r);
}

export async function updateEntry(db: Db, keys: Keyring, workspaceId: string, mentorId: string, current: Entry, patch: Partial<EntryInput>): Promise<Entry> {
  const next: Entry = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const aad = aadFor(workspaceId, mentorId);
  const occurredOn = dayToDate(next.day);
  await db.$transaction(async (tx) => {
    const n = await tx.mentorEntry.updateMany({
      where: { id: current.id, workspaceId, mentorId },
      data: { minutes: next.minutes, mode: next.mode, occurredOn, menteeEnc: keys.encrypt(next.mentee, aad), notesEnc: next.notes ? keys.encrypt(next.notes, aad) : null, keyId: keys.currentId },
    });
    if (!n.count) throw NOT_FOUND(current.shortId);
    await tx.mentorTopic.deleteMany({ where: { entryId: current.id } });
    await tx.mentorTopic.createMany({ data: next.topics.map((topic) => ({ entryId: current.id, workspaceId, mentorId, occurredOn, topic, minutes: next.minutes })) });
  });
  return next;
}

/** Deletes the row and its topics: the ciphertext is gone, not flagged. */
export async function deleteEntry(db: Db, workspaceId: string, mentorId: string, id: string): Promise<void> {
  const n = await db.mentorEntry.deleteMany({ where: { workspaceId, mentorId, shortId: normalizeShortId(id) } });
  if (!n.count) throw NOT_FOUND(id);
}

// ---- Drafts: a parsed DM waiting for Save, encrypted like an entry.

export async function saveDraft(db: Db, keys: Keyring, workspaceId: string, mentorId: string, e: EntryInput): Promise<string> {
  const d = await db.mentorDraft.create({ data: { workspaceId, mentorId, payloadEnc: keys.encrypt(JSON.stringify(e), aadFor(workspaceId, mentorId)), keyId: keys.currentId } });
  return d.id;
}

export async function takeDraft(db: Db, keys: Keyring, workspaceId: string, mentorId: string, id: string, consume: boolean): Promise<EntryInput | undefined> {
  const d = await db.mentorDraft.findFirst({ where: { id, workspaceId, mentorId } });
  if (!d) return undefined;
  if (consume) await db.mentorDraft.delete({ where: { id: d.id } });
  return JSON.parse(keys.decrypt(d.payloadEnc, aadFor(workspaceId, mentorId))) as EntryInput;
}
