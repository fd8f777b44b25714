// The encryption keyring from the environment. With SQLite and no key, one is generated
// into the data folder (mode 0600) so a first run needs no setup; PostgreSQL requires one.
// Start-up refuses a keyring that cannot read what is already stored: a new or wrong key
// over existing ciphertext would leave old rows unreadable and mix key ids in new ones.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { Keyring } from "../core/keyring.js";
import type { Logger } from "../core/log.js";
import { isPostgres, type Env } from "./env.js";
import { dataFolder } from "./data-folder.js";

/** A key problem that stops start-up; its message is the one line the operator sees. */
export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyError";
  }
}

/**
 * `inUse`: the key ids that encrypted rows already stored (services/encrypted-keys.ts).
 * Every one must be in the keyring, and no key is generated while any exist.
 */
/** Where a one-line notice for the person starting cadre goes (the terminal's stderr). */
export type Notice = (line: string) => void;
const toTerminal: Notice = (line) => process.stderr.write(`cadre: ${line}\n`);

export function loadKeyring(
  env: Env,
  log: Logger,
  inUse: readonly string[] = [],
  notice: Notice = toTerminal,
): Keyring {
  const retired = (env.CADRE_PREVIOUS_ENCRYPTION_KEYS ?? "")
    .split(",")
    .filter(Boolean)
    .map((k) => Buffer.from(k.trim(), "base64"));
  const keys = env.CADRE_ENCRYPTION_KEY
    ? new Keyring(Buffer.from(env.CADRE_ENCRYPTION_KEY, "base64"), retired)
    : fromFile(env, log, retired, inUse, notice);
  const missing = inUse.filter((id) => !keys.has(id));
  if (missing.length) {
    const which = env.CADRE_ENCRYPTION_KEY ? "CADRE_ENCRYPTION_KEY is set to" : `the key file ${keyFile(env)} holds`;
    throw new KeyError(
      `${which} key ${keys.currentId}, but stored confidential rows were encrypted with key ${missing.join(", ")}, which is not in ` +
        `the keyring: set CADRE_ENCRYPTION_KEY to that key (list newer ones in CADRE_PREVIOUS_ENCRYPTION_KEYS), or restore its key file.`,
    );
  }
  return keys;
}

function keyFile(env: Env): string {
  return join(dataFolder(env), "cadre.key");
}

function fromFile(env: Env, log: Logger, retired: Buffer[], inUse: readonly string[], notice: Notice): Keyring {
  if (isPostgres(env.DATABASE_URL)) throw new KeyError("CADRE_ENCRYPTION_KEY is required with PostgreSQL");
  const file = keyFile(env);
  if (!existsSync(file)) {
    if (inUse.length)
      throw new KeyError(
        `CADRE_ENCRYPTION_KEY is not set and the key file ${file} is missing, but stored confidential rows were encrypted with ` +
          `key ${inUse.join(", ")}: restore that file or set CADRE_ENCRYPTION_KEY to that key (a new key would not read them).`,
      );
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    log.info({ file }, "generated an encryption key");
    notice(
      `generated the key that encrypts mentor notes and mentees: ${relative(process.cwd(), file) || file}. ` +
        `Back this file up now (without it the notes cannot be read), or set CADRE_ENCRYPTION_KEY instead.`,
    );
  }
  const text = readFileSync(file, "utf8").trim();
  const key = Buffer.from(text, "base64");
  if (!/^[A-Za-z0-9+/_-]+=*$/.test(text) || key.length !== 32)
    throw new KeyError(
      `the key file ${relative(process.cwd(), file) || file} is corrupt: it must hold 32 bytes ` +
        `encoded as base64 (one line); restore it from your backup, or set CADRE_ENCRYPTION_KEY.`,
    );
  return new Keyring(key, retired);
}
