// npm run backup — a timestamped copy of the SQLite database under data/backups/ (mode 0600),
// safe while the bot runs; prints its path. With PostgreSQL it prints the pg_dump to run.
import { loadEnv, ConfigError } from "../config/env.js";
import { backupDatabase } from "../db/backup.js";

try {
  const env = loadEnv();
  const r = await backupDatabase(env.DATABASE_URL);
  console.log(r.kind === "file" ? r.path : r.hint);
} catch (e) {
  console.error(`backup: ${e instanceof ConfigError ? "configuration error: " : ""}${(e as Error).message}`);
  process.exit(1);
}
