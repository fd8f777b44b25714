// Operators can watch cadre: GET /healthz says whether the database answers (503 when it is
// stopped), which platforms run and how far the outbox is behind; GET /metrics is Prometheus
// text with commands by name and outcome, answer latency and deliveries by status, and never a
// user id or anything anyone wrote.
import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { startPgServer, type PgServer } from "../support/pg-server.js";
import { startOpsServer } from "../../src/platforms/ops/server.js";
import { makeApp, type TestApp } from "../support/app.js";
import { ConsoleDriver } from "../support/console.js";

// One sample line of the text exposition format: name, optional labels, value.
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (?:[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|Inf|NaN))$/;

describe("health and metrics [sqlite]", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("/metrics parses as Prometheus text, counts commands by name and outcome, and holds no user id or text", async () => {
    app = await makeApp("sqlite");
    const { port } = await startOpsServer(app, 0);
    const con = new ConsoleDriver(app);
    await con.as(
      "U0SECRETID",
      "dm",
      '/mentor log duration:1h mentee:"Jordan Lee" topics:planning notes:"very private"',
    );
    await con.as("U0SECRETID", "general", '/reminder add when:"tomorrow 8am" Bring the rubric zebra');
    await con.as("U0SECRETID", "general", "/session show id:NOPE");
    // The reminder's delivery waits out a platform rate limit, as the scheduler records it.
    await app.deps.db.delivery.updateMany({
      where: { status: "pending" },
      data: {
        retryAt: new Date(app.clock.now().getTime() + 60_000),
        lastError: "rate limited on chat.postMessage:C1 for 60000 ms",
      },
    });

    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) expect(line, line).toMatch(SAMPLE);
    expect(text).toMatch(/^cadre_commands_total\{command="mentor",kind="command",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^cadre_commands_total\{command="session",kind="command",outcome="user-error"\} 1$/m);
    expect(text).toMatch(/^cadre_answer_seconds_count\{kind="command"\} 3$/m);
    expect(text).toMatch(/^cadre_deliveries\{status="pending"\} 1$/m);
    expect(text).toMatch(/^cadre_outbox_lag_seconds 0$/m);
    expect(text).toMatch(/^cadre_deliveries_rate_limited 1$/m);
    expect(text).toMatch(/^cadre_database_up 1$/m);
    for (const secret of ["U0SECRETID", "Jordan", "very private", "zebra", "rubric", "NOPE"])
      expect(text).not.toContain(secret);
  });
});

describe("health while the database is stopped [postgresql]", () => {
  let server: PgServer | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await server?.resume().catch(() => undefined); // not paused when the test failed before
    await app?.stop();
    await server?.stop();
  });

  it("/healthz is 200 with the database up and 503 once it is stopped", async () => {
    server = await startPgServer();
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query("CREATE DATABASE healthz");
    await c.end();
    app = await makeApp("postgresql", { url: server.url.replace(/\/[^/]*$/, "/healthz") });
    const { port } = await startOpsServer(app, 0);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      status: "ok",
      database: "up",
      platforms: {},
      scheduler: { due: 0, lagSeconds: 0 },
    });

    await server.pause();
    const down = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "down", database: "down", scheduler: "unknown" });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^cadre_database_up 0$/m);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  }, 60_000);
});
