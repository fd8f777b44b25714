// A consistent copy of the SQLite database while the bot runs, through SQLite's online backup
// API (better-sqlite3's db.backup), into <data>/backups/cadre-<UTC timestamp>.db, private to
// the service account. Confidential fields stay encrypted in the copy: restoring it needs the
// same key. PostgreSQL is backed up with pg_dump, which this names rather than wraps.
import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import Sqlite from "better-sqlite3";
import { providerOf, sqlitePath } from "./client.js";

export type BackupResult = { kind: "file"; path: string } | { kind: "hint"; hint: string };

export async function backupDatabase(url: string, now = new Date()): Promise<BackupResult> {
  if (providerOf(url) === "postgresql")
    return {
      kind: "hint",
      hint:
        "PostgreSQL: run pg_dump --format=custom --file=cadre-$(date -u +%Y%m%dT%H%M%SZ).dump " +
        '"$DATABASE_URL" (restore with pg_restore; keep CADRE_ENCRYPTION_KEY with it)',
    };
  const file = sqlitePath(url);
  const folder = join(dirname(file), "backups");
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const path = join(folder, `cadre-${stamp}.db`);
  closeSync(openSync(path, "wx", 0o600)); // private from its first byte; refuses to overwrite
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    await db.backup(path);
  } finally {
    db.close();
  }
  chmodSync(path, 0o600);
  return { kind: "file", path };
}
