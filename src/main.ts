// Entry point for `npm start`: every platform whose credentials are present, and the
// terminal console when none are.
import { ConfigError, discordEnabled, loadEnv, slackMode } from "./config/env.js";
import { createApp } from "./app.js";
import { MigrationError } from "./db/migrate.js";
import { KeyError } from "./config/keys.js";

async function main(): Promise<number> {
  const t0 = performance.now();
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
  const { startPlatforms } = await import("./platforms/start.js");
  await startPlatforms(app);
  app.deps.log.info({ ms: Math.round(performance.now() - t0) }, "ready");
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
  await app.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    const msg = e instanceof MigrationError || e instanceof KeyError ? e.message : ((e as Error)?.stack ?? String(e));
    process.stderr.write(`cadre: could not start: ${msg}\n`);
    process.exit(1);
  },
);
