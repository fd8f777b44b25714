// postinstall: write both providers' schemas and generate both Prisma clients offline.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { providers, root, schemaPath, writeSchemas, prismaEnv } from "./prisma-shared.mjs";

writeSchemas();
const cli = join(root, "node_modules", "prisma", "build", "index.js");
for (const p of providers) {
  execFileSync(process.execPath, [cli, "generate", "--schema", schemaPath(p)], {
    cwd: root,
    env: prismaEnv(p),
    stdio: ["ignore", "ignore", "inherit"],
  });
}
console.log("prisma clients generated for " + providers.join(" and "));
