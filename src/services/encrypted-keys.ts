// Which keys encrypted the confidential rows already stored: start-up checks the keyring
// holds every one. Each encrypted table keeps its key id in a keyId column beside the
// ciphertext; one GROUP BY per table.
import type { Db } from "../db/client.js";

export async function keyIdsInUse(db: Db): Promise<string[]> {
  const [entries, drafts, pairs] = await Promise.all([
    db.mentorEntry.groupBy({ by: ["keyId"] }),
    db.mentorDraft.groupBy({ by: ["keyId"] }),
    db.mentorPair.groupBy({ by: ["keyId"], where: { keyId: { not: null } } }),
  ]);
  return [...new Set([...entries, ...drafts, ...pairs].map((r) => r.keyId!))].sort();
}
