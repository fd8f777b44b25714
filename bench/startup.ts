// Start-up to ready on an empty SQLite database (migrations included), against `node -e 0`.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { botProcess, buildBot } from "../test/support/bot-process.js";
import { ms, ratio, summarize, type Row } from "./lib.js";

function once(cmd: string, args: string[], env: NodeJS.ProcessEnv, readyPattern?: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let err = "";
    const onData = (d: Buffer) => {
      err += d;
      if (readyPattern?.test(err)) {
        const elapsed = performance.now() - t;
        child.kill("SIGTERM");
        resolve(elapsed);
      }
    };
    child.stderr.on("data", onData);
    child.stdout.on("data", onData);
    child.on("exit", () =>
      readyPattern ? reject(new Error("exited before ready: " + err.slice(0, 500))) : resolve(performance.now() - t),
    );
  });
}

export async function startupBench(runs = 7): Promise<Row> {
  const startup: number[] = [];
  const baseline: number[] = [];
  const builtIn = performance.now();
  buildBot();
  const build = performance.now() - builtIn;
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "cadre-bench-start-"));
    const env = {
      ...process.env,
      DATABASE_URL: `file:${join(dir, "cadre.db")}`,
      LOG_LEVEL: "info",
      SLACK_BOT_TOKEN: "",
      DISCORD_TOKEN: "",
    };
    const bot = botProcess();
    startup.push(await once(bot.file, bot.args, env, /"msg":"ready"/));
    baseline.push(await once(process.execPath, ["-e", "0"], process.env));
  }
  const s = summarize(startup);
  const b = summarize(baseline);
  return {
    benchmark:
      "start-up to ready, empty SQLite (median of " +
      runs +
      "; `node dist/main.mjs`, which npm start runs after building it)",
    figure: `${ms(s.p50)} (the build before it: ${ms(build)})`,
    baseline: "`node -e 0`: " + ms(b.p50),
    ratio: ratio(s.p50, b.p50),
    target: "< 1 s",
    met: s.p50 < 1000,
  };
}
