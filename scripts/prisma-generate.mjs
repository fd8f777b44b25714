// postinstall: write both providers' schemas and generate both Prisma clients offline.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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

// Each client loads its query compiler from a .wasm file written here, beside Prisma's base64
// module of it: loaded from that module, V8 keeps its 2.5 MB text twice (the module's source
// and the string) for the life of the process. A generated client this does not recognize is
// left as Prisma wrote it.
const runtime = join(root, "node_modules", "@prisma", "client", "runtime");
for (const p of providers) {
  const { wasm } = await import(pathToFileURL(join(runtime, `query_compiler_bg.${p}.wasm-base64.mjs`)).href);
  writeFileSync(join(runtime, `query_compiler_bg.${p}.wasm`), Buffer.from(wasm, "base64"));
  const file = join(root, "src", "generated", p, "internal", "class.ts");
  const generated = readFileSync(file, "utf8");
  const fromBase64 = `    const { wasm } = await import("@prisma/client/runtime/query_compiler_bg.${p}.wasm-base64.mjs")
    return await decodeBase64AsWasm(wasm)`;
  const fromFile = `    // cadre (scripts/prisma-generate.mjs): from the .wasm file, not the base64 module.
    const { readFile } = await import("node:fs/promises")
    const { createRequire } = await import("node:module")
    const { dirname, join } = await import("node:path")
    const runtime = dirname(createRequire(import.meta.url).resolve("@prisma/client/runtime/client"))
    return new WebAssembly.Module(await readFile(join(runtime, "query_compiler_bg.${p}.wasm")))`;
  if (generated.includes(fromBase64)) writeFileSync(file, generated.replace(fromBase64, fromFile));
  else console.warn(`prisma-generate: ${p} client's compiler loading not recognized; left as generated`);
}
console.log("prisma clients generated for " + providers.join(" and "));
