// Prepared statements kept for SQLite: Prisma's better-sqlite3 adapter prepares every statement
// anew (SQLite compiles the SQL each time, as long as running it), though a command's
// statements repeat. Prisma's SQL has placeholders, never values, so a bounded cache by SQL
// text holds them all; each use binds its own values (a statement can be bound only once).
import { LRUCache } from "lru-cache";

interface Statement {
  readonly reader: boolean;
  run(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  columns(): unknown[];
  raw(on?: boolean): Statement;
}

interface Client {
  prepare(sql: string): unknown;
}

/** What the adapter uses of a statement: prepare(sql).bind(args), then run, or columns and raw().all(). */
function use(stmt: Statement, args: unknown[] = []) {
  return {
    get reader() {
      return stmt.reader;
    },
    bind: (bound: unknown[]) => use(stmt, bound),
    run: () => stmt.run(args),
    all: () => stmt.all(args),
    columns: () => stmt.columns(),
    raw(on = true) {
      stmt.raw(on);
      return { all: () => stmt.all(args) };
    },
  };
}

function cache(client: Client, max: number): void {
  const prepare = client.prepare.bind(client) as (sql: string) => Statement;
  const kept = new LRUCache<string, Statement>({ max });
  client.prepare = (sql: string) => {
    let stmt = kept.get(sql);
    if (!stmt) kept.set(sql, (stmt = prepare(sql)));
    return use(stmt);
  };
}

interface AdapterFactory {
  connect(): Promise<object>;
}

/** The factory's connections keep up to `max` prepared statements. */
export function withStatementCache<F extends AdapterFactory>(factory: F, max = 1_000): F {
  return new Proxy(factory, {
    get(t, key) {
      if (key === "connect")
        return async () => {
          const adapter = (await t.connect()) as { client?: Client };
          if (adapter.client && typeof adapter.client.prepare === "function") cache(adapter.client, max);
          return adapter;
        };
      const v = Reflect.get(t, key, t) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}
