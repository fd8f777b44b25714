// Every text value in every table of a test database, with where it was found: the
// confidentiality tests search it for what must never be stored in plain form.
import type { TestApp } from "./app.js";

export async function everyText(
  app: TestApp,
  provider: string,
): Promise<{ table: string; column: string; value: string }[]> {
  const db = app.deps.db;
  const cols: { table: string; column: string }[] =
    provider === "sqlite"
      ? (
          await Promise.all(
            (
              await db.$queryRawUnsafe<{ name: string }[]>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
              )
            ).map(async (t) =>
              (await db.$queryRawUnsafe<{ name: string; type: string }[]>(`PRAGMA table_info("${t.name}")`))
                .filter((c) => /TEXT|CHAR/i.test(c.type))
                .map((c) => ({ table: t.name, column: c.name })),
            ),
          )
        ).flat()
      : (
          await db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
            "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json')",
          )
        ).map((c) => ({ table: c.table_name, column: c.column_name }));
  const out: { table: string; column: string; value: string }[] = [];
  for (const { table, column } of cols) {
    const rows = await db.$queryRawUnsafe<{ v: unknown }[]>(
      `SELECT CAST("${column}" AS TEXT) AS v FROM "${table}" WHERE "${column}" IS NOT NULL`,
    );
    for (const r of rows) out.push({ table, column, value: String(r.v) });
  }
  return out;
}
