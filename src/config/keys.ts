// The encryption keyring from the environment. With SQLite and no key, one is generated
// into the data folder (mode 0600) so a first run needs no setup; PostgreSQL requires one.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Keyring } from "../core/keyring.js";
import type { Logger } from "../core/log.js";
import { isPostgres, type Env } from "./env.js";
import { dataFolder } from "./data-folder.js";

export function loadKeyring(env: Env, log: Logger): Keyring {
  const retired = (env.CADRE_PREVIOUS_ENCRYPTION_KEYS ?? "")
    .split(",")
    .filter(Boolean)
    .map((k) => Buffer.from(k.trim(), "base64"));
  if (env.CADRE_ENCRYPTION_KEY) return new Keyring(Buffer.from(env.CADRE_ENCRYPTION_KEY, "base64"), retired);
  if (isPostgres(env.DATABASE_URL)) throw new Error("CADRE_ENCRYPTION_KEY is required with PostgreSQL");
  const file = join(dataFolder(env), "cadre.key");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    log.warn({ file }, "generated an encryption key for confidential fields; back it up, or set CADRE_ENCRYPTION_KEY");
  }
  return new Keyring(Buffer.from(readFileSync(file, "utf8").trim(), "base64"), retired);
}
