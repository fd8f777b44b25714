// Where cadre keeps its own files (the generated key, Discord's registration hash): next to
// the SQLite file; ./data with PostgreSQL.
import { dirname, join } from "node:path";
import { sqlitePath } from "../db/client.js";
import { isPostgres, type Env } from "./env.js";

export function dataFolder(env: Pick<Env, "DATABASE_URL">): string {
  return isPostgres(env.DATABASE_URL) ? join(process.cwd(), "data") : dirname(sqlitePath(env.DATABASE_URL));
}
