// Hand-written statements sent straight to SQLite's driver (src/db/direct.ts) must come back
// exactly as `$queryRaw` returns them: every table's rows after a working day's commands, the
// expressions services select, the errors they test for, and inside transactions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { hotPaths } from "../support/round-trips.js";
import { roundTripsOf } from "../support/round-trips.js";
import { sql } from "../../src/db/client.js";
import { executeRows, queryRows } from "../../src/db/direct.js";

const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("the statement did not fail");
    },
    (e: unknown) => e as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: object } } },
  );

describe.each(PROVIDERS)("direct statements [%s]", (provider) => {
  let app: TestApp;
  const db = () => app.deps.db;
  beforeAll(async () => {
    app = await makeApp(provider, { app: { rateLimit: false } });
    // Sessions, RSVPs, an ILT with items, mentor entries, reminders, deliveries, audit events.
    await (
      await hotPaths(app)
    )(1);
  });
  afterAll(() => app.stop());

  it("reads every table's rows as $queryRaw does", async () => {
    const names =
      provider === "sqlite"
        ? await db().$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
        : await db().$queryRaw<
            { name: string }[]
          >`SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables
            WHERE table_schema = current_schema() ORDER BY table_name`;
    // Prisma's and SQLite's own tables are not cadre's.
    const tables = names.filter(({ name }) => !name.startsWith("_") && !name.startsWith("sqlite_"));
    expect(tables.length).toBeGreaterThan(20);
    let withRows = 0;
    for (const { name } of tables) {
      const q = sql([`SELECT * FROM "${name}"`]);
      const expected = await db().$queryRaw<object[]>(q);
      expect(await queryRows<object[]>(db(), q), name).toEqual(expected);
      if (expected.length) withRows++;
    }
    expect(withRows).toBeGreaterThanOrEqual(12);
  });

  it("reads expressions, parameters and NULLs as $queryRaw does", async () => {
    const at = new Date("2026-11-02T15:04:05.678Z");
    const q = sql`SELECT COUNT(*) AS "n", SUM("minutes") AS "total", AVG("minutes") AS "mean", MAX("startsAt") AS "latest",
        ${at} AS "at", ${42} AS "int", ${2.5} AS "float", ${"text"} AS "text", ${null} AS "none", ${true} AS "yes",
        ${12345678901234n} AS "big", CASE WHEN COUNT(*) > 0 THEN 'some' ELSE 'none' END AS "label"
      FROM "Session" WHERE "workspaceId" <> ${"nobody"}`;
    const expected = await db().$queryRaw<object[]>(q);
    expect(expected).toHaveLength(1);
    expect(await queryRows<object[]>(db(), q)).toEqual(expected);
    const none = sql`SELECT "id", "title" FROM "Session" WHERE "id" = ${"no such id"}`;
    expect(await queryRows(db(), none)).toEqual(await db().$queryRaw(none));
  });

  it("binds dates, booleans and bytes as $queryRaw does", async () => {
    const row = await db().session.findFirstOrThrow();
    // The stored date read back by a comparison with the parameter: equal only if bound alike.
    const q = sql`SELECT "id" FROM "Session" WHERE "startsAt" = ${row.startsAt} AND ${true} AND length(${new Uint8Array([1, 2, 3])}) = 3`;
    const expected = await db().$queryRaw<object[]>(q);
    expect(expected).toEqual([{ id: row.id }]);
    expect(await queryRows(db(), q)).toEqual(expected);
  });

  it("counts each direct statement as one round trip", async () => {
    expect(await roundTripsOf(() => queryRows(db(), sql`SELECT 1 AS "one"`))).toBe(1);
    expect(await roundTripsOf(() => executeRows(db(), sql`UPDATE "Session" SET "title" = "title" WHERE 1 = 0`))).toBe(
      1,
    );
  });

  it("fails as $queryRaw fails: a unique key taken, a statement that cannot run", async () => {
    const s = await db().session.findFirstOrThrow();
    const dup = sql`INSERT INTO "AuditEvent" ("id", "workspaceId", "actorId", "action", "subjectId", "detail", "createdAt")
      SELECT "id", "workspaceId", "actorId", "action", "subjectId", "detail", "createdAt" FROM "AuditEvent" LIMIT 1`;
    const [viaPrisma, viaDirect] = [await caught(db().$executeRaw(dup)), await caught(executeRows(db(), dup))];
    expect(viaPrisma.code).toBe("P2010");
    expect(viaDirect.code).toBe(viaPrisma.code);
    // Prisma's message also quotes the call; both carry the database's own.
    expect(viaPrisma.message).toContain(viaDirect.message!.replace(/^Raw query failed\. /, ""));
    expect(viaDirect.meta?.driverAdapterError?.cause).toEqual(viaPrisma.meta?.driverAdapterError?.cause);
    const bad = sql`SELECT "noSuchColumn" FROM "Session" WHERE "id" = ${s.id}`;
    const [p2, d2] = [await caught(db().$queryRaw(bad)), await caught(queryRows(db(), bad))];
    expect(d2.code).toBe(p2.code);
    expect(d2.meta?.driverAdapterError?.cause).toEqual(p2.meta?.driverAdapterError?.cause);
  });

  it("runs inside the transaction it is given: seen there, undone by its rollback", async () => {
    const s = await db().session.findFirstOrThrow();
    const rename = sql`UPDATE "Session" SET "title" = ${"Renamed in a transaction"} WHERE "id" = ${s.id}`;
    const read = sql`SELECT "title" FROM "Session" WHERE "id" = ${s.id}`;
    await expect(
      db().$transaction(async (tx) => {
        expect(await executeRows(tx, rename)).toBe(1);
        expect(await queryRows(tx, read)).toEqual([{ title: "Renamed in a transaction" }]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await queryRows(db(), read)).toEqual([{ title: s.title }]);
  });
});
