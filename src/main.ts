// cadre itself, run by src/entry.ts (what `npm start` runs): every platform whose credentials
// are present, and the terminal console when none are.
import { memoryHelper, releaseAfterFullGc } from "./runtime/memory.js";
import { ConfigError, discordEnabled, loadEnv, slackMode } from "./config/env.js";
import { loadEnvFile } from "./config/env-file.js";
import { createApp } from "./app.js";
import { MigrationError } from "./db/migrate.js";
import { KeyError } from "./config/keys.js";
import { shortId } from "./core/short-id.js";
import { PlatformStartError } from "./platforms/start-error.js";
import { verdict } from "./platforms/process-policy.js";
import type { App } from "./app.js";

let running: App | undefined;
/** How long a clean stop (SIGTERM) may take before cadre exits anyway. */
const STOP_BOUND_MS = 15_000;
let exiting = false;

/** Errors nothing caught: see platforms/process-policy.ts for which ones cadre survives. */
function onUncaught(kind: "unhandledRejection" | "uncaughtException", e: unknown): void {
  const id = shortId(6);
  const err = { message: (e as Error)?.message ?? String(e), code: (e as { code?: unknown })?.code };
  if (verdict(kind, e) === "continue") {
    running?.deps.log.warn(
      { errorId: id, err },
      "a platform call failed and nothing was waiting for it; cadre keeps running",
    );
    return;
  }
  running?.deps.log.fatal({ errorId: id, err, stack: (e as Error)?.stack }, kind);
  if (exiting) return;
  exiting = true;
  process.stderr.write(`cadre: stopping after an unexpected error (error id ${id}): ${err.message}\n`);
  // Stop cleanly (the scheduler gives back what it holds, the database closes), but not forever.
  const timer = setTimeout(() => process.exit(70), 5000);
  timer.unref();
  void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(70));
}
process.on("unhandledRejection", (e) => onUncaught("unhandledRejection", e));
process.on("uncaughtException", (e) => onUncaught("uncaughtException", e));

async function main(): Promise<number> {
  const t0 = performance.now();
  try {
    loadEnvFile();
  } catch (e) {
    process.stderr.write(`cadre: could not read .env: ${(e as Error)?.message ?? String(e)}\n`);
    return 78;
  }
  let env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`cadre: configuration error: ${e.message}\n`);
      return 78;
    }
    throw e;
  }
  const useConsole = !slackMode(env) && !discordEnabled(env);
  // The console shares the terminal: keep routine logs quiet there unless asked for.
  const app = await createApp(useConsole && !process.env.LOG_LEVEL ? { ...env, LOG_LEVEL: "warn" } : env);
  running = app;
  const { startPlatforms } = await import("./platforms/start.js");
  try {
    await startPlatforms(app);
  } catch (e) {
    await app.stop();
    throw e;
  }
  const memory = memoryHelper();
  if (memory) releaseAfterFullGc(() => memory.release());
  app.deps.log.info({ ms: Math.round(performance.now() - t0), memoryRelease: Boolean(memory) }, "ready");
  // Said once started, for a person: which zone workspaces made from now on get.
  if (!process.env.CADRE_TIMEZONE)
    process.stderr.write(
      `cadre: new workspaces get the time zone ${env.CADRE_TIMEZONE} (this computer's); ` +
        `set CADRE_TIMEZONE to choose another, e.g. CADRE_TIMEZONE=America/Chicago.\n`,
    );
  if (useConsole) {
    const { runConsole } = await import("./platforms/console/run.js");
    await runConsole(app);
    await app.stop();
    return 0;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  // Stop taking new work, let deliveries in flight finish and give back leases, but within a
  // bound: a service manager's stop timeout should not have to kill cadre.
  app.deps.log.info("stopping");
  const bound = setTimeout(() => {
    app.deps.log.warn({ seconds: STOP_BOUND_MS / 1000 }, "stop took too long; exiting");
    process.exit(0);
  }, STOP_BOUND_MS);
  bound.unref();
  await app.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const known = e instanceof MigrationError || e instanceof PlatformStartError || e instanceof KeyError;
    const msg = known ? e.message : ((e as Error)?.stack ?? String(e));
    process.stderr.write(`cadre: could not start: ${msg}\n`);
    process.exit(1);
  },
);
