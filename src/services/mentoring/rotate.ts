// Re-encrypts every confidential row (entries, drafts, typed pair mentees) under the current key. Rows are read
// with whichever key made them (current or retired), so afterwards a retired key can be
// destroyed. Each row is rewritten only if its key id is not already the current one, and
// only if it has not changed since it was read: an edit made meanwhile (by a running bot) is
// never overwritten with the old content; the row is read again on the next pass.
import type { Db, Tx } from "../../db/client.js";
import type { Keyring } from "../../core/keyring.js";
import { aadFor } from "./entries.js";
import { zeroDeletedContent } from "./shred.js";

type EntryRow = Awaited<ReturnType<Db["mentorEntry"]["findMany"]>>[number];
type DraftRow = Awaited<ReturnType<Db["mentorDraft"]["findMany"]>>[number];
type PairRow = Awaited<ReturnType<Db["mentorPair"]["findMany"]>>[number];

/** Decrypts, or says which key is missing and how to supply it. */
function open(keys: Keyring, box: string, aad: string): string {
  try {
    return keys.decrypt(box, aad);
  } catch (e) {
    throw new Error(
      `a row encrypted under key ${keys.keyIdOf(box)} cannot be read (${(e as Error).message}). Add that ` +
        `key to CADRE_PREVIOUS_ENCRYPTION_KEYS and run again; rows already re-encrypted stay readable.`,
    );
  }
}

/** Re-encrypts one entry as it was read; false when it changed since (then it is left alone). */
export async function reencryptEntry(db: Tx, keys: Keyring, r: EntryRow): Promise<boolean> {
  const aad = aadFor(r.workspaceId, r.mentorId);
  const n = await db.mentorEntry.updateMany({
    where: { id: r.id, keyId: r.keyId, menteeEnc: r.menteeEnc, notesEnc: r.notesEnc },
    data: {
      menteeEnc: keys.encrypt(open(keys, r.menteeEnc, aad), aad),
      notesEnc: r.notesEnc ? keys.encrypt(open(keys, r.notesEnc, aad), aad) : null,
      keyId: keys.currentId,
    },
  });
  return n.count > 0;
}

export async function reencryptDraft(db: Tx, keys: Keyring, r: DraftRow): Promise<boolean> {
  const aad = aadFor(r.workspaceId, r.mentorId);
  const n = await db.mentorDraft.updateMany({
    where: { id: r.id, keyId: r.keyId, payloadEnc: r.payloadEnc },
    data: { payloadEnc: keys.encrypt(open(keys, r.payloadEnc, aad), aad), keyId: keys.currentId },
  });
  return n.count > 0;
}

/** A pair's typed mentee name, re-encrypted as it was read (false when it changed since). */
export async function reencryptPair(db: Tx, keys: Keyring, r: PairRow): Promise<boolean> {
  if (!r.menteeEnc) return false;
  const aad = aadFor(r.workspaceId, r.mentorId);
  const n = await db.mentorPair.updateMany({
    where: { id: r.id, keyId: r.keyId, menteeEnc: r.menteeEnc },
    data: { menteeEnc: keys.encrypt(open(keys, r.menteeEnc, aad), aad), keyId: keys.currentId },
  });
  return n.count > 0;
}

export async function rotateKeys(
  db: Tx,
  keys: Keyring,
  batch = 500,
): Promise<{ entries: number; drafts: number; pairs: number }> {
  let entries = 0;
  let drafts = 0;
  let pairs = 0;
  await zeroDeletedContent(db); // the old ciphertext must not linger in free pages
  for (;;) {
    const rows = await db.mentorEntry.findMany({
      where: { keyId: { not: keys.currentId } },
      take: batch,
      orderBy: { id: "asc" },
    });
    if (!rows.length) break;
    for (const r of rows) if (await reencryptEntry(db, keys, r)) entries++;
  }
  for (;;) {
    const rows = await db.mentorDraft.findMany({
      where: { keyId: { not: keys.currentId } },
      take: batch,
      orderBy: { id: "asc" },
    });
    if (!rows.length) break;
    for (const r of rows) if (await reencryptDraft(db, keys, r)) drafts++;
  }
  for (;;) {
    const rows = await db.mentorPair.findMany({
      where: { menteeEnc: { not: null }, keyId: { not: keys.currentId } },
      take: batch,
      orderBy: { id: "asc" },
    });
    if (!rows.length) break;
    let moved = 0;
    for (const r of rows) if (await reencryptPair(db, keys, r)) moved++;
    pairs += moved;
    if (!moved) break; // each changed meanwhile: read again on the next run
  }
  return { entries, drafts, pairs };
}
