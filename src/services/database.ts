// The database handles services take, named here so that adapters and commands can pass one
// along (from their dependencies to a service) without importing src/db themselves.
export type { Db, Tx } from "../db/client.js";
