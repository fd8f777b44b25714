// Hand-written statements on SQLite without Prisma's query pipeline. `$queryRaw` turns each
// statement into a plan, interprets it and converts its rows twice (~200 µs a statement, most of
// a hot command's time on SQLite); here the statement goes straight to the driver adapter Prisma
// itself uses (the same connection, so inside a transaction when there is one, and counted as a
// round trip), and its rows are shaped as `$queryRaw` shapes them, errors included. Other
// databases, and a client not yet connected, take `$queryRaw` as before.
import { PrismaClientKnownRequestError, type Sql } from "@prisma/client/runtime/client";

/** What is used of a Prisma client or transaction (client.ts's Tx, which imports this module). */
interface Tx {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
  $executeRaw(query: Sql): PromiseLike<number>;
}

/** The part of Prisma's driver adapter interface used here (@prisma/driver-adapter-utils). */
interface ArgType {
  scalarType: string;
  arity: "scalar";
}
interface Query {
  sql: string;
  args: unknown[];
  argTypes: ArgType[];
}
interface ResultSet {
  columnNames: string[];
  columnTypes: number[];
  rows: unknown[][];
}
interface Queryable {
  queryRaw(q: Query): Promise<ResultSet>;
  executeRaw(q: Query): Promise<number>;
}

/** Prisma's ColumnTypeEnum values that need converting (the rest are returned as read). */
const INT32 = 0;
const INT64 = 1;
const BOOLEAN = 5;
const DATE = 8;
const TIME = 9;
const DATETIME = 10;
const JSON_ = 11;
const BYTES = 13;

/** Connected adapters by the factory Prisma was given (which its clients and transactions carry). */
const connected = new WeakMap<object, Queryable>();

interface AdapterFactory {
  connect(): Promise<object>;
}

/** `target` with some properties replaced; its own methods bound to it (adapters keep state in private fields). */
function overriding<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(t, key) {
      if (typeof key === "string" && Object.hasOwn(overrides, key)) return overrides[key];
      const v = Reflect.get(t, key, t) as unknown;
      return typeof v === "function" ? (v as (...args: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/** The factory, its connections registered for direct statements while they are open. */
export function withDirect<F extends AdapterFactory>(factory: F): F {
  const proxy: F = overriding(factory, {
    connect: async () => {
      const adapter = (await factory.connect()) as Queryable & { dispose(): Promise<void> };
      connected.set(proxy, adapter);
      return overriding(adapter, {
        dispose: () => {
          if (connected.get(proxy) === adapter) connected.delete(proxy);
          return adapter.dispose();
        },
      });
    },
  });
  return proxy;
}

interface EngineConfig {
  adapter?: object;
  clientVersion?: string;
}
const configOf = (db: Tx) => (db as unknown as { _engineConfig?: EngineConfig })._engineConfig;

/** The statement's arguments as Prisma passes them to the adapter; undefined for a kind it serializes otherwise. */
function argsOf(values: readonly unknown[]): Pick<Query, "args" | "argTypes"> | undefined {
  const args: unknown[] = [];
  const argTypes: ArgType[] = [];
  for (const v of values) {
    let scalarType: string;
    if (v === null || typeof v === "string") scalarType = "string";
    else if (typeof v === "number") scalarType = Number.isInteger(v) ? "int" : "float";
    else if (typeof v === "bigint") scalarType = "bigint";
    else if (typeof v === "boolean") scalarType = "boolean";
    else if (v instanceof Date) scalarType = "datetime";
    else if (v instanceof Uint8Array) {
      args.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      argTypes.push({ scalarType: "bytes", arity: "scalar" });
      continue;
    } else return undefined;
    args.push(v);
    argTypes.push({ scalarType, arity: "scalar" });
  }
  return { args, argTypes };
}

/** A value as `$queryRaw` returns it for its column type (after the adapter's own row mapping). */
function valueOf(v: unknown, type: number | undefined): unknown {
  if (v === null) return null;
  switch (type) {
    case INT32:
      return Math.trunc(Number(v));
    case INT64:
      return BigInt(typeof v === "number" ? Math.trunc(v) : (v as string));
    case BOOLEAN:
      return typeof v === "boolean" ? v : typeof v === "string" ? v === "true" || v === "1" : v === 1;
    case DATETIME:
    case DATE:
      return new Date(v as string);
    case TIME:
      return new Date(`1970-01-01T${v as string}Z`);
    case JSON_:
      return JSON.parse(v as string) as unknown;
    case BYTES:
      return new Uint8Array(v as number[]);
    default:
      return v;
  }
}

/** A driver adapter's failure, thrown as `$queryRaw` throws it (P2010, the adapter's error in meta). */
function failure(db: Tx, e: unknown): unknown {
  const err = e as { name?: string; cause?: { kind?: string; originalCode?: string; originalMessage?: string } };
  if (err?.name !== "DriverAdapterError" || !err.cause) return e;
  const message = `Raw query failed. Code: \`${err.cause.originalCode ?? "N/A"}\`. Message: \`${err.cause.originalMessage ?? err.cause.kind}\``;
  return new PrismaClientKnownRequestError(message, {
    code: "P2010",
    clientVersion: configOf(db)?.clientVersion ?? "",
    meta: { driverAdapterError: e },
  });
}

function direct(db: Tx, query: Sql): { adapter: Queryable; q: Query } | undefined {
  const factory = configOf(db)?.adapter;
  const adapter = factory && connected.get(factory);
  if (!adapter) return undefined;
  const a = argsOf(query.values);
  return a && { adapter, q: { sql: query.sql, ...a } };
}

/** `db.$queryRaw<T>(query)`, straight to SQLite's driver when it can be. */
export async function queryRows<T = unknown[]>(db: Tx, query: Sql): Promise<T> {
  const d = direct(db, query);
  if (!d) return db.$queryRaw<T>(query);
  let r: ResultSet;
  try {
    r = await d.adapter.queryRaw(d.q);
  } catch (e) {
    throw failure(db, e);
  }
  const { columnNames, columnTypes, rows } = r;
  return rows.map((row) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++) o[columnNames[i]!] = valueOf(row[i], columnTypes[i]);
    return o;
  }) as T;
}

/** `db.$executeRaw(query)`: the number of rows changed. */
export async function executeRows(db: Tx, query: Sql): Promise<number> {
  const d = direct(db, query);
  if (!d) return db.$executeRaw(query);
  try {
    return await d.adapter.executeRaw(d.q);
  } catch (e) {
    throw failure(db, e);
  }
}
