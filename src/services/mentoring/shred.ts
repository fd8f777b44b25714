// Deleting an entry must delete its content. SQLite otherwise leaves deleted (or overwritten)
// cells in free pages of the file, where the ciphertext stays readable to anyone holding the
// key; secure_delete makes SQLite zero them. It is a per-connection setting, and the SQLite
// adapter keeps one connection, so it is set once per client before the first change.
// (PostgreSQL keeps dead row versions until VACUUM; autovacuum reclaims them.)
import { clientProvider, type Tx } from "../../db/client.js";

const done = new WeakSet<object>();

export async function zeroDeletedContent(db: Tx): Promise<void> {
  if (done.has(db)) return;
  if (clientProvider(db) === "sqlite") await db.$queryRawUnsafe("PRAGMA secure_delete = ON");
  done.add(db);
}

/**
 * After a confidential change has committed: copies the write-ahead log into the database file
 * and empties it. Until then cadre.db-wal holds the pages as they were, the old ciphertext
 * included. Outside a transaction only; a no-op on PostgreSQL.
 */
export async function checkpointDeleted(db: Tx): Promise<void> {
  if (clientProvider(db) === "sqlite") await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}
