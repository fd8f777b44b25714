// npm run keys:rotate — after setting a new CADRE_ENCRYPTION_KEY and moving the old one to
// CADRE_PREVIOUS_ENCRYPTION_KEYS, re-encrypts every confidential row under the new key.
import { loadEnv, ConfigError } from "../config/env.js";
import { loadKeyring } from "../config/keys.js";
import { createLogger } from "../core/log.js";
import { openDatabase } from "../db/client.js";
import { migrate } from "../db/migrate.js";
import { rotateKeys } from "../services/mentoring/rotate.js";

try {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  await migrate(env.DATABASE_URL);
  const keys = loadKeyring(env, log);
  const { db, close } = await openDatabase(env.DATABASE_URL);
  const n = await rotateKeys(db, keys);
  await close();
  console.log(
    `Re-encrypted ${n.entries} mentoring entries, ${n.drafts} drafts and ${n.pairs} typed pair mentees under key ` +
      `${keys.currentId}. Retired keys can now be removed from CADRE_PREVIOUS_ENCRYPTION_KEYS.`,
  );
} catch (e) {
  console.error(`keys:rotate: ${e instanceof ConfigError ? "configuration error: " : ""}${(e as Error).message}`);
  process.exit(1);
}
