// Re-encrypts every confidential row (entries, drafts) under the current key. Rows are read
// with whichever key made them (current or retired), so afterwards a retired key can be
// destroyed. Each row is rewritten only if its key id is not already the current one.
import type { Db } from "../../db/client.js";
import type { Keyring } from "../../core/keyring.js";
import { aadFor } from "./entries.js";

export async function rotateKeys(db: Db, keys: Keyring, batch = 500): Promise<{ entries: number; drafts: number }> {
  let entries = 0;
  let drafts = 0;
  for (;;) {
    const rows = await db.mentorEntry.findMany({ where: { keyId: { not: keys.currentId } }, take: batch });
    if (!rows.length) break;
    for (const r of rows) {
      const aad = aadFor(r.workspaceId, r.mentorId);
      await db.mentorEntry.update({
        where: { id: r.id },
        data: { menteeEnc: keys.encrypt(keys.decrypt(r.menteeEnc, aad), aad), notesEnc: r.notesEnc ? keys.encrypt(keys.decrypt(r.notesEnc, aad), aad) : null, keyId: keys.currentId },
      });
      entries++;
    }
  }
  for (;;) {
    const rows = await db.mentorDraft.findMany({ where: { keyId: { not: keys.currentId } }, take: batch });
    if (!rows.length) break;
    for (const r of rows) {
      const aad = aadFor(r.workspaceId, r.mentorId);
      await db.mentorDraft.update({ where: { id: r.id }, data: { payloadEnc: keys.encrypt(keys.decrypt(r.payloadEnc, aad), aad), keyId: keys.currentId } });
      drafts++;
    }
  }
  return { entries, drafts };
}
