// npm run slack:manifest — writes slack-manifest.json from the command files.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { commands } from "../../../commands/index.js";
import { slackManifest } from "./manifest.js";

const file = join(import.meta.dirname, "..", "..", "..", "slack-manifest.json");
writeFileSync(file, JSON.stringify(slackManifest(commands), null, 2) + "\n");
console.log(`wrote ${file}`);
