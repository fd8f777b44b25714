// Prisma client over a driver adapter: better-sqlite3 for file: URLs, pg for postgresql:.
// Both generated clients have the same models; the SQLite client's type is the shared one.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaClient as SqliteClient, type Prisma } from "../generated/sqlite/client.ts";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { isPostgres } from "../config/env.js";
import { countedAdapter } from "./counted-adapter.js";
import { withStatementCache } from "./statement-cache.js";
import { withDirect } from "./direct.js";

export type Db = InstanceType<typeof SqliteClient>;
/**
 * What services take: the client or an interactive transaction of it (every model and raw
 * query; no $transaction or $connect). A Db is a Tx, so a function typed with Tx accepts both.
 */
export type Tx = Prisma.TransactionClient;
export type Provider = "sqlite" | "postgresql";
/** Fragments for hand-written statements (the tagged template of $queryRaw, and nothing). */
export { sqltag as sql, empty as emptySql } from "@prisma/client/runtime/client";
import { sqltag } from "@prisma/client/runtime/client";

export interface Database {
  db: Db;
  provider: Provider;
  url: string;
  close(): Promise<void>;
}

/** The file path of a `file:` URL, relative to the working directory. */
export function sqlitePath(url: string): string {
  return resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/**
 * Makes the SQLite file private before SQLite opens it: a new folder is 0700 and the database
 * 0600 (SQLite gives its -wal and -shm files the database's mode). Files an older version
 * created world-readable are narrowed to 0600; an existing folder is left as the operator set it.
 */
export function prepareSqliteFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export function providerOf(url: string): Provider {
  return isPostgres(url) ? "postgresql" : "sqlite";
}

/**
 * Which provider a client or transaction speaks, for the few statements that differ (locks,
 * pragmas). Prisma's clients and their transactions carry it as `_activeProvider`.
 */
export const clientProvider = (db: Tx): Provider =>
  (db as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";

/** A Date bound in a hand-written statement: PostgreSQL must be told its type (Prisma's columns are TIMESTAMP(3)). */
export const sqlTimestamp = (db: Tx, d: Date | null) =>
  clientProvider(db) === "postgresql" ? sqltag`CAST(${d} AS TIMESTAMP(3))` : sqltag`${d}`;

/** Opens the database; PostgreSQL's client and driver load only when the URL names it (~7 MB a SQLite install never needs). */
export async function openDatabase(url: string, opts: { poolSize?: number } = {}): Promise<Database> {
  if (isPostgres(url)) {
    const [{ PrismaClient: PgClient }, { PrismaPg }] = await Promise.all([
      import("../generated/postgresql/client.ts"),
      import("@prisma/adapter-pg"),
    ]);
    const adapter = countedAdapter(
      new PrismaPg({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5_000 }),
    );
    const db = new PgClient({ adapter }) as unknown as Db;
    return { db, provider: "postgresql", url, close: () => db.$disconnect() };
  }
  const file = sqlitePath(url);
  prepareSqliteFile(file);
  const adapter = withDirect(
    countedAdapter(withStatementCache(new PrismaBetterSQLite3({ url: file, timeout: 10_000 }))),
  );
  const db = new SqliteClient({ adapter });
  return { db, provider: "sqlite", url, close: () => db.$disconnect() };
}
