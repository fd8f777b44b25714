// postinstall: builds native/memory, cadre's one native helper (it gives memory freed after a
// burst back to the system; README "Performance"), with the node-gyp that npm ships. cadre
// runs without it: on a machine with no C compiler this prints why and the install goes on.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "native", "memory");

/** npm tells its scripts where its node-gyp is; outside npm, look beside npm itself. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath &&
      join(dirname(process.env.npm_execpath), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"),
    join(
      dirname(process.execPath),
      "..",
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
  ];
  return candidates.find((c) => c && existsSync(c));
}

/** Node's own headers when they are installed beside it (node-gyp would otherwise download them). */
function nodeDir() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = join(dirname(process.execPath), "..");
  return existsSync(join(prefix, "include", "node", "node_api.h")) ? [`--nodedir=${prefix}`] : [];
}

const gyp = nodeGyp();
const result = gyp
  ? spawnSync(process.execPath, [gyp, "rebuild", "--loglevel=error", ...nodeDir()], { cwd: dir, encoding: "utf8" })
  : undefined;
if (!result || result.status !== 0) {
  const lines = (result?.stderr || result?.stdout || String(result?.error ?? "")).trim().split("\n");
  const why = !gyp
    ? "npm's node-gyp was not found."
    : (lines.find((l) => /Error:/.test(l)) ??
      lines.find((l) => /error/i.test(l) && !/gyp ERR! (not ok|node|cwd|command|System)/.test(l)) ??
      lines.at(-1));
  process.stderr.write(
    `cadre: the memory helper (native/memory) was not built, so cadre will keep more memory after busy periods; it runs without it. ${why}\n`,
  );
}
