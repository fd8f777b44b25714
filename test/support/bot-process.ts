// How `npm start` runs cadre: scripts/build.mjs bundles it into dist/main.mjs (prestart), and
// plain node runs that, one process. Tests and benches run the same file from any directory;
// the test run's global setup builds it once.
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

export const START_SCRIPTS = { prestart: "node scripts/build.mjs", start: "node dist/main.mjs" };

export function buildBot(): void {
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" });
}

export function botProcess(): { file: string; args: string[] } {
  return { file: process.execPath, args: [join(root, "dist", "main.mjs")] };
}
