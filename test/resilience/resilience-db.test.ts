// The database goes away mid-run: commands get a short "temporarily unavailable, nothing was
// saved" answer, the process stays up, and once the database is back commands work again
// without a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";
import { startPgServer, type PgServer } from "../support/pg-server.js";

describe("database outage [postgresql]", () => {
  let server: PgServer;
  let app: TestApp;
  let con: ConsoleDriver;

  beforeAll(async () => {
    server = await startPgServer();
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query("CREATE DATABASE outage");
    await c.end();
    app = await makeApp("postgresql", { url: server.url.replace(/\/[^/]*$/, "/outage") });
    con = new ConsoleDriver(app);
    await con.as("ana", "general", "/cadre settings timezone:America/Chicago");
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await server?.stop();
  });

  it("answers 'temporarily unavailable' while the database is down, then recovers", async () => {
    await server.pause();
    const [down] = await con.as("ana", "general", "/cadre settings timezone:America/Denver");
    expect(down!.kind).toBe("private");
    expect(down!.text).toContain("temporarily unavailable, so nothing was saved");
    expect(down!.text).not.toMatch(/error id/);

    await server.resume();
    let after: string | undefined;
    // The pool reconnects on the next use; give it a few attempts, as a user would.
    for (let i = 0; i < 10 && !after?.includes("Saved"); i++) {
      const [r] = await con.as("ana", "general", "/cadre settings timezone:America/Denver");
      after = r!.text;
      if (!after.includes("Saved")) await new Promise((r) => setTimeout(r, 300));
    }
    expect(after).toContain("Saved: timezone");
    const ws = await app.deps.db.workspace.findFirstOrThrow({ where: { platform: "console" } });
    expect(ws.timeZone).toBe("America/Denver");
  }, 60_000);
});
