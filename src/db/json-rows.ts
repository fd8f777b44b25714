// A related table's rows as one JSON column of a hand-written statement, so a statement that
// must stay one round trip (an UPDATE … RETURNING) can carry them. The two databases differ:
// SQLite returns the JSON as text, with dates as Prisma stores them ("…T15:00:00.000+00:00");
// PostgreSQL returns it parsed, with Prisma's timestamps (UTC, without a zone) as bare strings.
import { raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";
import type { Provider } from "./client.js";

const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * `(SELECT <the rows as a JSON array> FROM table WHERE where)`: every column named, in
 * `orderBy` order on PostgreSQL (SQLite keeps the subquery's order in practice; sort again
 * in code where order matters).
 */
export function jsonRowsOf(
  provider: Provider,
  q: { table: string; columns: readonly string[]; where: Sql; orderBy: string },
): Sql {
  const pairs = q.columns.map((c) => `'${c}', x.${quoted(c)}`).join(", ");
  if (provider === "postgresql")
    return sql`(SELECT coalesce(json_agg(json_build_object(${raw(pairs)}) ORDER BY ${raw(q.orderBy)}), '[]') FROM ${raw(quoted(q.table))} x WHERE ${q.where})`;
  return sql`(SELECT json_group_array(json_object(${raw(pairs)})) FROM (SELECT * FROM ${raw(quoted(q.table))} x WHERE ${q.where} ORDER BY ${raw(q.orderBy)}) x)`;
}

/** A timestamp out of such JSON: UTC when it names no zone (PostgreSQL's). */
function timestamp(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
}

/** The rows back, with the `dates` columns as Dates (or null). */
export function readJsonRows<T>(value: unknown, dates: readonly (keyof T & string)[]): T[] {
  const rows = (typeof value === "string" ? JSON.parse(value) : (value ?? [])) as Record<string, unknown>[];
  for (const r of rows) for (const d of dates) r[d] = timestamp(r[d]);
  return rows as T[];
}
