// Deleting an entry must delete its content. SQLite otherwise leaves deleted (or overwritten)
// cells in free pages of the file, where the ciphertext stays readable to anyone holding the
// key; secure_delete makes SQLite zero them. It is a per-connection setting, and the SQLite
// adapter keeps one connection, so it is set once per client before the first change.
// (PostgreSQL keeps dead row versions until VACUUM; autovacuum reclaims them.)
import { unmeasured } from "../../core/round-trips.js";
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
 * included. Outside a transaction only; a no-op on PostgreSQL. True when the log was emptied
 * (false when a transaction open on the connection held pages back).
 */
export async function checkpointDeleted(db: Tx): Promise<boolean> {
  if (clientProvider(db) !== "sqlite") return true;
  const [r] = await db.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
  return !r || Number(r.busy) === 0;
}

/** How soon a background checkpoint runs, and how often it tries again while the log is busy. */
const SOON_MS = 50;
const TRIES = 20;

interface Pending {
  timer: ReturnType<typeof setTimeout>;
  run: (again: boolean) => Promise<void>;
}
const pending = new WeakMap<object, Pending>();

/**
 * checkpointDeleted, in the background a moment after the change (off the command's path: the
 * mentor's answer does not wait for it); changes made meanwhile share one checkpoint. A busy log
 * is tried again shortly. flushCheckpoint runs a pending one at once (before the database closes).
 */
export function checkpointSoon(db: Tx, tries = TRIES): void {
  if (clientProvider(db) !== "sqlite" || pending.has(db)) return;
  const run = async (again: boolean) => {
    const p = pending.get(db);
    if (p?.run !== run) return;
    clearTimeout(p.timer);
    pending.delete(db);
    const emptied = await checkpointDeleted(db).catch(() => false);
    if (!emptied && again && tries > 1) checkpointSoon(db, tries - 1);
  };
  unmeasured(() => {
    const timer = setTimeout(() => void run(true), SOON_MS);
    timer.unref?.();
    pending.set(db, { timer, run });
  });
}

/** Runs the pending background checkpoint now, if there is one (and does not try again later). */
export async function flushCheckpoint(db: Tx): Promise<void> {
  await pending.get(db)?.run(false);
}
