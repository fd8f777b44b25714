// The project folder (holding package.json, prisma/ and native/): above src/ when run from
// source, above dist/ (or dist/chunks) when built. Node built-ins only: the memory helper's
// arena limit finds its file through this before the rest of cadre loads.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
