// npm run db:migration -- <name>   add a migration for both providers: the SQL that takes
//                                  the last migrated schema (snapshot) to prisma/models.
// npm run db:migration -- --rebuild  before the first release only: replace every
//                                  migration with one 0001_init made from empty.
// Authored with `prisma migrate diff --script`, which works offline for both providers.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { startEmbeddedPostgres } from "./embedded-pg.mjs";
import { migrationsDir, prismaEnv, providers, root, schemaPath, writeSchemas } from "./prisma-shared.mjs";

const arg = process.argv[2];
if (!arg) {
  console.error("usage: npm run db:migration -- <name>   (or --rebuild before the first release)");
  process.exit(2);
}
const rebuild = arg === "--rebuild";
const name = rebuild ? "init" : arg.replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
const cli = join(root, "node_modules", "prisma", "build", "index.js");

writeSchemas();
// The PostgreSQL schema engine needs a live server even to diff two schema files.
const pg = await startEmbeddedPostgres();
let made = 0;
for (const p of providers) {
  const dir = migrationsDir(p);
  const snapshot = join(dir, "schema.snapshot.prisma");
  if (rebuild) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    process.execPath,
    [cli, "migrate", "diff", ...from, "--to-schema-datamodel", schemaPath(p), "--script"],
    {
      cwd: root,
      env: { ...prismaEnv(p), DATABASE_URL: pg.url() },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  if (!/\b(CREATE|ALTER|DROP)\b/i.test(sql)) {
    console.log(`${p}: no changes`);
    continue;
  }
  const count = readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).length;
  const folder = join(dir, `${String(count + 1).padStart(4, "0")}_${name}`);
  mkdirSync(folder);
  writeFileSync(join(folder, "migration.sql"), sql);
  copyFileSync(schemaPath(p), snapshot);
  console.log(`${p}: wrote ${folder.slice(root.length + 1)}`);
  made++;
}
await pg.stop();
if (!made) console.log("schema and migrations agree; nothing to do");
