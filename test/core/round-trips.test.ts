// The round-trip counter: every statement the database client sends is counted once, in the
// piece of work it was sent for (through awaits, not across concurrent work), and the
// dispatcher's debug line carries each command's count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, PROVIDERS, type TestApp } from "../support/app.js";
import { measureRoundTrips, roundTripsOf } from "../support/round-trips.js";
import { totalRoundTrips } from "../../src/core/round-trips.js";

describe.each(PROVIDERS)("round-trip counter [%s]", (provider) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await makeApp(provider);
  });
  afterAll(() => app.stop());

  it("counts one per query, and BEGIN and COMMIT for a transaction", async () => {
    const db = app.deps.db;
    expect(await roundTripsOf(() => db.workspace.count())).toBe(1);
    expect(await roundTripsOf(async () => (await db.workspace.count()) + (await db.member.count()))).toBe(2);
    expect(
      await roundTripsOf(() => db.$transaction(async (tx) => [await tx.workspace.count(), await tx.member.count()])),
    ).toBe(4);
    expect(await roundTripsOf(() => db.$queryRaw`SELECT 1`)).toBe(1);
    expect(await roundTripsOf(async () => undefined)).toBe(0);
  });

  it("counts a rolled-back transaction's ROLLBACK too", async () => {
    const n = await roundTripsOf(() =>
      app.deps.db
        .$transaction(async (tx) => {
          await tx.workspace.count();
          throw new Error("no");
        })
        .catch(() => undefined),
    );
    expect(n).toBe(3);
  });

  it("keeps concurrent pieces of work apart and counts nested ones in both", async () => {
    const db = app.deps.db;
    const before = totalRoundTrips();
    const [a, b] = await Promise.all([
      measureRoundTrips(async () => {
        await db.workspace.count();
        await db.workspace.count();
        await db.workspace.count();
      }),
      measureRoundTrips(async () => {
        await db.member.count();
        return roundTripsOf(() => db.member.count());
      }),
    ]);
    expect(a.roundTrips).toBe(3);
    expect(b.roundTrips).toBe(2);
    expect(b.value).toBe(1);
    expect(totalRoundTrips() - before).toBe(5);
  });

  it("lists the statements' SQL when asked, never their values", async () => {
    const r = await measureRoundTrips(() => app.deps.db.member.findMany({ where: { userId: "secret-name" } }), {
      statements: true,
    });
    expect(r.statements).toHaveLength(1);
    expect(r.statements[0]).toMatch(/FROM .*Member/);
    expect(r.statements[0]).not.toContain("secret-name");
  });

  it("logs each dispatched command's round trips at debug", async () => {
    const source = {
      platform: "slack",
      externalWorkspaceId: `T-${provider}-log`,
      channelId: "C1",
      isDM: false,
      userId: "U1",
      displayName: "Ana",
    };
    const before = app.logs.length;
    const { roundTrips } = await measureRoundTrips(() =>
      app.dispatcher.run({ source, command: "reminder", text: "list" }),
    );
    const line = app.logs
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === "command");
    expect(line).toMatchObject({ command: "reminder", sub: "list", roundTrips });
    expect(roundTrips).toBeGreaterThan(0);
  });
});
