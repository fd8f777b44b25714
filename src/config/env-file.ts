// `.env` in the folder cadre starts in, read with Node's own process.loadEnvFile (Node ≥ 20.12):
// its values fill only variables the real environment does not already set, so a variable
// given on the command line or by the service manager always wins over the file.
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/** Loads `.env` when there is one; returns its path, or undefined when there is none. */
export function loadEnvFile(file = ".env"): string | undefined {
  const path = resolve(file);
  if (!existsSync(path)) return undefined;
  process.loadEnvFile(path);
  return path;
}
