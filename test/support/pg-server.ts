// An embedded PostgreSQL in a child process (see scripts/embedded-pg-server.mjs), with
// pause/resume for outage tests.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";

export interface PgServer {
  url: string;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPgServer(): Promise<PgServer> {
  const script = join(import.meta.dirname, "..", "..", "scripts", "embedded-pg-server.mjs");
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.on("data", (d) => process.stderr.write("[pg child] " + d));
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (l) => waiting.shift()?.(l));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      child.once("exit", (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
    });
  const first = JSON.parse(await next()) as { url: string };
  const command = async (c: string) => {
    const reply = next();
    child.stdin.write(c + "\n");
    const r = await reply;
    if (r !== "ok") throw new Error(`embedded PostgreSQL: ${r}`);
  };
  return {
    url: first.url,
    pause: () => command("pause"),
    resume: () => command("resume"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin.end();
      }),
  };
}
