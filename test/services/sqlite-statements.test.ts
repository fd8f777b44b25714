// SQLite keeps prepared statements between queries (src/db/statement-cache.ts): the same SQL
// run again with other values, a refused statement, a transaction rolled back and reads of
// every column type must answer as if each statement were prepared anew.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApp, type TestApp } from "../support/app.js";
import { ensureWorkspace, setRoles, getMember } from "../../src/services/workspaces.js";

describe("SQLite's kept statements", () => {
  let app: TestApp;
  let wsId = "";
  beforeAll(async () => {
    app = await makeApp("sqlite");
    wsId = (await ensureWorkspace(app.deps.db, "slack", "TSTMT", "UTC")).id;
  });
  afterAll(() => app.stop());

  it("binds each use's own values to the same statement", async () => {
    for (const u of ["U1", "U2", "U3"]) await setRoles(app.deps.db, wsId, u, u === "U2" ? ["leader"] : ["mentor"]);
    const roles = await Promise.all(["U3", "U1", "U2", "U9"].map((u) => getMember(app.deps.db, wsId, u)));
    expect(roles.map((m) => m && m.roles.includes("leader"))).toEqual([false, false, true, undefined]);
  });

  it("still refuses a duplicate, and answers the next use of that statement", async () => {
    const data = { workspaceId: wsId, userId: "UDUP", displayName: "Dup" };
    await app.deps.db.member.create({ data });
    await expect(app.deps.db.member.create({ data })).rejects.toMatchObject({ code: "P2002" });
    const again = await app.deps.db.member.create({ data: { ...data, userId: "UDUP2" } });
    expect(again.userId).toBe("UDUP2");
  });

  it("rolls a transaction back and reads dates, booleans and nulls as before", async () => {
    await expect(
      app.deps.db.$transaction(async (tx) => {
        await tx.member.create({ data: { workspaceId: wsId, userId: "UGONE", displayName: "Gone" } });
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await getMember(app.deps.db, wsId, "UGONE")).toBeUndefined();
    const w = await app.deps.db.workspace.findUniqueOrThrow({ where: { id: wsId } });
    const again = await app.deps.db.workspace.findUniqueOrThrow({ where: { id: wsId } });
    expect(again.createdAt).toBeInstanceOf(Date);
    expect(again).toEqual(w);
  });
});
